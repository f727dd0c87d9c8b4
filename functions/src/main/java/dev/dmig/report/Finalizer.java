package dev.dmig.report;

import dev.dmig.Tasks;
import dev.dmig.analysis.Analysis;
import dev.dmig.journal.FollowedItems;
import dev.dmig.journal.IdMapExport;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.migrate.CheckpointTotals;
import dev.dmig.migrate.TestResult;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.Deadline;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.OutOfTimeException;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunStatus;
import dev.dmig.run.SegmentFailures;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.Reads;
import dev.dmig.store.StoreUnavailableException;
import dev.dmig.validate.ValidationReport;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Finalize step: records how the run ended in its manifest and writes {@code report.json}
 * and {@code report.html} from the run's artifacts; then the ExportIdMaps step, called until it is
 * done, stores a succeeded run's ID maps.
 */
public final class Finalizer {
    /** ID maps stored at once after a call's first: each holds one upload part (8 MB) at most. */
    static final int MAPS_AT_ONCE = 8;

    private final ArtifactStore artifacts;

    public Finalizer(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    /** {@code outcome}: succeeded, failed or rolled-back, as the state machine's path decided; in this call alone. */
    public FinalizeResult finish(String runId, String outcome, RunManifest.Failure failure) {
        return finish(runId, null, outcome, failure, Deadline.none());
    }

    /**
     * Records the outcome, writes the report and releases the target. A full run's checkpoints (a thousand segments: a
     * thousand GETs) are tallied table by table while {@code deadline} allows, at least one table per call: a call out
     * of time keeps its tallies under {@code execution} and comes back not done, and the next call of that execution
     * goes on from them. Without an execution (null) everything is read in this call.
     */
    public FinalizeResult finish(String runId, String execution, String outcome, RunManifest.Failure failure,
                                 Deadline deadline) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        RunStatus status = switch (outcome) {
            case "succeeded" -> RunStatus.SUCCEEDED;
            case "rolled-back" -> manifest.status() == RunStatus.ROLLBACK_INCOMPLETE ? RunStatus.ROLLBACK_INCOMPLETE : RunStatus.ROLLED_BACK;
            case "failed" -> RunStatus.FAILED;
            default -> throw new IllegalArgumentException("unknown outcome '" + outcome + "'");
        };
        Map<String, CheckpointTotals> tallies = tallies(runId, manifest, execution,
                execution == null ? Deadline.none() : deadline);
        if (tallies == null) {
            return FinalizeResult.unfinished(runId);
        }
        Map<String, RunManifest.TableProgress> progress = progress(runId, manifest, tallies);
        RunManifest.Failure recorded = failure != null ? SegmentFailures.explain(artifacts, runId, failure) : manifest.failure();
        String verdict = status.text();
        RunManifest ended = manifest.ended(status, progress, recorded, verdict);
        artifacts.putJson(RunLayout.manifest(runId), ended);
        RunReport report = report(ended, progress, tallies).tookAsBefore(endedBefore(runId, status));
        artifacts.putJson(RunLayout.report(runId), report);
        artifacts.put(RunLayout.reportHtml(runId), html(report).getBytes(StandardCharsets.UTF_8), ReportPage.CONTENT_TYPE);
        // A run whose rollback is incomplete keeps the environment: keys are still to be restored under its lock.
        if (status != RunStatus.ROLLBACK_INCOMPLETE) {
            new RunLock(artifacts).release(manifest.targetSuffix(), runId);
        }
        return new FinalizeResult(runId, verdict, RunLayout.report(runId));
    }

    /**
     * The report of a run that had ended well, when a rollback asked for later now ends it again: its report keeps the
     * run's own time and verdict's moment, not the time until the rollback (which its rollback's times say); empty
     * otherwise.
     */
    private Optional<RunReport> endedBefore(String runId, RunStatus now) {
        if (now != RunStatus.ROLLED_BACK && now != RunStatus.ROLLBACK_INCOMPLETE) {
            return Optional.empty();
        }
        return artifacts.getJson(RunLayout.report(runId), RunReport.class)
                .filter(earlier -> RunStatus.SUCCEEDED.text().equals(earlier.status()));
    }

    /** How far ExportIdMaps got: {@code done} once every model's map is stored or listed as not stored. */
    public record IdMapsExported(boolean done, int stored, int notStored, int pending) {}

    /**
     * One call of ExportIdMaps, after Finalize: stores the ID maps of a succeeded full or test run, the call's
     * first alone, then {@value #MAPS_AT_ONCE} at a time while {@code deadline} allows, keeping where it stands in {@code idmap/index.json}
     * ({@code pending}), so that the state machine calls again until it is done. A map that cannot be
     * stored (over {@link IdMapExport#STORED_LIMIT} items, too big for a whole invocation, an S3
     * failure) is listed there with the command that writes it: it never turns a run whose data moved
     * and validated into a failed one.
     */
    public IdMapsExported exportIdMaps(String runId, Deadline deadline) {
        IdMapExport.Index index = artifacts.getJson(RunLayout.idMapIndex(runId), IdMapExport.Index.class)
                .orElseGet(() -> startExport(runId));
        MigrationPlan plan = RunFiles.plan(artifacts, runId);
        IdMapExport idMap = new IdMapExport(artifacts);
        Map<String, Long> stored = new LinkedHashMap<>(index.stored());
        Map<String, String> notStored = new LinkedHashMap<>(index.notStored());
        List<String> pending = new ArrayList<>(index.pending());
        boolean first = true;
        boolean outOfTime = false;
        while (!pending.isEmpty() && !outOfTime && (first || !deadline.passed())) {
            // The call's first map has the whole invocation to itself; the next ones go several at once, as each is
            // mostly round trips (the journal listed and read, the map put, on S3 tens of ms each), and one that runs out
            // of time is the next call's first.
            List<String> group = List.copyOf(pending.subList(0, first ? 1 : Math.min(MAPS_AT_ONCE, pending.size())));
            List<Exported> outcomes = Reads.all(group, model -> exported(idMap, runId, plan.table(model).idAttribute(), model, deadline));
            for (int i = 0; i < group.size(); i++) {
                String model = group.get(i);
                Exported outcome = outcomes.get(i);
                if (outcome.outOfTime() && !first) {
                    outOfTime = true;
                    continue;
                }
                if (outcome.records() >= 0) {
                    stored.put(model, outcome.records());
                } else if (outcome.outOfTime()) {
                    notStored.put(model, "did not fit in one invocation of ExportIdMaps; " + idMapCommand(runId, model));
                } else if (outcome.failure() != null) {
                    notStored.put(model, outcome.failure() + "; " + idMapCommand(runId, model));
                }
                pending.remove(model);
            }
            first = false;
            artifacts.putJson(RunLayout.idMapIndex(runId), new IdMapExport.Index(stored, notStored, pending));
        }
        if (first) {
            artifacts.putJson(RunLayout.idMapIndex(runId), new IdMapExport.Index(stored, notStored, pending));
        }
        return new IdMapsExported(pending.isEmpty(), stored.size(), notStored.size(), pending.size());
    }

    /**
     * How storing one model's ID map ended: the records stored ({@code -1}: none, as the model wrote nothing), out of
     * time, or the store's failure in words.
     */
    private record Exported(long records, boolean outOfTime, String failure) {}

    private static Exported exported(IdMapExport idMap, String runId, String idAttribute, String model, Deadline deadline) {
        try {
            return new Exported(idMap.store(runId, model, idAttribute, deadline), false, null);
        } catch (OutOfTimeException e) {
            return new Exported(-1, true, null);
        } catch (StoreUnavailableException | UncheckedIOException e) {
            return new Exported(-1, false, e.getMessage());
        }
    }

    /** The models whose maps a succeeded full or test run stores; those too large for it are listed as such. */
    private IdMapExport.Index startExport(String runId) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        List<String> pending = new ArrayList<>();
        Map<String, String> notStored = new LinkedHashMap<>();
        if (manifest.status() == RunStatus.SUCCEEDED && (manifest.mode() == RunMode.FULL || manifest.mode() == RunMode.TEST)) {
            progress(runId, manifest).forEach((model, table) -> {
                if (table.itemsRead() > IdMapExport.STORED_LIMIT) {
                    notStored.put(model, "over " + IdMapExport.STORED_LIMIT + " items; " + idMapCommand(runId, model));
                } else {
                    pending.add(model);
                }
            });
        }
        return new IdMapExport.Index(Map.of(), notStored, pending);
    }

    private static String idMapCommand(String runId, String model) {
        return "dmig idmap --run " + runId + " --table " + model + " writes it";
    }

    /** The page is a view of report.json: a bug in drawing it must not fail a run whose data moved and validated. */
    private String html(RunReport report) {
        try {
            return ReportPage.build(artifacts, report);
        } catch (RuntimeException e) {
            return ReportPage.fallback(report, e);
        }
    }

    /** Builds the report from what the run stored; also used by the CLI to show a run. */
    public RunReport report(RunManifest manifest, Map<String, RunManifest.TableProgress> progress) {
        return report(manifest, progress, tallies(manifest.runId(), manifest));
    }

    /** The report of a run from one read of its checkpoints: what the CLI shows of a run Finalize has not reported. */
    public RunReport report(RunManifest manifest) {
        Map<String, CheckpointTotals> tallies = tallies(manifest.runId(), manifest);
        return report(manifest, progress(manifest.runId(), manifest, tallies), tallies);
    }

    /** {@link #progress(String, RunManifest)} from checkpoints the caller has read ({@link Checkpoint#all}). */
    public Map<String, RunManifest.TableProgress> progress(RunManifest manifest, List<Checkpoint> all) {
        return progress(manifest.runId(), manifest, tallies(manifest, all));
    }

    /** {@link #report(RunManifest, Map)} from checkpoints the caller has read ({@link Checkpoint#all}). */
    public RunReport report(RunManifest manifest, Map<String, RunManifest.TableProgress> progress, List<Checkpoint> all) {
        return report(manifest, progress, tallies(manifest, all));
    }

    private RunReport report(RunManifest manifest, Map<String, RunManifest.TableProgress> progress,
                             Map<String, CheckpointTotals> tallies) {
        String runId = manifest.runId();
        // What each step stored, read side by side: four round trips of their own.
        CompletableFuture<Optional<Analysis>> analysis = Reads.start(() -> artifacts.getJson(RunLayout.analysis(runId), Analysis.class));
        CompletableFuture<Optional<TestResult>> test = Reads.start(() -> artifacts.getJson(RunLayout.testResult(runId), TestResult.class));
        CompletableFuture<Optional<ValidationReport>> validation = Reads.start(() -> manifest.mode() == RunMode.FULL
                ? artifacts.getJson(RunLayout.validation(runId), ValidationReport.class) : Optional.empty());
        CompletableFuture<Optional<RollbackResult>> rollback = Reads.start(() -> artifacts.getJson(RunLayout.rollback(runId), RollbackResult.class));
        Tasks.joinAll(List.of(analysis, test, validation, rollback));
        Map<String, Long> differing = new java.util.HashMap<>();
        // Under skip, the target's records that differ from the source are left: the others are written over, or refused.
        analysis.join().ifPresent(a -> a.tables().stream().filter(t -> a.onConflictOf(t.model()).atTaken() == ConflictPolicy.Taken.LEAVE)
                .forEach(t -> differing.put(t.model(), t.differing())));
        List<RunReport.TableRow> rows = new ArrayList<>();
        for (Map.Entry<String, RunManifest.TableProgress> entry : progress.entrySet()) {
            RunManifest.TableProgress p = entry.getValue();
            CheckpointTotals tally = tallies.getOrDefault(entry.getKey(), CheckpointTotals.NONE);
            double seconds = p.millis() / 1000.0;
            int segments = manifest.segments() == null ? 1 : manifest.segments().getOrDefault(entry.getKey(), 1);
            // Only a run that wrote leaves them: a dry run's analysis counts them in its own lines.
            long different = manifest.mode() == RunMode.FULL ? differing.getOrDefault(entry.getKey(), 0L) : 0;
            rows.add(new RunReport.TableRow(entry.getKey(), p.level(), segments, p.itemsRead(), p.itemsWritten(), p.itemsSkipped(),
                    tally.unprocessedRetries(), tally.sdkRetries(), seconds, seconds > 0 ? Math.round(p.itemsRead() / seconds) : 0,
                    tally.lateArrivals(), tally.dropped(), tally.cargo(), tally.droppedBy(), different));
        }
        return new RunReport(runId, manifest.mode().text(), manifest.verdict(), manifest.status().text(), manifest.planDigest(),
                manifest.sourceSuffix(), manifest.targetSuffix(), manifest.createdAt(), manifest.updatedAt(), manifest.seconds(),
                RunReport.Totals.of(rows), rows, manifest.failure(), analysis.join().orElse(null), test.join().orElse(null),
                validation.join().orElse(null), rollback.join().orElse(null), following(manifest));
    }

    /** What following left in the target, for a full run that followed its source; null for another. */
    private FollowedItems following(RunManifest manifest) {
        if (manifest.mode() != RunMode.FULL || !FollowStatus.follows(artifacts, manifest.runId())) {
            return null;
        }
        MigrationPlan plan = RunFiles.plan(artifacts, manifest.runId());
        return FollowedItems.of(artifacts, manifest.runId(), plan.migratedModels());
    }

    /** Per-table totals from the checkpoints (full runs) or the test result (test runs). */
    public Map<String, RunManifest.TableProgress> progress(String runId, RunManifest manifest) {
        return progress(runId, manifest, manifest.mode() == RunMode.FULL ? tallies(runId, manifest) : Map.of());
    }

    private Map<String, RunManifest.TableProgress> progress(String runId, RunManifest manifest,
                                                            Map<String, CheckpointTotals> tallies) {
        Map<String, RunManifest.TableProgress> progress = new LinkedHashMap<>();
        List<List<String>> levels = manifest.levels() == null ? List.of() : manifest.levels();
        if (manifest.mode() == RunMode.TEST) {
            artifacts.getJson(RunLayout.testResult(runId), TestResult.class).ifPresent(test -> {
                Map<String, long[]> counts = new LinkedHashMap<>();
                test.records().forEach(r -> {
                    long[] c = counts.computeIfAbsent(r.model(), m -> new long[3]);
                    c[0]++;
                    if (r.action().equals("skipped")) {
                        c[2]++;
                    } else {
                        c[1]++;
                    }
                });
                counts.forEach((model, c) -> progress.put(model, new RunManifest.TableProgress(levelOf(levels, model), c[0], c[1], c[2], 0)));
            });
            return progress;
        }
        if (manifest.mode() != RunMode.FULL) {
            return progress;
        }
        for (int level = 0; level < levels.size(); level++) {
            for (String model : levels.get(level)) {
                progress.put(model, progress(tallies.getOrDefault(model, CheckpointTotals.NONE), level + 1));
            }
        }
        return progress;
    }

    /** A table's progress at {@code level}, from its totals over its segments' checkpoints. */
    private static RunManifest.TableProgress progress(CheckpointTotals tally, int level) {
        return new RunManifest.TableProgress(level, tally.read(), tally.written(), tally.skipped(), tally.millis());
    }

    /**
     * What a Finalize call out of time has tallied so far, by table, for the next call of its execution (in the fields a
     * version whose tallies held only items, times, retries and late arrivals kept too).
     */
    record Tallies(Map<String, CheckpointTotals> tables) {}

    /** The tallies of the manifest's (table, segment) units, by table, from one read of every checkpoint; none but for a full run. */
    private Map<String, CheckpointTotals> tallies(String runId, RunManifest manifest) {
        if (manifest.mode() != RunMode.FULL || manifest.segments() == null) {
            return new LinkedHashMap<>();
        }
        return tallies(manifest, Checkpoint.all(artifacts, runId));
    }

    /**
     * {@link #tallies(String, RunManifest)} table by table while {@code deadline} allows (at least one table), going on
     * from what an earlier call of {@code execution} kept; null when out of time, the tallies so far kept.
     */
    private Map<String, CheckpointTotals> tallies(String runId, RunManifest manifest, String execution, Deadline deadline) {
        if (manifest.mode() != RunMode.FULL || manifest.segments() == null) {
            return new LinkedHashMap<>();
        }
        String kept = execution == null ? null : RunLayout.finalizeTallies(runId, execution);
        Map<String, CheckpointTotals> tallies = new LinkedHashMap<>(kept == null ? Map.of()
                : artifacts.getJson(kept, Tallies.class).map(Tallies::tables).orElse(Map.of()));
        List<String> toTally = manifest.segments().keySet().stream().filter(model -> !tallies.containsKey(model)).toList();
        if (toTally.isEmpty()) {
            return tallies;
        }
        // One listing of every table's checkpoints, then several tables' reads at once while time allows: across a
        // network a step's time is mostly its round trips waited for one after another.
        Map<String, List<String>> keysOf = checkpointKeys(runId, toTally);
        boolean tallied = false;
        int next = 0;
        while (next < toTally.size()) {
            if (tallied && deadline.passed()) {
                artifacts.putJson(kept, new Tallies(tallies));
                return null;
            }
            List<String> group = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            do {
                group.add(toTally.get(next));
                keys.addAll(keysOf.get(toTally.get(next)));
                next++;
            } while (next < toTally.size() && !deadline.passed()
                    && keys.size() + keysOf.get(toTally.get(next)).size() <= Reads.AT_ONCE * 4);
            List<Checkpoint> read = Reads.all(keys, key -> artifacts.getJson(key, Checkpoint.class)).stream()
                    .flatMap(Optional::stream).toList();
            for (String model : group) {
                int segments = manifest.segments().get(model);
                tallies.put(model, CheckpointTotals.of(read.stream()
                        .filter(c -> model.equals(c.model()) && c.segment() < segments).toList(), segments));
            }
            tallied = true;
        }
        return tallies;
    }

    /** The keys of the run's checkpoints of each of {@code models}, from one listing of them all. */
    private Map<String, List<String>> checkpointKeys(String runId, List<String> models) {
        String prefix = RunLayout.checkpoints(runId);
        Map<String, List<String>> keys = new LinkedHashMap<>();
        models.forEach(model -> keys.put(model, new ArrayList<>()));
        for (String key : artifacts.list(prefix)) {
            int slash = key.indexOf('/', prefix.length());
            List<String> of = slash < 0 ? null : keys.get(key.substring(prefix.length(), slash));
            if (of != null) {
                of.add(key);
            }
        }
        return keys;
    }

    private static Map<String, CheckpointTotals> tallies(RunManifest manifest, List<Checkpoint> all) {
        if (manifest.mode() != RunMode.FULL || manifest.segments() == null) {
            return new LinkedHashMap<>();
        }
        return CheckpointTotals.byTable(all, manifest.segments());
    }

    private static int levelOf(List<List<String>> levels, String model) {
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).contains(model)) {
                return i + 1;
            }
        }
        return 0;
    }
}
