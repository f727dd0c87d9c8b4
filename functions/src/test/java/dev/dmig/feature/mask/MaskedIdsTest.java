package dev.dmig.feature.mask;

import static dev.dmig.plan.PlanProblems.minimal;
import static dev.dmig.plan.PlanProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.TestFeatures;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.TablePair;
import dev.dmig.store.TableInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Keys masked: a table keyed by its users' emails (IDs preserved) masks its IDs, and every reference to them, whole or a
 * pattern's placeholder, names the masked record; a key attribute is masked only by a kind that keeps values apart; a
 * rule another table's reference, a {@code match.on} or a second masking would make inconsistent is refused in one line
 * naming both tables and the fix.
 */
class MaskedIdsTest {
    private static final String TABLES = "{\"User\": {\"idAttribute\": \"email\", \"ids\": \"preserve\", \"mask\": {\"email\": \"email\"}},"
            + " \"Org\": {},"
            + " \"Membership\": {\"idAttribute\": \"PK\", \"ids\": \"preserve\", \"references\": {\"PK\": {\"pattern\": \"USER#{email}\","
            + " \"email\": \"User\"}, \"SK\": {\"pattern\": \"ORG#{org}\", \"org\": \"Org\"}}},"
            + " \"Invite\": {\"references\": {\"userEmail\": \"User\", \"cc[]\": \"User\"}}}";
    private static final String PLAN = minimal(TABLES).replace("\"tables\"", "\"mask\": {\"keyFrom\": \"DMIG_TEST_MASK_KEY\"}, \"tables\"");

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static ItemTransformer transformer(MigrationPlan plan) {
        return new ItemTransformer(plan, RunMappings.NONE.with(MaskedIds.FEATURE.of(null, plan, "r1")));
    }

    @Test
    void aTableKeyedByEmail_masksItsIds_andEveryReferenceToThemAlike() {
        MigrationPlan plan = PlanParser.parse(PLAN);
        ItemTransformer transformer = transformer(plan);
        Map<String, AttributeValue> user = transformer.transform("User", Map.of("email", s("ann@corp.com"), "plan", s("gold")));
        Map<String, AttributeValue> member = transformer.transform("Membership", Map.of("PK", s("USER#ann@corp.com"),
                "SK", s("ORG#o1")));
        Map<String, AttributeValue> invite = transformer.transform("Invite", Map.of("id", s("i1"), "userEmail", s("ann@corp.com"),
                "cc", AttributeValue.fromL(List.of(s("bob@corp.com"), s("ann@corp.com")))));

        String masked = user.get("email").s();
        assertThat(masked).endsWith("@example.invalid");
        assertThat(transformer.newId("User", "ann@corp.com")).as("the record's target ID, as validation looks it up").isEqualTo(masked);
        assertThat(member.get("PK").s()).isEqualTo("USER#" + masked);
        assertThat(member.get("SK").s()).isEqualTo("ORG#" + transformer.newId("Org", "o1"));
        assertThat(invite.get("userEmail").s()).isEqualTo(masked);
        assertThat(invite.get("cc").l()).containsExactly(s(transformer.newId("User", "bob@corp.com")), s(masked));
        assertThat(transformer.claims("Invite")).contains("userEmail", "cc");
        assertThat(transformer.newId("Org", "o1")).as("other tables' IDs as ever").isNotEqualTo("o1");
        assertThat(MaskedIds.of(PlanParser.parse(minimal("{\"User\": {\"mask\": {\"email\": \"email\"}}}")))).isNull();
    }

    @Test
    void anIdAttribute_isMaskedOnlyWherePreserved_andByAKindThatKeepsRecordsApart() {
        assertThat(problems(minimal("{\"User\": {\"idAttribute\": \"email\", \"mask\": {\"email\": \"email\"}},"
                + " \"Tag\": {\"idAttribute\": \"name\", \"ids\": \"preserve\", \"mask\": {\"name\": \"givenName\"}},"
                + " \"Team\": {\"idAttribute\": \"key\", \"ids\": \"preserve\", \"mask\": {\"key\": {\"pattern\": \"T#{e}\","
                + " \"e\": \"email\"}}}}")))
                .containsExactly(
                        "table User, attribute email: is the table's ID attribute, which the run maps to new IDs and references"
                                + " name: it cannot be masked; remove it from mask",
                        "table Tag, attribute name: is the table's ID attribute, which names its record, and mask givenName can"
                                + " give two source values one masked value, so two records would have one ID: mask it as \"email\""
                                + " or \"username\", whose values stay apart, or remove it from mask",
                        "table Team, attribute key: is the table's ID attribute, whose values references name whole: mask it"
                                + " whole, as \"email\" or \"username\", or remove it from mask");
    }

    @Test
    void aReferenceToAMaskedId_isMaskedAlikeAlready_andARuleOnItIsRefused_namingBothTables() {
        String tables = TABLES.replace("\"Invite\": {\"references\": {\"userEmail\": \"User\", \"cc[]\": \"User\"}}",
                "\"Invite\": {\"references\": {\"userEmail\": \"User\"}, \"mask\": {\"userEmail\": \"email\"}}")
                .replace("\"SK\": {\"pattern\": \"ORG#{org}\", \"org\": \"Org\"}}},", "\"SK\": {\"pattern\": \"ORG#{org}\", \"org\":"
                        + " \"Org\"}}, \"mask\": {\"PK\": {\"pattern\": \"USER#{email}\", \"email\": \"email\"},"
                        + " \"SK\": {\"pattern\": \"ORG#{org}\", \"org\": \"text\"}, \"GSI\": {\"pattern\": \"E#{e}\", \"e\": \"email\"}}},");
        assertThat(problems(minimal(tables))).containsExactly(
                "table Membership, attribute PK{email}: holds IDs of User, whose ID attribute email table User masks: the run"
                        + " masks it alike already, so that it still names its record; leave {email} out of table Membership's mask",
                "table Membership, attribute SK{org}: holds IDs of Org (references), which must stay intact for the records to"
                        + " resolve: it cannot be masked; leave {org} out of the mask's pattern",
                "table Invite, attribute userEmail: is a reference to User, whose ID attribute email table User masks: the run"
                        + " masks it alike already, so that it still names its record; remove it from table Invite's mask");
        assertThat(problems(minimal(TABLES.replace("\"ids\": \"preserve\", \"references\"", "\"ids\": \"preserve\", \"mask\":"
                + " {\"PK\": {\"pattern\": \"MEMBER#{email}\", \"email\": \"email\"}}, \"references\"")))).containsExactly(
                "table Membership, attribute PK: has patterns in references (USER#{email}), and its mask's pattern MEMBER#{email}"
                        + " is none of them: give the mask the pattern of its reference, naming only placeholders the reference keeps");
    }

    @Test
    void aMatchOnAttribute_isMaskedOnlyByAKindThatKeepsValuesApart() {
        TestFeatures.assumeHas("MatchFeature");
        assertThat(problems(minimal("{\"User\": {\"match\": {\"on\": [\"login\", \"nick\"]}, \"mask\": {\"login\": \"email\","
                + " \"nick\": \"remove\"}}}"))).containsExactly("table User, attribute nick: is matched on (match.on), which pairs"
                + " records by its values, and mask remove leaves it no value, so two records would pair as one: mask it as"
                + " \"email\" or \"username\", whose values stay apart, or remove it from mask");
    }

    @Test
    void aKeyAttribute_isMaskedOnlyByAKindThatKeepsRecordsApart_refusedBeforeTheScans() {
        MigrationPlan plan = PlanParser.parse(minimal("{\"Invite\": {\"mask\": {\"to\": \"givenName\", \"from\": {\"pattern\":"
                + " \"USER#{u}\", \"u\": \"username\"}, \"note\": \"text\"}}}"));
        TableInfo invites = new TableInfo("Invite-dev-NONE", new TableInfo.KeyAttribute("to", ScalarAttributeType.S),
                new TableInfo.KeyAttribute("from", ScalarAttributeType.S), List.of(), 0, 0);
        assertThatThrownBy(() -> MaskedKeys.check(plan, List.of(new TablePair("Invite", invites, invites))))
                .isInstanceOf(PlanInvalidException.class).hasMessage("1 problem, nothing was written: table Invite, attribute to: is a key attribute of table"
                        + " Invite-dev-NONE, which names the record, and mask givenName can give two source values one masked value,"
                        + " so two records would have one key: mask it as \"email\" or \"username\", whose values stay apart, or"
                        + " remove it from mask");
        MaskedKeys.check(PlanParser.parse(minimal("{\"Invite\": {\"mask\": {\"to\": \"email\", \"from\": {\"pattern\":"
                + " \"USER#{u}\", \"u\": \"username\"}, \"note\": \"text\"}}}")), List.of(new TablePair("Invite", invites, invites)));
    }
}
