package dev.dmig.cli.views;

import dev.dmig.analysis.Analysis;
import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.report.Finalizer;
import dev.dmig.report.Numbers;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.Recovery;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far one run got, per table, from its manifest, analysis and checkpoints: what {@code dmig status --run} prints and
 * the dashboard shows live. {@code recovery}: what the recovery path last did with the run; {@code needsRollback}: it
 * gave up on a run left half-written, and the operator must roll it back. {@code sections}: what the analysis's features say of
 * the run, a line each after their word ({@code identities: ...}, {@code files: ...}, {@link dev.dmig.analysis.RunSection}).
 */
public record RunProgress(RunManifest manifest, List<Table> tables, Optional<Recovery.Record> recovery, boolean needsRollback,
                   List<String> sections) {

    /**
     * One table: items read of the items analysis found ({@code total}), whether all its segments are done, the time its
     * segments worked, and the writes the target refused (throttled) and dmig sent again; {@code written}, {@code dropped}
     * and {@code alreadyThere}: what became of the items read, as the report counts them.
     */
    public record Table(String model, int level, long done, long total, boolean finished, double seconds, long segmentsDone,
                 int segments, long refusedWrites, long written, LeftBehind dropped, long alreadyThere, long differing) {
        /** What became of the items read: {@code 296 written, 4 soft-deleted DataStore rows left behind}. */
        public String describe() {
            return Numbers.count(written) + " written" + RunReport.notWritten(dropped, alreadyThere, differing);
        }

        public double fraction() {
            return total == 0 ? 1 : Math.min(1, (double) done / total);
        }

        /** Items per second over the time its segments worked; 0 before any. */
        public long itemsPerSecond() {
            return seconds > 0 ? Math.round(done / seconds) : 0;
        }

        /** Seconds left at the rate so far, when there is one and the table is not done. */
        public Optional<Double> secondsLeft() {
            return !finished && seconds > 0 && done > 0 ? Optional.of((total - done) / (done / seconds)) : Optional.empty();
        }
    }

    /** The run's progress, or empty when the artifacts hold no such run. */
    public static Optional<RunProgress> read(ArtifactStore artifacts, String runId) {
        return RunArtifacts.in(artifacts).manifest(runId).map(manifest -> of(artifacts, manifest));
    }

    static RunProgress of(ArtifactStore artifacts, RunManifest manifest) {
        String runId = manifest.runId();
        Optional<Recovery.Record> recovery = new Recovery(artifacts).record(runId);
        boolean needsRollback = !manifest.status().terminal()
                && recovery.filter(record -> record.action().equals(RunRow.NEEDS_ROLLBACK)).isPresent();
        Finalizer finalizer = new Finalizer(artifacts);
        // One read of the checkpoints for the progress, the retries and the segments done.
        List<Checkpoint> checkpoints = Checkpoint.all(artifacts, runId);
        Map<String, RunManifest.TableProgress> progress = finalizer.progress(manifest, checkpoints);
        Map<String, RunReport.TableRow> rows = new HashMap<>();
        finalizer.report(manifest, progress, checkpoints).tables().forEach(row -> rows.put(row.model(), row));
        Map<String, Long> expected = new HashMap<>();
        Optional<Analysis> analysis = RunArtifacts.in(artifacts).analysis(runId);
        analysis.ifPresent(a -> a.tables().forEach(t -> expected.put(t.model(), t.items())));
        Map<String, Long> segmentsDone = new HashMap<>();
        checkpoints.stream().filter(Checkpoint::done).forEach(c -> segmentsDone.merge(c.model(), 1L, Long::sum));
        List<Table> tables = new ArrayList<>();
        progress.forEach((model, p) -> {
            int segments = manifest.segments() == null ? 1 : manifest.segments().getOrDefault(model, 1);
            long finishedSegments = segmentsDone.getOrDefault(model, 0L);
            boolean finished = manifest.segments() == null ? manifest.status().terminal() : finishedSegments >= segments;
            RunReport.TableRow row = rows.get(model);
            tables.add(new Table(model, p.level(), p.itemsRead(), expected.getOrDefault(model, p.itemsRead()), finished,
                    p.millis() / 1000.0, finishedSegments, segments, row.unprocessedRetries(), row.itemsWritten(), row.dropped(),
                    row.alreadyThere(), row.differing()));
        });
        return new RunProgress(manifest, List.copyOf(tables), recovery, needsRollback,
                analysis.map(dev.dmig.analysis.RunSection::everySaid).orElse(List.of()));
    }

    /** What became of the items read, over the tables: {@code 4,077 written, 7 soft-deleted DataStore rows left behind}. */
    public String describe() {
        return Numbers.count(tables.stream().mapToLong(Table::written).sum()) + " written" + RunReport.notWritten(
                tables.stream().map(Table::dropped).reduce(LeftBehind.NONE, LeftBehind::plus), tables.stream().mapToLong(Table::alreadyThere).sum(),
                tables.stream().mapToLong(Table::differing).sum());
    }

    long done() {
        return tables.stream().mapToLong(Table::done).sum();
    }

    long total() {
        return tables.stream().mapToLong(Table::total).sum();
    }
}
