package dev.dmig.feature.match;

import static dev.dmig.plan.PlanProblems.minimal;
import static dev.dmig.plan.PlanProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.plan.PlanParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A table's {@code match} in the plan: its fields, their defaults, and each wrong one a line. */
class MatchSectionTest {
    @Test
    void match_isRead_withItsDefaults() {
        Match match = PlanParser.parse(minimal("{\"Users\": {\"match\": {\"on\": [\"orgId\", \"email\"], \"caseInsensitive\": true}}}"))
                .table("Users").feature(Match.class);
        assertThat(match).isEqualTo(new Match(List.of("orgId", "email"), Match.WhenMatched.FAIL, Match.WhenNotMatched.INSERT, true));
        assertThat(PlanParser.parse(minimal("{\"Users\": {\"match\": {\"on\": [\"username\"], \"whenMatched\": \"update\","
                + " \"whenNotMatched\": \"skip\"}}}")).table("Users").feature(Match.class))
                .isEqualTo(new Match(List.of("username"), Match.WhenMatched.UPDATE, Match.WhenNotMatched.SKIP, false));
        assertThat(PlanParser.parse(minimal("{\"Users\": {}}")).table("Users").feature(Match.class)).isNull();
        assertThat(PlanParser.parse(minimal("{\"Users\": {\"match\": {\"on\": [\"email\"], \"pins\": {\"c-17\": \"prod-4\"}}}}"))
                .table("Users").feature(Match.class).pins()).containsExactly(Map.entry("c-17", "prod-4"));
        assertThat(problems(minimal("{\"Users\": {\"match\": {\"on\": [\"email\"], \"pins\": {\"c-17\": 4}}},"
                + " \"Orgs\": {\"match\": {\"on\": [\"name\"], \"pins\": [\"a\"]}}}"))).containsExactly(
                "table Users, attribute match.pins: must pair a source ID with a target ID, found \"c-17\": 4",
                "table Orgs, attribute match.pins: must be an object of source ID → target ID, like {\"c-17\": \"prod-c-4\"}");
    }

    @Test
    void match_eachWrongFieldIsOneLine_namingTableAndAttribute() {
        assertThat(problems(minimal("{\"Users\": {\"match\": {\"on\": [\"id\", \"email\", \"email\", 3], \"whenMatched\": \"merge\","
                + " \"whenNotMatched\": \"discard\", \"caseInsensitive\": \"yes\", \"by\": 1}}}"))).containsExactly(
                "table Users: unknown key \"by\" in match (known: caseInsensitive, on, pins, whenMatched, whenNotMatched)",
                "table Users, attribute id: is the table's ID attribute, which differs between the environments; match on attributes"
                        + " both records hold alike, like [\"username\"]",
                "table Users, attribute email: is named twice in match.on",
                "table Users, attribute match.on: must list attribute names, found 3",
                "table Users, attribute match.whenMatched: must be \"keep\" or \"update\" or \"fail\", not \"merge\"",
                "table Users, attribute match.whenNotMatched: must be \"insert\" or \"skip\", not \"discard\"",
                "table Users, attribute match.caseInsensitive: match.caseInsensitive must be true or false, not \"yes\"");
        assertThat(problems(minimal("{\"Users\": {\"match\": {}}, \"Orgs\": {\"match\": [\"name\"]}}"))).containsExactly(
                "table Users, attribute match.on: must list the attributes, as the target holds them, that pair a record with one the"
                        + " target already has, like [\"username\"] or [\"orgId\", \"email\"]",
                "table Orgs, attribute match: must be an object, like {\"on\": [\"username\"], \"whenMatched\": \"keep\"}");
        assertThat(problems(minimal("{\"App\": {\"idAttribute\": \"PK\", \"references\": {\"PK\": {\"pattern\": \"ORG#{org}\","
                + " \"org\": \"App\"}}, \"match\": {\"on\": [\"name\"]}}}"))).containsExactly(
                "table App, attribute match: pairs records by their IDs, and this table's ID is built by a pattern; match a table"
                        + " keyed by its own ID");
    }

    @Test
    void aTableWithAMatch_saysItIsPairedByIt() {
        assertThat(PlanParser.parse(minimal("{\"Users\": {\"match\": {\"on\": [\"email\"]}}, \"Notes\": {}}")).table("Users").pairedBy())
                .isEqualTo("match");
        assertThat(PlanParser.parse(minimal("{\"Users\": {}}")).table("Users").pairedBy()).isNull();
    }
}
