package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.faults.FaultProxy;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A production that already holds some of development's users (the same usernames under other IDs, with other
 * attributes) and customers (the same emails, another case), on DynamoDB Local through the command line: with
 * {@code match} on the username under {@code keep}, no username is held twice after the run, every job's client and
 * operator that named a matched development user names production's user, and production's own records are as they
 * were; under {@code update} production's users carry development's values and a rollback restores them exactly; an
 * ambiguous match is refused with both keys named, nothing written.
 */
class MatchExistingRecordsIT {
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"},
             "tables": {"User": {"match": {"on": ["username"], "whenMatched": "%s"}},
                        "Customer": {"match": {"on": ["email"], "whenMatched": "%s", "caseInsensitive": true}},
                        "Job": {"references": {"client": "User", "operator": "User", "customerId": "Customer"}}}}
            """;

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static AppTables app(String name, AppTables.Index... userIndexes) {
        AppTables app = new AppTables(name).table("User", "id", null, userIndexes).table("Customer", "id", null)
                .table("Job", "id", null);
        app.load(app.source("User"), List.of(
                Map.of("id", s("u1"), "username", s("alice"), "name", s("Alice (dev)"), "role", s("tester")),
                Map.of("id", s("u2"), "username", s("bob"), "name", s("Bob (dev)")),
                Map.of("id", s("u3"), "username", s("carol"), "name", s("Carol (dev)")),
                Map.of("id", s("u4"), "username", s("dave"), "name", s("Dave (dev)"))));
        app.load(app.target("User"), List.of(
                Map.of("id", s("prod-alice"), "username", s("alice"), "name", s("Alice"), "role", s("admin")),
                Map.of("id", s("prod-bob"), "username", s("bob"), "name", s("Bob"), "phone", s("+15550100")),
                Map.of("id", s("prod-erin"), "username", s("erin"), "name", s("Erin"))));
        app.load(app.source("Customer"), List.of(
                Map.of("id", s("c1"), "email", s("Orders@Acme.example"), "name", s("Acme (dev)")),
                Map.of("id", s("c2"), "email", s("ops@globex.example"), "name", s("Globex (dev)"))));
        app.load(app.target("Customer"), List.of(
                Map.of("id", s("prod-acme"), "email", s("orders@acme.example"), "name", s("Acme"))));
        app.load(app.source("Job"), List.of(
                Map.of("id", s("j1"), "client", s("u1"), "operator", s("u3"), "customerId", s("c1")),
                Map.of("id", s("j2"), "client", s("u2"), "operator", s("u1"), "customerId", s("c2")),
                Map.of("id", s("j3"), "client", s("u4"), "operator", s("u2"), "customerId", s("c1"))));
        return app;
    }

    @Test
    void keep_noUsernameTwice_jobsNameProductionsUsers_productionsRecordsUnchanged(@TempDir Path dir) throws Exception {
        try (AppTables app = app("matchkeep")) {
            Map<String, Map<String, AttributeValue>> prodUsers = byId(app.scan(app.target("User")));
            Map<String, Map<String, AttributeValue>> prodCustomers = byId(app.scan(app.target("Customer")));
            Map<String, String> before = app.digests(app.prodSuffix);

            CliRun dry = dmig("analyze", "--plan", plan(app, dir, "keep").toString(), "--run", "mkd-" + app.devSuffix);
            assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
            assertThat(dry.out()).containsPattern("\n  match: table User, on username: 2 matched, kept as the target's records \\(e\\.g\\."
                    + " id=u[12] → id=prod-(alice|bob), id=u[12] → id=prod-(alice|bob)\\), 2 inserted, 0 skipped, 0 ambiguous\n")
                    .contains("\n  match: table Customer, on email: 1 matched, kept as the target's records (e.g. id=c1 → id=prod-acme),"
                            + " 1 inserted, 0 skipped, 0 ambiguous\n");
            assertThat(app.digests(app.prodSuffix)).as("a dry run writes nothing").isEqualTo(before);

            String runId = "mk-" + app.devSuffix;
            CliRun run = dmig("migrate", "--plan", plan(app, dir, "keep").toString(), "--confirm", "--no-backup", "--run", runId);

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.lastLine()).startsWith("SUCCEEDED  run " + runId + " (full): ");
            assertThat(run.out()).contains("\n  match: table Customer, on email: 1 matched, kept as the target's records (e.g. id=c1 →"
                    + " id=prod-acme), 1 inserted, 0 skipped, 0 ambiguous\n")
                    .contains("  3 tables: 9 read, 6 written, 3 already in the target (left as they are)\n");
            Path page = dir.resolve("report.html");
            assertThat(dmig("report", "--run", runId, "--html", page.toString()).code()).isZero();
            assertThat(Files.readString(page)).contains("<dt>Matched</dt><dd>table User, on username: 2 matched, kept as the"
                    + " target&#39;s records (e.g. id=u").contains("<br>table Customer, on email: 1 matched, kept as the target&#39;s"
                    + " records (e.g. id=c1 → id=prod-acme), 1 inserted, 0 skipped, 0 ambiguous</dd>");
            CliRun idmap = dmig("idmap", "--run", runId, "--table", "User");
            assertThat(idmap.out().lines().toList()).as("which dev users became which production users")
                    .contains("u1,prod-alice", "u2,prod-bob", "u3," + app.newId("User", "u3"));
            Map<String, Map<String, AttributeValue>> users = byId(app.scan(app.target("User")));
            assertThat(users.values().stream().map(u -> u.get("username").s()).toList()).as("no username twice")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrder("alice", "bob", "carol", "dave", "erin");
            prodUsers.forEach((id, user) -> assertThat(users.get(id)).as("production's user %s", id).isEqualTo(user));
            Map<String, Map<String, AttributeValue>> customers = byId(app.scan(app.target("Customer")));
            assertThat(customers).hasSize(2);
            prodCustomers.forEach((id, customer) -> assertThat(customers.get(id)).isEqualTo(customer));
            Map<String, Map<String, AttributeValue>> jobs = byId(app.scan(app.target("Job")));
            assertThat(jobs.get(app.newId("Job", "j1"))).containsEntry("client", s("prod-alice"))
                    .containsEntry("operator", s(app.newId("User", "u3"))).containsEntry("customerId", s("prod-acme"));
            assertThat(jobs.get(app.newId("Job", "j2"))).containsEntry("client", s("prod-bob"))
                    .containsEntry("operator", s("prod-alice")).containsEntry("customerId", s(app.newId("Customer", "c2")));
            assertThat(jobs.get(app.newId("Job", "j3"))).containsEntry("client", s(app.newId("User", "u4")))
                    .containsEntry("operator", s("prod-bob")).containsEntry("customerId", s("prod-acme"));
        }
    }

    @Test
    void update_productionsUsersCarryDevsValues_butTheirOwnSpellingOfTheMatch_andARollbackRestoresThemExactly(@TempDir Path dir) throws Exception {
        try (AppTables app = app("matchupdate")) {
            Map<String, String> before = app.digests(app.prodSuffix);
            String runId = "mu-" + app.devSuffix;

            CliRun run = dmig("migrate", "--plan", plan(app, dir, "update").toString(), "--confirm", "--no-backup", "--run", runId);

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            Map<String, Map<String, AttributeValue>> users = byId(app.scan(app.target("User")));
            assertThat(users.get("prod-alice")).isEqualTo(Map.of("id", s("prod-alice"), "username", s("alice"),
                    "name", s("Alice (dev)"), "role", s("tester")));
            assertThat(users.get("prod-bob")).as("dev's values over production's; the phone only production's record has, kept")
                    .isEqualTo(Map.of("id", s("prod-bob"), "username", s("bob"), "name", s("Bob (dev)"), "phone", s("+15550100")));
            assertThat(users.get("prod-erin")).containsEntry("name", s("Erin"));
            assertThat(users).hasSize(5);
            assertThat(byId(app.scan(app.target("Customer"))).get("prod-acme")).containsEntry("name", s("Acme (dev)"))
                    .as("the value the pair was made on, as production spells it: its lookups by exact value still find it")
                    .containsEntry("email", s("orders@acme.example"));

            CliRun rollback = dmig("rollback", "--run", runId, "--confirm");

            assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
            assertThat(app.digests(app.prodSuffix)).as("production exactly as it was").isEqualTo(before);
        }
    }

    @Test
    void update_aMergedRecordProductionEditedSince_survivesTheRollback_namedAsLeft_andEverythingElseIsUndoneExactly(
            @TempDir Path dir) throws Exception {
        try (AppTables app = app("matchedit")) {
            Map<String, Map<String, Map<String, AttributeValue>>> before = new TreeMap<>();
            for (String model : List.of("User", "Customer", "Job")) {
                before.put(model, byId(app.scan(app.target(model))));
            }
            String runId = "me-" + app.devSuffix;
            CliRun run = dmig("migrate", "--plan", plan(app, dir, "update").toString(), "--confirm", "--no-backup", "--run", runId);
            assertThat(run.code()).as(run.out() + run.err()).isZero();
            // Production's app edits bob's merged record after the run: a name of its own, and an attribute it adds.
            Map<String, AttributeValue> edited = new TreeMap<>(byId(app.scan(app.target("User"))).get("prod-bob"));
            edited.put("name", s("Robert"));
            edited.put("team", s("ops"));
            app.load(app.target("User"), List.of(edited));

            CliRun rollback = dmig("rollback", "--run", runId, "--confirm");

            assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
            String bob = app.target("User") + " id=prod-bob";
            assertThat(rollback.out()).contains("\n  left as production changed it since: " + bob + "\n")
                    .contains(", 1 item left as production changed it since\n");
            assertThat(rollback.lastLine()).isEqualTo("ROLLED BACK  run " + runId + " (rollback): rolled back on request: 8 items"
                    + " undone; 1 item left as production changed it since (" + bob + ")");
            Map<String, Map<String, Map<String, AttributeValue>>> expected = new TreeMap<>(before);
            Map<String, Map<String, AttributeValue>> users = new TreeMap<>(before.get("User"));
            users.put("prod-bob", edited);
            expected.put("User", users);
            Map<String, Map<String, Map<String, AttributeValue>>> after = new TreeMap<>();
            for (String model : List.of("User", "Customer", "Job")) {
                after.put(model, byId(app.scan(app.target(model))));
            }
            assertThat(after).as("production as it was before the run, but for the edit made since").isEqualTo(expected);
            CliRun status = dmig("status", "--run", runId);
            assertThat(status.out()).as(status.out()).contains("\nrollback: 8 items undone; 1 item left as production changed it"
                    + " since (" + bob + ")\n");
            Path page = dir.resolve("report-edit.html");
            assertThat(dmig("report", "--run", runId, "--html", page.toString()).code()).isZero();
            assertThat(Files.readString(page)).contains("complete</span>, not exact</h2>")
                    .contains("<h3>1 item left as production changed it since</h3>");
        }
    }

    @Test
    void anAmbiguousMatch_isRefusedNamingBothKeys_nothingWritten(@TempDir Path dir) throws Exception {
        try (AppTables app = app("matchambiguous")) {
            app.load(app.target("User"), List.of(Map.of("id", s("prod-alice-2"), "username", s("alice"), "name", s("Alice, again"))));
            Map<String, String> before = app.digests(app.prodSuffix);

            CliRun run = dmig("migrate", "--plan", plan(app, dir, "keep").toString(), "--confirm", "--no-backup", "--run", "ma-" + app.devSuffix);

            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCode.INVALID);
            assertThat(run.out()).contains("table User, attribute username: source item id=u1 matches 2 target items, id=prod-alice"
                    + " and id=prod-alice-2, by username 'a***'; make the values unique in the target, or match on more attributes")
                    .as("the value masked, never as it is").doesNotContain("'alice'");
            assertThat(run.lastLine()).endsWith(": nothing was written");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
        }
    }

    @Test
    void whenMatchedFail_refusesAsConflictsAre_oneLinePerMatch_nothingWritten(@TempDir Path dir) throws Exception {
        try (AppTables app = app("matchfail")) {
            Map<String, String> before = app.digests(app.prodSuffix);
            String runId = "mf-" + app.devSuffix;

            CliRun run = dmig("migrate", "--plan", plan(app, dir, "fail").toString(), "--confirm", "--no-backup", "--run", runId);

            assertThat(run.code()).as("the exit code of conflicts, as unique values under abort: " + run.out() + run.err())
                    .isEqualTo(ExitCode.REFUSED);
            assertThat(run.out()).contains("\n  table User, attribute username: source item id=u1 matches target item id=prod-alice"
                    + " by username 'a***' (match.whenMatched is fail); set whenMatched to keep or update, or remove the target's"
                    + " record\n");
            assertThat(run.lastLine()).isEqualTo("REFUSED  run " + runId + " (full): 3 source records match records the target"
                    + " already holds and match.whenMatched is fail; nothing was written");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
        }
    }

    @Test
    void aSoftDeletedProductionUser_isNoCandidate_theDevUserIsInsertedBesideIt_andTheDryRunCountsIt(@TempDir Path dir)
            throws Exception {
        try (AppTables app = app("matchtombstone")) {
            // Carol was deleted in production through DataStore: her row stays, flagged, until its TTL removes it.
            Map<String, AttributeValue> tombstone = Map.of("id", s("prod-carol"), "username", s("carol"), "name", s("Carol"),
                    "_deleted", AttributeValue.fromBool(true), "_version", AttributeValue.fromN("3"),
                    "_lastChangedAt", AttributeValue.fromN("1700000000000"));
            app.load(app.target("User"), List.of(tombstone));

            CliRun dry = dmig("analyze", "--plan", plan(app, dir, "keep").toString(), "--run", "mtd-" + app.devSuffix);

            assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
            assertThat(dry.out()).contains(", 2 inserted, 0 skipped, 0 ambiguous, 1 tombstone not a candidate (e.g. id=prod-carol:"
                    + " _deleted)\n");
            String runId = "mt-" + app.devSuffix;
            CliRun run = dmig("migrate", "--plan", plan(app, dir, "keep").toString(), "--confirm", "--no-backup", "--run", runId);

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.lastLine()).startsWith("SUCCEEDED  run " + runId + " (full): ");
            Map<String, Map<String, AttributeValue>> users = byId(app.scan(app.target("User")));
            assertThat(users.get(app.newId("User", "u3"))).as("dev's carol, a new record").containsEntry("username", s("carol"))
                    .doesNotContainKey("_deleted");
            assertThat(users.get("prod-carol")).as("the tombstone, as it was").isEqualTo(tombstone);
            assertThat(byId(app.scan(app.target("Job"))).get(app.newId("Job", "j1"))).as("references name the live record")
                    .containsEntry("operator", s(app.newId("User", "u3")));
        }
    }

    @Test
    void twoDevUsersWithOneUsername_areRefusedBeforeAnyWrite_oneLinePerUsername(@TempDir Path dir) throws Exception {
        try (AppTables app = app("matchtwins")) {
            // Another dave, and a frank twice, one with a trailing blank: none of them is in production.
            app.load(app.source("User"), List.of(Map.of("id", s("u5"), "username", s("dave"), "name", s("Dave again")),
                    Map.of("id", s("u6"), "username", s("frank"), "name", s("Frank")),
                    Map.of("id", s("u7"), "username", s("frank "), "name", s("Frank, again"))));
            int targetUsers = app.scan(app.target("User")).size();
            Map<String, String> before = app.digests(app.prodSuffix);
            String runId = "mw-" + app.devSuffix;

            CliRun run = dmig("migrate", "--plan", plan(app, dir, "keep").toString(), "--confirm", "--no-backup", "--run", runId);

            assertThat(run.code()).as("refused as the analysis refuses data problems: " + run.out() + run.err())
                    .isEqualTo(ExitCode.INVALID);
            for (String twins : List.of("id=u4 and id=u5, hold username 'd***'", "id=u6 and id=u7, hold username 'f***'")) {
                assertThat(run.out()).contains("\n  table User, attribute username: 2 source items, " + twins + " and no target item"
                        + " does: each would be inserted as a new record (match.whenNotMatched is insert), one natural key held 2"
                        + " times; make the values unique in the source, or match on more attributes\n");
            }
            assertThat(run.out()).doesNotContain("'dave'", "'frank'");
            assertThat(run.lastLine()).endsWith(": nothing was written");
            assertThat(app.scan(app.target("User"))).hasSize(targetUsers);
            assertThat(app.digests(app.prodSuffix)).as("nothing written to any table").isEqualTo(before);
        }
    }

    @Test
    void whenNotMatchedSkip_countsTheRecordsLeftBehindInTheirOwnWords_inTheSummaryStatusAndReport(@TempDir Path dir)
            throws Exception {
        try (AppTables app = app("matchskip")) {
            Path plan = dir.resolve("plan-skip.json");
            Files.writeString(plan, PLAN.formatted(app.devSuffix, app.prodSuffix, "keep", "keep")
                    .replace("\"whenMatched\": \"keep\"}}", "\"whenMatched\": \"keep\", \"whenNotMatched\": \"skip\"}}"));
            String runId = "ms-" + app.devSuffix;

            CliRun dry = dmig("analyze", "--plan", plan.toString(), "--run", "msd-" + app.devSuffix);
            assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
            assertThat(dry.out()).contains("\n  match: table User, on username: 2 matched, kept as the target's records")
                    .contains(", 0 inserted, 2 skipped, 0 ambiguous\n").doesNotContain("soft-deleted");

            CliRun run = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", runId);

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            String counted = "3 tables: 9 read, 4 written, 2 not written: no matching record in the target (match.whenNotMatched is"
                    + " skip), 3 already in the target (left as they are)";
            assertThat(run.out()).contains("\n  " + counted + "\n").doesNotContain("soft-deleted");
            CliRun status = dmig("status", "--run", runId);
            assertThat(status.out()).as(status.out()).contains("0 written, 2 not written: no matching record in the target"
                    + " (match.whenNotMatched is skip), 2 already in the target (left as they are)").doesNotContain("soft-deleted");
            Path page = dir.resolve("report-skip.html");
            assertThat(dmig("report", "--run", runId, "--html", page.toString()).code()).isZero();
            assertThat(Files.readString(page)).contains("<i class=\"dropped\"></i>skipped: records with no matching record in the"
                    + " target (match.whenNotMatched is skip), left behind</span>").doesNotContain("soft-deleted");
            CliRun preview = dmig("preview", "--plan", plan.toString(), "--table", "User", "--id", "u3");
            assertThat(preview.out()).as(preview.err()).isEqualTo("User  id=u3\n  left behind, not written: no matching record in the"
                    + " target (match.whenNotMatched is skip)\n");
        }
    }

    @Test
    void preview_showsAMatchedRecordAsTheTargetsRecord_andReferencesToItNamingIt(@TempDir Path dir) throws Exception {
        try (AppTables app = app("matchpreview")) {
            Map<String, String> before = app.digests(app.prodSuffix);

            CliRun kept = dmig("preview", "--plan", plan(app, dir, "keep").toString(), "--table", "User", "--id", "u1");
            CliRun job = dmig("preview", "--plan", plan(app, dir, "keep").toString(), "--table", "Job", "--id", "j1");
            CliRun updated = dmig("preview", "--plan", plan(app, dir, "update").toString(), "--table", "User", "--id", "u2");

            assertThat(kept.code()).as(kept.out() + kept.err()).isZero();
            assertThat(kept.out()).isEqualTo("User  id=u1  →  id=prod-alice\n  the target's record id=prod-alice is this record (match"
                    + " on username, whenMatched keep): a run leaves it as it is and writes nothing for this record; references to"
                    + " this record name it\n");
            assertThat(job.code()).as(job.out() + job.err()).isZero();
            assertThat(job.out()).contains(row("client", "u1", "prod-alice")).contains(row("customerId", "c1", "prod-acme"))
                    .contains(row("operator", "u3", app.newId("User", "u3")));
            assertThat(updated.code()).as(updated.out() + updated.err()).isZero();
            assertThat(updated.out()).isEqualTo(String.join("\n",
                    "User  id=u2  →  id=prod-bob",
                    "  the target's record id=prod-bob is this record (match on username, whenMatched update): a run writes the"
                            + " target values below over it, and keeps the attributes only it has; references to this record name it",
                    row("attribute", "source", "target"),
                    row("id", "u2", "prod-bob"),
                    row("name", "Bob (dev)", "="),
                    row("username", "bob", "="),
                    ""));
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
        }
    }

    private static String row(String attribute, String source, String target) {
        return "  %-24s %-44s %s".formatted(attribute, source, target);
    }

    @Test
    void aTargetWithAnIndexKeyedByTheMatchAttribute_isReadThroughTheIndex(@TempDir Path dir) throws Exception {
        try (AppTables app = app("matchindex", new AppTables.Index("byUsername", "username", null));
             FaultProxy front = FaultProxy.start(SharedStack.stack().dynamoDbEndpoint(), 11)) {
            List<String> endpoints = new ArrayList<>(CliRun.embeddedS3());
            endpoints.addAll(List.of("--dynamodb-endpoint", front.endpoint().toString()));

            CliRun dry = CliRun.of(endpoints, "analyze", "--plan", plan(app, dir, "keep").toString(), "--run", "mi-" + app.devSuffix);

            assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
            assertThat(dry.out()).containsPattern("\n  match: table User, on username: 2 matched, kept as the target's records \\(e\\.g\\."
                    + " id=u[12] → id=prod-(alice|bob), id=u[12] → id=prod-(alice|bob)\\), 2 inserted, 0 skipped, 0 ambiguous\n");
            assertThat(front.received("Scan", "byUsername")).as("production's users read through the index").isPositive();
        }
    }

    @Test
    void pinsOnTheCommandLineOrInACsv_pairARecordByHand_andABadOneIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        try (AppTables app = app("matchpin")) {
            // Globex is in production under an older address: no value pairs it, a pin does.
            app.load(app.target("Customer"), List.of(Map.of("id", s("prod-globex"), "email", s("old-ops@globex.example"),
                    "name", s("Globex"))));
            Path plan = plan(app, dir, "keep");
            Map<String, String> before = app.digests(app.prodSuffix);

            CliRun bad = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--map", "Job:j1=x",
                    "--run", "mpb-" + app.devSuffix);
            assertThat(bad.code()).isEqualTo(ExitCode.INVALID);
            assertThat(bad.err()).isEqualTo("error: --map Job:j1=x: table Job of " + plan + " has no match; pins pair records of"
                    + " a table with a match, like \"match\": {\"on\": [\"email\"], \"whenMatched\": \"keep\"}\n");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);

            CliRun dry = dmig("analyze", "--plan", plan.toString(), "--map", "Customer:c2=prod-globex", "--run", "mpd-" + app.devSuffix);
            assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
            assertThat(dry.out()).contains("\n  match: table Customer, on email: 2 matched, kept as the target's records (e.g. id=c2 →"
                    + " id=prod-globex, id=c1 → id=prod-acme), 0 inserted, 0 skipped, 0 ambiguous\n");
            Path badCsv = dir.resolve("bad-pins.csv");
            Files.writeString(badCsv, "model,source_id,target_id\nCustomer,c2\n");
            CliRun badFile = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--map-csv", badCsv.toString(),
                    "--run", "mpc-" + app.devSuffix);
            assertThat(badFile.code()).isEqualTo(ExitCode.INVALID);
            assertThat(badFile.err()).isEqualTo("error: --map-csv " + badCsv + " line 2: give MODEL,SOURCE_ID,TARGET_ID, like"
                    + " Customer,c-17,prod-c-4\n");
            Path pins = dir.resolve("pins.csv");
            Files.writeString(pins, "model,source_id,target_id\nCustomer,c2,prod-globex\n");

            CliRun run = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--map-csv", pins.toString(),
                    "--run", "mp-" + app.devSuffix);

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("\n  match: table Customer, on email: 2 matched, kept as the target's records (e.g. id=c2 →"
                    + " id=prod-globex, id=c1 → id=prod-acme), 0 inserted, 0 skipped, 0 ambiguous\n");
            assertThat(byId(app.scan(app.target("Customer")))).hasSize(2);
            assertThat(byId(app.scan(app.target("Job"))).get(app.newId("Job", "j2"))).containsEntry("customerId", s("prod-globex"));
        }
    }

    private static Map<String, Map<String, AttributeValue>> byId(List<Map<String, AttributeValue>> items) {
        Map<String, Map<String, AttributeValue>> byId = new TreeMap<>();
        items.forEach(item -> byId.put(item.get("id").s(), item));
        return byId;
    }

    private static Path plan(AppTables app, Path dir, String whenMatched) throws Exception {
        Path file = dir.resolve("plan-" + whenMatched + ".json");
        Files.writeString(file, PLAN.formatted(app.devSuffix, app.prodSuffix, whenMatched, whenMatched));
        return file;
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
