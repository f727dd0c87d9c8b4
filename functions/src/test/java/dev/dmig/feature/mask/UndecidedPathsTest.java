package dev.dmig.feature.mask;

import static dev.dmig.plan.PlanProblems.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.plan.PlanParser;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Strict mode looks inside maps and lists: each personal path the plan has not decided about, named in the plan's syntax. */
class UndecidedPathsTest {
    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue m(Map<String, AttributeValue> parts) {
        return AttributeValue.fromM(parts);
    }

    private static AttributeValue l(AttributeValue... elements) {
        return AttributeValue.fromL(List.of(elements));
    }

    /** The undecided paths of {@code item} in table User of a plan whose User entry is {@code entry}. */
    private static Map<String, String> undecided(String entry, Map<String, AttributeValue> item) {
        String plan = minimal("{\"User\": " + entry + "}").replace("\"tables\"", "\"mask\": {\"keyFrom\": \"DMIG_TEST_MASK_KEY\"}, \"tables\"");
        Map<String, String> undecided = new TreeMap<>();
        UndecidedPaths.of(PlanParser.parse(plan).table("User")).read(item, undecided);
        return undecided;
    }

    private static final Map<String, AttributeValue> BOOKING = Map.of("id", s("b1"), "title", s("Visit"),
            "contact", m(Map.of("email", s("ann@corp.com"), "channel", s("sms"))),
            "guests", l(m(Map.of("phone", s("+44 7946 0958"), "seat", s("4A"))), m(Map.of("seat", s("4B"), "note", s("bob@corp.com")))),
            "profile", m(Map.of("name", m(Map.of("first", s("Ann"), "last", s("Lee"))), "theme", s("dark"))),
            "location", m(Map.of("type", s("onsite"), "accessNotes", s("Key under the mat"))),
            "tags", AttributeValue.fromSs(List.of("vip", "carl@corp.com")));

    @Test
    void personalPathsInsideMapsAndListsOfMaps_areNamedInThePlansSyntax_byNameOrByValue() {
        assertThat(undecided("{}", BOOKING)).isEqualTo(Map.of(
                "contact.email", UndecidedPaths.BY_NAME,
                "guests[].phone", UndecidedPaths.BY_NAME,
                "guests[].note", UndecidedPaths.BY_VALUE,
                "profile.name", UndecidedPaths.BY_NAME,
                "tags[]", UndecidedPaths.BY_VALUE));
    }

    @Test
    void aRuleOrAKeepOnAParentPath_decidesItsChildren_andARuleOnAChild_leavesItsSiblingsToTheirOwnNames() {
        assertThat(undecided("{\"mask\": {\"contact\": \"keep\", \"guests\": \"remove\", \"profile.name.first\": \"givenName\","
                + " \"tags[]\": \"email\"}}", BOOKING)).as("profile.name opened by its part's rule: its other part is personal")
                .isEqualTo(Map.of("profile.name.last", UndecidedPaths.IN_PERSONAL));
        assertThat(undecided("{\"mask\": {\"contact.email\": \"email\", \"guests\": \"remove\", \"profile\": \"keep\","
                + " \"tags\": \"remove\"}}", BOOKING)).as("contact opened by its part's rule: its other part, by its own name")
                .isEmpty();
        assertThat(undecided("{\"mask\": {\"contact.email\": \"email\", \"guests[].phone\": \"phone\", \"guests[].note\": \"text\","
                + " \"profile.name\": \"remove\", \"tags[]\": \"email\"}}", BOOKING)).isEmpty();
        assertThat(undecided("{\"references\": {\"guests[].note\": \"User\"}, \"remove\": [\"contact\", \"profile\", \"tags\"],"
                + " \"mask\": {\"guests[].phone\": \"keep\"}}", BOOKING)).as("a reference, an edit").isEmpty();
    }

    @Test
    void aMapOrListDeeperThanTheBound_isNamedWhole_unlessTheOneAboveIsDecided() {
        AttributeValue deep = m(Map.of("remark", s("nothing personal")));
        for (int i = 0; i < UndecidedPaths.DEPTH; i++) {
            deep = m(Map.of("n", deep));
        }
        String atBound = "tree" + ".n".repeat(UndecidedPaths.DEPTH - 1);
        Map<String, AttributeValue> item = Map.of("id", s("t1"), "tree", deep, "shallow", m(Map.of("n", m(Map.of("x", s("y"))))));
        assertThat(undecided("{}", item)).isEqualTo(Map.of(atBound, UndecidedPaths.TOO_DEEP));
        assertThat(undecided("{\"mask\": {\"tree.n.n\": \"keep\"}}", item)).isEmpty();
        assertThat(undecided("{\"mask\": {\"" + atBound + ".n.remark\": \"text\"}}", item))
                .as("a rule below the bound opens what it passes through: the plan has looked there").isEmpty();
    }

    @Test
    void theNamesAMapHolds_areRememberedUpToTheBound_andEveryOneIsStillLookedAt() {
        Map<String, AttributeValue> byUser = new TreeMap<>();
        for (int i = 0; i < UndecidedPaths.NAMES + 10; i++) {
            byUser.put("u" + i, s("note " + i));
        }
        byUser.put("zz", s("dan@corp.com"));
        UndecidedPaths paths = UndecidedPaths.of(PlanParser.parse(minimal("{\"User\": {}}")).table("User"));
        Map<String, String> undecided = new TreeMap<>();
        paths.read(Map.of("id", s("x"), "notes", m(byUser)), undecided);
        assertThat(undecided).isEqualTo(Map.of("notes.zz", UndecidedPaths.BY_VALUE));
        paths.read(Map.of("id", s("y"), "notes", m(Map.of("phone", s("1")))), undecided);
        assertThat(undecided).as("a name past the bound, still classified").containsEntry("notes.phone", UndecidedPaths.BY_NAME);
    }
}
