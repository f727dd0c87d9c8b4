package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
                Map.of("rollbackRunId", "paths-full")));
        assertThat(rollback.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "RollbackRun", "RollbackRunComplete", "FinalizeRollbackRun",
                "CheckRollbackRun", "RolledBackOnRequest");
        assertThat(items.count("Contacts-prod")).isZero();
        assertThat(items.count("Orders-prod")).isZero();
    }

    @Test
    void itemsAlreadyAtTheMappedKeys_underAbort_refuseTheRun() {
        items.put("Contacts-prod", Map.of("id", s(new dev.dmig.ids.IdMapper("paths").newId("Contacts", "c1")), "name", s("theirs")));
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
