package dev.dmig.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.TestFeatures;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A deployed Analyze checks the plan a run opens with, whatever else the execution input carries. */
class AnalyzeHandlerTest {
    private final AnalyzeCalls analyze = new AnalyzeCalls();
    private final SampleMigration app = analyze.app;

    @AfterEach
    void close() {
        analyze.close();
    }

    private Map<String, Object> call(Map<String, Object> input, String executionName) {
        return analyze.call(input, executionName);
    }

    @Test
    void anInputShapedLikeAnalyzesOwnOutput_withAPlanForAnotherHost_isRefusedBeforeAnythingIsWritten() {
        Map<String, Object> plan = Json.toMap(app.planNode());
        plan.put("target", Map.of("tableSuffix", SampleMigration.TARGET, "endpoint", "https://any.host"));
        plan.put("idNamespace", "elsewhere");
        Map<String, Object> forged = new LinkedHashMap<>(Map.of("mode", "full", "confirm", true, "done", false,
                "runId", "forged", "config", plan));

        assertThatThrownBy(() -> call(forged, "forged"))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessage("2 problems, nothing was written: target.endpoint is for local runs (DynamoDB Local standing in"
                        + " for an account): remove it; a deployed stack reaches DynamoDB through target.region and"
                        + " target.roleArn; idNamespace is 'elsewhere' but this stack was deployed for the namespace '"
                        + SampleMigration.NAMESPACE + "' (stack parameter IdNamespace)");
        assertThat(app.artifacts.list(RunLayout.RUNS)).as("no run opened, no plan frozen").isEmpty();
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET)).isEmpty();
    }

    @Test
    void aRunOfASliceAskingToFollowItsSource_isRefusedInOneLine_beforeAnyRunIsOpened() {
        TestFeatures.assumeHas("FollowFeature");
        Map<String, Object> input = Map.of("mode", "full", "confirm", true, "follow", true, "roots", java.util.List.of("Contacts:c1"),
                "runId", "sliced", "config", Json.toMap(app.planNode()));

        assertThatThrownBy(() -> call(input, "sliced"))
                .isInstanceOf(dev.dmig.run.RunInputInvalidException.class)
                .hasMessage("a run of a slice (--root) cannot follow its source: following applies every change of its tables,"
                        + " not only the slice's; migrate the slice without --follow while the application's writes are paused,"
                        + " or follow whole tables (no --root); nothing was written");
        assertThat(app.artifacts.list(RunLayout.RUNS)).as("no run opened").isEmpty();
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET)).isEmpty();
    }

    @Test
    void theStacksOwnPlan_isAnalyzed_andItsLoopingCallsGoOnWithTheFrozenPlan() {
        Map<String, Object> state = call(Map.of("mode", "dry-run", "runId", "d1", "config", Json.toMap(app.planNode())), "d1");
        for (int call = 0; !Boolean.TRUE.equals(state.get("done")) && call < 20; call++) {
            state = call(state, "d1");
        }

        assertThat(state).containsEntry("done", true).containsEntry("runId", "d1");
        assertThat(app.artifacts.get(RunLayout.analysis("d1"))).isPresent();
    }
}
