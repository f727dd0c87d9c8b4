package dev.dmig.feature.follow;

import dev.dmig.json.Json;
import dev.dmig.migrate.FeatureState;
import dev.dmig.run.Deadline;
import java.util.Map;

/**
 * State {@code Follow}: a run that follows its source applies the changes made since its streams' marks, until its time
 * is up or, once a cut-over is asked, until every change up to then is applied ({@link Follower}); its output
 * ({@link FollowProgress}) says whether following has ended, for the {@code Following} Choice.
 */
public final class FollowState implements FeatureState {
    private final Follower follower;

    /** Following through the streams of the accounts the process's item store reaches the source's tables in. */
    public FollowState(Parts parts) {
        this.follower = new Follower(parts.items(), parts.artifacts(), DynamoDbSourceStream.through(parts.items()),
                parts.writePool(), parts.windows(), parts.fence(), parts.sleeper()).with(parts.cargo());
    }

    @Override
    public String name() {
        return "Follow";
    }

    @Override
    public Map<String, Object> call(String runId, Deadline deadline) {
        return Json.toMap(follower.follow(runId, deadline));
    }
}
