package dev.dmig.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.plan.PlanInvalidException;
import dev.dmig.store.InMemoryArtifactStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentTest {
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "prod",
             "tables": {"Contacts": {}}}""";
    private static final Deployment STACK = new Deployment("config/stack-plan.json", "-dev", "-prod", "prod");

    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();

    @Test
    void inputNamingNoPlan_getsTheStacksPlanKey() {
        artifacts.put("config/stack-plan.json", PLAN.getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(STACK.prepare(Map.of("mode", "dry-run"), artifacts))
                .containsEntry("configKey", "config/stack-plan.json")
                .containsEntry("mode", "dry-run");
    }

    @Test
    void inputWithItsOwnPlan_keepsIt() {
        artifacts.put("config/other.json", PLAN.getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(STACK.prepare(Map.of("configKey", "config/other.json"), artifacts))
                .isEqualTo(Map.of("configKey", "config/other.json"));
    }

    @Test
    void planForOtherTables_isRefusedWithOneProblemPerDifference() {
        String other = PLAN.replace("-dev", "-staging").replace("\"idNamespace\": \"prod\"", "\"idNamespace\": \"qa\"");
        Map<String, Object> input = Map.of("mode", "full", "confirm", true, "config", dev.dmig.json.Json.tree(
                other.getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> STACK.prepare(input, artifacts))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessage("2 problems, nothing was written: source.tableSuffix is '-staging' but this stack may read only "
                        + "tables ending '-dev' (stack parameter SourceTableSuffix); idNamespace is 'qa' but this stack was "
                        + "deployed for the namespace 'prod' (stack parameter IdNamespace)");
    }

    @Test
    void missingPlan_isLeftForAnalyzeToReport() {
        assertThat(STACK.prepare(Map.of(), artifacts)).isEqualTo(Map.of("configKey", "config/stack-plan.json"));
    }

    @Test
    void analyzeLoopingOnItsOwnOutput_passesUnchanged() {
        Map<String, Object> state = Map.of("runId", "r1", "mode", "full", "done", false);

        assertThat(STACK.prepare(state, artifacts)).isSameAs(state);
    }

    @Test
    void validateAndRollback_needNoPlan() {
        Map<String, Object> validate = Map.of("mode", "validate", "runId", "r1");
        Map<String, Object> rollback = Map.of("mode", "rollback", "rollbackRunId", "r1");

        assertThat(STACK.prepare(validate, artifacts)).isSameAs(validate);
        assertThat(STACK.prepare(rollback, artifacts)).isSameAs(rollback);
    }

    @Test
    void localRunner_withoutDeployment_acceptsAnyPlan() {
        artifacts.put("config/migration.json", PLAN.replace("-dev", "-qa").getBytes(StandardCharsets.UTF_8), "application/json");

        Map<String, Object> input = Map.of("mode", "dry-run");

        assertThat(Deployment.NONE.prepare(input, artifacts)).isSameAs(input);
    }

    @Test
    void environment_blankValuesAreUnset() {
        Deployment deployment = Deployment.fromEnvironment(Map.of(Deployment.PLAN_KEY, "config/p.json",
                Deployment.SOURCE_SUFFIX, " -dev ", Deployment.TARGET_SUFFIX, "", Deployment.ID_NAMESPACE, "ns"));

        assertThat(deployment).isEqualTo(new Deployment("config/p.json", "-dev", null, "ns"));
    }

    @Test
    void aSideRoleOtherThanTheStacks_orALocalEndpoint_isRefusedBeforeAnythingIsRead() {
        Deployment stack = new Deployment(null, "-dev", "-prod", "prod", "arn:aws:iam::111111111111:role/dmig-source-read", null);
        String crossAccount = PLAN.replace("{\"tableSuffix\": \"-dev\"}",
                "{\"tableSuffix\": \"-dev\", \"roleArn\": \"arn:aws:iam::111111111111:role/dmig-source-read\"}");
        stack.check(dev.dmig.plan.PlanParser.parse(crossAccount));

        String otherRole = crossAccount.replace("dmig-source-read", "admin");
        String endpoint = PLAN.replace("{\"tableSuffix\": \"-prod\"}",
                "{\"tableSuffix\": \"-prod\", \"endpoint\": \"http://127.0.0.1:8000\", "
                        + "\"roleArn\": \"arn:aws:iam::222222222222:role/dmig-target\"}");

        assertThatThrownBy(() -> stack.check(dev.dmig.plan.PlanParser.parse(otherRole)))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("source.roleArn is 'arn:aws:iam::111111111111:role/admin' but this stack may assume only "
                        + "'arn:aws:iam::111111111111:role/dmig-source-read' for the source (redeploy with stack parameter "
                        + "SourceRoleArn=arn:aws:iam::111111111111:role/admin)");
        assertThatThrownBy(() -> stack.check(dev.dmig.plan.PlanParser.parse(endpoint)))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("target.endpoint is for local runs")
                .hasMessageContaining("target.roleArn is 'arn:aws:iam::222222222222:role/dmig-target' but this stack may assume "
                        + "no role for the target (redeploy with stack parameter TargetRoleArn=");
    }

    @Test
    void theStacksRoles_comeFromItsEnvironment() {
        Deployment deployment = Deployment.fromEnvironment(Map.of(Deployment.SOURCE_ROLE_ARN, "arn:aws:iam::111111111111:role/r",
                Deployment.TARGET_ROLE_ARN, " "));
        assertThat(deployment.sourceRoleArn()).isEqualTo("arn:aws:iam::111111111111:role/r");
        assertThat(deployment.targetRoleArn()).isNull();
    }
}
