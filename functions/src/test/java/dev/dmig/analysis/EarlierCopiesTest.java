package dev.dmig.analysis;

import static dev.dmig.SampleMigration.SOURCE;
import static dev.dmig.SampleMigration.TARGET;
import static dev.dmig.SampleMigration.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.SampleMigration;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What a new run learns from the copies earlier runs made of the same source tables in the same target tables. */
class EarlierCopiesTest {
    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void anotherIdNamespace_isRefusedBeforeAnyWrite_namingTheRunAndWhatDiffers() {
        succeeded("first");
        int writes = app.items.writeCalls().size();
        ObjectNode plan = plan();
        plan.put("idNamespace", "elsewhere");
        assertThatThrownBy(() -> app.analyze(full("second", plan))).isInstanceOf(SecondMappingException.class)
                .hasMessage("run first (full, succeeded) copied the same source tables into the same target tables under IDs"
                        + " derived otherwise: Contacts" + SOURCE + " → Contacts" + TARGET + " (idNamespace \"prod222-NONE\" then,"
                        + " \"elsewhere\" now), Properties" + SOURCE + " → Properties" + TARGET + " (idNamespace \"prod222-NONE\""
                        + " then, \"elsewhere\" now), Requests" + SOURCE + " → Requests" + TARGET + " (idNamespace \"prod222-NONE\""
                        + " then, \"elsewhere\" now); this plan would write each of their items a second time, under new IDs."
                        + " Roll back that run first (dmig rollback --run first --confirm), or, to keep both copies on purpose, add"
                        + " \"alongside\": [\"first\"] to the plan");
        assertThat(app.items.writeCalls()).hasSize(writes);
        RunManifest manifest = app.artifacts.json(RunLayout.manifest("second"), RunManifest.class);
        assertThat(manifest.status()).isEqualTo(RunStatus.REFUSED);
        assertThat(manifest.failure().error()).isEqualTo("SecondMapping");
    }

    @Test
    void aDryRunOfThePlan_warnsOfTheRefusal() {
        succeeded("first");
        ObjectNode plan = plan();
        plan.put("idNamespace", "elsewhere");
        app.analyze(new RunRequest(null, "dry", null, plan, null, null, null, null, null, null, null, null, null));
        assertThat(analysis("dry").warnings()).anySatisfy(w -> assertThat(w).startsWith("a test or full run of this plan is"
                + " refused: run first (full, succeeded) copied the same source tables"));
    }

    @Test
    void modelNamesThatTookTheSuffixesSeparator_nameTheSameTables_andAreRefused() {
        succeeded("first");
        String json = app.planJson().replace("\"" + SOURCE + "\"", "\"" + SOURCE.substring(1) + "\"")
                .replace("\"" + TARGET + "\"", "\"" + TARGET.substring(1) + "\"");
        for (String model : SampleMigration.MODELS) {
            json = json.replace("\"" + model + "\"", "\"" + model + "-\"");
        }
        RunRequest second = full("second", (ObjectNode) Json.tree(json.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> app.analyze(second)).isInstanceOf(SecondMappingException.class)
                .hasMessageContaining("run first (full, succeeded) copied the same source tables into the same target tables"
                        + " under IDs derived otherwise: Contacts" + SOURCE + " → Contacts" + TARGET
                        + " (model \"Contacts\" then, \"Contacts-\" now)")
                .hasMessageNotContaining("AppPreferences");
    }

    @Test
    void alongsideTheEarlierRun_theSecondCopyIsWrittenOnPurpose() {
        succeeded("first");
        ObjectNode plan = plan();
        plan.put("idNamespace", "elsewhere");
        plan.putArray("alongside").add("first");
        // AppPreferences keeps its IDs: the earlier copy's items are at its keys, left as they are.
        plan.put("onConflict", "skip");
        RunState state = app.analyze(full("second", plan));
        assertThat(state.blockingConflicts()).isZero();
        assertThat(state.levels()).isNotEmpty();
    }

    @Test
    void anEarlierCopyDeletedSince_leavesNothingToCopyTwice() {
        succeeded("first");
        for (String model : List.of("Contacts", "Properties", "Requests")) {
            app.expectedTarget(model).forEach(item -> app.items.delete(target(model), Map.of("id", item.get("id"))));
        }
        ObjectNode plan = plan();
        plan.put("idNamespace", "elsewhere");
        assertThat(app.analyze(full("second", plan)).levels()).isNotEmpty();
    }

    @Test
    void aTargetHoldingExactlyWhatThePlanWrites_endsWithNothingToDo_namingTheRunThatWroteIt() {
        succeeded("first");
        int writes = app.items.writeCalls().size();
        RunState again = app.analyze(app.fullRequest("again"));
        assertThat(again.nothingToDo()).isTrue();
        assertThat(again.levels()).isEmpty();
        assertThat(app.items.writeCalls()).hasSize(writes);
        RunManifest manifest = app.artifacts.json(RunLayout.manifest("again"), RunManifest.class);
        assertThat(manifest.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(manifest.verdict()).isEqualTo("the target already holds exactly what this plan writes ("
                + analysis("again").totals().items() + " items in 4 tables), written by run first; nothing to do");
    }

    @Test
    void oneItemChangedSinceTheEarlierRun_isAConflict_notNothingToDo() {
        succeeded("first");
        Map<String, AttributeValue> contact = app.expectedTarget("Contacts").get(0);
        Map<String, AttributeValue> changed = new java.util.HashMap<>(contact);
        changed.put("name", AttributeValue.fromS("changed in production"));
        app.items.put(target("Contacts"), changed);
        RunState again = app.analyze(app.fullRequest("again"));
        assertThat(again.nothingToDo()).isFalse();
        assertThat(again.blockingConflicts()).isEqualTo(analysis("again").totals().items());
        assertThat(app.artifacts.json(RunLayout.manifest("again"), RunManifest.class).failure().cause()).endsWith(
                "(" + (analysis("again").totals().items() - 1) + " identical, 1 with other content);"
                        + " run first wrote these tables under the same IDs");
    }

    /** A full run to its end, as the state machine takes it there. */
    private void succeeded(String runId) {
        app.fullRun(runId);
        app.finalizer().finish(runId, "succeeded", null);
    }

    private Analysis analysis(String runId) {
        return app.artifacts.json(RunLayout.analysis(runId), Analysis.class);
    }

    private ObjectNode plan() {
        return (ObjectNode) app.planNode();
    }

    private static RunRequest full(String runId, JsonNode plan) {
        return new RunRequest("full", runId, null, plan, null, null, null, null, true, null, null, null, null);
    }
}
