package dev.dmig.feature.follow;

import dev.dmig.Feature;
import dev.dmig.analysis.RunCheck;
import dev.dmig.migrate.FeatureState;
import dev.dmig.run.RunGate;
import dev.dmig.validate.VerdictCheck;

/**
 * Following a run's source after its copy, as a feature: its gates around the Analyze call and the validation
 * ({@link FollowGate}), its state ({@link FollowState}), its refusal of a copy that would outlast its streams' changes
 * ({@link FollowCheck}) and its check of what it removed ({@link RemovedItems}).
 */
public final class FollowFeature implements Feature {
    @Override
    public Parts parts() {
        return new Parts().add(RunGate.Feature.class, FollowGate::new).add(FeatureState.Feature.class, FollowState::new)
                .add(RunCheck.Feature.class, FollowCheck::addTo).add(VerdictCheck.Feature.class, RemovedItems::addTo);
    }
}
