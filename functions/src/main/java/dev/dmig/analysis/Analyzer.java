package dev.dmig.analysis;

import dev.dmig.RefusedException;
import dev.dmig.Settings;
import dev.dmig.migrate.ConflictsFoundException;
import dev.dmig.identity.IdentityMaps;
import dev.dmig.identity.UserPools;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.UnmatchedPolicy;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanCheck;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunFiles;
import dev.dmig.run.Slice;
import dev.dmig.run.SlicedItemStore;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunOpener;
import dev.dmig.run.RunOpener.OpenRun;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunRequest;
import dev.dmig.run.SegmentUnits;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.slice.SliceFinder;
import dev.dmig.slice.SliceRounds;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Reads;
import dev.dmig.store.TableInfo;
import dev.dmig.store.ContentDigest;
import dev.dmig.storage.Buckets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Analyze step: has the run opened ({@link RunOpener}), checks its plan against the live tables, sizes
 * segments, orders the models in levels and, for dry and full runs, scans the source to count, find orphans,
 * problems and conflicts, then applies the gates before the first write. Reads tables; writes only run artifacts.
 */
public final class Analyzer {
    private static final int MAX_SEGMENTS = 1_000;
    /** Segments a table smaller than four times {@code itemsPerSegment} still gets, when it is big enough... */
    private static final int SMALL_TABLE_SEGMENTS = 4;
    /** ...for each to have this many items: a smaller segment is not worth its own invocation. */
    private static final long MIN_ITEMS_PER_SEGMENT = 2_500;
    private static final int PROBLEMS_LISTED = 20;
    /**
     * Entries (IDs, references, unique values) of the segment parts one call keeps in memory from its scans for its
     * summary, ~100 MB: a run whose parts hold more reads the rest back.
     */
    static final long HELD_ENTRIES = 400_000;
    /** Segment parts a summary reads and counts at once: a part of 25,000 items can hold ~30 MB of references. */
    private static final int PARTS_AT_ONCE = 8;

    /** The process's own store; {@link #items} reaches a plan's sides from it. */
    private final ItemStore home;
    private final ArtifactStore artifacts;
    private final Settings settings;
    private final ExecutorService scanPool;
    private final RunOpener opener;
    private final long heldEntries;
    /** The heap the analysis may count on: what decides whether a table's unique values can be checked ({@link UniquenessJoin#tooLarge}). */
    private final long heapBytes;
    /** Where the objects of a plan's file references are. */
    private final Buckets buckets;
    /** The user pools a plan's identity map may be built from. */
    private final UserPools userPools;

    public Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool) {
        this(items, artifacts, settings, scanPool, plan -> { });
    }

    /** {@code stackCheck}: a deployed stack's check of every plan a run opens with or goes on with ({@link RunOpener}). */
    public Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool,
                    Consumer<MigrationPlan> stackCheck) {
        this(items, artifacts, settings, scanPool, stackCheck, UserPools.NONE, Buckets.NONE);
    }

    /**
     * {@code userPools}: where a plan's user pools are read from, when its identity map is built from them; {@code buckets}:
     * where the objects of a plan's file references are.
     */
    public Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool,
                    Consumer<MigrationPlan> stackCheck, UserPools userPools, Buckets buckets) {
        this(items, artifacts, settings, scanPool, HELD_ENTRIES, Runtime.getRuntime().maxMemory(), stackCheck, userPools, buckets);
    }

    /** {@code heldEntries}: how much of its segment parts one call keeps for its summary (tests: 0, all read back). */
    Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool, long heldEntries) {
        this(items, artifacts, settings, scanPool, heldEntries, Runtime.getRuntime().maxMemory());
    }

    /** {@code heapBytes}: the memory a table's unique values must fit half of (tests: small). */
    Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool, long heldEntries,
             long heapBytes) {
        this(items, artifacts, settings, scanPool, heldEntries, heapBytes, plan -> { }, UserPools.NONE, Buckets.NONE);
    }

    private Analyzer(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool, long heldEntries,
                     long heapBytes, Consumer<MigrationPlan> stackCheck, UserPools userPools, Buckets buckets) {
        this.buckets = buckets;
        this.heapBytes = heapBytes;
        this.home = items;
        this.artifacts = artifacts;
        this.settings = settings;
        this.scanPool = scanPool;
        this.userPools = userPools;
        // A pool dmig may not read is refused before the run opens: nothing written, nothing held.
        this.opener = new RunOpener(artifacts, stackCheck, plan -> IdentityMaps.check(userPools, plan));
        this.heldEntries = heldEntries;
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
        RunMode mode = RunOpener.mode(request);
        if (mode == RunMode.VALIDATE || mode == RunMode.ROLLBACK) {
            return opener.earlierRun(request, mode, executionName);
        }
        OpenRun run = opener.open(request, mode, executionName);
        try {
            opener.lock(run, executionName);
            RunManifest manifest = run.manifest();
            if (run.resumed() && manifest.status() != RunStatus.ANALYZING) {
                // Analysis is complete: go straight back to the levels; finished segments return at once.
                artifacts.putJson(RunLayout.manifest(run.runId()), manifest.with(RunStatus.MIGRATING));
                return new RunState(run.runId(), run.mode(), true, true, 0, work(run.runId(), run.plan(), manifest.levels(),
                        manifest.segments(), targets(run.plan(), manifest.levels()),
                        artifacts.getJson(RunLayout.analysis(run.runId()), Analysis.class).orElse(null)));
            }
            return analyze(run.runId(), run.mode(), request.confirmed() || run.resumed(), request.backupOptOut(), run.plan(),
                    manifest, deadline, fanOut ? executionName : null);
        } catch (RefusedException e) {
            opener.refused(run, e);
            throw e;
        }
    }

    private RunState analyze(String runId, RunMode mode, boolean confirm, boolean backupOptOut, MigrationPlan plan,
                             RunManifest manifest, Deadline deadline, String fanOutExecution) {
        List<String> models = selectedModels(plan, manifest.tables());
        ItemStore items = items(plan);
        Map<String, TablePair> pairs = PlanCheck.check(plan, items, models);
        // The run's identity map, built from the user pools (over as many calls as it takes) or read, before anything is scanned.
        if (!IdentityMaps.build(artifacts, userPools, manifest, plan, deadline)) {
            return new RunState(runId, mode, false, confirm, 0, List.of(), backupOptOut ? Boolean.FALSE : null);
        }
        if (plan.copiesFiles()) {
            // Both buckets there and readable, or the run is refused before the source is read.
            buckets.source(plan);
            buckets.target(plan);
        }
        List<List<String>> levels = new ArrayList<>();
        for (List<String> level : DependencyLevels.of(plan)) {
            List<String> kept = level.stream().filter(models::contains).toList();
            if (!kept.isEmpty()) {
                levels.add(kept);
            }
        }
        Map<String, Integer> segments = manifest.segments();
        if (segments == null) {
            Map<String, SizeEstimate> sizes = sizes(plan, pairs);
            artifacts.putJson(sizesKey(runId), new Sizes(sizes, null));
            segments = segments(plan, sizes);
        }
        manifest = manifest.withLevels(models, levels, segments);
        artifacts.putJson(RunLayout.manifest(runId), manifest);
        if (!manifest.sliced() && mode != RunMode.TEST) {
            // Sized for the whole table, which a slice is not; a test run checks no uniqueness.
            List<Problem> tooLarge = UniquenessJoin.tooLarge(plan, models, sizes(runId).tables(), heapBytes);
            if (!tooLarge.isEmpty()) {
                throw new PlanInvalidException(tooLarge);
            }
        }
        if (mode == RunMode.TEST || mode == RunMode.FULL && confirm) {
            // Before the slice is sought or the source read: what earlier runs wrote is known from their artifacts.
            emptyTargetsOnce(runId, items, pairs);
            EarlierCopies.of(artifacts, plan, pairs.keySet(), sizes(runId).emptyTargets(), runId).refuseSecondMapping(items);
        }
        if (manifest.sliced() && RunFiles.slice(artifacts, runId).isEmpty()) {
            // Found once, before the analysis scans: from here on every scan of the source sees only the slice.
            List<Slice.Root> roots = manifest.roots().stream().map(Slice.Root::parse).toList();
            SliceFinder finder = new SliceFinder(items, plan, scanPool, settings.pageSize(), segments);
            if (fanOutExecution != null && WorkList.fansOut(segments, settings.distributedMapSegments())) {
                // Round by round, each round's scans handed to the AnalyzeSegments Map.
                SliceRounds.Step step = new SliceRounds(artifacts, settings.bucket(), finder, scanPool)
                        .advance(runId, roots, fanOutExecution, deadline);
                if (!step.found()) {
                    return new RunState(runId, mode, false, confirm, 0, List.of(), backupOptOut ? Boolean.FALSE : null, step.units());
                }
            } else {
                artifacts.putJson(RunLayout.slice(runId), finder.find(roots));
            }
        }

        if (mode == RunMode.TEST) {
            if (!manifest.sliced()) {
                checkTest(plan, manifest.test());
            }
            artifacts.putJson(RunLayout.manifest(runId), manifest.with(RunStatus.ANALYZED));
            return new RunState(runId, mode, true, false, 0, List.of());
        }
        if (mode == RunMode.FULL && !confirm) {
            opener.refuse(manifest.withFailure(RunStatus.REFUSED,
                    new RunManifest.Failure("ConfirmationRequired", "a full run writes to the target tables and needs \"confirm\": true")));
            return new RunState(runId, mode, true, false, 0, List.of());
        }
        emptyTargetsOnce(runId, items, pairs);
        boolean fansOut = fanOutExecution != null && WorkList.fansOut(segments, settings.distributedMapSegments());
        RunState.S3Object units = null;
        if (fansOut) {
            // The source's segments, then the target's of the tables whose unique values the analysis looks for there.
            List<RunState.Unit> handed = new ArrayList<>(WorkList.units(new ArrayList<>(pairs.keySet()), segments, null, null));
            handed.addAll(WorkList.units(uniqueScans(runId, plan, pairs.keySet()), segments, null, true));
            units = SegmentUnits.handOver(artifacts, settings.bucket(), RunLayout.analysisUnits(runId, fanOutExecution), handed);
        }
        if (units != null) {
            return new RunState(runId, mode, false, confirm, 0, List.of(), backupOptOut ? Boolean.FALSE : null, units);
        }
        Map<String, TimeToLiveAnalysis> timeToLive = TargetEffects.timeToLive(items, pairs);
        SegmentUnits.Held<SegmentScan> held = new SegmentUnits.Held<>(SegmentScan::entries, heldEntries);
        if (!scanAll(runId, plan, pairs, segments, timeToLive, deadline, held)) {
            // The next Analyze call gets this state as its input: carry what the first input said.
            return new RunState(runId, mode, false, confirm, 0, List.of(), backupOptOut ? Boolean.FALSE : null);
        }
        List<Problem> problems = new ArrayList<>();
        Analysis analysis = summarize(runId, mode, plan, pairs, levels, segments, timeToLive, held, problems);
        artifacts.putJson(RunLayout.analysis(runId), analysis);
        if (analysis.totals().problems() > 0) {
            throw new PlanInvalidException(problems, analysis.totals().problems());
        }
        if (mode == RunMode.FULL && NothingToDo.holds(analysis)) {
            opener.end(manifest.ended(RunStatus.SUCCEEDED, null, null, NothingToDo.verdict(analysis,
                    EarlierCopies.of(artifacts, plan, pairs.keySet(), Set.of(), runId).sameIdsWriter())));
            return new RunState(runId, mode, true, confirm, 0, List.of(), null, null, true);
        }
        long objectConflicts = analysis.files() == null ? 0 : analysis.files().conflicts();
        long blocking = plan.onConflict() == ConflictPolicy.ABORT
                ? analysis.totals().conflicts() + analysis.totals().uniquenessConflicts() + objectConflicts : 0;
        if (mode == RunMode.FULL && blocking > 0) {
            opener.refuse(manifest.withFailure(RunStatus.REFUSED, new RunManifest.Failure(ConflictsFoundException.ERROR,
                    conflictsCause(analysis, EarlierCopies.of(artifacts, plan, pairs.keySet(), Set.of(), runId).sameIdsWriter()))));
        } else if (mode == RunMode.FULL) {
            // The last gate before the first write: a way back for every target table, unless opted out.
            if (plan.backup() && !backupOptOut) {
                manifest = manifest.withBackups(Backups.ensure(items, plan, models, runId));
            }
            // A full run goes straight on to write; say so, since the parallel segment tasks never touch the manifest.
            artifacts.putJson(RunLayout.manifest(runId), manifest.with(RunStatus.MIGRATING));
        } else {
            artifacts.putJson(RunLayout.manifest(runId), manifest.with(RunStatus.ANALYZED));
        }
        Map<String, TableInfo> targets = new LinkedHashMap<>();
        pairs.forEach((model, pair) -> targets.put(model, pair.target()));
        return new RunState(runId, mode, true, confirm, blocking, work(runId, plan, levels, segments, targets, analysis));
    }

    /** Why a full run stops at its conflicts, and the run that wrote under the same IDs before, if one did. */
    private static String conflictsCause(Analysis analysis, java.util.Optional<RunManifest> writer) {
        Analysis.Totals totals = analysis.totals();
        List<String> what = new ArrayList<>();
        if (totals.conflicts() > 0) {
            what.add(totals.conflicts() + " target items already exist at the mapped keys (" + totals.identical() + " identical, "
                    + (totals.conflicts() - totals.identical()) + " with other content)");
        }
        if (totals.uniquenessConflicts() > 0) {
            what.add(totals.uniquenessConflicts() + " values of unique attributes collide with other items");
        }
        if (analysis.files() != null && analysis.files().conflicts() > 0) {
            what.add(analysis.files().conflicts() + " objects in bucket " + analysis.files().targetBucket()
                    + " already hold other content at the mapped keys");
        }
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

    /** What each source table's segments are sized for; tables that DescribeTable puts in one segment are sampled, several at once. */
    private Map<String, SizeEstimate> sizes(MigrationPlan plan, Map<String, TablePair> pairs) {
        ItemStore items = items(plan);
        long maxSized = MAX_SEGMENTS * settings.itemsPerSegment();
        Map<String, Future<SizeEstimate>> pending = new LinkedHashMap<>();
        for (TablePair pair : pairs.values()) {
            pending.put(pair.model(), scanPool.submit(() -> chosenSegments(plan, pair.model()) != null
                    ? SizeEstimate.fixedByPlan(pair.source())
                    : SizeEstimate.of(items, pair.source(), settings.itemsPerSegment(), maxSized)));
        }
        Map<String, SizeEstimate> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, Future<SizeEstimate>> entry : pending.entrySet()) {
            try {
                sizes.put(entry.getKey(), entry.getValue().get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sizing " + entry.getKey(), e);
            }
        }
        return sizes;
    }

    private static Integer chosenSegments(MigrationPlan plan, String model) {
        TablePlan table = plan.table(model);
        return table.segments() != null ? table.segments() : plan.segments();
    }

    private Map<String, Integer> segments(MigrationPlan plan, Map<String, SizeEstimate> sizes) {
        Map<String, Long> sized = new LinkedHashMap<>();
        Map<String, Integer> segments = new LinkedHashMap<>();
        sizes.forEach((model, size) -> {
            Integer chosen = chosenSegments(plan, model);
            if (chosen == null) {
                sized.put(model, size.sized());
            }
            segments.put(model, chosen);
        });
        segments.putAll(automaticSegments(sized, settings.itemsPerSegment(), settings.distributedMapSegments()));
        return segments;
    }

    /**
     * The size estimates the segments were chosen from, kept for analysis.json: a later Analyze call does not sample again;
     * and the models whose target table held no item when the run began.
     */
    record Sizes(Map<String, SizeEstimate> tables, Set<String> emptyTargets) {
        /** Whether {@code model}'s target was found empty (false before it was looked at). */
        boolean emptyTarget(String model) {
            return emptyTargets != null && emptyTargets.contains(model);
        }
    }

    private Sizes sizes(String runId) {
        return artifacts.getJson(sizesKey(runId), Sizes.class).orElse(new Sizes(Map.of(), null));
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

    private static String sizesKey(String runId) {
        return RunLayout.prefix(runId) + "analysis/sizes.json";
    }

    /**
     * Segments of the tables sized automatically, from their item counts. The small-table floor adds inline
     * segments, each ~18 of the execution's 25,000 history events: with many tables it is dropped, and each
     * table gets its segments from its size alone.
     */
    static Map<String, Integer> automaticSegments(Map<String, Long> items, long itemsPerSegment, int distributedMapSegments) {
        long inline = 0;
        for (long count : items.values()) {
            int n = segmentsFor(count, itemsPerSegment, true);
            inline += n < distributedMapSegments ? n : 0;
        }
        // Only while the floored run still fits the parent execution inline, so that the floor never sends tables out.
        boolean floor = inline <= WorkList.INLINE_SEGMENT_BUDGET;
        Map<String, Integer> segments = new LinkedHashMap<>();
        items.forEach((model, count) -> segments.put(model, segmentsFor(count, itemsPerSegment, floor)));
        return segments;
    }

    /**
     * One segment per {@code itemsPerSegment} items, at most 1,000; with {@code floor}, a table of 10,000 to
     * 100,000 items gets four, so that a small table is read and written in parallel too, and one process holds
     * as many pages in flight for a table of 10,000 items as for one of 100,000.
     */
    static int segmentsFor(long items, long itemsPerSegment, boolean floor) {
        long bySize = (items + itemsPerSegment - 1) / itemsPerSegment;
        long parallel = floor ? Math.min(SMALL_TABLE_SEGMENTS, items / MIN_ITEMS_PER_SEGMENT) : 1;
        return (int) Math.max(1, Math.min(MAX_SEGMENTS, Math.max(bySize, parallel)));
    }

    /** The work list, each table's segments running as many at once as its target table's capacity calls for. */
    private List<RunState.Level> work(String runId, MigrationPlan plan, List<List<String>> levels, Map<String, Integer> segments,
                                      Map<String, TableInfo> targets, Analysis analysis) {
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
        return WorkList.of(artifacts, settings.bucket(), runId, levels, segments, concurrency, settings.distributedMapSegments());
    }

    /** How many of the table's segment tasks run at once: as many as its target accepts the writes of. */
    private int concurrency(MigrationPlan plan, String model, TableAnalysis table, TableInfo target, int segments) {
        return WriteConcurrency.of(target == null ? null : target.writeCapacity(), averageItemBytes(table),
                plan.writeRateLimitOf(model), segments, segments >= settings.distributedMapSegments());
    }

    private static double averageItemBytes(TableAnalysis table) {
        return table == null || table.items() == 0 ? 0 : (double) table.bytes() / table.items();
    }

    /**
     * What the target's tables would make of the run: their warm throughput, and, in a dry run, an earlier run's copy of
     * the same data under other IDs, which a test or full run of the plan is refused for.
     */
    private List<String> targetWarnings(String runId, RunMode mode, MigrationPlan plan, Map<String, TablePair> pairs,
                                        Map<String, TableAnalysis> tables, Sizes sized) {
        List<String> warnings = new ArrayList<>(warmThroughputWarnings(plan, pairs, tables));
        if (mode == RunMode.DRY_RUN) {
            Set<String> empty = sized.emptyTargets() == null ? Set.of() : sized.emptyTargets();
            EarlierCopies.of(artifacts, plan, pairs.keySet(), empty, runId).secondMapping(items(plan))
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
                TargetEffects.timeToLive(items, Map.of(model, pairs.get(model))));
        return units(runId).runAll(List.of(new SegmentUnits.Unit(model, segment, totalSegments)), deadline,
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
        SegmentAnalyzer analyzer = segmentAnalyzer(runId, plan, pairs, Set.of(), Map.of());
        return targetUnits(runId).runAll(List.of(new SegmentUnits.Unit(model, segment, totalSegments)), deadline,
                unit -> new TargetValues(unit.model(), unit.segment()),
                (unit, part) -> analyzer.scanTarget(part, unit.totalSegments(), deadline));
    }

    /**
     * The models whose target table the analysis scans for the values of their {@code unique} attributes: not those
     * whose target was empty when the run began, which hold none.
     */
    private List<String> uniqueScans(String runId, MigrationPlan plan, Collection<String> models) {
        Sizes sizes = sizes(runId);
        return models.stream().filter(model -> !plan.table(model).unique().isEmpty() && !sizes.emptyTarget(model)).toList();
    }

    /** One (table, segment) scan of a round of a slice's descendants ({@link SliceRounds}); true when it is done. */
    public boolean sliceSegment(String runId, RunState.Unit unit, Deadline deadline) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        MigrationPlan plan = RunFiles.plan(artifacts, manifest);
        SliceFinder finder = new SliceFinder(items(plan), plan, scanPool, settings.pageSize(), manifest.segments());
        return new SliceRounds(artifacts, settings.bucket(), finder, scanPool).scan(runId, unit, deadline);
    }

    /** What the target held before this run wrote anything: looked at once, before the first scan. */
    private void emptyTargetsOnce(String runId, ItemStore items, Map<String, TablePair> pairs) {
        Sizes sizes = sizes(runId);
        if (sizes.emptyTargets() == null) {
            artifacts.putJson(sizesKey(runId), new Sizes(sizes.tables(), emptyTargets(items, pairs)));
        }
    }

    /**
     * {@code scanned}: the models whose source this analyzer reads. The keys earlier test runs left in the target are
     * read only when one of them had a target that held items: each test run's journal, and every earlier run's
     * manifest to find them, in every segment task. An empty target holds no test run's items.
     */
    private SegmentAnalyzer segmentAnalyzer(String runId, MigrationPlan plan, Map<String, TablePair> pairs, Set<String> scanned,
                                           Map<String, TimeToLiveAnalysis> timeToLive) {
        Map<String, String> ttlAttributes = new LinkedHashMap<>();
        timeToLive.forEach((model, ttl) -> {
            if (ttl.attribute() != null) {
                ttlAttributes.put(model, ttl.attribute());
            }
        });
        Sizes sizes = sizes(runId);
        ItemStore source = SlicedItemStore.of(items(plan), RunFiles.slice(artifacts, runId), plan.sourceSuffix());
        Map<String, Set<String>> testRunKeys = scanned.stream().allMatch(sizes::emptyTarget) ? Map.of()
                : TestRunKeys.load(artifacts, plan.targetSuffix(), runId);
        return new SegmentAnalyzer(source, new ItemTransformer(plan, RunMappings.of(artifacts, runId, plan)), pairs, testRunKeys,
                settings.pageSize(), ttlAttributes, Instant.now(), ReferenceJoin.of(plan, pairs, sizes.tables()),
                sizes.emptyTargets() == null ? Set.of() : sizes.emptyTargets(), !plan.copiesFiles() ? null
                        : new ObjectScan(buckets.source(plan), buckets.target(plan), plan.storage().onMissing()));
    }

    /** Runs every unfinished (table, segment) scan until done or out of time; true when all are done. */
    private boolean scanAll(String runId, MigrationPlan plan, Map<String, TablePair> pairs, Map<String, Integer> segments,
                            Map<String, TimeToLiveAnalysis> timeToLive, Deadline deadline, SegmentUnits.Held<SegmentScan> held) {
        SegmentAnalyzer analyzer = segmentAnalyzer(runId, plan, pairs, pairs.keySet(), timeToLive);
        boolean sourceDone = units(runId).runAll(SegmentUnits.of(new ArrayList<>(pairs.keySet()), segments), deadline,
                unit -> new SegmentScan(unit.model(), unit.segment()),
                (unit, part) -> analyzer.run(part, unit.totalSegments(), deadline),
                held);
        List<String> withUnique = uniqueScans(runId, plan, pairs.keySet());
        boolean targetDone = withUnique.isEmpty() || targetUnits(runId).runAll(SegmentUnits.of(withUnique, segments), deadline,
                unit -> new TargetValues(unit.model(), unit.segment()),
                (unit, part) -> analyzer.scanTarget(part, unit.totalSegments(), deadline));
        if (sourceDone && !targetDone) {
            // No summary in this call after all: the next call reads the source's parts instead of scanning them again.
            units(runId).store(held);
        }
        return sourceDone && targetDone;
    }

    private SegmentUnits<TargetValues> targetUnits(String runId) {
        return new SegmentUnits<>(artifacts, scanPool, TargetValues.class,
                unit -> RunLayout.prefix(runId) + "analysis/target/" + unit.model() + "/" + unit.segment() + ".json", part -> part.done);
    }

    /**
     * Values shared within the source, and values another target item already holds, per unique attribute of
     * {@code model}: {@code join} has had every source part; the target's parts are read a few at a time.
     */
    private List<UniquenessAnalysis> uniqueness(String runId, MigrationPlan plan, String model, UniquenessJoin join,
                                                Map<String, Integer> segments) {
        if (!uniqueScans(runId, plan, List.of(model)).isEmpty()) {
            List<SegmentUnits.Unit> all = SegmentUnits.of(List.of(model), segments);
            for (int from = 0; from < all.size(); from += PARTS_AT_ONCE) {
                targetUnits(runId).parts(all.subList(from, Math.min(all.size(), from + PARTS_AT_ONCE)))
                        .forEach(part -> join.addTarget(part.values));
            }
        }
        return join.result();
    }

    /** {@code work} on one table's segment parts, {@link #PARTS_AT_ONCE} at a time (those {@code held} from memory). */
    private void forEachParts(String runId, String model, Map<String, Integer> segments, SegmentUnits.Held<SegmentScan> held,
                              Consumer<List<SegmentScan>> work) {
        List<SegmentUnits.Unit> all = SegmentUnits.of(List.of(model), segments);
        for (int from = 0; from < all.size(); from += PARTS_AT_ONCE) {
            work.accept(units(runId).parts(all.subList(from, Math.min(all.size(), from + PARTS_AT_ONCE)), held));
        }
    }

    private SegmentUnits<SegmentScan> units(String runId) {
        return new SegmentUnits<>(artifacts, scanPool, SegmentScan.class,
                unit -> RunLayout.analysisPart(runId, unit.model(), unit.segment()), part -> part.done);
    }

    /** Sums the parts into the analysis, table by table in level order; {@code listed} gets the first problems found. */
    private Analysis summarize(String runId, RunMode mode, MigrationPlan plan, Map<String, TablePair> pairs,
                               List<List<String>> levels, Map<String, Integer> segments,
                               Map<String, TimeToLiveAnalysis> timeToLive, SegmentUnits.Held<SegmentScan> held,
                               List<Problem> listed) {
        Sizes sized = sizes(runId);
        Map<String, SizeEstimate> sizes = sized.tables();
        // A table's IDs, from its parts read a few at a time: only the IDs stay.
        Function<String, Set<String>> idsOf = model -> {
            Set<String> ids = new HashSet<>();
            forEachParts(runId, model, segments, held, parts -> parts.forEach(part -> ids.addAll(part.ids)));
            return ids;
        };
        Map<String, Set<String>> knownIds = new HashMap<>();
        Map<String, TableAnalysis> tables = new LinkedHashMap<>();
        long orphans = 0;
        long conflicts = 0;
        long identical = 0;
        long adopted = 0;
        long problems = 0;
        long uniquenessConflicts = 0;
        long itemsTotal = 0;
        long bytesTotal = 0;
        List<String> toCome = new ArrayList<>(levels.stream().flatMap(List::stream).toList());
        for (int level = 0; level < levels.size(); level++) {
            for (String model : levels.get(level)) {
                toCome.remove(model);
                TablePair pair = pairs.get(model);
                SegmentScan sum = new SegmentScan(model, -1);
                ContentDigest digest = new ContentDigest();
                ContentDigest expected = new ContentDigest();
                AtomicBoolean expectedKnown = new AtomicBoolean(true);
                List<com.fasterxml.jackson.databind.JsonNode> adoptedKeys = new ArrayList<>();
                UniquenessJoin uniqueValues = new UniquenessJoin(plan.table(model).unique());
                // Its IDs are kept while its parts go by when a table still to come joins its references with them.
                boolean keepIds = toCome.stream().anyMatch(later -> plan.table(later).referencedModels().contains(model))
                        && !knownIds.containsKey(model);
                Set<String> ownIds = new HashSet<>();
                // The parts a few at a time, each let go once counted: a table's parts together can outgrow a function.
                forEachParts(runId, model, segments, held, parts -> {
                    ReferenceJoin.countOrphans(parts, idsOf, knownIds);
                    for (SegmentScan part : parts) {
                        sum.items += part.items;
                        sum.bytes += part.bytes;
                        sum.maxItemBytes = Math.max(sum.maxItemBytes, part.maxItemBytes);
                        sum.conflicts += part.conflicts;
                        sum.identical += part.identical;
                        part.conflictExamples.stream().limit(SegmentScan.EXAMPLES - sum.conflictExamples.size())
                                .forEach(sum.conflictExamples::add);
                        sum.expired += part.expired;
                        sum.dataStoreItems += part.dataStoreItems;
                        sum.softDeleted += part.softDeleted;
                        part.softDeletedExamples.stream().limit(SegmentScan.EXAMPLES - sum.softDeletedExamples.size())
                                .forEach(sum.softDeletedExamples::add);
                        part.expiredExamples.stream().limit(SegmentScan.EXAMPLES - sum.expiredExamples.size())
                                .forEach(sum.expiredExamples::add);
                        adoptedKeys.addAll(part.adopted);
                        sum.problemCount += part.problemCount;
                        part.problems.stream().limit(PROBLEMS_LISTED - listed.size()).forEach(listed::add);
                        part.identities.forEach((path, tally) -> sum.identities
                                .computeIfAbsent(path, p -> new SegmentScan.IdentityTally()).add(tally));
                        part.references.forEach((path, tally) -> sum.references
                                .computeIfAbsent(path, p -> new SegmentScan.ReferenceTally(tally.target)).add(tally));
                        part.files.forEach((path, tally) -> sum.files.computeIfAbsent(path, p -> new SegmentScan.FileTally()).add(tally));
                        addPart(model, digest, ContentDigest.of(part.digest, part.digestCount));
                        if (part.expectedDigest == null) {
                            expectedKnown.set(false);
                        } else {
                            addPart(model, expected, ContentDigest.of(part.expectedDigest, part.expectedCount));
                        }
                        if (!part.unique.isEmpty()) {
                            uniqueValues.addSource(part.unique);
                        }
                        if (keepIds) {
                            ownIds.addAll(part.ids);
                        }
                    }
                });
                if (keepIds) {
                    knownIds.put(model, ownIds);
                }
                if (!adoptedKeys.isEmpty()) {
                    artifacts.putJson(RunLayout.adopted(runId, model), adoptedKeys);
                }
                List<ReferenceAnalysis> references = new ArrayList<>();
                for (var path : plan.table(model).modelReferences().entrySet()) {
                    SegmentScan.ReferenceTally tally = sum.references.getOrDefault(path.getKey(),
                            new SegmentScan.ReferenceTally(path.getValue()));
                    double fill = sum.items == 0 ? 0 : Math.round(1000.0 * tally.itemsWithValue / sum.items) / 1000.0;
                    references.add(new ReferenceAnalysis(path.getKey(), path.getValue(), tally.itemsWithValue, fill,
                            tally.values, tally.orphans, tally.unchecked, tally.orphanExamples));
                    orphans += tally.orphans;
                }
                List<IdentityAnalysis> identities = new ArrayList<>();
                plan.table(model).identityReferences().forEach((path, kind) -> {
                    SegmentScan.IdentityTally tally = sum.identities.getOrDefault(path, new SegmentScan.IdentityTally());
                    identities.add(new IdentityAnalysis(path, kind.planName(), tally.values, tally.unmatched, tally.unmatchedExamples));
                });
                List<FileAnalysis> files = new ArrayList<>();
                plan.table(model).files().keySet().forEach(path -> {
                    SegmentScan.FileTally tally = sum.files.getOrDefault(path.text(), new SegmentScan.FileTally());
                    files.add(new FileAnalysis(path.text(), tally.objects, tally.bytes, tally.missing, tally.missingExamples, tally.present,
                            tally.conflicts, tally.conflictExamples));
                });
                List<UniquenessAnalysis> unique = uniqueness(runId, plan, model, uniqueValues, segments);
                long uniqueConflicts = unique.stream().mapToLong(UniquenessAnalysis::conflicts).sum();
                TimeToLiveAnalysis ttl = timeToLive.get(model);
                tables.put(model, new TableAnalysis(model, level + 1, pair.source().name(), pair.target().name(),
                        segments.get(model), sum.items, sum.bytes, sum.maxItemBytes, references, sum.conflicts,
                        adoptedKeys.size(), sum.conflictExamples, sum.problemCount, digest.hex(), unique, sizes.get(model),
                        pair.target().streamViewType(),
                        ttl == null ? null : new TimeToLiveAnalysis(ttl.attribute(), sum.expired, sum.expiredExamples, ttl.unreadable()),
                        sized.emptyTarget(model), expectedKnown.get() ? expected.hex() : null, expected.count(),
                        sum.dataStoreItems == 0 ? null : new DataStoreAnalysis(plan.table(model).datastore().planName(),
                                sum.dataStoreItems, sum.softDeleted, sum.softDeletedExamples), identities, files));
                held.release(SegmentUnits.of(List.of(model), segments));
                conflicts += sum.conflicts;
                identical += sum.identical;
                uniquenessConflicts += uniqueConflicts;
                adopted += adoptedKeys.size();
                problems += sum.problemCount;
                itemsTotal += sum.items;
                bytesTotal += sum.bytes;
            }
        }
        Map<String, Integer> rates = new LinkedHashMap<>();
        for (String model : tables.keySet()) {
            Integer rate = plan.table(model).writeRateLimit() != null ? plan.table(model).writeRateLimit() : plan.writeRateLimit();
            rates.put(model, rate == null ? 0 : rate);
        }
        EarlierRuns earlier = EarlierRuns.into(artifacts, plan.targetSuffix(), runId);
        Set<String> skipped = new LinkedHashSet<>(plan.tables().keySet());
        skipped.removeAll(plan.migratedModels());
        return new Analysis(runId, mode.text(), plan.digest(), plan.sourceSuffix(), plan.targetSuffix(),
                plan.onConflict().planName(), Instant.now().toString(), levels, new ArrayList<>(tables.values()),
                new Analysis.Totals(tables.size(), itemsTotal, bytesTotal, orphans, conflicts, adopted, problems, uniquenessConflicts,
                        identical),
                unconfigured(plan), new ArrayList<>(skipped), listed.stream().map(Problem::toString).toList(),
                Estimate.of(levels, tables, rates, earlier.itemsPerSecondPerSegment()).withUserPoolRequests(poolRequests(runId, plan)),
                warnings(plan, tables, earlier, targetWarnings(runId, mode, plan, pairs, tables, sized)), identities(runId, plan, tables),
                files(plan, tables));
    }

    /** The run's Storage files, summed over its tables; null for a plan without file references. */
    private FilesSummary files(MigrationPlan plan, Map<String, TableAnalysis> tables) {
        if (!plan.copiesFiles()) {
            return null;
        }
        return FilesSummary.of(plan, tables, buckets.target(plan).versioned(), Buckets.streams(plan));
    }

    /** The ListUsers requests the run's identity map took: ceil(users / 60) per pool, and one per pool to check it first. */
    private long poolRequests(String runId, MigrationPlan plan) {
        var pairing = IdentityMaps.pairing(artifacts, plan, runId);
        return pairing == null ? 0 : pairing.requests();
    }

    /** The run's identity map and the identity values of its tables; null for a plan that maps no identity. */
    private IdentitySummary identities(String runId, MigrationPlan plan, Map<String, TableAnalysis> tables) {
        if (plan.identities() == null) {
            return null;
        }
        long values = 0;
        long unmatched = 0;
        for (TableAnalysis table : tables.values()) {
            for (IdentityAnalysis identity : table.identities()) {
                values += identity.values();
                unmatched += identity.unmatched();
            }
        }
        int users = IdentityMaps.of(artifacts, RunFiles.manifest(artifacts, runId), plan).size();
        return new IdentitySummary(plan.identities().csv(), users, plan.identities().onUnmatched().planName(), values, unmatched,
                IdentityMaps.pairing(artifacts, plan, runId));
    }

    /**
     * What the run sets off in the target besides writing items (streams, TTL deletes), and, with --tables,
     * references to models neither in this run nor migrated by an earlier one, which would dangle in the target.
     */
    private static List<String> warnings(MigrationPlan plan, Map<String, TableAnalysis> tables, EarlierRuns earlier,
                                         List<String> capacity) {
        List<String> warnings = new ArrayList<>();
        for (TableAnalysis table : tables.values()) {
            warnings.addAll(TargetEffects.warnings(table));
            for (IdentityAnalysis identity : table.identities()) {
                if (identity.unmatched() > 0 && plan.identities().onUnmatched() != UnmatchedPolicy.REFUSE) {
                    boolean one = identity.unmatched() == 1;
                    warnings.add("table " + table.model() + ", attribute " + identity.path() + ": " + identity.unmatched()
                            + (one ? " identity value has" : " identity values have") + " no match in " + plan.identities().mapName()
                            + " and " + (plan.identities().onUnmatched() == UnmatchedPolicy.REMOVE ? (one ? "is" : "are") + " left out"
                                    : one ? "is copied as it is" : "are copied as they are")
                            + " (e.g. " + identity.unmatchedExamples().stream().map(e -> "item " + e.item() + ": " + e.value())
                                    .collect(java.util.stream.Collectors.joining("; ")) + ")");
                }
            }
        }
        for (TableAnalysis table : tables.values()) {
            for (FileAnalysis file : table.files()) {
                if (file.missing() > 0 && plan.storage().onMissing() == dev.dmig.plan.MissingFilePolicy.KEEP) {
                    warnings.add("table " + table.model() + ", attribute " + file.path() + ": " + file.missing()
                            + (file.missing() == 1 ? " value names" : " values name") + " no object in bucket "
                            + plan.storage().sourceBucket() + "; the records are copied, no object with them (e.g. "
                            + file.missingExamples().stream().map(e -> "item " + e.item() + ": " + e.value())
                                    .collect(java.util.stream.Collectors.joining("; ")) + ")");
                }
            }
        }
        warnings.addAll(DataStoreAnalysis.warnings(tables.values()));
        warnings.addAll(capacity);
        Set<String> selected = tables.keySet();
        Set<String> migrated = earlier.migratedModels();
        for (String model : selected) {
            plan.table(model).modelReferences().forEach((path, target) -> {
                TablePlan referenced = plan.tables().get(target);
                if (!selected.contains(target) && referenced != null && !referenced.skip() && !migrated.contains(target)) {
                    warnings.add("table " + model + ", attribute " + path + ": references " + target
                            + ", which is neither in this run nor migrated by an earlier one; those references will not resolve yet");
                }
            });
        }
        return warnings;
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

    /**
     * Adds a part's digest to its table's. Parts read by two versions of dmig (a deploy while the segments were read)
     * can hold digests of two algorithms, which do not add up: the analysis fails, before anything is written.
     */
    private static void addPart(String model, ContentDigest sum, ContentDigest part) {
        if (!sum.addable(part)) {
            throw new IllegalStateException("table " + model + ": its segments were analyzed by two versions of dmig, whose "
                    + "digests (" + sum.algorithm() + ", " + part.algorithm() + ") do not add up; start the run again");
        }
        sum.add(part);
    }
}
