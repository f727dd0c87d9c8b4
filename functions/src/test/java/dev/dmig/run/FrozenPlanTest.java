package dev.dmig.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every step reads a run's plan as it was frozen when the run began: a plan changed since (say one that would send
 * rollback's pre-images elsewhere) is refused, with the run named and how to put it back, before anything is done.
 */
class FrozenPlanTest {
    private static final String RUN = "frozen";
    private static final String REFUSAL = "run frozen: its plan mem://dmig-test-bucket/runs/frozen/plan.json is not the one the"
            + " run began with (digest %s, the manifest records %s); nothing was done: put back the plan the run began with"
            + " (the artifacts bucket keeps earlier versions of each object) and run the command again";

    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    /** A full run written and left migrating (as a stop leaves it), then its frozen plan changed. */
    private String tampered() {
        app.fullRun(RUN);
        String recorded = RunFiles.manifest(app.artifacts, RUN).planDigest();
        byte[] changed = app.planJson().replace("\"abort\"", "\"overwrite\"").getBytes(StandardCharsets.UTF_8);
        app.artifacts.put(RunLayout.plan(RUN), changed, "application/json");
        return REFUSAL.formatted(dev.dmig.plan.PlanParser.parse(changed).digest(), recorded);
    }

    @Test
    void aResume_refusesAChangedPlan_andLeavesTheRunAsItWas() {
        String refusal = tampered();
        RunManifest before = RunFiles.manifest(app.artifacts, RUN);
        RunRequest resume = new RunRequest("full", RUN, null, null, null, null, null, null, null, null, null, true, null);

        assertThatThrownBy(() -> app.analyzer().analyze(resume, "exec-resume", Deadline.in(60_000)))
                .isInstanceOf(FrozenPlanChangedException.class)
                .hasMessage(refusal);
        assertThat(RunFiles.manifest(app.artifacts, RUN)).isEqualTo(before);
    }

    @Test
    void validateAndSegmentTasks_refuseAChangedPlan() {
        String refusal = tampered();

        assertThatThrownBy(() -> app.validator().validate(RUN, "exec-validate", Deadline.in(60_000)))
                .isInstanceOf(FrozenPlanChangedException.class)
                .hasMessage(refusal);
        assertThatThrownBy(() -> app.migrator().migrate(RUN, "Contacts", 0, app.segments, Deadline.in(60_000)))
                .isInstanceOf(FrozenPlanChangedException.class)
                .hasMessage(refusal);
    }

    @Test
    void aRollback_refusesAChangedPlan_beforeItUndoesAnything() {
        String refusal = tampered();
        Map<String, Map<String, Map<String, AttributeValue>>> target = app.snapshot(app.targetTables());

        assertThatThrownBy(() -> app.rollback().rollBack(RUN, "exec-rollback", null, Deadline.in(60_000)))
                .isInstanceOf(FrozenPlanChangedException.class)
                .hasMessage(refusal);
        assertThat(app.snapshot(app.targetTables())).as("nothing undone").isEqualTo(target);
        assertThat(RunFiles.manifest(app.artifacts, RUN).status()).isEqualTo(RunStatus.MIGRATING);
        assertThat(app.artifacts.list(RunLayout.fence(RUN))).as("the fence not raised").isEqualTo(List.of());
    }

    @Test
    void theFrozenPlan_asItWas_isRead() {
        app.fullRun(RUN);

        assertThat(RunFiles.plan(app.artifacts, RUN).digest()).isEqualTo(RunFiles.manifest(app.artifacts, RUN).planDigest());
    }
}
