package dev.dmig.feature.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.analysis.RunCheck;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.TablePair;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** A masked run's Analyze call: its key before anything is read, its rules against the live tables' keys, its warnings. */
class MaskCheckTest {
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();

    private List<RunCheck> checks(MigrationPlan plan) {
        return checks(plan, "r1");
    }

    private List<RunCheck> checks(MigrationPlan plan, String runId) {
        List<RunCheck> checks = new ArrayList<>();
        MaskCheck.addTo(checks, new RunCheck.Parts(runId, plan, false, artifacts, null, null, null, null, null));
        return checks;
    }

    private static TableInfo table(String name, String hashKey, String rangeKey) {
        return new TableInfo(name, new TableInfo.KeyAttribute(hashKey, ScalarAttributeType.S),
                rangeKey == null ? null : new TableInfo.KeyAttribute(rangeKey, ScalarAttributeType.S), List.of(), 0, 0);
    }

    @Test
    void aRuleOnAKeyAttribute_thatMayMergeTwoRecords_isRefusedBeforeTheScans_namingTheTable() {
        MigrationPlan plan = PlanParser.parse(MaskRewriteTest.PLAN);
        RunCheck check = checks(plan).get(0);
        TableInfo users = table("User-dev-NONE", "id", "tags");
        assertThatThrownBy(() -> check.beforeScans(new RunCheck.Tables(null, Map.of("User", new TablePair("User", users,
                table("User-prod-NONE", "id", "tags"))), List.of())))
                .isInstanceOf(PlanInvalidException.class).hasMessageContaining("table User, attribute tags: is a key attribute of"
                        + " table User-dev-NONE, which names the record, and mask remove leaves it no value, so two records would"
                        + " have one key: mask it as \"email\" or \"username\", whose values stay apart, or remove it from mask");
        TableInfo invites = table("Invite-dev-NONE", "id", "to");
        check.beforeScans(new RunCheck.Tables(null, Map.of("Invite", new TablePair("Invite", invites, invites)), List.of()));
    }

    @Test
    void theKey_isReadBeforeAnythingIsRead_andAPlanWithoutMaskingHasNoCheck() {
        assertThat(checks(PlanParser.parse(MaskRewriteTest.PLAN)).get(0).ready(null, null)).isTrue();
        assertThatThrownBy(() -> checks(PlanParser.parse(MaskRewriteTest.PLAN.replace("DMIG_TEST_MASK_KEY", "DMIG_UNSET_KEY")))
                .get(0).ready(null, null)).isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("mask.keyFrom: DMIG_UNSET_KEY is not set");
        assertThat(checks(PlanParser.parse(dev.dmig.plan.PlanProblems.minimal("{\"User\": {}}")))).isEmpty();
    }

    @Test
    void whatAMaskedRunCopiesUnmasked_isWarned() {
        assertThat(MaskWarnings.of(PlanParser.parse(MaskRewriteTest.PLAN), List.of())).isEmpty();
        MigrationPlan withPools = PlanParser.parse(MaskRewriteTest.PLAN.replace("\"tableSuffix\": \"-dev-NONE\"",
                "\"tableSuffix\": \"-dev-NONE\", \"userPoolId\": \"eu-west-1_Dev\"").replace("\"tableSuffix\": \"-prod-NONE\"",
                "\"tableSuffix\": \"-prod-NONE\", \"userPoolId\": \"eu-west-1_Prod\""));
        assertThat(MaskWarnings.of(withPools, List.of())).as("the pools' users are put in the target's masked").isEmpty();
        // An identity map given as a file: a plan section of the identities feature, where the build has it.
        dev.dmig.TestFeatures.assumeHas("IdentityFeature");
        MigrationPlan withFile = PlanParser.parse(MaskRewriteTest.PLAN.replace("\"mask\": {\"keyFrom\"",
                "\"identities\": {\"csv\": \"users.csv\"}, \"mask\": {\"keyFrom\""));
        assertThat(MaskWarnings.of(withFile, List.of())).containsExactly("masking: the users of users.csv are not masked: records"
                + " name the target pool's users the file pairs them with; name source.userPoolId and target.userPoolId to have"
                + " the source's users put in the target's pool masked");
    }

    /**
     * A run holds to the key it began with: its first call stores the key's fingerprint (never the key), a later call with
     * the same key goes on, and one whose variable holds another key is refused in one line, by its Analyze call and by
     * every process that maps its items (a segment of its copy, validation, a resumed run), before anything is mapped.
     */
    @Test
    void aRun_holdsToTheKeyItBeganWith_andRefusesAnother_inOneLine() {
        MigrationPlan plan = PlanParser.parse(MaskRewriteTest.PLAN);
        assertThat(checks(plan, "begun").get(0).ready(null, null)).isTrue();
        assertThat(artifacts.list("")).as("the fingerprint stored").containsExactly("runs/begun/mask/key.json");
        assertThat(new String(artifacts.get("runs/begun/mask/key.json").orElseThrow(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("DMIG_TEST_MASK_KEY").doesNotContain(System.getenv("DMIG_TEST_MASK_KEY"));
        assertThat(checks(plan, "begun").get(0).ready(null, null)).as("the same key, a later call").isTrue();
        assertThat(new RunKey().of(artifacts, plan, "begun")).isNull();

        MaskKey other = MaskKey.of("DMIG_TEST_MASK_KEY", "another key than the test's");
        RunKey.hold(artifacts, "elsewhere", other);
        String refusal = "mask.keyFrom: DMIG_TEST_MASK_KEY holds another key (fingerprint " + plan.section(MaskSettings.class).key()
                .fingerprint() + ") than the one run elsewhere began with (fingerprint " + other.fingerprint()
                + ", from DMIG_TEST_MASK_KEY): its values would mask unlike those written already; set DMIG_TEST_MASK_KEY to the"
                + " run's key, or roll the run back and start a new one";
        assertThatThrownBy(() -> checks(plan, "elsewhere").get(0).ready(null, null)).isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining(refusal);
        assertThatThrownBy(() -> new RunKey().of(artifacts, plan, "elsewhere")).isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining(refusal);
        assertThat(new RunKey().of(artifacts, plan, "never-analyzed")).as("a run with no key stored has no say").isNull();
    }
}
