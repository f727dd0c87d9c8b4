package dev.dmig.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.analysis.DependencyLevels;
import dev.dmig.identity.IdentityCsv;
import dev.dmig.identity.IdentityMap;
import dev.dmig.json.Json;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SamplePlan;
import dev.dmig.sample.SampleSchema;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole app's data set as {@code --dataset app} builds it, before any store: its shape (tables in levels, a
 * composite key, users, files) and the plan that names both user pools beside the identity map of its Storage keys.
 */
class AppDatasetTest {
    private static final AppPools POOLS = new AppPools(URI.create("http://127.0.0.1:9229"), "local_dev1", "local_prod1", Dataset.APP_USERS);
    private static final Dataset APP = Dataset.app(20_000, "t", POOLS);

    @Test
    void app_isTheSampleAppWithItsUsersAndFiles_inFiveLevels() {
        MigrationPlan plan = PlanParser.parse(Json.MAPPER.valueToTree(APP.plan(null, null)).toString());
        assertThat(APP.counts).hasSizeGreaterThanOrEqualTo(8).containsEntry("UserProfiles", Dataset.APP_USERS);
        assertThat(APP.items()).isBetween(19_000L, 22_000L);
        assertThat(DependencyLevels.of(plan)).hasSize(5);
        assertThat(APP.counts.keySet()).anyMatch(model -> SampleSchema.table(model).createTableRequest("").keySchema().size() == 2);
        assertThat(Dataset.appUsers(20_000)).hasSize(Dataset.APP_USERS).doesNotHaveDuplicates();
        // An avatar per user and a cover per project up to APP_COVERS: about a thousand objects at this size.
        assertThat(APP.storage.covers()).isEqualTo(Dataset.APP_COVERS);
        assertThat(APP.counts.get("Projects")).isGreaterThanOrEqualTo(Dataset.APP_COVERS);
        assertThat(plan.copiesFiles()).isTrue();
    }

    @Test
    void plan_namesBothPoolsAtCognitoLocal_pairedByEmail_withTheMapOfIdentityIdsBeside() {
        ObjectNode plan = APP.plan(null, null);
        assertThat(plan.at("/source/userPoolId").asText()).isEqualTo("local_dev1");
        assertThat(plan.at("/target/userPoolId").asText()).isEqualTo("local_prod1");
        assertThat(plan.at("/source/userPoolEndpoint").asText()).isEqualTo("http://127.0.0.1:9229");
        assertThat(plan.at("/target/userPoolEndpoint").asText()).isEqualTo("http://127.0.0.1:9229");
        assertThat(plan.at("/identities/matchBy").asText()).isEqualTo("email");
        assertThat(plan.at("/identities/csv").asText()).isEqualTo(SamplePlan.IDENTITIES_FILE);
        IdentityMap map = IdentityCsv.parse(SamplePlan.IDENTITIES_FILE, APP.identities());
        List<SampleData.User> users = Dataset.appUsers(20_000);
        assertThat(map.size()).isEqualTo(Dataset.APP_USERS);
        assertThat(map.map(IdentityKind.SUB, users.get(399).devSub())).isEqualTo(users.get(399).prodSub());
    }

    @Test
    void theOtherKinds_nameNoPool() {
        ObjectNode plan = Dataset.of(Dataset.Kind.SAMPLE, 2_000, "t", true).plan(null, null);
        assertThat(plan.at("/source/userPoolId").isMissingNode()).isTrue();
        assertThat(plan.at("/identities/matchBy").isMissingNode()).isTrue();
    }

    /** What the pools and the files cost the analysis is read off plans that differ by them alone. */
    @Test
    void analysisPlans_leaveOutThePools_theFiles_andBoth_andNothingElse() {
        ObjectNode whole = APP.plan(null, null);
        var plans = AppRun.analysisPlans(whole);
        assertThat(plans).containsOnlyKeys("whole plan", "without the pools", "without the files", "without either");
        assertThat(plans.get("whole plan")).isEqualTo(whole);
        MigrationPlan noPools = PlanParser.parse(plans.get("without the pools").toString());
        MigrationPlan noFiles = PlanParser.parse(plans.get("without the files").toString());
        MigrationPlan neither = PlanParser.parse(plans.get("without either").toString());
        assertThat(plans.get("without the pools").at("/source/userPoolId").isMissingNode()).isTrue();
        assertThat(plans.get("without the pools").at("/target/userPoolEndpoint").isMissingNode()).isTrue();
        assertThat(noPools.copiesFiles()).isTrue();
        assertThat(noPools.identities().csv()).isEqualTo(SamplePlan.IDENTITIES_FILE);
        assertThat(noFiles.copiesFiles()).isFalse();
        assertThat(plans.get("without the files").at("/source/userPoolId").asText()).isEqualTo("local_dev1");
        assertThat(neither.copiesFiles()).isFalse();
        assertThat(plans.get("without either").at("/target/userPoolId").isMissingNode()).isTrue();
        assertThat(noPools.migratedModels()).isEqualTo(neither.migratedModels()).isEqualTo(noFiles.migratedModels());
        // The whole plan is left as it was.
        assertThat(whole.at("/source/userPoolId").asText()).isEqualTo("local_dev1");
        assertThat(whole.at("/source/storageBucket").isMissingNode()).isFalse();
    }
}
