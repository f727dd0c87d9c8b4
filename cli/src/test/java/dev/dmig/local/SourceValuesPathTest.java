package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.validate.SourceValueFinding;
import dev.dmig.validate.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The real statemachine/migration.asl.json with the real handlers, over the in-memory stores: a plan that copies an
 * attribute of the source's users' subs and one of the source's record IDs as they are passes the comparison with the
 * transformed source, and is caught by the look for the source's values: validation fails, naming both, and the run is
 * rolled back; with both in the table's {@code keepSourceValues}, the same run succeeds.
 */
class SourceValuesPathTest {
    private static final String[] SUBS = {"0b4f2d4e-6c1a-4f0e-9d5a-1b2c3d4e5f60", "1c5e3f5a-7d2b-4a1f-8e6b-2c3d4e5f6a71"};
    private static final String USERS = """
            source_sub,target_sub
            0b4f2d4e-6c1a-4f0e-9d5a-1b2c3d4e5f60,9a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d
            1c5e3f5a-7d2b-4a1f-8e6b-2c3d4e5f6a71,8b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e
            """;
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "sources",
             "onConflict": "abort", "identities": {"csv": "users.csv"},
             "tables": {"Projects": {"references": {"owner": "@owner"}},
                        "Tasks": {"references": {"projectId": "Projects", "owner": "@owner"}%s}}}""";

    private final InMemoryItemStore items = new InMemoryItemStore();
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore("sources");
    private final Services services = new Services(items, artifacts, Settings.defaults("sources"), FaultInjector.NONE);
    private final LocalRunner runner = new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 4, List.of());

    SourceValuesPathTest() {
        for (String suffix : List.of("-dev", "-prod")) {
            items.createTable("Projects" + suffix, "id", ScalarAttributeType.S);
            items.createTable("Tasks" + suffix, "id", ScalarAttributeType.S);
        }
        for (int i = 0; i < 4; i++) {
            items.put("Projects-dev", Map.of("id", s("project-0000-000" + i), "owner", s(SUBS[i % 2])));
        }
        for (int i = 0; i < 10; i++) {
            items.put("Tasks-dev", Map.of("id", s("task-0000-00" + i), "projectId", s("project-0000-000" + (i % 4)),
                    "owner", s(SUBS[0]), "assignee", s(SUBS[i % 2]), "legacyProjectId", s("project-0000-000" + (i % 3))));
        }
        artifacts.put("config/users.csv", USERS.getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    /** The plan maps owners by the identities feature's map: a build without that feature refuses it. */
    @BeforeEach
    void identitiesAreListed() {
        dev.dmig.TestFeatures.assumeHas("IdentityFeature");
    }

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void aPlanThatLeavesSourceSubsAndIds_failsValidation_namingBothAttributes_andIsRolledBack() {
        Execution execution = run("sources-missed", "");

        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation", "CheckConflicts",
                "MigrateLevels", "Validate", "ValidationComplete", "RecordValidationFailure", "Rollback", "RollbackComplete",
                "FinalizeRolledBack", "CheckRollback", "RolledBack");
        assertThat(execution.error()).isEqualTo("ValidationFailed");
        ValidationReport report = artifacts.json(RunLayout.validation("sources-missed"), ValidationReport.class);
        assertThat(report.failures()).hasSize(2);
        assertThat(report.failures().get(0)).startsWith("table Tasks, attribute assignee: 10 values are source users' subs; the plan"
                + " does not map this attribute (first: item id=");
        assertThat(report.failures().get(1)).startsWith("table Tasks, attribute legacyProjectId: 10 values are source IDs of"
                + " Projects; the plan does not map this attribute (first: item id=");
        assertThat(items.count("Tasks-prod")).as("rolled back").isZero();
        assertThat(items.count("Projects-prod")).isZero();
        assertThat(manifest("sources-missed").status()).isEqualTo(RunStatus.ROLLED_BACK);
    }

    @Test
    void withBothAttributesKeptAsTheyAre_theSameRunSucceeds() {
        Execution execution = run("sources-kept", ", \"keepSourceValues\": [\"assignee\", \"legacyProjectId\"]");

        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation", "CheckConflicts",
                "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "FinalizeComplete", "ExportIdMaps", "IdMapsExported",
                "Succeeded");
        ValidationReport report = artifacts.json(RunLayout.validation("sources-kept"), ValidationReport.class);
        assertThat(report.failures()).isEmpty();
        assertThat(report.tables().stream().filter(t -> t.model().equals("Tasks")).findFirst().orElseThrow().sourceValues())
                .extracting(SourceValueFinding::path, SourceValueFinding::values, SourceValueFinding::keptBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("assignee", 10L, "keepSourceValues"),
                        org.assertj.core.groups.Tuple.tuple("legacyProjectId", 10L, "keepSourceValues"));
        assertThat(items.count("Tasks-prod")).isEqualTo(10);
    }

    private Execution run(String runId, String tasksExtra) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", "full");
        input.put("runId", runId);
        input.set("config", Json.tree(PLAN.formatted(tasksExtra).getBytes(StandardCharsets.UTF_8)));
        input.put("identitiesKey", "config/users.csv");
        input.put("backup", false);
        input.put("confirm", true);
        return runner.run(runId, runId, input);
    }

    private RunManifest manifest(String runId) {
        return artifacts.json(RunLayout.manifest(runId), RunManifest.class);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
