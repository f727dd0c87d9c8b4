package dev.dmig.feature.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analyzer;
import dev.dmig.identity.TestPools;
import dev.dmig.identity.UserPools;
import dev.dmig.identity.VersionedArtifactStore;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An analysis that ends before its identity map is frozen leaves nothing of the user pools' listings, nor the secret of
 * their match keys, in any version the artifacts bucket keeps: the frozen map is what would have deleted them, and it
 * never comes. The run's store keeps versions as the stack's bucket does ({@link VersionedArtifactStore}).
 */
class PoolListingsForgottenTest {
    private static final String RUN = "pools-fail";
    private static final String UPLOAD = "config/" + RUN + ".identities.csv";
    private final SampleMigration app = new SampleMigration();
    private final VersionedArtifactStore artifacts = new VersionedArtifactStore(app.artifacts);

    @AfterEach
    void close() {
        app.close();
    }

    /** A dry run of the sample app's plan with both environments' user pools, and {@code users.csv} beside them. */
    private RunRequest dryRun() {
        String plan = TestPools.inPlan(app.planJson(), "{\"csv\": \"users.csv\", \"onUnmatched\": \"keep\"}");
        return new RunRequest("dry-run", RUN, null, Json.tree(plan.getBytes(StandardCharsets.UTF_8)), null, null, null, null, null,
                null, null, null, null, null, UPLOAD);
    }

    private Analyzer analyzer(UserPools pools) {
        return new Analyzer(app.items, artifacts, app.settings, app.scanPool, plan -> { }, pools, dev.dmig.Reaches.NONE);
    }

    private void upload(String csv) {
        artifacts.put(UPLOAD, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    /** The analysis wrote the source's listing and the match secret, and the bucket keeps no version of either, nor of the target's. */
    private void assertNothingOfTheListings() {
        assertThat(artifacts.written(RunLayout.prefix(RUN) + "identities/")).as("the analysis failed after listing")
                .contains(RunLayout.userPoolListing(RUN, "source"), RunLayout.identityMatchSecret(RUN));
        assertThat(artifacts.versioned(RunLayout.prefix(RUN) + "identities/")).as("no version of a listing or the match secret")
                .doesNotContain(RunLayout.userPoolListing(RUN, "source"), RunLayout.userPoolListing(RUN, "target"),
                        RunLayout.identityMatchSecret(RUN));
    }

    @Test
    void anIdentityFileRefusedAfterThePoolsWereListed_leavesNoVersionOfTheListings_andNamesNoEmail() {
        // A file the command line would have refused before the run, frozen with it all the same (started from elsewhere).
        upload("source_sub,target_sub\ncarol@example.com,e0000001-0000-4000-8000-000000000000\n");

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class,
                () -> analyzer(TestPools.readable(7, 2, () -> { })).analyze(dryRun(), "exec-1", Deadline.in(60_000)));

        assertThat(refused.problems()).extracting(p -> p.message()).containsExactly("users.csv line 2: source_sub 'c***@e***.com' "
                + "is not a sub (a user's UUID in the pool, as 1324b110-34cc-408c-add8-36292f6a20b3)");
        assertThat(refused.getMessage()).doesNotContain("carol@example.com");
        assertThat(artifacts.getJson(RunLayout.manifest(RUN), RunManifest.class).orElseThrow().status()).isEqualTo(RunStatus.REFUSED);
        assertNothingOfTheListings();
    }

    @Test
    void aPoolRefusedWhileItIsListed_leavesNoVersionOfTheListings() {
        upload("source_sub,target_sub\nd0000001-0000-4000-8000-000000000000,e0000001-0000-4000-8000-000000000000\n");

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class, () -> analyzer(
                TestPools.targetRefusedAfter(2, 7, 2, () -> { })).analyze(dryRun(), "exec-1", Deadline.in(60_000)));

        assertThat(refused.getMessage()).contains("target.userPoolId " + TestPools.TARGET_POOL + ": dmig may not read this user pool");
        assertThat(artifacts.getJson(RunLayout.manifest(RUN), RunManifest.class).orElseThrow().status()).isEqualTo(RunStatus.REFUSED);
        assertNothingOfTheListings();
    }
}
