package dev.dmig.feature.identity;

import dev.dmig.Feature;
import dev.dmig.analysis.FindingsTable;
import dev.dmig.analysis.RunCheck;
import dev.dmig.analysis.RunSection;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.ScanTally;
import dev.dmig.analysis.Warnings;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.PlaceholderValues;
import dev.dmig.migrate.WriteRule;
import dev.dmig.plan.PlanCheck;
import dev.dmig.plan.PlanSection;
import dev.dmig.plan.TableField;
import dev.dmig.validate.SourceNames;

/**
 * Identities mapped from the source app's users to the target app's: the run's identity map, built from the two user
 * pools or read from a file before the source is scanned, an identity in a value mapped by it (whole or a pattern's
 * part), what the analysis says it matched, a source user's sub the plan would hash as a record ID (a problem), an item
 * holding an identity without a match left behind under {@code onUnmatched: drop}, and the report's table of the values
 * without a match.
 */
public final class IdentityFeature implements Feature {
    @Override
    public Parts parts() {
        return new Parts()
                .add(PlanSection.class, IdentitiesSection.SECTION)
                .add(PlanSection.class, IdentitiesSection.PLAN_ON_UNMATCHED)
                .add(TableField.class, IdentitiesSection.ON_UNMATCHED)
                .add(PlanCheck.Feature.class, UnmatchedPolicy::keyProblem)
                .add(PlaceholderValues.Feature.class, IdentityValues::of)
                .add(WriteRule.Feature.class, IdentityWriteRule::addTo)
                .add(LeftBehind.Reason.class, IdentityWriteRule.UNMATCHED_IDENTITY)
                .add(RunCheck.Feature.class, IdentityMapCheck::addTo)
                .add(RunSection.class, IdentitySummary.SECTION)
                .add(ScanCheck.Feature.class, HashedUsers::addTo)
                .add(ScanCheck.Feature.class, IdentityTallies::addTo)
                .add(ScanTally.class, IdentityTallies.REFERENCES)
                .add(ScanTally.class, IdentityTallies.UNMATCHED_LEFT_BEHIND)
                .add(Warnings.class, UnmatchedIdentities::warnings)
                .add(FindingsTable.class, UnmatchedIdentities.TABLE)
                .add(SourceNames.Feature.class, new SourceUsers.Part());
    }
}
