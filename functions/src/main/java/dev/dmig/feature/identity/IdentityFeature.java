package dev.dmig.feature.identity;

import dev.dmig.Feature;
import dev.dmig.analysis.RunCheck;
import dev.dmig.analysis.RunSection;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.migrate.WriteRule;

/**
 * Identities mapped from the source app's users to the target app's: the run's identity map, built from the two user
 * pools or read from a file before the source is scanned, what the analysis says it matched, a source user's sub the plan would hash as a record ID (a problem), and an item holding an
 * identity without a match left behind under {@code onUnmatched: drop}.
 */
public final class IdentityFeature implements Feature {
    @Override
    public Parts parts() {
        return new Parts()
                .add(WriteRule.Feature.class, IdentityWriteRule::addTo)
                .add(RunCheck.Feature.class, IdentityMapCheck::addTo)
                .add(RunSection.class, IdentitySummary.SECTION)
                .add(ScanCheck.Feature.class, HashedUsers::addTo);
    }
}
