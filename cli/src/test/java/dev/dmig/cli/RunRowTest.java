package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.SampleMigration;
import dev.dmig.cli.runs.RunOrigin;
import dev.dmig.cli.views.RunRow;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runs as {@code dmig status} and the dashboard list them. */
class RunRowTest {
    /** The moment the rows are read at, long after any run of these tests started. */
    private static final Instant NOW = Instant.parse("2026-01-01T00:04:25.100Z");
    private final SampleMigration app = new SampleMigration("abort", 2, 1);

    @AfterEach
    void close() {
        app.close();
    }

    /** A run rolled back later took the time its own execution took: the rollback's time is its rollback's, not the run's. */
    @Test
    void aRunRolledBackLater_tookWhatItsReportSays_notTheTimeUntilTheRollback() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        ObjectNode reported = (ObjectNode) Json.tree(app.artifacts.get(RunLayout.report("run1")).orElseThrow());
        app.artifacts.putJson(RunLayout.report("run1"), reported.put("seconds", 2.6));
        app.rollBack("run1", "exec-rb");
        app.finalizer().finish("run1", "rolled-back", null);

        RunRow row = RunRow.all(app.artifacts, NOW, List.of()).get(0);

        assertThat(row.status()).isEqualTo("rolled-back");
        assertThat(row.seconds()).isEqualTo(2.6);
    }

    /**
     * A run stopped mid-copy has no verdict, and its manifest was last written when its analysis ended: it took until its
     * execution ended (stopped), as the execution's history recorded, not until that last write.
     */
    @Test
    void aStoppedRun_tookUntilItsExecutionEnded_notUntilItsManifestsLastWrite() {
        RunManifest opened = RunManifest.opened("run1", RunMode.FULL, "run1", "sha256:x", "-dev", "-prod", null, null, null);
        app.artifacts.putJson(RunLayout.manifest("run1"), new RunManifest("run1", RunMode.FULL, RunStatus.MIGRATING, "run1",
                opened.planDigest(), "-dev", "-prod", "2026-01-01T00:00:00.100Z", "2026-01-01T00:00:00.500Z", null, null, null,
                null, null, null, null, null, null, null, 0));
        ObjectNode history = Json.MAPPER.createObjectNode().put("execution", "run1").put("status", "ABORTED")
                .put("start", "2026-01-01T00:00:00.1Z").put("end", "2026-01-01T00:00:15.6Z");
        app.artifacts.putJson(RunLayout.history("run1"), history);

        RunRow row = RunRow.all(app.artifacts, NOW, List.of()).get(0);

        assertThat(row.status()).isEqualTo("migrating");
        assertThat(row.seconds()).isEqualTo(15.5);
    }

    /**
     * A run this machine's dmig process is running now, following its source: it has run from its start until now (the
     * clock given), not until its manifest's last write after the copy, and it says what it does: following.
     */
    @Test
    void aRunFollowingNow_hasRunFromItsStartUntilNow_andSaysItIsFollowing() {
        app.artifacts.putJson(RunLayout.manifest("run1"), new RunManifest("run1", RunMode.FULL, RunStatus.MIGRATING, "run1",
                "sha256:x", "-dev", "-prod", "2026-01-01T00:00:00.100Z", "2026-01-01T00:00:02.300Z", null, null, null,
                null, null, null, null, null, null, null, 0));
        RunOrigin here = new RunOrigin("run1", "full", "2026-01-01T00:00:00.100Z", false, null, null, null, null, null, null, null,
                false, null, "embedded", true, true, null, null, null).inThisProcess();
        app.artifacts.putJson(RunLayout.origin("run1"), here);
        app.artifacts.putJson(RunLayout.prefix("run1") + "trail/run1.json", Json.MAPPER.createObjectNode().put("runId", "run1")
                .put("execution", "run1").put("status", "RUNNING").put("started", "2026-01-01T00:00:00.100Z").put("current", "Follow"));

        RunRow row = RunRow.all(app.artifacts, NOW, List.of()).get(0);

        assertThat(row.status()).isEqualTo("following");
        assertThat(row.seconds()).isEqualTo(265.0);
        java.io.StringWriter status = new java.io.StringWriter();
        StatusCommand.run(new java.io.PrintWriter(status, true), app.artifacts, "run1", NOW, "");
        assertThat(status.toString()).as("status --run says it as the run list does").startsWith("run run1 (full): following\n");
    }

    /** The same run, its process gone: it ran until its last step so far, and its status is its manifest's. */
    @Test
    void aRunWhoseProcessIsGone_tookUntilItsLastStep_notUntilNow() {
        app.artifacts.putJson(RunLayout.manifest("run1"), new RunManifest("run1", RunMode.FULL, RunStatus.MIGRATING, "run1",
                "sha256:x", "-dev", "-prod", "2026-01-01T00:00:00.100Z", "2026-01-01T00:00:02.300Z", null, null, null,
                null, null, null, null, null, null, null, 0));
        app.artifacts.putJson(RunLayout.origin("run1"), new RunOrigin("run1", "full", "2026-01-01T00:00:00.100Z", false, null, null,
                null, null, null, null, null, false, null, "embedded", true, true, null, null, null));
        app.artifacts.putJson(RunLayout.prefix("run1") + "trail/run1.json", Json.MAPPER.createObjectNode().put("runId", "run1")
                .put("execution", "run1").put("status", "RUNNING").put("started", "2026-01-01T00:00:00.100Z").put("current", "Follow"));

        RunRow row = RunRow.all(app.artifacts, NOW, List.of()).get(0);

        assertThat(row.status()).isEqualTo("migrating");
        assertThat(row.seconds()).isEqualTo(2.2);
    }
}
