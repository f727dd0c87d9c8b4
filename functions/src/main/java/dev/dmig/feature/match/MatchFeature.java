package dev.dmig.feature.match;

import dev.dmig.Feature;
import dev.dmig.analysis.RunCheck;
import dev.dmig.analysis.RunSection;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.RunMappings;
import dev.dmig.migrate.WriteRule;
import dev.dmig.plan.TableField;
import dev.dmig.validate.VerdictCheck;

/**
 * Records paired with those the target already holds: a table's {@code match} in the plan, its records paired by their
 * natural keys before the source is scanned and the pairs frozen with the run (the paired records' new IDs, in the run's
 * mappings), what the analysis says they paired, a paired record kept or written over and an unpaired one skipped
 * ({@code whenMatched}, {@code whenNotMatched}), and validation's check that no natural key is held twice.
 */
public final class MatchFeature implements Feature {
    @Override
    public Parts parts() {
        return new Parts()
                .add(TableField.class, MatchSection.TABLE)
                .add(RunMappings.Feature.class, new MatchMappings())
                .add(WriteRule.Feature.class, MatchWriteRule::addTo)
                .add(LeftBehind.Reason.class, MatchWriteRule.UNPAIRED)
                .add(RunCheck.Feature.class, MatchCheck::addTo)
                .add(RunSection.class, MatchSummary.SECTION)
                .add(VerdictCheck.Feature.class, NaturalKeys::addTo);
    }
}
