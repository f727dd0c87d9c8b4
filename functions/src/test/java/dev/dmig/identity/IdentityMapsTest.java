package dev.dmig.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.TestFeatures;
import dev.dmig.json.Json;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.Problem;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.store.InMemoryArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's identity map from two user pools, on pools of the test's own making that page as Cognito does ({@link
 * FakeUserPool}; cognito-local never pages): listed across calls that run out of time, each page asked for once,
 * paired once, frozen, and never read again.
 */
class IdentityMapsTest {
    private static final int USERS = 23;
    private static final int PAGE = 5;
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    /** The test's clock, in nanoseconds: each page a pool answers takes a second of it. */
    private final AtomicLong nanos = new AtomicLong();

    /** The maps are the core's; the plans that ask for them are read by the identities feature, which this build must have. */
    @BeforeEach
    void onlyWithIdentities() {
        TestFeatures.assumeHas("IdentityFeature");
    }

    private static MigrationPlan plan(String identities) {
        return PlanParser.parse("""
                {"source": {"tableSuffix": "-dev", "userPoolId": "eu-west-1_dev"},
                 "target": {"tableSuffix": "-prod", "userPoolId": "eu-west-1_prod"}, %s
                 "tables": {"Todo": {"references": {"owner": "@owner"}}}}""".formatted(identities)).forRun("pools");
    }

    private static RunManifest manifest() {
        return manifest("pools");
    }

    private static RunManifest manifest(String runId) {
        return RunManifest.opened(runId, RunMode.FULL, "exec-1", "sha256:x", "-dev", "-prod", null, null, null);
    }

    /** User {@code i}'s sub in the pool of {@code prefix} (dev or prod): a UUID, as Cognito gives. */
    private static String sub(String prefix, int i) {
        return (prefix.equals("dev") ? "d" : "e") + "%07d-0000-4000-8000-000000000000".formatted(i);
    }

    private FakeUserPool pool(String id, String prefix) {
        List<PoolUser> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(IdentityPairingTest.user(prefix + i, sub(prefix, i), "user" + i + "@example.com"));
        }
        return new FakeUserPool(id, users, PAGE, () -> nanos.addAndGet(1_000_000_000L));
    }

    /** A pool whose users sign in with their email or phone number as their username (user 5 by phone in development). */
    private FakeUserPool personalPool(String id, String prefix) {
        List<PoolUser> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String email = "user" + i + "@example.com";
            String username = prefix.equals("dev") && i == 5 ? "+1555010010" + i % 10 : prefix.equals("dev") ? email : email.toUpperCase(Locale.ROOT);
            users.add(IdentityPairingTest.user(username, sub(prefix, i), email));
        }
        return new FakeUserPool(id, users, PAGE, () -> nanos.addAndGet(1_000_000_000L));
    }

    private String gunzipped(String key) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(artifacts.get(key).orElseThrow()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deadline that passes after {@code pages} pages. */
    private Deadline after(int pages) {
        return Deadline.in(pages * 1_000L - 1, nanos::get);
    }

    @Test
    void poolsListedOverSeveralCalls_areReadAPageAtATimeOnce_pairedOnce_frozen_andNeverReadAgain() {
        FakeUserPool dev = pool("eu-west-1_dev", "dev");
        FakeUserPool prod = pool("eu-west-1_prod", "prod");
        UserPools pools = (side, account, ref) -> side.equals("source") ? dev : prod;
        MigrationPlan plan = plan("");
        int pages = (USERS + PAGE - 1) / PAGE;

        assertThat(IdentityMaps.build(artifacts, pools, manifest(), plan, after(3))).isFalse();
        assertThat(artifacts.get(RunLayout.userPoolListing("pools", "source"))).as("progress kept").isPresent();
        assertThat(IdentityMaps.build(artifacts, pools, manifest(), plan, after(4))).isFalse();
        assertThat(IdentityMaps.build(artifacts, pools, manifest(), plan, after(100))).isTrue();

        assertThat(dev.requested).as("each page once, the first without a token").hasSize(pages)
                .containsExactly(null, "page-5", "page-10", "page-15", "page-20");
        assertThat(prod.requested).hasSize(pages).doesNotHaveDuplicates();
        IdentityMap map = IdentityMaps.of(artifacts, manifest(), plan);
        assertThat(map.size()).isEqualTo(USERS);
        assertThat(map.map(IdentityKind.OWNER, sub("dev", 7) + "::dev7")).isEqualTo(sub("prod", 7) + "::prod7");
        PoolPairing pairing = IdentityMaps.pairing(artifacts, plan, "pools");
        assertThat(pairing.requests()).as("ceil(users / page) per pool, and one per pool to check it").isEqualTo(2L * pages + 2);
        assertThat(pairing.describe()).isEqualTo("23 of 23 users of pool eu-west-1_dev paired by email with 23 users of pool "
                + "eu-west-1_prod");
        assertThat(artifacts.list(RunLayout.prefix("pools") + "identities/"))
                .as("the listings go once the map is frozen, and the secret of their match keys with them; the key its"
                        + " usernames are sealed with stays")
                .containsExactly(RunLayout.poolMap("pools"), RunLayout.identityNameKey("pools"));
        assertThat(gunzipped(RunLayout.poolMap("pools"))).as("every username sealed, a plain one too").doesNotContain("\"dev3\"");

        UserPools gone = (side, account, ref) -> {
            throw new AssertionError("a run with its map never reads a pool again");
        };
        assertThat(IdentityMaps.build(artifacts, gone, manifest(), plan, after(100))).isTrue();
    }

    /**
     * A masked run pairs source users again with the masked users it put in the target's pool: the frozen map holds them
     * from then on (a process that read it before reads it again), their personal usernames sealed as every other's, and
     * the pairing counts them.
     */
    @Test
    void pairedAgain_theFrozenMapPointsEachUserAtTheirNewUser_andEveryStepReadsItSo() {
        FakeUserPool dev = pool("eu-west-1_dev", "dev");
        FakeUserPool prod = pool("eu-west-1_prod", "prod");
        UserPools pools = (side, account, ref) -> side.equals("source") ? dev : prod;
        MigrationPlan plan = plan("");
        assertThat(IdentityMaps.build(artifacts, pools, manifest(), plan, Deadline.none())).isTrue();
        assertThat(IdentityMaps.of(artifacts, manifest(), plan).map(IdentityKind.SUB, sub("dev", 3))).isEqualTo(sub("prod", 3));
        String masked = "jane.doe.0123456789ab@example.invalid";

        IdentityMaps.pairAgain(artifacts, manifest(), plan, List.of(new PoolUsers.Pair(new PoolUsers.User(sub("dev", 3), "dev3"),
                new PoolUsers.User("f0000003-0000-4000-8000-000000000000", masked))));

        IdentityMap map = IdentityMaps.of(artifacts, manifest(), plan);
        assertThat(map.size()).isEqualTo(USERS);
        assertThat(map.map(IdentityKind.OWNER, sub("dev", 3) + "::dev3")).isEqualTo("f0000003-0000-4000-8000-000000000000::" + masked);
        assertThat(map.map(IdentityKind.SUB, sub("dev", 4))).as("the others as they were").isEqualTo(sub("prod", 4));
        assertThat(gunzipped(RunLayout.poolMap("pools"))).as("an email username is sealed, as every other's")
                .doesNotContain(masked).contains(Usernames.shown(masked));
        assertThat(IdentityMaps.pairing(artifacts, plan, "pools").describe()).isEqualTo("22 of 23 users of pool eu-west-1_dev"
                + " paired by email with 23 users of pool eu-west-1_prod, 1 put in it by the run");
    }

    @Test
    void aPageTokenThePoolNoLongerTakes_listsThatPoolAgainFromItsStart() {
        FakeUserPool dev = pool("eu-west-1_dev", "dev");
        FakeUserPool prod = pool("eu-west-1_prod", "prod");
        List<String> resumedWith = new ArrayList<>();
        UserPool forgetful = new UserPool() {
            @Override
            public String id() {
                return dev.id();
            }

            @Override
            public java.util.Iterator<UserPage> pages(String token) {
                if (token != null) {
                    resumedWith.add(token);
                    throw new CognitoUserPool.TokenRefusedException("expired", null);
                }
                return dev.pages(null);
            }
        };
        UserPools pools = (side, account, ref) -> side.equals("source") ? forgetful : prod;
        MigrationPlan plan = plan("");

        assertThat(IdentityMaps.build(artifacts, pools, manifest(), plan, after(2))).isFalse();
        assertThat(IdentityMaps.build(artifacts, pools, manifest(), plan, after(100))).isTrue();

        assertThat(resumedWith).containsExactly("page-10");
        assertThat(IdentityMaps.of(artifacts, manifest(), plan).size()).isEqualTo(USERS);
    }

    @Test
    void aFileBesideThePools_comesFirst_andTheCheckRefusesAPoolBeforeAnything() {
        artifacts.put(RunLayout.identities("pools"), ("source_sub,target_sub\n" + sub("dev", 1) + "," + sub("prod", 2) + "\n")
                .getBytes(StandardCharsets.UTF_8), "text/csv");
        FakeUserPool dev = pool("eu-west-1_dev", "dev");
        FakeUserPool prod = pool("eu-west-1_prod", "prod");
        MigrationPlan plan = plan("\"identities\": {\"csv\": \"users.csv\", \"onUnmatched\": \"keep\"},");

        assertThat(IdentityMaps.build(artifacts, (side, account, ref) -> side.equals("source") ? dev : prod, manifest(), plan,
                after(100))).isTrue();

        IdentityMap map = IdentityMaps.of(artifacts, manifest(), plan);
        assertThat(map.map(IdentityKind.OWNER, sub("dev", 1) + "::dev1")).as("the file's pair, usernames from the pools")
                .isEqualTo(sub("prod", 2) + "::prod2");
        assertThat(map.map(IdentityKind.SUB, sub("dev", 2))).as("its target went to dev1").isNull();
        assertThat(IdentityMaps.pairing(artifacts, plan, "pools").describe()).isEqualTo("21 of 23 users of pool eu-west-1_dev "
                + "paired by email with 23 users of pool eu-west-1_prod, 1 by users.csv (1 not paired: dev2, its target user "
                + "prod2 is paired with another user by users.csv)");

        PlanInvalidException denied = new PlanInvalidException(List.of(Problem.plan("source.userPoolId eu-west-1_dev: dmig may "
                + "not read this user pool")));
        UserPools refusing = (side, account, ref) -> {
            throw denied;
        };
        assertThatThrownBy(() -> IdentityMaps.check(refusing, plan)).isSameAs(denied);
        IdentityMaps.check(refusing, PlanParser.parse("{\"source\": {\"tableSuffix\": \"-dev\"}, \"target\": {\"tableSuffix\": "
                + "\"-prod\"}, \"tables\": {\"Todo\": {}}}"));
    }

    @Test
    void matchKeys_areHmacsUnderASecretOfTheRun_soTwoRunsKeyTheSameUserApart_andTheSecretIsNotBesideThem() throws Exception {
        UserPools pools = (side, account, ref) -> pool(ref.id(), side.equals("source") ? "dev" : "prod");
        MigrationPlan plan = plan("");
        int pages = (USERS + PAGE - 1) / PAGE;
        // Each run lists its source pool whole, and stops before its target's is done: the listing is there to read.
        assertThat(IdentityMaps.build(artifacts, pools, manifest("run-a"), plan, after(pages + 1))).isFalse();
        assertThat(IdentityMaps.build(artifacts, pools, manifest("run-b"), plan, after(pages + 1))).isFalse();

        String listingA = gunzipped(RunLayout.userPoolListing("run-a", "source"));
        String listingB = gunzipped(RunLayout.userPoolListing("run-b", "source"));
        String keyA = Json.tree(listingA.getBytes(StandardCharsets.UTF_8)).at("/users/7/key").asText();
        String keyB = Json.tree(listingB.getBytes(StandardCharsets.UTF_8)).at("/users/7/key").asText();
        assertThat(keyA).as("user 7's key in run-a").hasSize(32).isNotEqualTo(keyB);
        byte[] secret = artifacts.get(RunLayout.identityMatchSecret("run-a")).orElseThrow();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        assertThat(keyA).as("HMAC-SHA-256 of the email under run-a's secret, cut to 128 bits")
                .isEqualTo(HexFormat.of().formatHex(mac.doFinal("user7@example.com".getBytes(StandardCharsets.UTF_8)), 0, 16));
        assertThat(listingA).as("the listing holds neither the secret nor an email").doesNotContain(HexFormat.of().formatHex(secret))
                .doesNotContain(Base64.getEncoder().encodeToString(secret)).doesNotContain("@");

        assertThat(IdentityMaps.build(artifacts, pools, manifest("run-a"), plan, after(100))).isTrue();
        assertThat(artifacts.get(RunLayout.identityMatchSecret("run-a"))).as("the secret goes once the map is frozen").isEmpty();
        assertThat(IdentityMaps.of(artifacts, manifest("run-a"), plan).map(IdentityKind.SUB, sub("dev", 7))).isEqualTo(sub("prod", 7));
    }

    @Test
    void usernamesThatAreEmailsOrPhoneNumbers_areKeptMaskedAndSealed_andMapOwnersAsThemselves() {
        UserPools pools = (side, account, ref) -> personalPool(ref.id(), side.equals("source") ? "dev" : "prod");
        MigrationPlan plan = plan("");

        assertThat(IdentityMaps.build(artifacts, pools, manifest(), plan, after(3))).isFalse();
        String listing = gunzipped(RunLayout.userPoolListing("pools", "source"));
        assertThat(listing).as("a listing on the way").contains("\"u***@e***.com\"", "+1********05")
                .doesNotContain("user3@example.com").doesNotContain("15550100105");
        assertThat(IdentityMaps.build(artifacts, pools, manifest(), plan, after(100))).isTrue();

        String map = gunzipped(RunLayout.poolMap("pools"));
        assertThat(map).contains("\"sourceUsername\":\"u***@e***.com\"", "\"targetUsername\":\"U***@E***.COM\"",
                "\"sourceUsername\":\"+1********05\"").doesNotContainPattern("(?i)user\\d+@example").doesNotContain("15550100105");
        IdentityMap users = IdentityMaps.of(artifacts, manifest(), plan);
        assertThat(users.map(IdentityKind.OWNER, sub("dev", 3) + "::user3@example.com")).isEqualTo(sub("prod", 3) + "::USER3@EXAMPLE.COM");
        assertThat(users.map(IdentityKind.OWNER, sub("dev", 5) + "::+15550100105")).isEqualTo(sub("prod", 5) + "::USER5@EXAMPLE.COM");
        assertThat(users.map(IdentityKind.USERNAME, "user4@example.com")).isEqualTo("USER4@EXAMPLE.COM");
        assertThat(IdentityCsv.write(users)).as("as dmig idmap --identities prints it").contains(
                sub("dev", 3) + "," + sub("prod", 3) + ",u***@e***.com,U***@E***.COM\n",
                sub("dev", 5) + "," + sub("prod", 5) + ",\"'+1********05\",U***@E***.COM\n").doesNotContain("example");
        assertThat(artifacts.list(RunLayout.prefix("pools") + "identities/")).as("the key the names are sealed with stays with the run")
                .containsExactly(RunLayout.poolMap("pools"), RunLayout.identityNameKey("pools"));
    }
}
