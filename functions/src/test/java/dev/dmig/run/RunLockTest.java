package dev.dmig.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.store.InMemoryArtifactStore;
import org.junit.jupiter.api.Test;

class RunLockTest {
    private static final String TARGET = "-abc-prod";

    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final RunLock lock = new RunLock(artifacts);

    @Test
    void secondRunOnTheSameTarget_isRefused_namingTheActiveRun() {
        manifest("r1", RunStatus.MIGRATING);
        lock.acquire(TARGET, "r1", "r1", RunMode.FULL);
        assertThatThrownBy(() -> lock.acquire(TARGET, "r2", "r2", RunMode.FULL))
                .isInstanceOf(TargetLockedException.class)
                .hasMessageStartingWith("target environment -abc-prod is in use by run r1 (mode full, status migrating, since ")
                .hasMessageEndingWith("let it finish, resume it (dmig resume --run r1) or roll it back (dmig rollback --run r1)");
        assertThat(lock.holder(TARGET).orElseThrow().runId()).isEqualTo("r1");
    }

    @Test
    void aHoldingRunThatPassedValidation_isNamedWithTheRollbackItNeeds() {
        manifest("r1", RunStatus.VALIDATED);
        lock.acquire(TARGET, "r1", "r1", RunMode.FULL);
        assertThatThrownBy(() -> lock.acquire(TARGET, "r2", "r2", RunMode.FULL))
                .isInstanceOf(TargetLockedException.class)
                .hasMessageEndingWith("let it finish, resume it (dmig resume --run r1) or roll it back (dmig rollback --run r1"
                        + " --confirm)");
    }

    @Test
    void theHoldingRun_takesItAgainUnderANewExecution() {
        manifest("r1", RunStatus.MIGRATING);
        lock.acquire(TARGET, "r1", "r1", RunMode.FULL);
        lock.acquire(TARGET, "r1", "r1-resume", RunMode.FULL);
        assertThat(lock.holder(TARGET).orElseThrow().executionName()).isEqualTo("r1-resume");
    }

    @Test
    void otherTargets_areIndependent() {
        lock.acquire(TARGET, "r1", "r1", RunMode.FULL);
        lock.acquire("-other-prod", "r2", "r2", RunMode.TEST);
        assertThat(lock.holder("-other-prod").orElseThrow().runId()).isEqualTo("r2");
    }

    @Test
    void release_byTheHolderOnly() {
        manifest("r1", RunStatus.MIGRATING);
        lock.acquire(TARGET, "r1", "r1", RunMode.FULL);
        lock.release(TARGET, "r2");
        assertThat(lock.holder(TARGET)).isPresent();
        lock.release(TARGET, "r1");
        assertThat(lock.holder(TARGET)).isEmpty();
        lock.acquire(TARGET, "r2", "r2", RunMode.FULL);
        assertThat(lock.holder(TARGET).orElseThrow().runId()).isEqualTo("r2");
    }

    @Test
    void aLockLeftByARunThatHasEnded_isTakenOver() {
        manifest("r1", RunStatus.SUCCEEDED);
        lock.acquire(TARGET, "r1", "r1", RunMode.FULL);
        lock.acquire(TARGET, "r2", "r2", RunMode.FULL);
        assertThat(lock.holder(TARGET).orElseThrow().runId()).isEqualTo("r2");
    }

    @Test
    void aRunWhoseRollbackIsIncomplete_keepsItsLock_untilItIsRolledBack() {
        manifest("r1", RunStatus.ROLLBACK_INCOMPLETE);
        lock.acquire(TARGET, "r1", "r1", RunMode.FULL);
        assertThatThrownBy(() -> lock.acquire(TARGET, "r2", "r2", RunMode.FULL))
                .isInstanceOf(TargetLockedException.class)
                .hasMessageContaining("in use by run r1 (mode full, status rollback-incomplete");
        lock.acquire(TARGET, "r1", "r1-rollback", RunMode.ROLLBACK);
        assertThat(lock.holder(TARGET).orElseThrow().executionName()).isEqualTo("r1-rollback");
    }

    private void manifest(String runId, RunStatus status) {
        artifacts.putJson(RunLayout.manifest(runId),
                RunManifest.opened(runId, RunMode.FULL, runId, "d", "-abc-dev", TARGET, null, null, null).with(status));
    }
}
