package dev.dmig.feature.mask;

import static dev.dmig.plan.PlanProblems.minimal;
import static dev.dmig.plan.PlanProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The plan's masking: a table's {@code mask} and the plan's, every problem one line naming the table and attribute. */
class MaskSectionTest {
    private static String plan(String tables, String top) {
        return minimal(tables).replace("\"tables\"", top + "\"tables\"");
    }

    @Test
    void aTablesMask_readsPathsAndKinds_andTheRunTakesTheDefaultVariable() {
        MigrationPlan parsed = PlanParser.parse(minimal("{\"User\": {\"mask\": {\"email\": \"email\", \"address.street\":"
                + " \"address\", \"phones[]\": \"phone\", \"salary\": {\"kind\": \"number\", \"range\": 0.05}, \"born\": {\"kind\":"
                + " \"date\", \"days\": 30}, \"note\": {\"kind\": \"constant\", \"value\": \"redacted\"}, \"nickname\": \"keep\"}},"
                + " \"Org\": {}}"));

        TableMask mask = parsed.table("User").feature(TableMask.class);
        assertThat(mask.rules()).extracting(rule -> rule.path().text() + ":" + rule.kind().planName()).containsExactly(
                "email:email", "address.street:address", "phones[]:phone", "salary:number", "born:date", "note:constant",
                "nickname:keep");
        assertThat(mask.rules().get(3).range()).isEqualByComparingTo(new BigDecimal("0.05"));
        assertThat(mask.rules().get(4).days()).isEqualTo(30);
        assertThat(mask.rules().get(5).constant()).isEqualTo(AttributeValue.fromS("redacted"));
        assertThat(mask.masking()).hasSize(6);
        assertThat(parsed.table("Org").feature(TableMask.class)).isNull();
        assertThat(parsed.section(MaskSettings.class)).isEqualTo(new MaskSettings("DMIG_MASK_KEY"));
    }

    @Test
    void aPlanWithoutMasking_isNoMaskedRun_andThePlansMaskNamesTheVariable() {
        assertThat(PlanParser.parse(minimal("{\"User\": {}}")).section(MaskSettings.class)).isNull();
        assertThat(PlanParser.parse(plan("{\"User\": {}}", "\"mask\": {\"keyFrom\": \"PREVIEW_MASK_KEY\"}, "))
                .section(MaskSettings.class)).isEqualTo(new MaskSettings("PREVIEW_MASK_KEY"));
    }

    @Test
    void everyWrongRule_isOneLine_namingTheTableAndAttribute_withTheFix() {
        assertThat(problems(minimal("{\"User\": {\"mask\": {\"email\": \"mail\", \"a..b\": \"text\", \"salary\": {\"kind\":"
                + " \"number\", \"range\": 2}, \"born\": {\"kind\": \"date\", \"days\": 0}, \"note\": {\"kind\": \"constant\"},"
                + " \"name\": {\"kind\": \"givenName\", \"range\": 0.1}, \"bio\": {\"kind\": \"text\", \"size\": 3}}}}")))
                .containsExactly(
                        "table User, attribute email: mask must be one of \"email\", \"givenName\", \"familyName\", \"fullName\","
                                + " \"phone\", \"username\", \"address\", \"date\", \"text\", \"number\", \"constant\", \"placeholder\", \"remove\", \"keep\" (or an"
                                + " object with \"kind\" and its options), not \"mail\"",
                        "table User, attribute mask: path 'a..b' has an empty attribute name: name an attribute path like"
                                + " \"email\", \"address.street\" or \"phones[]\"",
                        "table User, attribute salary: mask range must be a fraction of the value above 0 and at most 1, like"
                                + " 0.1 (±10%), not 2",
                        "table User, attribute born (mask days): born (mask days) must be a whole number from 1 to 36500, not 0",
                        "table User, attribute note: mask constant needs a \"value\", a string or a number, like {\"kind\":"
                                + " \"constant\", \"value\": \"redacted\"}",
                        "table User, attribute name: mask givenName takes no \"range\" (only number does): remove it",
                        "table User: unknown key \"size\" in the mask of bio (known: days, kind, range, value)");
        assertThat(problems(minimal("{\"User\": {\"mask\": [\"email\"]}}"))).containsExactly("table User, attribute mask: must"
                + " be an object of attribute path → kind, like {\"email\": \"email\", \"firstName\": \"givenName\", \"salary\":"
                + " {\"kind\": \"number\", \"range\": 0.05}}");
        assertThat(problems(minimal("{\"User\": {\"mask\": {\"address\": \"address\", \"address.street\": \"address\"}}}")))
                .containsExactly("table User, attribute address.street: is masked twice, here and under address: give the path"
                        + " one rule in mask");
    }

    @Test
    void theIdAttribute_referencesAndFiles_cannotBeMasked_andAUniqueAttributeOnlyByAKindThatKeepsValuesApart() {
        assertThat(problems(minimal("{\"Org\": {}, \"User\": {\"references\": {\"orgId\": \"Org\"}, \"unique\": [\"handle\","
                + " \"login\"], \"mask\": {\"id\": \"text\", \"orgId\": \"text\", \"handle\": \"givenName\", \"login\": \"email\"}}}")))
                .containsExactly(
                        "table User, attribute id: is the table's ID attribute, which the run maps to new IDs and references"
                                + " name: it cannot be masked; remove it from mask",
                        "table User, attribute orgId: is a reference to Org at orgId, which must stay intact for the records"
                                + " to resolve: it cannot be masked; remove it from mask",
                        "table User, attribute handle: is unique, and mask givenName can give two source values one masked"
                                + " value: mask it as \"email\" or \"username\" (whose values stay apart) or \"remove\", or take it out of unique");
    }

    @Test
    void thePlansMask_isCheckedToo() {
        assertThat(problems(plan("{\"User\": {}}", "\"mask\": {\"keyFrom\": \"my key\", \"salt\": 1}, "))).containsExactly(
                "unknown key \"salt\" in \"mask\" (known: keyFrom)",
                "mask.keyFrom must name the environment variable that holds the masking key, like \"DMIG_MASK_KEY\", not \"my key\"");
        assertThat(problems(plan("{\"User\": {}}", "\"mask\": true, "))).containsExactly(
                "mask must be an object like {\"keyFrom\": \"DMIG_MASK_KEY\"}, not true");
    }
}
