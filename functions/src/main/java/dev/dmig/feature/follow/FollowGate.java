package dev.dmig.feature.follow;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.RunGate;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import java.time.Clock;

/**
 * Following's gates around an Analyze call: a slice's run that would follow is refused before anything is read; a run
 * that follows is refused, with nothing written or held, while a source table's stream cannot be followed; once the
 * call is done, the streams' marks are taken before any copy ({@link StreamMarks}); a followed run's validation waits
 * until its following has ended.
 */
public final class FollowGate implements RunGate {
    private final StreamMarks marks;
    private final dev.dmig.store.ArtifactStore artifacts;

    /** Reaching the streams of the source's tables through the process's item store. */
    public FollowGate(Parts parts) {
        this.artifacts = parts.artifacts();
        this.marks = new StreamMarks(parts.items(), parts.artifacts(), DynamoDbSourceStream.through(parts.items()), Clock.systemUTC());
    }

    @Override
    public void refuse(RunRequest request) {
        StreamMarks.refuseSlice(request);
    }

    @Override
    public void opening(RunRequest request, MigrationPlan plan) {
        if (request.following()) {
            marks.check(plan);
        }
    }

    @Override
    public RunState called(RunRequest request, RunState state, Deadline deadline) {
        return marks.ready(request, state, deadline);
    }

    /** A followed run is validated once its following has ended, against the source as it is then. */
    @Override
    public boolean holdsValidation(String runId) {
        return FollowStatus.follows(artifacts, runId) && !FollowStatus.ended(artifacts, runId);
    }
}
