package dev.dmig.cli;

import static dev.dmig.local.AppTables.n;
import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.TestFeatures;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code dmig preview} on DynamoDB Local: a project's new ID, its reference, its owner mapped by the identity map and
 * its composite value's ID, each shown beside its source value, the unchanged ones marked "="; a soft-deleted DataStore
 * row and the record of a user without a match (onUnmatched: drop) said to be left behind; JSON output whole; and
 * nothing written to the target, whatever it showed. Expected values come from the spec's ID function and the test's
 * own map.
 */
class PreviewIT {
    /** Whether the build has DataStore's feature: without it, its fields are copied as they are, like any others. */
    private static final boolean DATASTORE = TestFeatures.has("DataStoreFeature");
    private static final String ALICE_DEV = "1f0c6a4e-0000-4000-8000-00000000000a";
    private static final String ALICE_PROD = "7a3e9b10-0000-4000-8000-00000000000a";
    private static final String CAROL_DEV = "1f0c6a4e-0000-4000-8000-00000000000c";
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"},
             "identities": {"csv": "users.csv"},
             "tables": {
               "Contacts": {},
               "Projects": {"onUnmatched": "drop", "references": {"contactId": "Contacts", "owner": "@owner",
                            "sortKey": {"pattern": "CONTACT#{contactId}", "contactId": "Contacts"}}}}}
            """;

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static AppTables app() {
        AppTables app = new AppTables("preview").table("Contacts", "id", null).table("Projects", "id", null);
        app.load(app.source("Contacts"), List.of(Map.of("id", s("c-1"), "name", s("Ada"))));
        app.load(app.source("Projects"), List.of(
                Map.of("id", s("p-1"), "contactId", s("c-1"), "owner", s(ALICE_DEV + "::alice"), "sortKey", s("CONTACT#c-1"),
                        "title", s("Kitchen"), "_version", n(2), "_lastChangedAt", n(1_700_000_000_000L)),
                Map.of("id", s("p-2"), "contactId", s("c-1"), "owner", s(CAROL_DEV + "::carol"), "sortKey", s("CONTACT#c-1"),
                        "title", s("Porch"), "_version", n(1), "_lastChangedAt", n(1_700_000_000_000L)),
                Map.of("id", s("p-3"), "contactId", s("c-1"), "owner", s(ALICE_DEV + "::alice"), "sortKey", s("CONTACT#c-1"),
                        "title", s("Attic"), "_version", n(3), "_lastChangedAt", n(1_700_000_000_000L), "_deleted",
                        AttributeValue.fromBool(true))));
        return app;
    }

    private static Path plan(AppTables app, Path dir) throws Exception {
        Files.writeString(dir.resolve("users.csv"), "source_sub,target_sub,source_username,target_username\n"
                + ALICE_DEV + "," + ALICE_PROD + ",alice,alice\n");
        return Files.writeString(dir.resolve("plan.json"), PLAN.formatted(app.devSuffix, app.prodSuffix));
    }

    @Test
    void anItem_isShownBesideWhatARunWouldWrite_andNothingIsWritten(@TempDir Path dir) throws Exception {
        try (AppTables app = app()) {
            Path plan = plan(app, dir);
            Map<String, String> before = app.digests(app.prodSuffix);
            String project = app.newId("Projects", "p-1");
            String contact = app.newId("Contacts", "c-1");

            CliRun shown = dmig("preview", "--plan", plan.toString(), "--table", "Projects", "--id", "p-1");

            assertThat(shown.code()).as(shown.out() + shown.err()).isZero();
            assertThat(shown.out()).isEqualTo(String.join("\n",
                    "Projects  id=p-1  →  id=" + project,
                    row("attribute", "source", "target"),
                    row("id", "p-1", project),
                    row("_lastChangedAt", "1700000000000", DATASTORE ? "(the run's start)" : "="),
                    row("_version", "2", DATASTORE ? "1" : "="),
                    row("contactId", "c-1", contact),
                    row("owner", ALICE_DEV + "::alice", ALICE_PROD + "::alice"),
                    row("sortKey", "CONTACT#c-1", "CONTACT#" + contact),
                    row("title", "Kitchen", "="),
                    ""));
            assertThat(shown.err()).contains("1 item of Projects" + app.devSuffix + " mapped as a run of " + plan
                    + " would map it; nothing written");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
        }
    }

    @Test
    void itemsARunLeavesBehind_saySo_andJsonHasEveryItemWhole(@TempDir Path dir) throws Exception {
        try (AppTables app = app()) {
            Path plan = plan(app, dir);

            CliRun carol = dmig("preview", "--plan", plan.toString(), "--table", "Projects", "--id", "p-2");
            CliRun deleted = dmig("preview", "--plan", plan.toString(), "--table", "Projects", "--id", "p-3");
            CliRun json = dmig("preview", "--plan", plan.toString(), "--table", "Projects", "--limit", "5", "--output", "json");

            assertThat(carol.out()).isEqualTo("Projects  id=p-2\n  left behind, not written: it holds a user the identity map has no"
                    + " match for, and the table's onUnmatched is drop\n");
            // A soft-deleted row is DataStore's to leave behind; a build without DataStore copies it as it is.
            Set<String> leftBehind = DATASTORE ? Set.of("p-2", "p-3") : Set.of("p-2");
            assertThat(deleted.out()).startsWith(DATASTORE ? "Projects  id=p-3\n  left behind, not written: a soft-deleted"
                    + " DataStore row (_deleted): clients have deleted it\n" : "Projects  id=p-3  →  id=" + app.newId("Projects", "p-3"));
            assertThat(json.code()).as(json.err()).isZero();
            JsonNode items = Json.MAPPER.readTree(json.out());
            assertThat(items).hasSize(3);
            for (JsonNode item : items) {
                String id = item.at("/source/id/S").asText();
                assertThat(item.has("target")).as(id).isEqualTo(!leftBehind.contains(id));
                assertThat(item.has("leftBehind")).as(id).isEqualTo(leftBehind.contains(id));
                if (id.equals("p-1")) {
                    assertThat(item.at("/target/id/S").asText()).isEqualTo(app.newId("Projects", "p-1"));
                    assertThat(item.at("/target/owner/S").asText()).isEqualTo(ALICE_PROD + "::alice");
                }
            }
            assertThat(app.scan(app.target("Projects"))).isEmpty();
        }
    }

    @Test
    void aModelNotInThePlan_anIdNotInTheTable_orAws_isOneLine(@TempDir Path dir) throws Exception {
        try (AppTables app = app()) {
            Path plan = plan(app, dir);

            CliRun model = dmig("preview", "--plan", plan.toString(), "--table", "Project");
            CliRun id = dmig("preview", "--plan", plan.toString(), "--table", "Projects", "--id", "p-9");

            assertThat(model.code()).isEqualTo(ExitCode.INVALID);
            assertThat(model.err()).isEqualTo("error: table Project is not in the plan " + plan + " (its models: Contacts, Projects)\n");
            assertThat(id.code()).isEqualTo(ExitCode.INVALID);
            assertThat(id.err()).isEqualTo("error: source table Projects" + app.devSuffix + " has no item with id = p-9\n");
            CliRun aws = dmig("preview", "--plan", plan.toString(), "--table", "Projects", "--aws");
            assertThat(aws.code()).isEqualTo(ExitCode.INVALID);
            assertThat(aws.err()).isEqualTo("error: --aws: preview reads the source from this machine and runs nothing on AWS; leave"
                    + " --aws out (with credentials for the source, as for dmig infer)\n");
        }
    }

    /** A line of the preview's table: the attribute, its source value and its target value in their columns. */
    private static String row(String attribute, String source, String target) {
        return "  %-24s %-44s %s".formatted(attribute, source, target);
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
