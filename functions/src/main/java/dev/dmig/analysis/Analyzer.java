package dev.dmig.analysis;

import dev.dmig.Reaches;
import dev.dmig.RefusedException;
import dev.dmig.Settings;
import dev.dmig.Tasks;
import dev.dmig.migrate.ConflictsFoundException;
import dev.dmig.identity.IdentityMaps;
import dev.dmig.identity.UserPools;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanCheck;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.run.RunOpener;
import dev.dmig.run.RunOpener.OpenRun;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunRequest;
import dev.dmig.run.SourceView;
import dev.dmig.run.SegmentUnits;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.PageSpool;
import dev.dmig.store.Reads;
import dev.dmig.store.TableInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The Analyze step: has the run opened ({@link RunOpener}), checks its plan against the live tables, sizes
 * segments, orders the models in levels and, for dry and full runs, scans the source to count, find orphans,
 * problems and conflicts, then applies the gates before the first write. Reads tables; writes only run artifacts.
 */
public final class Analyzer {
    /**
     * Entries (IDs, references, unique values) of the segment parts one call keeps in memory from its scans for its
     * summary, ~100 MB: a run whose parts hold more reads the rest back.
     */
    static final long HELD_ENTRIES = 400_000;
    /** The process's own store; {@link #items} reaches a plan's sides from it. */
    private final ItemStore home;
    private final ArtifactStore artifacts;
    private final Settings settings;
    private final ExecutorService scanPool;
    private final RunOpener opener;
    private final long heldEntries;
    /** The heap the analysis may count on: what decides whether a table's unique values can be checked ({@link UniquenessJoin#tooLarge}). */
    private final long heapBytes;
    /** What the features' checks reach beside the tables, by type. */
    private final Reaches reaches;
    /** The user pools a plan's identity map may be built from. */
    private final UserPools userPools;
    /** What the analysis tells the time by: what is already past its time to live, when the analysis was made. */
    private final Clock clock;
    /** Where a full run's analysis keeps the pages it read for the run's copy in this process ({@link #keepingPages}). */
    private PageSpool spool;

    /**
     * What one call may hold in memory: {@code heldEntries} of its segment parts for its summary (tests: 0, all read
     * back), and the heap a table's unique values must fit half of ({@code heapBytes}; tests: small).
     */
    record Memory(long heldEntries, long heapBytes) {
        static Memory ofThisJvm() {
            return new Memory(HELD_ENTRIES, Runtime.getRuntime().maxMemory());
        }
    }

    /**
     * What the deployment lets the analysis reach besides the tables: its check of every plan a run opens with or goes
     * on with ({@link RunOpener}), the user pools a plan's identity map may be built from, and what else the checks reach.
     */
    private record Reach(Consumer<MigrationPlan> stackCheck, UserPools userPools, Reaches reaches) {
        static final Reach NONE = new Reach(plan -> { }, UserPools.NONE, Reaches.NONE);
    }

    public Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool) {
        this(items, artifacts, settings, scanPool, plan -> { });
    }

    /** Telling the time by {@code clock} rather than this machine's (tests: what is past its time to live). */
    public Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool, Clock clock) {
        this(items, artifacts, settings, scanPool, Memory.ofThisJvm(), Reach.NONE, clock);
    }

    /** {@code stackCheck}: a deployed stack's check of every plan a run opens with or goes on with ({@link RunOpener}). */
    public Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool,
                    Consumer<MigrationPlan> stackCheck) {
        this(items, artifacts, settings, scanPool, stackCheck, UserPools.NONE, Reaches.NONE);
    }

    /**
     * {@code userPools}: where a plan's user pools are read from, when its identity map is built from them; {@code reaches}:
     * what else the features' checks reach, which they find by type.
     */
    public Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool,
                    Consumer<MigrationPlan> stackCheck, UserPools userPools, Reaches reaches) {
        this(items, artifacts, settings, scanPool, Memory.ofThisJvm(), new Reach(stackCheck, userPools, reaches), Clock.systemUTC());
    }

    /** With other limits of memory than this JVM's (tests). */
    Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool, Memory memory) {
        this(items, artifacts, settings, scanPool, memory, Reach.NONE, Clock.systemUTC());
    }

    private Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool, Memory memory,
                     Reach reach, Clock clock) {
        this.clock = clock;
        this.reaches = reach.reaches();
        this.heapBytes = memory.heapBytes();
        this.home = items;
        this.artifacts = artifacts;
        this.settings = settings;
        this.scanPool = scanPool;
        this.userPools = reach.userPools();
        // A pool dmig may not read is refused before the run opens: nothing written, nothing held.
        this.opener = new RunOpener(artifacts, reach.stackCheck(), plan -> IdentityMaps.check(reach.userPools(), plan),
                reach.reaches(), runId -> Checkpoint.lastWrite(artifacts, runId));
        this.heldEntries = memory.heldEntries();
        this.spool = PageSpool.NONE;
    }

    /**
     * This analyzer, keeping in {@code spool} the source pages a full run's analysis reads in one call, for the run's copy
     * in this process to take instead of reading them again ({@link PageSpool}): not a dry run's or a test run's (no copy
     * follows), not a run that follows its source (its streams are marked after the analysis, so its copy reads the
     * source after the mark), not a fanned-out table's segments (read by tasks of their own). Set once, before the first
     * analysis.
     */
    public Analyzer keepingPages(PageSpool spool) {
        this.spool = spool;
        return this;
    }

    private ItemStore items(MigrationPlan plan) {
        return home.across(plan.sides());
    }

    /** Analyzes in this call alone, looping on its deadline: what the unit tests and single-process callers use. */
    public RunState analyze(RunRequest request, String executionName, Deadline deadline) {
        return analyze(request, executionName, deadline, false);
    }

    /**
     * With {@code fanOut}, and a table large enough for a Distributed Map ({@link WorkList#fansOut}), the first call
     * of an execution for a dry or full run comes back at once, not done, with
     * the source's (table, segment) units in S3 for the {@code AnalyzeSegments} Map ({@link #analyzeSegment}); the
     * next call of that execution finds them read and summarizes (reading what is left, if anything, itself).
     */
    public RunState analyze(RunRequest request, String executionName, Deadline deadline, boolean fanOut) {
        return analyze(request, executionName, null, deadline, fanOut);
    }

    /**
     * The same, {@code executionStart} being when the execution started (null when not known): a run it opens or resumes
     * counts its time from there ({@link dev.dmig.run.RunTime}).
     */
    public RunState analyze(RunRequest request, String executionName, Instant executionStart, Deadline deadline, boolean fanOut) {
        RunMode mode = RunOpener.mode(request);
        if (mode == RunMode.VALIDATE || mode == RunMode.ROLLBACK) {
            return opener.earlierRun(request, mode, executionName);
        }
        OpenRun run = opener.open(request, mode, executionName, executionStart);
        Call call = null;
        try {
            opener.lock(run, executionName);
            RunManifest manifest = run.manifest();
            if (run.resumed() && manifest.status() != RunStatus.ANALYZING) {
                // A resumed run's copy reads the source as it is now, as its validation will.
                spool.forget(run.runId());
                // Analysis is complete: go straight back to the levels; finished segments return at once. A run that
                // passed its validation stays validated: finished, never rolled back, whatever happens after (Validator).
                if (manifest.status() != RunStatus.VALIDATED) {
                    artifacts.putJson(RunLayout.manifest(run.runId()), manifest.with(RunStatus.MIGRATING));
                }
                Analysis analysis = artifacts.getJson(RunLayout.analysis(run.runId()), Analysis.class).orElse(null);
                List<List<String>> order = run.mode() == RunMode.FULL && analysis != null ? analysis.writtenLevels() : manifest.levels();
                return new RunState(run.runId(), run.mode(), true, true, 0, work(run.runId(), run.mode(), run.plan(), order,
                        manifest.segments(), targets(run.plan(), manifest.levels()), analysis));
            }
            call = new Call(run, request, deadline, fanOut ? executionName : null);
            RunState state = call.run();
            if (state.done() && (state.mode() != RunMode.FULL || state.levels().isEmpty() || state.blockingConflicts() > 0
                    || state.nothingToDo())) {
                // No copy follows (a dry run, a test run, conflicts, nothing to do): what the analysis kept goes.
                spool.forget(run.runId());
            }
            return state;
        } catch (RefusedException e) {
            spool.forget(run.runId());
            forgetListings(run, e);
            if (call != null) {
                call.undoChecks(e);
            }
            opener.refused(run, e);
            throw e;
        } catch (RuntimeException | Error e) {
            // Kept pages are only ever an analysis's that a copy goes on from: none after a failure.
            spool.forget(run.runId());
            throw e;
        }
    }

    /**
     * A refusal ends the run's analysis here, whatever it refused (the identity file, a pool, the plan, conflicts): the
     * user-pools' listings and their match secret, which only the frozen map would have deleted, go before the run is
     * recorded as refused. Should that fail, the refusal still stands (the recovery path deletes them once the execution
     * ends). Any other failure ends the execution through the recovery path, which deletes them.
     */
    private void forgetListings(OpenRun run, RefusedException refusal) {
        try {
            IdentityMaps.forgetListings(artifacts, run.runId());
        } catch (RuntimeException left) {
            refusal.addSuppressed(left);
        }
    }

    /** One Analyze call of a dry, test or full run: what it was given, and what it has found so far. */
    private final class Call {
        private final String runId;
        private final RunMode mode;
        private final boolean confirm;
        private final boolean backupOptOut;
        /** Whether the run follows its source while it copies: its tables are written level by level ({@link WriteOrder}). */
        private final boolean following;
        private final MigrationPlan plan;
        private final Deadline deadline;
        /** The execution whose Map states get the scans, when this call may hand them out; else null. */
        private final String fanOutExecution;
        private final ItemStore items;
        private final AnalysisParts parts;
        /** What the features add to the call as a whole ({@link RunChecks}), in order. */
        private final List<RunCheck> checks;
        private RunManifest manifest;
        private List<String> models;
        private Map<String, TablePair> pairs;
        private List<List<String>> levels;
        private Map<String, Integer> segments;
        /** The run's size estimates, read once per call and kept as this call stores them ({@link #sizes}). */
        private Sizes sizes;

        Call(OpenRun run, RunRequest request, Deadline deadline, String fanOutExecution) {
            this.runId = run.runId();
            this.mode = run.mode();
            this.confirm = request.confirmed() || run.resumed();
            this.backupOptOut = request.backupOptOut();
            this.following = request.following();
            this.plan = run.plan();
            this.manifest = run.manifest();
            this.deadline = deadline;
            this.fanOutExecution = fanOutExecution;
            this.items = items(plan);
            this.parts = new AnalysisParts(artifacts, scanPool, runId);
            this.checks = RunChecks.of(new RunCheck.Parts(runId, plan, request.following(), artifacts, items,
                    new RunCheck.Reading(settings.pageSize(), scanPool), userPools, reaches, clock));
        }

        /**
         * A refusal ends the run before its first write: what the checks wrote on the way is undone ({@link
         * RunCheck#refused}); a failure of that is kept with {@code refusal} (thrown when there is none).
         */
        void undoChecks(RefusedException refusal) {
            for (RunCheck check : checks) {
                try {
                    check.refused();
                } catch (RuntimeException failed) {
                    if (refusal == null) {
                        throw failed;
                    }
                    refusal.addSuppressed(failed);
                }
            }
        }

        RunState run() {
            if (!prepare()) {
                return notDone(null);
            }
            checkBeforeScans();
            // What the features need of the source before the analysis scans it (a slice's members): from here on every
            // scan of the source sees the source as the run does.
            RunCheck.FanOut fanOut = new RunCheck.FanOut(fansOut() ? fanOutExecution : null, settings.bucket());
            for (RunCheck check : checks) {
                RunCheck.ScansFirst first = check.scansFirst(manifest, fanOut, deadline);
                if (!first.done()) {
                    return notDone(first.units());
                }
            }
            if (mode == RunMode.TEST) {
                return test();
            }
            if (mode == RunMode.FULL && !confirm) {
                undoChecks(null);
                opener.refuse(manifest.withFailure(RunStatus.REFUSED, new RunManifest.Failure("ConfirmationRequired",
                        "a full run writes to the target tables and needs \"confirm\": true")));
                return new RunState(runId, mode, true, false, 0, List.of());
            }
            emptyTargetsOnce();
            RunState.S3Object handed = fansOut() ? handOverScans() : null;
            if (handed != null) {
                return notDone(handed);
            }
            Map<String, TimeToLiveAnalysis> timeToLive = TargetEffects.timeToLive(items, pairs);
            SegmentUnits.Held<SegmentScan> held = new SegmentUnits.Held<>(SegmentScan::entries, heldEntries);
            if (!scanAll(timeToLive, held)) {
                return notDone(null);
            }
            PartSums summary = new PartSums(artifacts, parts, runId, plan, segments, held,
                    mode == RunMode.FULL ? new FilterWrites(artifacts, scanPool) : null);
            Analysis analysis = analysis(summary, timeToLive);
            List<Problem> listed = new ArrayList<>(summary.listed());
            List<Problem> features = checks.stream().flatMap(check -> check.problems(analysis).stream()).toList();
            listed.addAll(features);
            return decide(analysis.withProblems(features), listed);
        }

        /** Not done: the next Analyze call gets this state as its input, so it carries what the first input said. */
        private RunState notDone(RunState.S3Object units) {
            return new RunState(runId, mode, false, confirm, 0, List.of(), backupOptOut ? Boolean.FALSE : null, units);
        }

        private boolean fansOut() {
            return fanOutExecution != null && WorkList.fansOut(segments, settings.distributedMapSegments());
        }

        /**
         * Checks the plan against the live tables, has what the features need before the scans (false while it is still
         * being made: an identity map from user pools), orders the models in levels, has the features fix what they need
         * of the levels before anything maps an item (a {@code match}'s pairs) and sizes the segments, into the manifest.
         */
        private boolean prepare() {
            models = selectedModels(plan, manifest.tables());
            pairs = PlanCheck.check(plan, items, models);
            for (RunCheck check : checks) {
                if (!check.ready(manifest, deadline)) {
                    return false;
                }
            }
            levels = levels(plan, models);
            for (RunCheck check : checks) {
                check.beforeScans(new RunCheck.Tables(manifest, pairs, levels));
            }
            segments = manifest.segments();
            if (segments == null) {
                SegmentSizing sizing = new SegmentSizing(plan, settings);
                Map<String, SizeEstimate> estimates = sizing.sizes(items, pairs, scanPool);
                keep(new Sizes(estimates, null));
                segments = sizing.segments(estimates);
            }
            manifest = manifest.withLevels(models, levels, segments);
            artifacts.putJson(RunLayout.manifest(runId), manifest);
            return true;
        }

        /** The gates before the source is read: unique values that would not fit, and a second mapping of the same data. */
        private void checkBeforeScans() {
            if (!manifest.sliced() && mode != RunMode.TEST) {
                // Sized for the whole table, which a slice is not; a test run checks no uniqueness.
                List<Problem> tooLarge = UniquenessJoin.tooLarge(plan, models, sizes().tables(), heapBytes);
                if (!tooLarge.isEmpty()) {
                    throw new PlanInvalidException(tooLarge);
                }
            }
            if (mode == RunMode.TEST || (mode == RunMode.FULL && confirm)) {
                // Before the slice is sought or the source read: what earlier runs wrote is known from their artifacts.
                emptyTargetsOnce();
                EarlierCopies.of(artifacts, plan, pairs.keySet(), sizes().emptyTargets(), runId)
                        .refuseSecondMapping(items);
            }
        }

        private RunState test() {
            if (!manifest.sliced()) {
                checkTest(plan, manifest.test());
            }
            artifacts.putJson(RunLayout.manifest(runId), manifest.with(RunStatus.ANALYZED));
            return new RunState(runId, mode, true, false, 0, List.of());
        }

        /** What the target held before this run wrote anything: looked at once, before the first scan. */
        private void emptyTargetsOnce() {
            if (sizes().emptyTargets() == null) {
                keep(new Sizes(sizes().tables(), emptyTargets(items, pairs)));
            }
        }

        /**
         * The run's size estimates: read from the store once per call (each read is a round trip, and up to seven steps
         * of a call ask for them, one after another), then as this call stored them; only this step writes them.
         */
        private Sizes sizes() {
            if (sizes == null) {
                sizes = Sizes.of(artifacts, runId);
            }
            return sizes;
        }

        private void keep(Sizes stored) {
            stored.store(artifacts, runId);
            sizes = stored;
        }

        /**
         * The source's segments, then the target's of the tables whose unique values the analysis looks for there, for
         * the execution's Map; null when this execution handed them over already.
         */
        private RunState.S3Object handOverScans() {
            List<RunState.Unit> handed = new ArrayList<>(WorkList.units(new ArrayList<>(pairs.keySet()), segments, null, null));
            handed.addAll(WorkList.units(uniqueScans(sizes(), plan, pairs.keySet()), segments, null, true));
            return SegmentUnits.handOver(artifacts, settings.bucket(), RunLayout.analysisUnits(runId, fanOutExecution), handed);
        }

        /** Runs every unfinished (table, segment) scan until done or out of time; true when all are done. */
        private boolean scanAll(Map<String, TimeToLiveAnalysis> timeToLive, SegmentUnits.Held<SegmentScan> held) {
            SegmentAnalyzer analyzer = segmentAnalyzer(runId, plan, pairs, pairs.keySet(), timeToLive, sizes());
            if (mode == RunMode.FULL && !following) {
                // The pages this call analyzes are the ones the run's copy writes, where it runs in this process; not a
                // table with a write-rate limit, whose copy reads smaller pages than these (SegmentMigrator#pageSize).
                PageSpool.Recorder kept = spool.recording(runId);
                Set<String> paced = new LinkedHashSet<>();
                pairs.forEach((model, pair) -> {
                    if (plan.writeRateLimitOf(model) != null) {
                        paced.add(pair.source().name());
                    }
                });
                analyzer.keepingPages((read, page, bytes) -> {
                    if (!paced.contains(read.table())) {
                        kept.keep(read, page, bytes);
                    }
                });
            }
            boolean sourceDone = parts.source().runAll(SegmentUnits.of(new ArrayList<>(pairs.keySet()), segments), deadline,
                    unit -> new SegmentScan(unit.model(), unit.segment()),
                    (unit, part) -> analyzer.run(part, unit.totalSegments(), deadline),
                    held);
            List<String> withUnique = uniqueScans(sizes(), plan, pairs.keySet());
            boolean targetDone = withUnique.isEmpty() || parts.target().runAll(SegmentUnits.of(withUnique, segments), deadline,
                    unit -> new TargetValues(unit.model(), unit.segment()),
                    (unit, part) -> analyzer.scanTarget(part, unit.totalSegments(), deadline));
            if (sourceDone && !targetDone) {
                // No summary in this call after all: the next call reads the source's parts instead of scanning them again.
                parts.source().store(held);
            }
            return sourceDone && targetDone;
        }

        /**
         * The parts summed into the run's analysis, with what it warns of, what it would cost and the features' sections
         * ({@link RunCheck#summarized}).
         */
        private Analysis analysis(PartSums summary, Map<String, TimeToLiveAnalysis> timeToLive) {
            Sizes sizes = sizes();
            // What does not depend on the sums is read while they are made (earlier runs' manifests, the source's tables).
            CompletableFuture<EarlierRuns> earlierRead = Reads.start(() -> EarlierRuns.into(artifacts, plan.targetSuffix(), runId));
            CompletableFuture<List<String>> unconfiguredRead = Reads.start(() -> unconfigured(plan));
            Map<String, TableAnalysis> tables;
            try {
                tables = summary.tables(levels, pairs, timeToLive, sizes);
            } finally {
                // Ended before the summary's failure, if any, goes on: no read of this call is left running.
                CompletableFuture.allOf(earlierRead, unconfiguredRead).handle((all, failed) -> null).join();
            }
            Map<String, Integer> rates = new LinkedHashMap<>();
            for (String model : tables.keySet()) {
                Integer rate = plan.writeRateLimitOf(model);
                rates.put(model, rate == null ? 0 : rate);
            }
            EarlierRuns earlier = Tasks.join(earlierRead);
            Set<String> skipped = new LinkedHashSet<>(plan.tables().keySet());
            skipped.removeAll(plan.migratedModels());
            // A dry run's and a full run's: the order a full run of this plan, as requested, would write in.
            List<List<String>> order = WriteOrder.of(levels, tables.values(), plan, following, writeSeconds(plan, tables, targets()));
            Analysis analysis = new Analysis(runId, mode.text(), plan.digest(), plan.sourceSuffix(), plan.targetSuffix(),
                    plan.onConflict().planName(), clock.instant().toString(), levels, new ArrayList<>(tables.values()),
                    summary.totals(tables.size()), Tasks.join(unconfiguredRead), new ArrayList<>(skipped),
                    summary.listed().stream().map(Problem::toString).toList(),
                    Estimate.of(order, DependencyLevels.parents(plan, order), tables, rates, earlier.itemsPerSecondPerSegment())
                            .withSourceValueCheck(summary.totals(tables.size()).items(), keptIds(tables), (int) tables.keySet().stream()
                                    .filter(this::keepsIds).count(), segments.values().stream().mapToLong(Integer::longValue).sum()),
                    AnalysisWarnings.of(plan, tables.values(), earlier.migratedModels(), targetWarnings(runId, mode, plan, pairs, tables, sizes)),
                    null, order, onConflictByTable(plan, tables.keySet()));
            // Its identities, files and matches: each feature's section, added by its check.
            for (RunCheck check : checks) {
                analysis = check.summarized(analysis);
            }
            return analysis;
        }

        /** The run's tables whose entry says an {@code onConflict} other than the plan's, with theirs. */
        private static Map<String, String> onConflictByTable(MigrationPlan plan, Set<String> models) {
            Map<String, String> byTable = new LinkedHashMap<>();
            models.stream().filter(model -> plan.onConflictOf(model) != plan.onConflict())
                    .forEach(model -> byTable.put(model, plan.onConflictOf(model).planName()));
            return byTable;
        }

        /** Whether the run keeps a filter of the model's source IDs, for validation ({@link SourceIds}). */
        private boolean keepsIds(String model) {
            return SourceIds.kept(plan.table(model), pairs.get(model).source());
        }

        /** The source IDs the run keeps in filters: the items of the tables it keeps them of. */
        private long keptIds(Map<String, TableAnalysis> tables) {
            return tables.values().stream().filter(t -> keepsIds(t.model())).mapToLong(TableAnalysis::items).sum();
        }

        /**
         * The gates after the analysis, before the first write: problems, nothing left to do, conflicts under abort,
         * the backups; the work list of the levels to migrate.
         */
        private RunState decide(Analysis analysis, List<Problem> listed) {
            artifacts.putJson(RunLayout.analysis(runId), analysis);
            if (analysis.totals().problems() > 0) {
                throw PlanInvalidException.grouped(listed, analysis.totals().problems());
            }
            if (mode == RunMode.FULL && NothingToDo.holds(analysis)) {
                opener.end(manifest.ended(RunStatus.SUCCEEDED, null, null, NothingToDo.verdict(analysis, earlierWriter())));
                return new RunState(runId, mode, true, confirm, 0, List.of(), null, null, true);
            }
            long featureConflicts = checks.stream().mapToLong(check -> check.conflicts(analysis)).sum();
            long blocking = analysis.itemConflictsStoppingAFullRun() + featureConflicts;
            if (mode == RunMode.FULL && blocking > 0) {
                undoChecks(null);
                opener.refuse(manifest.withFailure(RunStatus.REFUSED, new RunManifest.Failure(ConflictsFoundException.ERROR,
                        conflictsCause(analysis, checks, earlierWriter()))));
            } else if (mode == RunMode.FULL) {
                checks.forEach(check -> check.beforeFirstWrite(analysis));
                // The last gate before the first write: a way back for every target table, unless opted out.
                if (plan.backup() && !backupOptOut) {
                    manifest = manifest.withBackups(Backups.ensure(items, plan, models, runId));
                }
                // A full run goes straight on to write; say so, since the parallel segment tasks never touch the manifest.
                artifacts.putJson(RunLayout.manifest(runId), manifest.with(RunStatus.MIGRATING));
            } else {
                artifacts.putJson(RunLayout.manifest(runId), manifest.with(RunStatus.ANALYZED));
            }
            List<List<String>> order = mode == RunMode.FULL ? analysis.writtenLevels() : levels;
            return new RunState(runId, mode, true, confirm, blocking, work(runId, mode, plan, order, segments, targets(), analysis));
        }

        /** Each model's target table, as the analysis described it. */
        private Map<String, TableInfo> targets() {
            Map<String, TableInfo> targets = new LinkedHashMap<>();
            pairs.forEach((model, pair) -> targets.put(model, pair.target()));
            return targets;
        }

        /** The run that wrote these tables under the same IDs before, if one did. */
        private Optional<RunManifest> earlierWriter() {
            return EarlierCopies.of(artifacts, plan, pairs.keySet(), Set.of(), runId).sameIdsWriter();
        }
    }

    /** The models' dependency levels, those of the run only. */
    private static List<List<String>> levels(MigrationPlan plan, List<String> models) {
        List<List<String>> levels = new ArrayList<>();
        for (List<String> level : DependencyLevels.of(plan)) {
            List<String> kept = level.stream().filter(models::contains).toList();
            if (!kept.isEmpty()) {
                levels.add(kept);
            }
        }
        return levels;
    }

    /** Why a full run stops at its conflicts, and the run that wrote under the same IDs before, if one did. */
    private static String conflictsCause(Analysis analysis, List<RunCheck> checks, Optional<RunManifest> writer) {
        Analysis.Totals totals = analysis.totals();
        List<String> what = new ArrayList<>();
        if (!analysis.onConflictByTable().isEmpty()) {
            // Only some tables' conflicts stop the run: said per table.
            for (TableAnalysis table : analysis.abortingTables()) {
                long collisions = table.uniqueness().stream().mapToLong(UniquenessAnalysis::conflicts).sum();
                if (table.conflicts() + collisions > 0) {
                    what.add("table " + table.model() + " (onConflict: abort): " + (table.conflicts() > 0 ? table.conflicts()
                            + " target items already exist at the mapped keys" : "") + (table.conflicts() > 0 && collisions > 0
                            ? ", " : "") + (collisions > 0 ? collisions + " values of unique attributes collide with other items" : ""));
                }
            }
        } else if (totals.conflicts() > 0) {
            what.add(totals.conflicts() + " target items already exist at the mapped keys (" + totals.identical() + " identical, "
                    + (totals.conflicts() - totals.identical()) + " with other content)");
        }
        if (analysis.onConflictByTable().isEmpty() && totals.uniquenessConflicts() > 0) {
            what.add(totals.uniquenessConflicts() + " values of unique attributes collide with other items");
        }
        checks.forEach(check -> check.conflictsCause(analysis).ifPresent(what::add));
        return String.join(" and ", what) + writer.map(run -> "; run " + run.runId() + " wrote these tables under the same IDs")
                .orElse("");
    }

    private static void checkTest(MigrationPlan plan, RunManifest.Test test) {
        if (test.table() == null || test.table().isEmpty()) {
            throw new RunInputInvalidException("mode test needs \"table\": the model to take test records from");
        }
        TablePlan table = plan.tables().get(test.table());
        if (table == null || table.skip()) {
            throw new RunInputInvalidException("table " + test.table() + " is " + (table == null ? "not in the plan" : "skipped by the plan")
                    + "; test one of: " + String.join(", ", plan.migratedModels()));
        }
        if (test.sourceId() == null && (test.limit() < 1 || test.limit() > 1_000)) {
            throw new RunInputInvalidException("table " + test.table() + ": limit must be from 1 to 1000, not " + test.limit());
        }
    }

    private static List<String> selectedModels(MigrationPlan plan, List<String> tables) {
        List<String> migrated = plan.migratedModels();
        if (tables == null || tables.isEmpty()) {
            return migrated;
        }
        List<Problem> problems = new ArrayList<>();
        for (String table : tables) {
            if (!migrated.contains(table)) {
                problems.add(Problem.table(table, plan.tables().containsKey(table) ? "is skipped by the plan" : "is not in the plan"));
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanInvalidException(problems);
        }
        return migrated.stream().filter(tables::contains).toList();
    }

    /** The models whose target table is empty now: one consistent read of at most one item each, several at once. */
    private Set<String> emptyTargets(ItemStore items, Map<String, TablePair> pairs) {
        List<TablePair> tables = new ArrayList<>(pairs.values());
        List<Boolean> isEmpty = Reads.all(tables, pair -> {
            var page = items.scan(pair.target().name(), 0, 1, null, 1, true);
            return page.items().isEmpty() && page.last();
        });
        Set<String> empty = new LinkedHashSet<>();
        for (int i = 0; i < tables.size(); i++) {
            if (isEmpty.get(i)) {
                empty.add(tables.get(i).model());
            }
        }
        return empty;
    }

    /** The work list, each table's segments running as many at once as its target table's capacity calls for. */
    private List<RunState.Level> work(String runId, RunMode mode, MigrationPlan plan, List<List<String>> levels,
                                      Map<String, Integer> segments, Map<String, TableInfo> targets, Analysis analysis) {
        Map<String, TableAnalysis> analysed = new LinkedHashMap<>();
        if (analysis != null) {
            analysis.tables().forEach(table -> analysed.put(table.model(), table));
        }
        Map<String, Integer> concurrency = new LinkedHashMap<>();
        for (List<String> level : levels) {
            for (String model : level) {
                concurrency.put(model, concurrency(plan, model, analysed.get(model), targets.get(model), segments.get(model)));
            }
        }
        // Written together, no one reads the target while it is written: each table is validated once its own copy is done.
        boolean validatedOnCopy = analysis != null && analysis.writtenTogether() && levels.size() == 1;
        List<RunState.Level> work = WorkList.paced(WorkList.of(artifacts, settings.bucket(), runId, levels, segments, concurrency,
                settings.distributedMapSegments()), writeSeconds(plan, analysed, targets));
        if (validatedOnCopy) {
            return WorkList.validatedOnCopy(work);
        }
        // Level by level, where someone sees the target: each table starts once the tables it refers to are copied.
        return mode == RunMode.FULL ? WorkList.awaitingParents(work, DependencyLevels.parents(plan, levels)) : work;
    }

    /**
     * How long each analysed table's writes take at the rate its target accepts ({@link WriteConcurrency#writeSeconds}):
     * the order tables written together start in, and which table's calls a process sends first.
     */
    private static Map<String, Double> writeSeconds(MigrationPlan plan, Map<String, TableAnalysis> tables,
                                                    Map<String, TableInfo> targets) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        tables.forEach((model, table) -> {
            TableInfo target = targets.get(model);
            seconds.put(model, WriteConcurrency.writeSeconds(table.items(), table.averageItemBytes(),
                    target == null ? null : target.writeCapacity(), plan.writeRateLimitOf(model)));
        });
        return seconds;
    }

    /** How many of the table's segment tasks run at once: as many as its target accepts the writes of. */
    private int concurrency(MigrationPlan plan, String model, TableAnalysis table, TableInfo target, int segments) {
        return WriteConcurrency.of(target == null ? null : target.writeCapacity(), averageItemBytes(table),
                plan.writeRateLimitOf(model), segments, segments >= settings.distributedMapSegments());
    }

    private static double averageItemBytes(TableAnalysis table) {
        return table == null ? 0 : table.averageItemBytes();
    }

    /**
     * What the target's tables would make of the run: their warm throughput, and, in a dry run, an earlier run's copy of
     * the same data under other IDs, which a test or full run of the plan is refused for.
     */
    private List<String> targetWarnings(String runId, RunMode mode, MigrationPlan plan, Map<String, TablePair> pairs,
                                        Map<String, TableAnalysis> tables, Sizes sized) {
        List<String> warnings = new ArrayList<>(warmThroughputWarnings(plan, pairs, tables));
        if (mode == RunMode.DRY_RUN) {
            EarlierCopies.of(artifacts, plan, pairs.keySet(), sized.emptyTargetsOrNone(), runId).secondMapping(items(plan))
                    .ifPresent(refusal -> warnings.add("a test or full run of this plan is refused: " + refusal));
        }
        return warnings;
    }

    /**
     * Per on-demand target table that would be asked for more writes than its warm throughput serves before it
     * scales up, long enough to matter: what to raise it to, before the run.
     */
    private List<String> warmThroughputWarnings(MigrationPlan plan, Map<String, TablePair> pairs, Map<String, TableAnalysis> tables) {
        List<String> warnings = new ArrayList<>();
        tables.forEach((model, table) -> {
            TableInfo target = pairs.get(model).target();
            TableInfo.WriteCapacity capacity = target.writeCapacity();
            if (capacity == null) {
                return;
            }
            int tasks = concurrency(plan, model, table, target, table.segments());
            double demand = WriteConcurrency.unitsPerSecond(capacity, averageItemBytes(table), plan.writeRateLimitOf(model),
                    table.segments(), tasks);
            TargetEffects.warmThroughput(table, capacity, demand).ifPresent(warnings::add);
        });
        return warnings;
    }

    /** The target tables of a resumed run, described again: their capacity may have changed since. */
    private Map<String, TableInfo> targets(MigrationPlan plan, List<List<String>> levels) {
        ItemStore items = items(plan);
        Map<String, TableInfo> targets = new LinkedHashMap<>();
        levels.forEach(level -> level.forEach(model -> items.describe(plan.targetTable(model))
                .ifPresent(table -> targets.put(model, table))));
        return targets;
    }

    /**
     * State {@code AnalyzeSegment}: reads one (table, segment) of the source until done or out of time; true when
     * done. The summary is left to the next {@code Analyze} call.
     */
    public boolean analyzeSegment(String runId, String model, int segment, int totalSegments, Deadline deadline) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        MigrationPlan plan = RunFiles.plan(artifacts, manifest);
        ItemStore items = items(plan);
        // This table and the run's tables it refers to, not every table of the run: a thousand segment tasks of a
        // 60-table run would each describe 120 tables and read 60 TTL settings.
        Set<String> needed = new LinkedHashSet<>(List.of(model));
        plan.table(model).referencedModels().stream().filter(manifest.tables()::contains).forEach(needed::add);
        Map<String, TablePair> pairs = PlanCheck.check(plan, items, needed);
        SegmentAnalyzer analyzer = segmentAnalyzer(runId, plan, pairs, Set.of(model),
                TargetEffects.timeToLive(items, Map.of(model, pairs.get(model))), Sizes.of(artifacts, runId));
        return new AnalysisParts(artifacts, scanPool, runId).source().runAll(List.of(new SegmentUnits.Unit(model, segment, totalSegments)), deadline,
                unit -> new SegmentScan(unit.model(), unit.segment()),
                (unit, part) -> analyzer.run(part, unit.totalSegments(), deadline));
    }

    /**
     * State {@code AnalyzeSegment} for a unit of the target ({@link RunState.Unit#ofTarget}): reads the values of the
     * table's {@code unique} attributes in one segment of its target table until done or out of time; true when done.
     */
    public boolean analyzeTargetSegment(String runId, String model, int segment, int totalSegments, Deadline deadline) {
        MigrationPlan plan = RunFiles.plan(artifacts, runId);
        Map<String, TablePair> pairs = PlanCheck.check(plan, items(plan), Set.of(model));
        SegmentAnalyzer analyzer = segmentAnalyzer(runId, plan, pairs, Set.of(), Map.of(), Sizes.of(artifacts, runId));
        return new AnalysisParts(artifacts, scanPool, runId).target().runAll(List.of(new SegmentUnits.Unit(model, segment, totalSegments)), deadline,
                unit -> new TargetValues(unit.model(), unit.segment()),
                (unit, part) -> analyzer.scanTarget(part, unit.totalSegments(), deadline));
    }

    /**
     * The models whose target table the analysis scans for the values of their {@code unique} attributes: not those
     * whose target was empty when the run began, which hold none.
     */
    private static List<String> uniqueScans(Sizes sizes, MigrationPlan plan, Collection<String> models) {
        return models.stream().filter(model -> sizes.scansTargetFor(plan, model)).toList();
    }

    /**
     * One unit of the scans a feature runs before the analysis's own ({@link RunCheck#scansFirst}: a round of a slice's
     * descendants), as the Map's task runs it; true when it is done.
     */
    public boolean scanFirst(String runId, RunState.Unit unit, Deadline deadline) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        MigrationPlan plan = RunFiles.plan(artifacts, manifest);
        List<RunCheck> checks = RunChecks.of(new RunCheck.Parts(runId, plan, false, artifacts, items(plan),
                new RunCheck.Reading(settings.pageSize(), scanPool), userPools, reaches, clock));
        for (RunCheck check : checks) {
            Boolean done = check.scanFirst(manifest, unit, new RunCheck.FanOut(null, settings.bucket()), deadline);
            if (done != null) {
                return done;
            }
        }
        throw new IllegalStateException("run " + runId + ": no feature of this build scans " + unit.table() + " segment "
                + unit.segment() + " in round " + unit.round() + " before the analysis; run it with the build that started it");
    }

    /**
     * {@code scanned}: the models whose source this analyzer reads. The keys earlier test runs left in the target are
     * read only when one of them had a target that held items: each test run's journal, and every earlier run's
     * manifest to find them, in every segment task. An empty target holds no test run's items.
     */
    private SegmentAnalyzer segmentAnalyzer(String runId, MigrationPlan plan, Map<String, TablePair> pairs, Set<String> scanned,
                                           Map<String, TimeToLiveAnalysis> timeToLive, Sizes sizes) {
        Map<String, String> ttlAttributes = new LinkedHashMap<>();
        timeToLive.forEach((model, ttl) -> {
            if (ttl.attribute() != null) {
                ttlAttributes.put(model, ttl.attribute());
            }
        });
        // Side by side: the slice, the keys test runs left, and the mappings (the manifest, then the pairs) each a round trip
        // or two, none waiting for another's answer.
        CompletableFuture<SourceView> view = Reads.start(() -> SourceView.of(artifacts, runId));
        CompletableFuture<Map<String, Set<String>>> leftByTests = scanned.stream().allMatch(sizes::emptyTarget)
                ? CompletableFuture.completedFuture(Map.of()) : Reads.start(() -> TestRunKeys.load(artifacts, plan.targetSuffix(), runId));
        CompletableFuture<RunMappings> mapped = Reads.start(() -> RunMappings.of(artifacts, runId, plan));
        CompletableFuture.allOf(view, leftByTests, mapped).handle((all, failed) -> null).join();
        ItemStore source = Tasks.join(view).of(items(plan), plan.sourceSuffix());
        Map<String, Set<String>> testRunKeys = Tasks.join(leftByTests);
        RunMappings mappings = Tasks.join(mapped);
        // Which table holds a value is the whole source's to say, a slice's records or not.
        HeldIdLookup held = new HeldIdLookup(items(plan), pairs);
        ItemTransformer transformer = new ItemTransformer(plan, mappings.withHolders(held));
        return new SegmentAnalyzer(source, new SegmentAnalyzer.Mapping(transformer, mappings.identities(), held), pairs,
                settings.pageSize(),
                new SegmentAnalyzer.Targets(sizes.emptyTargetsOrNone(), testRunKeys, ttlAttributes, clock.instant()),
                ReferenceJoin.of(plan, pairs, sizes.tables(), transformer::withholdsSourceIds), reaches);
    }

    private List<String> unconfigured(MigrationPlan plan) {
        List<String> left = new ArrayList<>();
        for (String name : items(plan).listTables()) {
            String model = plan.modelOfSourceTable(name);
            if (model != null && !plan.tables().containsKey(model)) {
                left.add(name);
            }
        }
        return left;
    }

}
