package dev.dmig.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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

    private static MigrationPlan plan(String identities) {
        return PlanParser.parse("""
                {"source": {"tableSuffix": "-dev", "userPoolId": "eu-west-1_dev"},
                 "target": {"tableSuffix": "-prod", "userPoolId": "eu-west-1_prod"}, %s
                 "tables": {"Todo": {"references": {"owner": "@owner"}}}}""".formatted(identities)).forRun("pools");
    }

    private static RunManifest manifest() {
        return RunManifest.opened("pools", RunMode.FULL, "exec-1", "sha256:x", "-dev", "-prod", null, null, null);
    }

    private FakeUserPool pool(String id, String prefix) {
        List<PoolUser> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(IdentityPairingTest.user(prefix + i, prefix + "-sub-" + i, "user" + i + "@example.com"));
        }
        return new FakeUserPool(id, users, PAGE, () -> nanos.addAndGet(1_000_000_000L));
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
        assertThat(map.map(IdentityKind.OWNER, "dev-sub-7::dev7")).isEqualTo("prod-sub-7::prod7");
        PoolPairing pairing = IdentityMaps.pairing(artifacts, plan, "pools");
        assertThat(pairing.requests()).as("ceil(users / page) per pool, and one per pool to check it").isEqualTo(2L * pages + 2);
        assertThat(pairing.describe()).isEqualTo("23 of 23 users of pool eu-west-1_dev paired by email with 23 users of pool "
                + "eu-west-1_prod");
        assertThat(artifacts.list(RunLayout.prefix("pools") + "identities/")).as("the listings go once the map is frozen")
                .containsExactly(RunLayout.poolMap("pools"));

        UserPools gone = (side, account, ref) -> {
            throw new AssertionError("a run with its map never reads a pool again");
        };
        assertThat(IdentityMaps.build(artifacts, gone, manifest(), plan, after(100))).isTrue();
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
        artifacts.put(RunLayout.identities("pools"), "source_sub,target_sub\ndev-sub-1,prod-sub-2\n".getBytes(StandardCharsets.UTF_8),
                "text/csv");
        FakeUserPool dev = pool("eu-west-1_dev", "dev");
        FakeUserPool prod = pool("eu-west-1_prod", "prod");
        MigrationPlan plan = plan("\"identities\": {\"csv\": \"users.csv\", \"onUnmatched\": \"keep\"},");

        assertThat(IdentityMaps.build(artifacts, (side, account, ref) -> side.equals("source") ? dev : prod, manifest(), plan,
                after(100))).isTrue();

        IdentityMap map = IdentityMaps.of(artifacts, manifest(), plan);
        assertThat(map.map(IdentityKind.OWNER, "dev-sub-1::dev1")).as("the file's pair, usernames from the pools")
                .isEqualTo("prod-sub-2::prod2");
        assertThat(map.map(IdentityKind.SUB, "dev-sub-2")).as("its target went to dev1").isNull();
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
}
