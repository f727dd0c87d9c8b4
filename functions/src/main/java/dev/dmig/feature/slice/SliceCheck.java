package dev.dmig.feature.slice;

import dev.dmig.analysis.RunCheck;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunState;
import dev.dmig.run.Slice;
import java.util.List;
import java.util.Map;

/**
 * A run with roots finds its slice once, before the analysis scans the source ({@code slice.json}): in this Analyze call,
 * or in rounds of scans the call hands to the state machine's Map when it fans out ({@link SliceRounds}), each scan run
 * by {@link #scanFirst}. From then on the run sees its source through the slice ({@link SlicedItemStore}).
 */
final class SliceCheck implements RunCheck {
    private final RunCheck.Parts parts;

    private SliceCheck(RunCheck.Parts parts) {
        this.parts = parts;
    }

    static void addTo(List<RunCheck> checks, RunCheck.Parts parts) {
        checks.add(new SliceCheck(parts));
    }

    @Override
    public ScansFirst scansFirst(RunManifest manifest, FanOut fanOut, Deadline deadline) {
        if (!manifest.sliced() || RunFiles.slice(parts.artifacts(), parts.runId()).isPresent()) {
            return ScansFirst.DONE;
        }
        List<Slice.Root> roots = manifest.roots().stream().map(Slice.Root::parse).toList();
        SliceFinder finder = finder(manifest.segments());
        if (fanOut.execution() != null) {
            SliceRounds.Step step = rounds(finder, fanOut).advance(parts.runId(), roots, fanOut.execution(), deadline);
            return step.found() ? ScansFirst.DONE : new ScansFirst(false, step.units());
        }
        KeptSlice.put(parts.artifacts(), parts.runId(), finder.find(roots), parts.plan());
        return ScansFirst.DONE;
    }

    /** A round's scan of one (table, segment), the only units an Analyze call gives a round number. */
    @Override
    public Boolean scanFirst(RunManifest manifest, RunState.Unit unit, FanOut fanOut, Deadline deadline) {
        if (unit.round() == null) {
            return null;
        }
        return rounds(finder(manifest.segments()), fanOut).scan(parts.runId(), unit, deadline);
    }

    private SliceFinder finder(Map<String, Integer> segments) {
        MigrationPlan plan = parts.plan();
        return new SliceFinder(parts.items(), plan, parts.reading().pool(), parts.reading().pageSize(), segments);
    }

    private SliceRounds rounds(SliceFinder finder, FanOut fanOut) {
        return new SliceRounds(parts.artifacts(), fanOut.bucket(), finder, parts.reading().pool());
    }
}
