package dev.dmig.follow;

import dev.dmig.Feature;
import dev.dmig.migrate.FeatureState;
import dev.dmig.run.RunGate;

/**
 * Following a run's source after its copy, as a feature: its gates around the Analyze call and the validation
 * ({@link FollowGate}) and its state ({@link FollowState}). Its classes are still this step package's; the handlers and
 * the services name none of them.
 */
public final class FollowFeature implements Feature {
    @Override
    public Parts parts() {
        return new Parts().add(RunGate.Feature.class, FollowGate::new).add(FeatureState.Feature.class, FollowState::new);
    }
}
