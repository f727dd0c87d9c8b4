package dev.dmig.feature.follow;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.RunCheck;
import java.util.List;

/**
 * A run that follows its source after the copy: refused before the first write when its copy is estimated to take longer
 * than its streams keep their changes, since its streams' marks must still be there when following begins.
 */
final class FollowCheck implements RunCheck {
    private FollowCheck() {}

    /** A run that follows its source. */
    static void addTo(List<RunCheck> checks, RunCheck.Parts parts) {
        if (parts.following()) {
            checks.add(new FollowCheck());
        }
    }

    @Override
    public void beforeFirstWrite(Analysis analysis) {
        if (analysis.estimate() != null) {
            StreamRetention.check(analysis.estimate().seconds());
        }
    }
}
