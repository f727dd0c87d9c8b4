package dev.dmig.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyLevelsTest {
    private static List<List<String>> levels(String tables) {
        return DependencyLevels.of(plan(tables));
    }

    private static MigrationPlan plan(String tables) {
        return PlanParser.parse("{\"source\": {\"tableSuffix\": \"-dev-NONE\"}, "
                + "\"target\": {\"tableSuffix\": \"-prod-NONE\"}, \"tables\": " + tables + "}");
    }

    @Test
    void aTableWaitsForTheTablesItRefersTo_notForItsParentsLevel_andACycleForWhatAnyOfItsTablesRefersTo() {
        MigrationPlan plan = plan("""
                {
                  "Contacts": {},
                  "Orders": {"references": {"contactId": "Contacts"}},
                  "Notes": {"references": {"contactId": "Contacts", "authorId": "Notes"}},
                  "Comments": {"references": {"noteId": "Notes"}},
                  "A": {"references": {"b": "B", "orderId": "Orders"}},
                  "B": {"references": {"a": "A"}}
                }""");
        List<List<String>> levels = DependencyLevels.of(plan);
        assertThat(levels).containsExactly(List.of("Contacts"), List.of("Orders", "Notes"), List.of("Comments", "A", "B"));
        assertThat(DependencyLevels.parents(plan, levels)).containsExactly(
                Map.entry("Contacts", List.of()), Map.entry("Orders", List.of("Contacts")),
                Map.entry("Notes", List.of("Contacts")), Map.entry("Comments", List.of("Notes")),
                Map.entry("A", List.of("Orders")), Map.entry("B", List.of("Orders")));
    }

    @Test
    void realTecheeShape_givesTheSeedsFiveLevels() {
        assertThat(levels("""
                {
                  "Properties": {},
                  "Contacts": {},
                  "Requests": {"references": {"agentContactId": "Contacts", "homeownerContactId": "Contacts", "addressId": "Properties"}},
                  "Projects": {"references": {"requestId": "Requests", "agentContactId": "Contacts", "homeownerContactId": "Contacts",
                               "homeowner2ContactId": "Contacts", "homeowner3ContactId": "Contacts", "addressId": "Properties"}},
                  "Quotes": {"references": {"projectId": "Projects", "agentContactId": "Contacts", "homeownerContactId": "Contacts",
                             "addressId": "Properties"}},
                  "ProjectComments": {"references": {"projectId": "Projects"}},
                  "ProjectMilestones": {"references": {"projectId": "Projects"}},
                  "ProjectPaymentTerms": {"references": {"projectId": "Projects"}},
                  "QuoteItems": {"references": {"projectId": "Projects", "quoteId": "Quotes"}}
                }""")).containsExactly(
                List.of("Properties", "Contacts"),
                List.of("Requests"),
                List.of("Projects"),
                List.of("Quotes", "ProjectComments", "ProjectMilestones", "ProjectPaymentTerms"),
                List.of("QuoteItems"));
    }

    @Test
    void selfReference_isIgnored() {
        assertThat(levels("{\"Contacts\": {\"references\": {\"managerId\": \"Contacts\", \"reports[]\": \"Contacts\"}}, "
                + "\"Requests\": {\"references\": {\"contactId\": \"Contacts\"}}}"))
                .containsExactly(List.of("Contacts"), List.of("Requests"));
    }

    @Test
    void twoCycleAndThreeCycle_eachShareALevel_andTheirDependantsComeAfter() {
        assertThat(levels("""
                {
                  "Base": {},
                  "A": {"references": {"b": "B", "base": "Base"}},
                  "B": {"references": {"a": "A"}},
                  "X": {"references": {"y": "Y", "a": "A"}},
                  "Y": {"references": {"z": "Z"}},
                  "Z": {"references": {"x": "X"}},
                  "OnCycle2": {"references": {"b": "B"}},
                  "OnCycle3": {"references": {"z": "Z"}}
                }""")).containsExactly(
                List.of("Base"),
                List.of("A", "B"),
                List.of("X", "Y", "Z", "OnCycle2"),
                List.of("OnCycle3"));
    }

    @Test
    void cycleWithoutOutsideReferences_isLevelOne() {
        assertThat(levels("{\"A\": {\"references\": {\"b\": \"B\"}}, \"B\": {\"references\": {\"a\": \"A\"}}, "
                + "\"C\": {\"references\": {\"a\": \"A\"}}}"))
                .containsExactly(List.of("A", "B"), List.of("C"));
    }

    @Test
    void diamond_levelIsTheLongestPath() {
        assertThat(levels("""
                {
                  "Bottom": {"references": {"l": "Left", "r": "Right", "t": "Top"}},
                  "Left": {"references": {"t": "Top"}},
                  "Right": {"references": {"t": "Top", "l": "Left"}},
                  "Top": {}
                }""")).containsExactly(List.of("Top"), List.of("Left"), List.of("Right"), List.of("Bottom"));
    }

    @Test
    void skippedModels_areIgnored_andAppearInNoLevel() {
        assertThat(levels("""
                {
                  "Auth": {"skip": true, "references": {"userId": "Users"}},
                  "Users": {"references": {"authId": "Auth"}},
                  "Posts": {"references": {"userId": "Users", "authId": "Auth"}}
                }""")).containsExactly(List.of("Users"), List.of("Posts"));
    }

    @Test
    void nestedAndListReferencePaths_countAsEdges() {
        assertThat(levels("{\"Orders\": {\"references\": {\"lines[].productId\": \"Products\", \"meta.ownerId\": \"Users\"}}, "
                + "\"Products\": {}, \"Users\": {\"references\": {\"favourites[]\": \"Products\"}}}"))
                .containsExactly(List.of("Products"), List.of("Users"), List.of("Orders"));
    }
}
