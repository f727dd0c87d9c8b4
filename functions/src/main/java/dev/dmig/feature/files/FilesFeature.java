package dev.dmig.feature.files;

import dev.dmig.Feature;
import dev.dmig.analysis.CheckCost;
import dev.dmig.analysis.RunCheck;
import dev.dmig.analysis.RunSection;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.ScanTally;
import dev.dmig.analysis.Warnings;
import dev.dmig.migrate.FileObjects;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.Rewrite;
import dev.dmig.plan.PlanSection;
import dev.dmig.plan.TableField;
import dev.dmig.rollback.UndoStep;
import dev.dmig.run.SharedObjects;
import dev.dmig.validate.NamedBeside;

/**
 * Amplify Storage files: the objects a table's file references name (its {@code files}, with the sides' buckets and the
 * plan's {@code files}), copied with their items as each page's cargo and their keys renamed in the items' values, as the
 * walk of an item's objects gives them to the steps that read them; the analysis checks both buckets before the scans, looks at each object in
 * both (a table's section {@code files}), sums them for the run (its section {@code files}), warns of values naming no
 * object and stops a full run at objects with other content at their new keys; a rollback undoes the objects a page wrote,
 * keeping one an item left in the target still names, and is refused while a later run's records name one of them;
 * validation finds values that named objects without being files whose copies name none with the same bytes.
 */
public final class FilesFeature implements Feature {
    @Override
    public Parts parts() {
        return new Parts()
                .add(TableField.class, FileReferences.FIELD)
                .add(PlanSection.class, FilesSection.SECTION)
                .add(Rewrite.Feature.class, FileKeyRewrite::addTo)
                .add(FileObjects.Feature.class, FileWalk::of)
                .add(PageCargo.Feature.class, PageObjects::through)
                .add(ScanCheck.Feature.class, ObjectScan::addTo)
                .add(ScanTally.class, FileTallies.TALLY)
                .add(RunCheck.Feature.class, StorageCheck::addTo)
                .add(RunSection.class, FilesSummary.SECTION)
                .add(Warnings.class, FileAnalysis::warnings)
                .add(CheckCost.class, FileAnalysis::checkCost)
                .add(UndoStep.Feature.class, ObjectUndo::addTo)
                .add(SharedObjects.Feature.class, JournalObjects::new)
                .add(NamedBeside.Feature.class, new NamedObjects.Part());
    }
}
