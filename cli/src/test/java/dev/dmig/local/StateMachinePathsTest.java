package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.rollback.Recovery;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The real statemachine/migration.asl.json with the real handlers, over the in-memory stores, in the
 * fast tier: every way a run can go, asserted as the whole path of top-level states it takes.
 */
class StateMachinePathsTest {
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "paths",
             "onConflict": "abort",
             "tables": {"Contacts": {}, "Orders": {"references": {"contactId": "Contacts"}}}}""";

    private final InMemoryItemStore items = new InMemoryItemStore();
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore("paths");
    private final Services services = new Services(items, artifacts, Settings.defaults("paths"), FaultInjector.NONE);
    private final LocalRunner runner = new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 4, List.of());

    @AfterEach
    void close() {
        services.close();
    }

    StateMachinePathsTest() {
        for (String suffix : List.of("-dev", "-prod")) {
            items.createTable("Contacts" + suffix, "id", ScalarAttributeType.S);
            items.createTable("Orders" + suffix, "id", ScalarAttributeType.S);
        }
        for (int i = 0; i < 20; i++) {
            items.put("Contacts-dev", Map.of("id", s("c" + i), "name", s("contact " + i)));
            items.put("Orders-dev", Map.of("id", s("o" + i), "contactId", s("c" + (i % 20))));
        }
    }

    @Test
    void aDryRun_analyzesAndReports() {
        Execution execution = run("dry-run", "paths-dry", Map.of());
        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "FinalizeDryRun",
                "DryRunComplete");
        assertThat(items.count("Contacts-prod")).isZero();
    }

    @Test
    void aFullRunWithoutConfirmation_isRefusedBeforeWriting() {
        Execution execution = run("full", "paths-unconfirmed", Map.of());
        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "ConfirmationRequired");
        assertThat(items.count("Orders-prod")).isZero();
    }

    @Test
    void aFullRun_migratesLevelByLevel_validates_andFinalizes() {
        Execution execution = run("full", "paths-full", Map.of("confirm", true));
        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "FinalizeComplete", "ExportIdMaps", "IdMapsExported", "Succeeded");
        assertThat(items.count("Contacts-prod")).isEqualTo(20);
        assertThat(items.count("Orders-prod")).isEqualTo(20);

        Execution validate = runner.run("paths-full-validate", "paths-full", input("validate", "paths-full", Map.of()));
        assertThat(validate.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "ValidateRun", "ValidateRunComplete", "ValidationPassed");
        Execution rollback = runner.run("paths-full-rollback", "paths-full", input("rollback", "paths-full",
                Map.of("rollbackRunId", "paths-full", "confirm", true)));
        assertThat(rollback.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "RollbackRun", "RollbackRunComplete", "FinalizeRollbackRun",
                "CheckRollbackRun", "RolledBackOnRequest");
        assertThat(items.count("Contacts-prod")).isZero();
        assertThat(items.count("Orders-prod")).isZero();
    }

    @Test
    void aFullRunIntoEmptyTargets_validatesEachTableOnceItsCopyIsDone_andTheVerdictAfterwards() {
        Execution execution = run("full", "paths-beside", Map.of("confirm", true));
        assertThat(execution.succeeded()).isTrue();
        assertThat(execution.visitedStateNames()).contains("TableCopied", "ValidateTable", "TableValidated", "TableWritten")
                .as("no table waits for another").doesNotContain("AwaitParents");
        assertThat(execution.path()).containsSubsequence("MigrateLevels", "Validate", "ValidationComplete", "Finalize");
        assertThat(artifacts.get(RunLayout.validationPart("paths-beside", "paths-beside", "Orders", 0)
                .replace(".json", ".done.json"))).as("Orders checked beside the copy, under the run's execution").isPresent();
    }

    @Test
    void aRollbackOfARunThatSucceeded_withoutConfirmation_isRefused_andChangesNothing() {
        run("full", "paths-kept", Map.of("confirm", true));
        RunManifest succeeded = manifest("paths-kept");
        assertThat(succeeded.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(new RunLock(artifacts).holder("-prod")).isEmpty();

        Execution refused = runner.run("paths-kept-rollback", "paths-kept", input("rollback", "paths-kept",
                Map.of("rollbackRunId", "paths-kept")));

        assertThat(refused.path()).containsExactly("Analyze", "RollbackConfirmationRequired");
        assertThat(refused.error()).isEqualTo("ConfirmationRequired");
        assertThat(Json.tree(refused.cause().getBytes(StandardCharsets.UTF_8)).path("errorMessage").asText()).isEqualTo(
                "run paths-kept succeeded: rolling it back deletes the items it created in the target tables (*-prod) and puts"
                        + " back those it overwrote; start the rollback again with \"confirm\": true (nothing was written)");
        assertThat(manifest("paths-kept")).as("the run, as it was").isEqualTo(succeeded);
        assertThat(new RunLock(artifacts).holder("-prod")).as("the target's lock, free as it was").isEmpty();
        assertThat(items.count("Contacts-prod")).isEqualTo(20);
        assertThat(items.count("Orders-prod")).isEqualTo(20);
        assertThat(artifacts.get(RunLayout.rollback("paths-kept"))).isEmpty();
        assertThat(recoveryRollbacks("paths-kept")).as("recovery starts no rollback of its own").isEmpty();
    }

    @Test
    void aRollbackOfARunWhoseRollbackFailed_needsNoConfirmation() {
        AtomicBoolean writeFails = new AtomicBoolean(true);
        AtomicBoolean rollbackFails = new AtomicBoolean(true);
        ForwardingArtifactStore failing = new ForwardingArtifactStore(artifacts) {
            @Override
            public void put(String key, byte[] body, String contentType) {
                if (key.startsWith(RunLayout.prefix("paths-failed") + "rollback/") && rollbackFails.compareAndSet(true, false)) {
                    throw new IllegalStateException("injected: " + key + " could not be written");
                }
                super.put(key, body, contentType);
            }
        };
        FaultInjector crash = (runId, model, segment, written) -> {
            if (writeFails.compareAndSet(true, false)) {
                throw new IllegalStateException("injected: the run crashed writing " + model);
            }
        };
        try (Services failingServices = new Services(items, failing, Settings.defaults("paths"), crash)) {
            LocalRunner failingRunner = new LocalRunner(failingServices, LocalRunner.bundledDefinition(), Map.of(), 4, List.of())
                    .recovering(false);
            Execution failed = failingRunner.run("paths-failed", "paths-failed", input("full", "paths-failed",
                    Map.of("confirm", true)));
            assertThat(failed.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                    "CheckConflicts", "MigrateLevels", "Rollback", "RollbackFailed");
        }
        assertThat(manifest("paths-failed").status()).isEqualTo(RunStatus.ROLLING_BACK);

        Execution rollback = runner.run("paths-failed-rollback", "paths-failed", input("rollback", "paths-failed",
                Map.of("rollbackRunId", "paths-failed")));

        assertThat(rollback.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "RollbackRun",
                "RollbackRunComplete", "FinalizeRollbackRun", "CheckRollbackRun", "RolledBackOnRequest");
        assertThat(manifest("paths-failed").status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(items.count("Contacts-prod")).isZero();
        assertThat(items.count("Orders-prod")).isZero();
    }

    @Test
    void aFailureInValidate_afterItMarkedTheRunValidated_finishesTheRun_neverRollsItBack() {
        AtomicBoolean crashed = new AtomicBoolean();
        ForwardingArtifactStore crashing = new ForwardingArtifactStore(artifacts) {
            @Override
            public void put(String key, byte[] body, String contentType) {
                super.put(key, body, contentType);
                // Validate's last write marks the run validated; the function fails right after it.
                if (key.equals(RunLayout.manifest("paths-crash")) && "validated".equals(Json.tree(body).path("status").asText())
                        && crashed.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected: Validate failed after its last write");
                }
            }
        };
        try (Services crashingServices = new Services(items, crashing, Settings.defaults("paths"), FaultInjector.NONE)) {
            LocalRunner crashingRunner = new LocalRunner(crashingServices, LocalRunner.bundledDefinition(), Map.of(), 4, List.of());

            Execution execution = crashingRunner.run("paths-crash", "paths-crash", input("full", "paths-crash",
                    Map.of("confirm", true)));

            assertThat(crashed).isTrue();
            assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                    "CheckConflicts", "MigrateLevels", "Validate", "Rollback", "RollbackComplete", "Finalize", "FinalizeComplete",
                    "ExportIdMaps", "IdMapsExported", "Succeeded");
        }
        assertThat(manifest("paths-crash").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(items.count("Contacts-prod")).isEqualTo(20);
        assertThat(items.count("Orders-prod")).isEqualTo(20);
        assertThat(artifacts.get(RunLayout.rollback("paths-crash"))).as("nothing rolled back").isEmpty();
        assertThat(new RunLock(artifacts).holder("-prod")).as("the target, released").isEmpty();
    }

    @Test
    void aFailureInFinalize_afterValidationPassed_isFinishedByRecovery_neverRolledBack() {
        Execution execution = runFailingFinalize("paths-final", true);

        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "ReportFailed");
        assertThat(manifest("paths-final").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(new Recovery(artifacts).record("paths-final").orElseThrow().action()).isEqualTo("finished");
        assertThat(recoveryRollbacks("paths-final")).isEmpty();
        assertThat(items.count("Contacts-prod")).isEqualTo(20);
        assertThat(items.count("Orders-prod")).isEqualTo(20);
    }

    @Test
    void aRefusedRollbackRequest_ofARunLeftValidated_startsNoRecoveryRollback() {
        runFailingFinalize("paths-left", false);
        RunManifest validated = manifest("paths-left");
        assertThat(validated.status()).isEqualTo(RunStatus.VALIDATED);

        // A person's rollback without confirmation, before recovery finished the run: refused; the recovery path, which
        // this runner takes after every failed execution, acts on that ending and leaves the run alone.
        Execution refused = runner.run("paths-left-rollback", "paths-left", input("rollback", "paths-left",
                Map.of("rollbackRunId", "paths-left")));

        assertThat(refused.path()).containsExactly("Analyze", "RollbackConfirmationRequired");
        assertThat(manifest("paths-left")).isEqualTo(validated);
        assertThat(recoveryRollbacks("paths-left")).isEmpty();
        assertThat(new Recovery(artifacts).record("paths-left")).isEmpty();
        assertThat(items.count("Contacts-prod")).isEqualTo(20);
        assertThat(items.count("Orders-prod")).isEqualTo(20);
    }

    @Test
    void aResumeOfARunLeftValidated_finishesIt_evenWhenTheApplicationHasChangedTheTargetSince() {
        runFailingFinalize("paths-resumed", false);
        assertThat(manifest("paths-resumed").status()).isEqualTo(RunStatus.VALIDATED);
        // The application, live on the migrated data, edits a record: validating again would find it differs.
        String contact = new dev.dmig.idmapping.IdMapper("paths").newId("Contacts", "c1");
        Map<String, AttributeValue> edited = Map.of("id", s(contact), "name", s("renamed in the app"));
        items.put("Contacts-prod", edited);
        ObjectNode resume = Json.MAPPER.createObjectNode().put("mode", "full").put("runId", "paths-resumed").put("resume", true);

        Execution resumed = runner.run("paths-resumed-resume", "paths-resumed", resume);

        assertThat(resumed.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "FinalizeComplete",
                "ExportIdMaps", "IdMapsExported", "Succeeded");
        assertThat(manifest("paths-resumed").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(items.count("Contacts-prod")).isEqualTo(20);
        assertThat(items.count("Orders-prod")).isEqualTo(20);
        assertThat(items.item("Contacts-prod", Map.of("id", s(contact)))).as("the application's edit, kept").contains(edited);
    }

    /**
     * A confirmed full run whose Finalize fails at its first read of a checkpoint, the run validated by then; the
     * recovery path follows the failed execution when {@code recovering}.
     */
    private Execution runFailingFinalize(String runId, boolean recovering) {
        AtomicBoolean validated = new AtomicBoolean();
        AtomicBoolean failed = new AtomicBoolean();
        ForwardingArtifactStore failing = new ForwardingArtifactStore(artifacts) {
            @Override
            public void put(String key, byte[] body, String contentType) {
                super.put(key, body, contentType);
                validated.compareAndSet(false, key.equals(RunLayout.manifest(runId))
                        && "validated".equals(Json.tree(body).path("status").asText()));
            }

            @Override
            public Optional<byte[]> get(String key) {
                if (validated.get() && key.startsWith(RunLayout.checkpoints(runId)) && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected: reading " + key + " failed");
                }
                return super.get(key);
            }
        };
        try (Services failingServices = new Services(items, failing, Settings.defaults("paths"), FaultInjector.NONE)) {
            return new LocalRunner(failingServices, LocalRunner.bundledDefinition(), Map.of(), 4, List.of()).recovering(recovering)
                    .run(runId, runId, input("full", runId, Map.of("confirm", true)));
        }
    }

    private RunManifest manifest(String runId) {
        return artifacts.json(RunLayout.manifest(runId), RunManifest.class);
    }

    /** The rollback executions the recovery path started for the run. */
    private List<String> recoveryRollbacks(String runId) {
        return new Recovery(artifacts).record(runId).map(Recovery.Record::executions).orElse(List.of());
    }

    @Test
    void itemsAlreadyAtTheMappedKeys_underAbort_refuseTheRun() {
        items.put("Contacts-prod", Map.of("id", s(new dev.dmig.idmapping.IdMapper("paths").newId("Contacts", "c1")), "name", s("theirs")));
        Execution execution = run("full", "paths-conflict", Map.of("confirm", true));
        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "ConflictsFound");
    }

    @Test
    void aTargetHoldingExactlyWhatTheRunWouldWrite_endsWithNothingToDo() {
        run("full", "paths-first", Map.of("confirm", true));
        Execution again = run("full", "paths-again", Map.of("confirm", true));
        assertThat(again.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "NothingToDo");
    }

    @Test
    void aSecondCopyUnderOtherIds_isRefusedAtAnalysis() {
        run("full", "paths-first", Map.of("confirm", true));
        ObjectNode input = input("full", "paths-other", Map.of("confirm", true));
        ((ObjectNode) input.get("config")).put("idNamespace", "elsewhere");
        Execution execution = runner.run("paths-other", "paths-other", input);
        assertThat(execution.path()).containsExactly("Analyze", "SecondMapping");
        assertThat(items.count("Contacts-prod")).isEqualTo(20);
    }

    @Test
    void aTestRun_migratesOneRecordWithItsParents() {
        Execution execution = run("test", "paths-test", Map.of("table", "Orders", "limit", 1, "withParents", true));
        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "TestRecords", "CheckTest",
                "FinalizeTest", "ExportIdMaps", "IdMapsExported", "TestPassed");
        assertThat(items.count("Orders-prod")).isEqualTo(1);
        assertThat(items.count("Contacts-prod")).isEqualTo(1);
    }

    @Test
    void aPlanNamingAMissingTable_isInvalid_andNothingIsWritten() {
        ObjectNode input = input("full", "paths-invalid", Map.of("confirm", true));
        ((ObjectNode) input.get("config").get("tables")).putObject("Ghost");
        Execution execution = runner.run("paths-invalid", "paths-invalid", input);
        assertThat(execution.path()).containsExactly("Analyze", "PlanInvalid");
        assertThat(items.count("Contacts-prod")).isZero();
    }

    private Execution run(String mode, String runId, Map<String, Object> extra) {
        return runner.run(runId, runId, input(mode, runId, extra));
    }

    private static ObjectNode input(String mode, String runId, Map<String, Object> extra) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", mode);
        input.put("runId", runId);
        if (!mode.equals("validate") && !mode.equals("rollback")) {
            input.set("config", Json.tree(PLAN.getBytes(StandardCharsets.UTF_8)));
            input.put("backup", false);
        }
        extra.forEach((name, value) -> input.set(name, Json.MAPPER.valueToTree(value)));
        return input;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
