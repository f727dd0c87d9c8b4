package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which earlier runs a refresh undoes, and when it refuses before undoing any. */
class RefreshOptionTest {
    private static RunManifest run(String runId, RunMode mode, String target, RunStatus status, String createdAt) {
        return new RunManifest(runId, mode, status, runId, "digest", "-src", target, createdAt, createdAt, null, null, null, null,
                null, null, null, null, null, null, 0);
    }

    private static Map<String, RunManifest> runs(RunManifest... manifests) {
        Map<String, RunManifest> byId = new LinkedHashMap<>();
        for (RunManifest manifest : manifests) {
            byId.put(manifest.runId(), manifest);
        }
        return byId;
    }

    @Test
    void undoesTheRunsThatWroteIntoTheTargetAndAreNotRolledBack_newestFirst() {
        RefreshOption.Earlier earlier = RefreshOption.earlier(runs(
                run("r1", RunMode.FULL, "-preview", RunStatus.SUCCEEDED, "2026-01-01T00:00:00Z"),
                run("t1", RunMode.TEST, "-preview", RunStatus.SUCCEEDED, "2026-01-02T00:00:00Z"),
                run("r0", RunMode.FULL, "-preview", RunStatus.ROLLED_BACK, "2025-12-01T00:00:00Z"),
                run("refused", RunMode.FULL, "-preview", RunStatus.REFUSED, "2026-01-03T00:00:00Z"),
                run("dry", RunMode.DRY_RUN, "-preview", RunStatus.SUCCEEDED, "2026-01-04T00:00:00Z"),
                run("other", RunMode.FULL, "-staging", RunStatus.SUCCEEDED, "2026-01-05T00:00:00Z"),
                run("half", RunMode.FULL, "-preview", RunStatus.ROLLBACK_INCOMPLETE, "2026-01-06T00:00:00Z")),
                "-preview", "new", "");
        assertThat(earlier.refused()).isNull();
        assertThat(earlier.runs()).extracting(RunManifest::runId).isEqualTo(List.of("half", "t1", "r1"));
    }

    @Test
    void aRunNotEndedIntoTheTarget_orTheNewRunsIdTaken_isRefusedWithTheCommandsToGoOn() {
        RefreshOption.Earlier running = RefreshOption.earlier(runs(
                run("r1", RunMode.FULL, "-preview", RunStatus.SUCCEEDED, "2026-01-01T00:00:00Z"),
                run("r2", RunMode.FULL, "-preview", RunStatus.MIGRATING, "2026-01-02T00:00:00Z")), "-preview", "new",
                " --data-dir d");
        assertThat(running.refused()).isEqualTo("run r2 into *-preview has not ended (status migrating): let it end, or stop it "
                + "(dmig stop --run r2 --data-dir d), then resume it (dmig resume --run r2 --data-dir d) or roll it back (dmig "
                + "rollback --run r2 --data-dir d), and refresh again; nothing was written");
        RefreshOption.Earlier taken = RefreshOption.earlier(runs(
                run("r1", RunMode.FULL, "-preview", RunStatus.SUCCEEDED, "2026-01-01T00:00:00Z")), "-preview", "r1", "");
        assertThat(taken.refused()).startsWith("run r1 already exists");
        assertThat(RefreshOption.earlier(runs(), "-preview", "new", "").runs()).isEmpty();
    }
}
