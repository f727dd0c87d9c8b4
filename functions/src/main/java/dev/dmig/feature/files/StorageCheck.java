package dev.dmig.feature.files;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.RunCheck;
import dev.dmig.files.Buckets;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunManifest;
import java.util.List;
import java.util.Optional;

/**
 * A plan's Storage buckets, both there and readable before the source is read (else the run is refused), the run's files
 * summed in the analysis, and the objects already in the target's bucket with other content at the mapped keys, which
 * stop a full run as conflicts do.
 */
final class StorageCheck implements RunCheck {
    private final RunCheck.Parts parts;

    private StorageCheck(RunCheck.Parts parts) {
        this.parts = parts;
    }

    /** A plan with file references. */
    static void addTo(List<RunCheck> checks, RunCheck.Parts parts) {
        if (parts.plan().copiesFiles()) {
            checks.add(new StorageCheck(parts));
        }
    }

    /** The buckets of the plan's files that the analysis reaches. */
    private Buckets buckets() {
        return parts.reaches().get(Buckets.class, Buckets.NONE);
    }

    @Override
    public boolean ready(RunManifest manifest, Deadline deadline) {
        MigrationPlan plan = parts.plan();
        buckets().source(plan);
        buckets().target(plan);
        return true;
    }

    @Override
    public Analysis summarized(Analysis analysis) {
        MigrationPlan plan = parts.plan();
        return analysis.withSection(FilesSummary.SECTION.name(), FilesSummary.of(plan, analysis.tables(),
                buckets().target(plan).versioned(), Buckets.streams(plan)));
    }

    @Override
    public long conflicts(Analysis analysis) {
        FilesSummary files = files(analysis);
        return files == null ? 0 : FilesSummary.stopping(files, analysis);
    }

    @Override
    public Optional<String> conflictsCause(Analysis analysis) {
        if (conflicts(analysis) == 0) {
            return Optional.empty();
        }
        return Optional.of(conflicts(analysis) + " objects in bucket " + files(analysis).targetBucket()
                + " already hold other content at the mapped keys");
    }

    private static FilesSummary files(Analysis analysis) {
        return analysis.section(FilesSummary.SECTION.name(), FilesSummary.class);
    }
}
