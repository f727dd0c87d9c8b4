package dev.dmig.feature.mask;

import static dev.dmig.plan.PlanProblems.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table's masking as the run maps its items (the key from the variable the plan names, which the test JVM's environment
 * holds): one value masked alike in every table and path, lists, sets and maps walked, references and unmasked
 * attributes left to the core, a value of the wrong shape an item problem, a missing key a one-line refusal.
 */
class MaskRewriteTest {
    static final String PLAN = minimal("{\"User\": {\"references\": {\"orgId\": \"Org\"}, \"mask\": {\"email\": \"email\","
            + " \"profile.phone\": \"phone\", \"aliases[]\": \"givenName\", \"tags\": \"remove\"}},"
            + " \"Invite\": {\"mask\": {\"to\": \"email\", \"cc[]\": \"email\"}}, \"Org\": {}}")
            .replace("\"tables\"", "\"mask\": {\"keyFrom\": \"DMIG_TEST_MASK_KEY\"}, \"tables\"");

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    @Test
    void oneEmail_masksAlikeInEveryTableAndPath_andTheRestIsTheCores() {
        ItemTransformer transformer = new ItemTransformer(PlanParser.parse(PLAN));
        Map<String, AttributeValue> user = transformer.transform("User", Map.of("id", s("u1"), "orgId", s("o1"),
                "email", s("ann@corp.com"), "profile", AttributeValue.fromM(Map.of("phone", s("+15551234567"), "city", s("Oslo"))),
                "aliases", AttributeValue.fromL(List.of(s("Annie"), AttributeValue.fromNul(true))), "tags", s("vip"),
                "plan", s("gold")));
        Map<String, AttributeValue> invite = transformer.transform("Invite", Map.of("id", s("i1"), "to", s("ann@corp.com"),
                "cc", AttributeValue.fromSs(List.of("bob@corp.com", "ann@corp.com"))));

        assertThat(user.get("email").s()).endsWith("@example.invalid");
        assertThat(invite.get("to")).isEqualTo(user.get("email"));
        assertThat(invite.get("cc").ss()).hasSize(2).contains(user.get("email").s()).noneMatch(cc -> cc.endsWith("corp.com"));
        assertThat(user.get("profile").m().get("phone").s()).matches("\\+1[2-9][0-9]{2}55501[0-9]{2}");
        assertThat(user.get("profile").m().get("city")).isEqualTo(s("Oslo"));
        assertThat(user.get("aliases").l().get(0).s()).isNotEqualTo("Annie");
        assertThat(user.get("aliases").l().get(1).nul()).isTrue();
        assertThat(user).doesNotContainKey("tags").containsEntry("plan", s("gold"));
        assertThat(user.get("orgId")).isEqualTo(s(transformer.newId("Org", "o1")));
        assertThat(transformer.claims("User")).contains("email", "profile", "aliases", "tags").doesNotContain("plan");
    }

    @Test
    void aValueOfTheWrongShape_isAProblemOfItsItem_namingTableAttributeAndKey() {
        ItemTransformer transformer = new ItemTransformer(PlanParser.parse(PLAN));
        assertThatThrownBy(() -> transformer.transform("User", Map.of("id", s("u7"), "email", AttributeValue.fromN("5"))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table User, item id=u7, attribute email: expected a string to mask as email, found a number (N)");
        assertThatThrownBy(() -> transformer.transform("User", Map.of("id", s("u8"), "profile", s("+1 555"))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table User, item id=u8, attribute profile.phone: expected a map at 'profile', found a string");
    }

    @Test
    void aProcessWithoutTheKey_isRefusedInOneLine_whenItFirstMasks() {
        MigrationPlan plan = PlanParser.parse(PLAN.replace("DMIG_TEST_MASK_KEY", "DMIG_TEST_MASK_KEY_UNSET"));
        ItemTransformer transformer = new ItemTransformer(plan);
        assertThat(transformer.transform("Org", Map.of("id", s("o1")))).as("a table that masks nothing needs no key").isNotNull();
        assertThatThrownBy(() -> transformer.transform("User", Map.of("id", s("u1"), "email", s("a@b.co"))))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("mask.keyFrom: DMIG_TEST_MASK_KEY_UNSET is not set: the plan masks values with the key it"
                        + " holds; set it to a secret of at least 16 characters")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void validation_failsARecordWhoseMaskedValueIsItsSources_andNotOneTheRunMasked() {
        MigrationPlan masked = PlanParser.parse(PLAN);
        List<Map<String, AttributeValue>> sources = List.of(Map.of("id", s("u1"), "email", s("ann@corp.com")),
                Map.of("id", s("u2"), "email", s("bob@corp.com")));
        Found clean = new Found();
        MaskedCopiesProbe.check(masked, new ItemTransformer(masked), sources, clean);
        assertThat(clean.failed).isEmpty();

        // A transformer that does not mask (the plan without its rules), as a copy that missed the masking would be.
        Found leaked = new Found();
        MaskedCopiesProbe.check(masked, new ItemTransformer(PlanParser.parse(minimal("{\"User\": {}, \"Invite\": {}, \"Org\": {}}"))),
                sources, leaked);
        assertThat(leaked.failed).containsExactly("email|equal to the source's, which mask email replaces|id=u1",
                "email|equal to the source's, which mask email replaces|id=u2");
    }

    /** The findings a check adds, its failed values as {@code path|what|where}. */
    static final class Found implements dev.dmig.validate.CopyCheck.Findings {
        final List<String> failed = new ArrayList<>();

        @Override
        public void compared(dev.dmig.migrate.PageCargo.Compared compared) {}

        @Override
        public void sourceValue(String path, boolean objectKeys, String kind, boolean whole, String where) {}

        @Override
        public void resolutions(List<dev.dmig.migrate.PageFindings.Found> found) {}

        @Override
        public void example(String line) {}

        @Override
        public void failed(String path, String what, String where) {
            failed.add(path + "|" + what + "|" + where);
        }
    }

    /** Makes the feature's check as validation does and gives it a page of copied sources. */
    static final class MaskedCopiesProbe {
        static void check(MigrationPlan plan, ItemTransformer transformer, List<Map<String, AttributeValue>> sources, Found into) {
            List<dev.dmig.validate.CopyCheck> checks = new ArrayList<>();
            MaskedCopies.addTo(checks, new dev.dmig.validate.CopyCheck.Parts(plan, transformer, null));
            assertThat(checks).hasSize(1);
            checks.get(0).copied("User", new ArrayList<>(sources.stream().map(HashMap::new).toList()), into);
        }
    }
}
