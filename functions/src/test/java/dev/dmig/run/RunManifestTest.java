package dev.dmig.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunManifestTest {
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    /** A run that wrote for 3 s, was stopped, and is resumed later: the time it was stopped is not the time it took. */
    @Test
    void aResumedRun_doesNotCountTheTimeItWasStopped() {
        RunManifest stopped = manifest(START.toString(), START.plusSeconds(2).toString());

        RunManifest resumed = stopped.withExecution("exec-2", Optional.of(START.plusSeconds(3)));

        assertThat(resumed.seconds()).isEqualTo(3.0);
        assertThat(resumed.resumedAt()).isEqualTo(resumed.updatedAt());
        assertThat(resumed.executionName()).isEqualTo("exec-2");
    }

    /** Resumed a second time: the time stopped before the first resume still does not count. */
    @Test
    void aRunResumedTwice_countsOnlyItsOwnTime() {
        RunManifest resumedOnce = manifest(START.toString(), START.plusSeconds(2).toString(), 1_000);

        RunManifest again = resumedOnce.withExecution("exec-3", Optional.empty());

        assertThat(again.seconds()).isEqualTo(1.0);
    }

    /**
     * A run is dated from the start of the execution that opened it, not from the moment its first step opened it: the
     * time the command took to start the state machine's first step is the run's.
     */
    @Test
    void aNewRun_countsFromItsExecutionsStart() {
        RunManifest opened = RunManifest.opened("run1", RunMode.FULL, "exec-1", "d", "-dev", "-prod", null, null, null);
        Instant started = Instant.parse(opened.createdAt()).minusMillis(1_300);

        RunManifest run = opened.startingAt(started);

        assertThat(run.createdAt()).isEqualTo(started.toString());
        assertThat(run.seconds()).isEqualTo((Instant.parse(run.updatedAt()).toEpochMilli() - started.toEpochMilli()) / 1000.0);
        assertThat(opened.startingAt(null)).isEqualTo(opened);
    }

    /** A resumed run counts its time again from the start of the execution that resumes it. */
    @Test
    void aResumedRun_countsAgainFromTheResumingExecutionsStart() {
        RunManifest stopped = manifest(START.toString(), START.plusSeconds(2).toString());

        RunManifest resumed = stopped.withExecution("exec-2", Optional.of(START.plusSeconds(3)), START.plusSeconds(10));

        assertThat(resumed.pausedMillis()).isEqualTo(7_000);
        assertThat(resumed.resumedAt()).isEqualTo(START.plusSeconds(10).toString());
    }

    /** A run without a verdict counts to its last step so far: its execution's end, when its manifest was written before. */
    @Test
    void aRunWithoutAVerdict_countsToItsLastStep() {
        RunManifest stopped = manifest(START.toString(), START.plusMillis(400).toString());

        assertThat(stopped.secondsUntil(START.plusMillis(15_500))).isEqualTo(15.5);
        assertThat(stopped.secondsUntil(START.plusMillis(100))).isEqualTo(0.4);
        assertThat(stopped.secondsUntil(null)).isEqualTo(0.4);
    }

    private static RunManifest manifest(String createdAt, String updatedAt) {
        return manifest(createdAt, updatedAt, 0);
    }

    private static RunManifest manifest(String createdAt, String updatedAt, long pausedMillis) {
        RunManifest opened = RunManifest.opened("run1", RunMode.FULL, "exec-1", "d", "-dev", "-prod", null, null, null);
        return new RunManifest(opened.runId(), opened.mode(), RunStatus.MIGRATING, opened.executionName(), opened.planDigest(),
                opened.sourceSuffix(), opened.targetSuffix(), createdAt, updatedAt, null, null, null, null, null, null, null, null,
                null, null, pausedMillis);
    }
}
