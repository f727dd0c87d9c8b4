package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cognito.CognitoFront;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.identity.PoolPairing;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's users mapped by the identity map dmig builds from the two environments' user pools, on cognito-local (an
 * emulator of Cognito's user-pool API, not Cognito) and DynamoDB Local. Development's pool signs users in by username,
 * production's by email (a user's username there is their sub); users are paired by email, whatever its case: alice,
 * bob (whose development email is {@code Bob@Example.COM}) and erin have a production user under another username,
 * carol has none, two development users share an email (neither is paired), and dave is in production only. The tables
 * hold owners ({@code <sub>::<username>}), lists of owners, a GSI key {@code USER#<sub>}, a composite sort-key attribute
 * with a reference and a single-table {@code PK}/{@code SK} holding subs and IDs. The pools are read through a
 * test-side {@link CognitoFront} that pages ListUsers as Cognito does (cognito-local never pages) and counts the
 * requests: every value is checked against the test's own map (the users as the pools created them) and the spec's ID
 * function, the default refuses carol's values before any write, {@code keep} copies them, validation passes, a
 * rollback restores the target exactly, and a run killed mid-way resumes exactly without reading a pool again.
 */
class IdentityPoolsIT {
    /** The front's page: small, so that a handful of users takes several requests. */
    private static final int PAGE = 2;
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s", "userPoolId": "%s"}, "target": {"tableSuffix": "%s", "userPoolId": "%s"}, %s
            """ + IdentityApp.TABLES + "}";
    private static CognitoLocal cognito;
    private static CognitoFront front;

    /** Two pools of one test: their IDs, and the app of their users (carol last, without a production user). */
    private record Pools(String dev, String prod, IdentityApp app) {}

    @BeforeAll
    static void start() {
        SharedStack.credentialsForTheCli();
        cognito = CognitoLocal.shared();
        front = new CognitoFront(cognito.endpoint(), PAGE);
    }

    @AfterAll
    static void stop() {
        if (front != null) {
            front.close();
        }
    }

    /** A development pool and a production pool with the users this test is about, as cognito-local created them. */
    private static Pools pools() {
        int n = POOLS.incrementAndGet();
        String dev = cognito.createPool("dev-" + n, false);
        String prod = cognito.createPool("prod-" + n, true);
        List<IdentityApp.User> users = new ArrayList<>();
        for (String[] user : new String[][] {{"alice", "alice@example.com"}, {"bob", "Bob@Example.COM"}, {"erin", "erin@example.com"}}) {
            String[] d = cognito.createUser(dev, user[0], Map.of("email", user[1]));
            String[] p = cognito.createUser(prod, user[1].toLowerCase(java.util.Locale.ROOT), Map.of("email", user[1].toLowerCase(java.util.Locale.ROOT)));
            users.add(new IdentityApp.User(d[1], d[0], p[1], p[0]));
        }
        String[] carol = cognito.createUser(dev, "carol", Map.of("email", "carol@example.com"));
        users.add(new IdentityApp.User(carol[1], carol[0], null, null));
        cognito.createUser(dev, "gil", Map.of("email", "twins@example.com"));
        cognito.createUser(dev, "gil2", Map.of("email", "twins@example.com"));
        cognito.createUser(prod, "dave@example.com", Map.of("email", "dave@example.com"));
        cognito.createUser(prod, "twins@example.com", Map.of("email", "twins@example.com"));
        return new Pools(dev, prod, new IdentityApp(users));
    }

    private static Path plan(AppTables app, Pools pools, Path dir, String extra) throws Exception {
        Path file = dir.resolve("plan" + app.devSuffix + ".json");
        Files.writeString(file, PLAN.formatted(app.devSuffix, pools.dev(), app.prodSuffix, pools.prod(), extra));
        return file;
    }

    /** The ListUsers requests of {@code pool} that reached the front. */
    private static List<CognitoFront.Listing> listings(String pool) {
        return front.listings().stream().filter(l -> l.userPoolId().equals(pool)).toList();
    }

    @Test
    void aUserWithoutAMatchInTheTargetPool_refusesTheRunBeforeAnyWrite_andTheAnalysisSaysWhoIsNotPairedAndWhy(@TempDir Path dir)
            throws Exception {
        Pools pools = pools();
        try (AppTables app = pools.app().tables("poolrefuse", 4)) {
            Map<String, String> before = app.digests(app.prodSuffix);

            CliRun run = dmig("migrate", "--plan", plan(app, pools, dir, "").toString(), "--confirm", "--no-backup", "--run", "pool-refuse",
                    "--cognito-endpoint", front.endpoint().toString());

            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCode.INVALID);
            IdentityApp.User carol = pools.app().users.get(3);
            assertThat(run.out()).containsPattern("  table Todo, attribute (owner|editors\\[\\]): \\d+ items \\(first: item id=todo-\\d+:"
                    + " identity '("
                    + Pattern.quote(carol.devOwner()) + "|" + Pattern.quote(carol.devSub()) + ")" + Pattern.quote("' has no match in "
                    + "the target user pool (paired by email); give the user the same email in both pools, or pair them in an "
                    + "identities.csv, or set identities.onUnmatched to keep or remove"));
            assertThat(run.lastLine()).endsWith(": nothing was written");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
            PoolPairing pairing = Json.MAPPER.convertValue(ARTIFACTS.getJson(RunLayout.analysis("pool-refuse"), Analysis.class)
                    .orElseThrow().section("identities", JsonNode.class).get("pools"), PoolPairing.class);
            assertThat(pairing.sourceUsers()).isEqualTo(6);
            assertThat(pairing.targetUsers()).isEqualTo(5);
            assertThat(pairing.pairedByPools()).isEqualTo(3);
            assertThat(pairing.unpairedExamples()).containsExactly(
                    new PoolPairing.Unpaired("carol", "no user of the target pool has this email"),
                    new PoolPairing.Unpaired("gil", "2 users of the source pool have this email (gil, gil2)"),
                    new PoolPairing.Unpaired("gil2", "2 users of the source pool have this email (gil, gil2)"));
            assertThat(run.out()).doesNotContain("twins@").doesNotContain("carol@");
        }
    }

    @Test
    void keep_mapsEveryPairedUser_keepsCarols_validates_readsThePoolsOnce_andRollsBackExactly(@TempDir Path dir) throws Exception {
        Pools pools = pools();
        try (AppTables app = pools.app().tables("poolkeep", 4)) {
            Map<String, String> before = app.digests(app.prodSuffix);
            Path plan = plan(app, pools, dir, "\"identities\": {\"onUnmatched\": \"keep\"},");

            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "pool-keep",
                    "--cognito-endpoint", front.endpoint().toString());

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            pools.app().assertMapped(app, ARTIFACTS, IdentityApp.MODELS, "pool-keep", true);
            assertThat(ARTIFACTS.getJson(RunLayout.validation("pool-keep"), ValidationReport.class).orElseThrow().passed()).isTrue();
            String line = "identities: 3 of 6 users of pool " + pools.dev() + " paired by email with 5 users of pool " + pools.prod()
                    + " (3 not paired: carol, no user of the target pool has this email; gil, 2 users of the source pool have this "
                    + "email (gil, gil2); gil2, 2 users of the source pool have this email (gil, gil2)); ";
            assertThat(migrate.out()).contains("  " + line);
            // Each pool read once, a page at a time as the SDK's paginator asks, 60 users a request, after one request to
            // check it before the run opened.
            assertThat(listings(pools.dev())).extracting(CognitoFront.Listing::token).containsExactly(null, null, "after-2", "after-4");
            assertThat(listings(pools.prod())).extracting(CognitoFront.Listing::token).containsExactly(null, null, "after-2", "after-4");
            assertThat(front.listings()).filteredOn(l -> l.userPoolId().equals(pools.dev()) || l.userPoolId().equals(pools.prod()))
                    .extracting(CognitoFront.Listing::limit).containsOnly(60);
            Analysis analysis = ARTIFACTS.getJson(RunLayout.analysis("pool-keep"), Analysis.class).orElseThrow();
            assertThat(analysis.estimate().userPoolRequests()).isEqualTo(8);

            CliRun idmap = dmig("idmap", "--run", "pool-keep", "--identities");
            assertThat(idmap.code()).as(idmap.err()).isZero();
            StringBuilder csv = new StringBuilder("source_sub,target_sub,source_username,target_username\n");
            pools.app().users.stream().filter(u -> u.prodSub() != null).forEach(u -> csv.append(u.devSub()).append(',')
                    .append(u.prodSub()).append(',').append(u.devUsername()).append(',').append(u.prodUsername()).append('\n'));
            assertThat(idmap.out()).isEqualTo(csv.toString());
            assertThat(dmig("status", "--run", "pool-keep").out()).contains(line);

            assertThat(dmig("validate", "--run", "pool-keep").code()).isZero();
            CliRun rollback = dmig("rollback", "--run", "pool-keep", "--confirm");
            assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
            assertThat(app.digests(app.prodSuffix)).as("target exactly as before").isEqualTo(before);
            assertThat(listings(pools.dev()).size() + listings(pools.prod()).size()).as("validate and rollback read no pool").isEqualTo(8);
        }
    }

    @Test
    void aRunKilledMidWay_resumesExactly_withTheMapItBuilt_readingNoPoolAgain(@TempDir Path dir) throws Exception {
        Pools pools = pools();
        try (AppTables app = pools.app().tables("poolkill", 3)) {
            // Killed while a segment holds its writer lease: its tables, written together, are paced to take a few seconds.
            Path plan = plan(app, pools, dir, "\"writeRateLimit\": 5,");
            MidRunKill.killMidRun(plan, "pool-kill", 0, dir, List.of("--cognito-endpoint", front.endpoint().toString()));
            int read = listings(pools.dev()).size() + listings(pools.prod()).size();
            assertThat(read).isEqualTo(8);
            // The pools change after the run began: the run goes on with the map it froze.
            IdentityApp.User alice = pools.app().users.get(0);
            cognito.client().adminDeleteUser(b -> b.userPoolId(pools.prod()).username(alice.prodUsername()));

            CliRun resumed = dmig("resume", "--run", "pool-kill");

            assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run pool-kill (full): ");
            pools.app().assertMapped(app, ARTIFACTS, IdentityApp.MODELS, "pool-kill", false);
            assertThat(listings(pools.dev()).size() + listings(pools.prod()).size()).as("the resumed run read no pool").isEqualTo(read);
            String bob = "USER#" + pools.app().users.get(1).prodSub();
            assertThat(app.dynamoDb.query(b -> b.tableName(app.target("Todo")).indexName("byOwner")
                    .keyConditionExpression("ownerKey = :o").expressionAttributeValues(Map.of(":o", s(bob)))).items())
                    .as("the index on the mapped key finds bob's todos in production").hasSize(IdentityApp.TODOS / 3);
        }
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
