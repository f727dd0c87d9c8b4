package dev.dmig.feature.mask;

import dev.dmig.Feature;
import dev.dmig.analysis.RunCheck;
import dev.dmig.analysis.RunSection;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.ScanTally;
import dev.dmig.analysis.Warnings;
import dev.dmig.identity.PoolStandIns;
import dev.dmig.migrate.FileSources;
import dev.dmig.migrate.Rewrite;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.PlanSection;
import dev.dmig.plan.TableField;
import dev.dmig.rollback.UndoStep;
import dev.dmig.validate.CopyCheck;
import dev.dmig.validate.VerdictCheck;

/**
 * Masking personal values: a table's {@code mask} (attribute path → kind) and the plan's {@code mask} (where the key comes
 * from), each value replaced by a fake drawn from a keyed hash of it, alike in every table and run under one key; with
 * the sides' user pools, the source's users put in the target's pool masked alike, and deleted by the run's rollback.
 */
public final class MaskFeature implements Feature {
    @Override
    public Parts parts() {
        return new Parts()
                .add(TableField.class, MaskSection.TABLE)
                .add(PlanSection.class, MaskSection.PLAN)
                .add(Rewrite.Feature.class, MaskRewrite::addTo)
                .add(RunMappings.Feature.class, new RunKey())
                .add(RunMappings.Feature.class, MaskedIds.FEATURE)
                .add(RunMappings.Feature.class, WithheldSourceIds.FEATURE)
                .add(PoolStandIns.class, new MaskedStandIns())
                .add(VerdictCheck.Feature.class, MaskedPoolCheck::addTo)
                .add(VerdictCheck.Feature.class, MaskedArtifactsCheck::addTo)
                .add(RunMappings.Feature.class, new RunPrints())
                .add(ScanCheck.Feature.class, MaskedValues::addTo)
                .add(ScanTally.class, MaskedValues.TALLY)
                .add(ScanCheck.Feature.class, PrintedValues::addTo)
                .add(ScanTally.class, PrintedValues.TALLY)
                .add(RunCheck.Feature.class, MaskCheck::addTo)
                .add(RunCheck.Feature.class, MaskedUsers::addTo)
                .add(RunCheck.Feature.class, RunPrints.Kept::addTo)
                .add(UndoStep.Feature.class, MaskedUserUndo::addTo)
                .add(RunSection.class, MaskSummary.SECTION)
                .add(CopyCheck.Feature.class, MaskedCopies::addTo)
                .add(Warnings.class, MaskWarnings::of)
                .add(FileSources.Feature.class, MaskedFiles::of);
    }
}
