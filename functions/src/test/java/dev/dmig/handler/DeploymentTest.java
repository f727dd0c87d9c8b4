package dev.dmig.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.TestFeatures;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentTest {
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "prod",
             "tables": {"Contacts": {}}}""";
    private static final Deployment STACK = new Deployment("config/stack-plan.json", "-dev", "-prod", "prod");

    @Test
    void inputNamingNoPlan_getsTheStacksPlanKey() {
        assertThat(STACK.prepare(Map.of("mode", "dry-run")))
                .containsEntry("configKey", "config/stack-plan.json")
                .containsEntry("mode", "dry-run");
    }

    @Test
    void inputWithItsOwnPlan_keepsIt() {
        assertThat(STACK.prepare(Map.of("configKey", "config/other.json")))
                .isEqualTo(Map.of("configKey", "config/other.json"));
    }

    @Test
    void planForOtherTables_isRefusedWithOneProblemPerDifference() {
        String other = PLAN.replace("-dev", "-staging").replace("\"idNamespace\": \"prod\"", "\"idNamespace\": \"qa\"");

        assertThatThrownBy(() -> STACK.check(PlanParser.parse(other)))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessage("2 problems, nothing was written: source.tableSuffix is '-staging' but this stack may read only "
                        + "tables ending '-dev' (stack parameter SourceTableSuffix); idNamespace is 'qa' but this stack was "
                        + "deployed for the namespace 'prod' (stack parameter IdNamespace)");
    }

    @Test
    void missingPlan_isLeftForAnalyzeToReport() {
        assertThat(STACK.prepare(Map.of())).isEqualTo(Map.of("configKey", "config/stack-plan.json"));
    }

    @Test
    void validateAndRollback_needNoPlan() {
        Map<String, Object> validate = Map.of("mode", "validate", "runId", "r1");
        Map<String, Object> rollback = Map.of("mode", "rollback", "rollbackRunId", "r1");

        assertThat(STACK.prepare(validate)).isSameAs(validate);
        assertThat(STACK.prepare(rollback)).isSameAs(rollback);
    }

    @Test
    void localRunner_withoutDeployment_acceptsAnyPlan() {
        Map<String, Object> input = Map.of("mode", "dry-run");

        assertThat(Deployment.NONE.prepare(input)).isSameAs(input);
        Deployment.NONE.check(PlanParser.parse(PLAN.replace("-dev", "-qa")));
    }

    @Test
    void localRunner_acceptsEndpointsAndRoles_aStackRefusesThem() {
        String local = PLAN.replace("{\"tableSuffix\": \"-dev\"}", "{\"tableSuffix\": \"-dev\", \"endpoint\": \"http://127.0.0.1:8000\","
                + " \"region\": \"eu-west-1\", \"roleArn\": \"arn:aws:iam::111111111111:role/dmig-source-read\"}");

        Deployment.NONE.check(PlanParser.parse(local));
        assertThatThrownBy(() -> STACK.check(PlanParser.parse(local)))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("source.endpoint is for local runs")
                .hasMessageContaining("source.roleArn is 'arn:aws:iam::111111111111:role/dmig-source-read' but this stack may assume no role");
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
        stack.check(PlanParser.parse(crossAccount));

        String otherRole = crossAccount.replace("dmig-source-read", "admin");
        String endpoint = PLAN.replace("{\"tableSuffix\": \"-prod\"}",
                "{\"tableSuffix\": \"-prod\", \"endpoint\": \"http://127.0.0.1:8000\", "
                        + "\"roleArn\": \"arn:aws:iam::222222222222:role/dmig-target\"}");

        assertThatThrownBy(() -> stack.check(PlanParser.parse(otherRole)))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("source.roleArn is 'arn:aws:iam::111111111111:role/admin' but this stack may assume only "
                        + "'arn:aws:iam::111111111111:role/dmig-source-read' for the source (redeploy with stack parameter "
                        + "SourceRoleArn=arn:aws:iam::111111111111:role/admin)");
        assertThatThrownBy(() -> stack.check(PlanParser.parse(endpoint)))
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

    @Test
    void aUserPoolOtherThanTheStacks_orAtAnEndpoint_isRefused_theStacksPass() {
        // The pools a plan's identities read: where the build has the identities feature, which reads them.
        TestFeatures.assumeHas("IdentityFeature");
        Deployment stack = Deployment.fromEnvironment(Map.of(Deployment.SOURCE_SUFFIX, "-dev", Deployment.TARGET_SUFFIX, "-prod",
                Deployment.SOURCE_USER_POOL_ID, "eu-west-1_Dev", Deployment.TARGET_USER_POOL_ID, "eu-west-1_Prod"));
        String pools = PLAN.replace("{\"tableSuffix\": \"-dev\"}", "{\"tableSuffix\": \"-dev\", \"userPoolId\": \"eu-west-1_Dev\"}")
                .replace("{\"tableSuffix\": \"-prod\"}", "{\"tableSuffix\": \"-prod\", \"userPoolId\": \"eu-west-1_Prod\"}");
        stack.check(PlanParser.parse(pools));
        Deployment.NONE.check(PlanParser.parse(pools.replace("eu-west-1_Prod\"", "local_x\", \"userPoolEndpoint\": \"http://127.0.0.1:9229\"")));

        assertThatThrownBy(() -> stack.check(PlanParser.parse(pools.replace("eu-west-1_Prod\"",
                "eu-west-1_Other\", \"userPoolEndpoint\": \"http://127.0.0.1:9229\""))))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessage("2 problems, nothing was written: target.userPoolEndpoint is for local runs (cognito-local standing in "
                        + "for a user pool): remove it; a deployed stack reads the pool in its region through target.roleArn or its "
                        + "own role; target.userPoolId is 'eu-west-1_Other' but this stack may read only the user pool "
                        + "'eu-west-1_Prod' for the target (redeploy with stack parameter TargetUserPoolId=eu-west-1_Other)");
        assertThatThrownBy(() -> new Deployment(null, "-dev", "-prod", "prod").check(PlanParser.parse(pools)))
                .hasMessageContaining("source.userPoolId is 'eu-west-1_Dev' but this stack may read no user pool for the source "
                        + "(redeploy with stack parameter SourceUserPoolId=eu-west-1_Dev)");
    }
}
