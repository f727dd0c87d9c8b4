package dev.dmig.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dmig.SampleMigration;
import dev.dmig.migrate.ConflictsFoundException;
import dev.dmig.store.InMemoryArtifactStore;
import org.junit.jupiter.api.Test;

class RunOpenerTest {
    private final SampleMigration app = new SampleMigration();
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final RunOpener opener = new RunOpener(artifacts);
    private final String target = app.plan().targetSuffix();

    @Test
    void aNewRun_isOpenedAnalyzing_withItsPlanFrozen() {
        RunOpener.OpenRun run = opener.open(app.fullRequest("r1"), RunMode.FULL, "exec-1");
        RunManifest manifest = RunFiles.manifest(artifacts, "r1");
        assertThat(manifest.status()).isEqualTo(RunStatus.ANALYZING);
        assertThat(manifest.executionName()).isEqualTo("exec-1");
        assertThat(manifest.createdAt()).isEqualTo(manifest.updatedAt());
        assertThat(RunFiles.plan(artifacts, "r1").digest()).isEqualTo(run.plan().digest());
        assertThat(run.resumed()).isFalse();
    }

    @Test
    void aRunIdTaken_isRefused_andTheOtherRunIsLeftAsItWas() {
        opener.open(app.fullRequest("r1"), RunMode.FULL, "exec-1");
        RunManifest before = RunFiles.manifest(artifacts, "r1");
        assertThatThrownBy(() -> opener.open(app.request("dry-run", "r1"), RunMode.DRY_RUN, "exec-2"))
                .isInstanceOf(RunInputInvalidException.class)
                .hasMessage("run r1 already exists (mode full, status analyzing); give the new run another ID,"
                        + " or continue this one with dmig resume --run r1");
        assertThat(RunFiles.manifest(artifacts, "r1")).isEqualTo(before);
    }

    @Test
    void aRunRefusedByTheLock_recordsTargetLocked_andLeavesTheHoldersLock() {
        RunOpener.OpenRun first = opener.open(app.fullRequest("r1"), RunMode.FULL, "exec-1");
        opener.lock(first, "exec-1");
        RunOpener.OpenRun second = opener.open(app.fullRequest("r2"), RunMode.FULL, "exec-2");
        TargetLockedException refusal = assertThrows(TargetLockedException.class,
                () -> opener.lock(second, "exec-2"));
        opener.refused(second, refusal);
        RunManifest refused = RunFiles.manifest(artifacts, "r2");
        assertThat(refused.status()).isEqualTo(RunStatus.REFUSED);
        assertThat(refused.failure()).isEqualTo(new RunManifest.Failure("TargetLocked", refusal.getMessage()));
        assertThat(new RunLock(artifacts).holder(target).orElseThrow().runId()).isEqualTo("r1");
    }

    @Test
    void aRefusal_isRecordedUnderItsOwnName_andFreesTheTarget() {
        RunOpener.OpenRun run = opener.open(app.fullRequest("r1"), RunMode.FULL, "exec-1");
        opener.lock(run, "exec-1");
        opener.refused(run, new ConflictsFoundException("2 target items already exist"));
        assertThat(RunFiles.manifest(artifacts, "r1").failure())
                .isEqualTo(new RunManifest.Failure("ConflictsFound", "2 target items already exist"));
        assertThat(new RunLock(artifacts).holder(target)).isEmpty();
    }

    @Test
    void aResumedRun_continuesUnderTheNewExecution_andKeepsItsManifestWhenRefused() {
        RunOpener.OpenRun first = opener.open(app.fullRequest("r1"), RunMode.FULL, "exec-1");
        opener.lock(first, "exec-1");
        RunOpener.OpenRun resumed = opener.open(resuming("r1"), RunMode.FULL, "exec-2");
        assertThat(resumed.resumed()).isTrue();
        assertThat(RunFiles.manifest(artifacts, "r1").executionName()).isEqualTo("exec-2");
        opener.refused(resumed, new RunInputInvalidException("no"));
        assertThat(RunFiles.manifest(artifacts, "r1").status()).isEqualTo(RunStatus.ANALYZING);
        assertThat(new RunLock(artifacts).holder(target).orElseThrow().runId()).isEqualTo("r1");
    }

    private RunRequest resuming(String runId) {
        return new RunRequest("full", runId, null, null, null, null, null, null, true, null, null, true, null);
    }
}
