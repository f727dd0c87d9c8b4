package dev.dmig.feature.mask;

import static dev.dmig.plan.PlanProblems.minimal;
import static dev.dmig.plan.PlanProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.validate.CopyCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A composite value's parts masked by a pattern whose placeholders name kinds ({@code USER#{email}}): read with every
 * problem one line, masked alike with the same value whole in another table, a value a kept pattern takes left as it
 * is, and one no pattern takes a problem of its item that never shows the value.
 */
class MaskedPartsTest {
    private static final String PLAN = minimal("{\"User\": {\"mask\": {\"email\": \"email\"}},"
            + " \"Membership\": {\"mask\": {\"PK\": [{\"pattern\": \"USER#{email}\", \"email\": \"email\"}, {\"pattern\": \"PROFILE\"}],"
            + " \"GSI1SK\": {\"pattern\": \"{first} {last}#{email}\", \"first\": \"givenName\", \"last\": {\"kind\": \"familyName\"},"
            + " \"email\": \"email\"}}}}")
            .replace("\"tables\"", "\"mask\": {\"keyFrom\": \"DMIG_TEST_MASK_KEY\"}, \"tables\"");

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    @Test
    void aRulesPattern_namesThePartsItMasks_andItsAlternatives() {
        TableMask mask = PlanParser.parse(PLAN).table("Membership").feature(TableMask.class);
        assertThat(mask.composites()).hasSize(2);
        assertThat(mask.masking()).as("a composite value is no whole value's rule").isEmpty();
        MaskRule pk = mask.composites().get(0);
        assertThat(pk.parts().describe()).isEqualTo("USER#{email}, PROFILE");
        assertThat(pk.parts().rules()).extracting(rule -> rule.path().text() + ":" + rule.kind().planName())
                .containsExactly("PK{email}:email");
        assertThat(mask.composites().get(1).parts().rules()).extracting(rule -> rule.path().text() + ":" + rule.kind().planName())
                .containsExactly("GSI1SK{first}:givenName", "GSI1SK{last}:familyName", "GSI1SK{email}:email");
    }

    @Test
    void aPart_masksAsTheSameValueWhole_inAnyTable_andAKeptPatternKeepsItsValue() {
        ItemTransformer transformer = new ItemTransformer(PlanParser.parse(PLAN));
        Map<String, AttributeValue> user = transformer.transform("User", Map.of("id", s("u1"), "email", s("ann@corp.com")));
        Map<String, AttributeValue> member = transformer.transform("Membership", Map.of("id", s("m1"), "PK", s("USER#ann@corp.com"),
                "GSI1SK", s("Ann Smith#ann@corp.com")));
        Map<String, AttributeValue> profile = transformer.transform("Membership", Map.of("id", s("m2"), "PK", s("PROFILE")));

        assertThat(member.get("PK").s()).isEqualTo("USER#" + user.get("email").s());
        String[] name = member.get("GSI1SK").s().split("#");
        assertThat(name[1]).isEqualTo(user.get("email").s());
        assertThat(name[0]).doesNotContain("Ann").doesNotContain("Smith").contains(" ");
        assertThat(profile.get("PK")).isEqualTo(s("PROFILE"));
    }

    @Test
    void aValueNoPatternTakes_isAProblemOfItsItem_thatNeverShowsTheValue() {
        ItemTransformer transformer = new ItemTransformer(PlanParser.parse(PLAN));
        assertThatThrownBy(() -> transformer.transform("Membership", Map.of("id", s("m3"), "PK", s("ORG#ann@corp.com"))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Membership, item id=m3, attribute PK: its value matches none of its mask's patterns"
                        + " USER#{email}, PROFILE; add a pattern it has (a last {\"pattern\": \"{other}\"} keeps the others as they are)");
    }

    @Test
    void validation_failsACopyWhoseCompositeValueIsItsSources_andNotOneAKeptPatternTakes() {
        MigrationPlan plan = PlanParser.parse(PLAN);
        MaskRewriteTest.Found clean = new MaskRewriteTest.Found();
        copied(plan, new ItemTransformer(plan), clean);
        assertThat(clean.failed).isEmpty();

        // A transformer that does not mask, as a copy that missed the masking would be.
        MaskRewriteTest.Found leaked = new MaskRewriteTest.Found();
        copied(plan, new ItemTransformer(PlanParser.parse(minimal("{\"User\": {}, \"Membership\": {}}"))), leaked);
        assertThat(leaked.failed).containsExactly("PK|equal to the source's, which its mask's patterns USER#{email}, PROFILE"
                + " mask|id=m1");
    }

    private static void copied(MigrationPlan plan, ItemTransformer transformer, MaskRewriteTest.Found into) {
        List<CopyCheck> checks = new ArrayList<>();
        MaskedCopies.addTo(checks, new CopyCheck.Parts(plan, transformer, null));
        assertThat(checks).hasSize(1);
        checks.get(0).copied("Membership", List.of(Map.of("id", s("m1"), "PK", s("USER#ann@corp.com")),
                Map.of("id", s("m2"), "PK", s("PROFILE"))), into);
    }

    @Test
    void everyWrongPattern_isOneLine_namingTheTableAndPath_withTheFix() {
        assertThat(problems(minimal("{\"M\": {\"mask\": {\"a\": [], \"b\": {\"pattern\": \"USER#{email\", \"email\": \"email\"},"
                + " \"c\": {\"pattern\": \"USER#{email}\", \"mail\": \"email\"}, \"d\": {\"pattern\": \"N#{n}\", \"n\": \"number\"},"
                + " \"e\": {\"pattern\": \"X#{x}\", \"x\": \"remove\"}, \"f\": {\"pattern\": \"PROFILE\"}, \"g\": [\"email\"],"
                + " \"h\": {\"pattern\": \"C#{c}\", \"c\": {\"kind\": \"constant\", \"value\": 7}}}}}"))).containsExactly(
                "table M, attribute a: mask has an empty list of patterns; give at least one, like {\"pattern\": \"USER#{email}\","
                        + " \"email\": \"email\"}",
                "table M, attribute b: mask pattern 'USER#{email' does not parse: '{' at position 6 is not closed (write {{ for"
                        + " a literal brace)",
                "table M, attribute c: mask pattern 'USER#{email}' has no placeholder {mail} (its placeholders: email)",
                "table M, attribute d{n}: is a part of a composite value, which is text: mask it as a kind that makes text"
                        + " (\"email\", \"givenName\", \"familyName\", \"fullName\", \"phone\", \"username\", \"address\", \"text\","
                        + " \"date\" or a \"constant\" string), not number",
                "table M, attribute e{x}: is a part of a composite value, which is text: mask it as a kind that makes text"
                        + " (\"email\", \"givenName\", \"familyName\", \"fullName\", \"phone\", \"username\", \"address\", \"text\","
                        + " \"date\" or a \"constant\" string), not remove",
                "table M, attribute f: mask pattern 'PROFILE' masks nothing: name a placeholder and its kind, like"
                        + " {\"pattern\": \"USER#{email}\", \"email\": \"email\"}",
                "table M, attribute g: a mask pattern must be an object with \"pattern\", like {\"pattern\": \"USER#{email}\","
                        + " \"email\": \"email\"}, not \"email\"",
                "table M, attribute h{c}: is a part of a composite value, which is text: mask it as a kind that makes text"
                        + " (\"email\", \"givenName\", \"familyName\", \"fullName\", \"phone\", \"username\", \"address\", \"text\","
                        + " \"date\" or a \"constant\" string), not constant 7");
    }

    @Test
    void aUniqueCompositeValue_isMaskedOnlyByKindsThatKeepValuesApart() {
        assertThat(problems(minimal("{\"M\": {\"unique\": [\"handle\"], \"mask\": {\"handle\": {\"pattern\": \"{first}#{n}\","
                + " \"first\": \"givenName\"}}}}"))).containsExactly("table M, attribute handle: is unique, and mask givenName"
                + " ({first}) can give two source values one masked value: mask it as \"email\" or \"username\" (whose values"
                + " stay apart) or \"remove\", or take it out of unique");
        MigrationPlan apart = PlanParser.parse(minimal("{\"M\": {\"unique\": [\"handle\"], \"mask\": {\"handle\":"
                + " {\"pattern\": \"{login}#{n}\", \"login\": \"username\"}}}}"));
        assertThat(apart.table("M").feature(TableMask.class).composites()).hasSize(1);
    }
}
