package dev.dmig.validate;

import dev.dmig.Reaches;
import dev.dmig.Settings;
import dev.dmig.Tasks;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.WorkList;
import dev.dmig.analysis.ReferenceAnalysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.journal.Journal;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.migrate.CheckpointTotals;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.PageCheck;
import dev.dmig.migrate.PageFindings;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunFiles;
import dev.dmig.run.SourceView;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.run.SegmentUnits;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Reads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The Validate step of a full run: per table, items written = read − skipped; the transformed
 * source equals the target (order-independent digest, example differences); every reference
 * resolves in the target (source orphans reported apart); the source is unchanged since analysis.
 *
 * <p>A table whose target was empty when the run began, that skipped nothing and refers only to
 * tables of the run, is first checked by digest: the target table's digest must equal the digest of
 * the transformed source, which a scan of each proves without a lookup per item. Its references then
 * resolve as the analysis found them in the source (orphans apart), since every table they point at
 * holds exactly its transformed source. Within the run such a table's source is not read again: the
 * migration took the digest of every source item it read, which must equal the analysis's (the source
 * unchanged from analysis through the copy), and the target's digest must equal the analysis's digest of
 * what those items map to; validating an earlier run reads the source again. When anything fails, those
 * tables are checked again item by item, which names what differs.
 */
public final class Validator {
    /** The process's own store; {@link #items} reaches a plan's sides from it. */
    private final ItemStore home;
    private final ArtifactStore artifacts;
    private final Settings settings;
    private final ExecutorService scanPool;
    private final FaultInjector faults;
    /** What each table's pages carry beside their items, which the copies' check asks to compare. */
    private final PageCargo.Source cargo;
    /** What the process reaches beside its tables: the plans' Storage buckets, where values that name objects are looked for. */
    private final Reaches reaches;

    public Validator(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool) {
        this(items, artifacts, settings, scanPool, FaultInjector.NONE);
    }

    public Validator(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool, FaultInjector faults) {
        this(items, artifacts, settings, scanPool, faults, PageCargo.Source.NONE, Reaches.NONE);
    }

    private Validator(ItemStore items, ArtifactStore artifacts, Settings settings, ExecutorService scanPool, FaultInjector faults,
                      PageCargo.Source cargo, Reaches reaches) {
        this.cargo = cargo;
        this.reaches = reaches;
        this.home = items;
        this.artifacts = artifacts;
        this.settings = settings;
        this.scanPool = scanPool;
        this.faults = faults;
    }

    /**
     * The copy's check of each page it maps, beside its source items ({@link Resolutions}), whose findings validation takes
     * from the copy's checkpoints instead of reading the source again: for a process whose runs' artifacts are in
     * {@code artifacts} and whose tables {@code items} reaches.
     */
    public static PageCheck.Source copyCheck(ItemStore items, ArtifactStore artifacts, Reaches reaches) {
        return ResolutionCheck.inCopy(items, artifacts, reaches);
    }

    /** This validator, checking what each page of a copy carried through {@code cargo}, the seam the copy wrote it through. */
    public Validator with(PageCargo.Source cargo) {
        return new Validator(home, artifacts, settings, scanPool, faults, cargo, reaches);
    }

    /** This validator, reaching what {@code reaches} has beside the tables (the plans' Storage buckets). */
    public Validator with(Reaches reaches) {
        return new Validator(home, artifacts, settings, scanPool, faults, cargo, reaches);
    }

    private ItemStore items(MigrationPlan plan) {
        return home.across(plan.sides());
    }

    /** Validates in this call alone, looping on its deadline: what the unit tests and single-process callers use. */
    public ValidationProgress validate(String runId, String execution, Deadline deadline) {
        return validate(runId, execution, deadline, false);
    }

    /** The round of the units of the item-by-item pass that follows a failed digest check. */
    private static final Integer ITEM_BY_ITEM_ROUND = 1;

    /**
     * What the fan-out call decided for the segments: the tables checked by digest, those whose run skipped items, and
     * the tables checked by digest whose source the migration's read stands for (only their target is scanned).
     */
    record PassPlan(Set<String> byDigest, Set<String> skipped, Set<String> sourceReadByMigration,
                    Map<String, ContentDigest.Algorithm> digests, boolean followed, Set<String> resolvedByCopy) {
        PassPlan {
            // A plan stored by a version that read every source again names none.
            sourceReadByMigration = sourceReadByMigration == null ? Set.of() : sourceReadByMigration;
            // A plan stored by a version whose copy did not look at its copies names none: validation looks.
            resolvedByCopy = resolvedByCopy == null ? Set.of() : resolvedByCopy;
            // A plan stored by a version that took only SHA-256 digests names no algorithm.
            digests = digests == null ? Map.of() : digests;
        }

        /** The algorithm of a table's digests in this pass: its analysis's, which they are compared with. */
        ContentDigest.Algorithm digest(String model) {
            return digests.getOrDefault(model, ContentDigest.Algorithm.SHA256);
        }

        /** A pass of every table item by item, with this one's skipped items and digest algorithms. */
        PassPlan itemByItem() {
            return new PassPlan(Set.of(), skipped, Set.of(), digests, followed, resolvedByCopy);
        }

        /** Whether a table's checked items counted are the copy's: not for a run that followed its source since. */
        boolean countsCopy(String model) {
            return !followed || byDigest.contains(model);
        }
    }

    /**
     * The run's own execution (called again, or a resume of the run) that finds its verdict given: the run passed, and is
     * finished, not validated over again (a difference the application has made since is not the run's). Empty otherwise.
     */
    private Optional<ValidationProgress> given(RunManifest manifest, String execution) {
        if (manifest.status() != RunStatus.VALIDATED || !execution.equals(manifest.executionName())) {
            return Optional.empty();
        }
        return artifacts.getJson(RunLayout.validation(manifest.runId()), ValidationReport.class).filter(ValidationReport::passed)
                .map(report -> new ValidationProgress(true, true, report.tables().size(), 0));
    }

    /**
     * With {@code fanOut}, and a table large enough for a Distributed Map ({@link WorkList#fansOut}), the first call of
     * an execution comes back at once, not done, with the (table, segment) units
     * in S3 for the {@code ValidateSegments} Map ({@link #validateSegment}); the next call of that execution finds them
     * checked and gives the verdict (checking what is left, if anything, itself).
     */
    public ValidationProgress validate(String runId, String execution, Deadline deadline, boolean fanOut) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        Optional<ValidationProgress> given = given(manifest, execution);
        if (given.isPresent()) {
            return given.get();
        }
        Opening run = open(manifest, execution, true);
        MigrationPlan plan = run.plan();
        List<String> models = manifest.tables();
        Map<String, Integer> segments = manifest.segments();
        Map<String, CheckpointTotals> counts = run.counts();
        Map<String, TableAnalysis> analysed = run.analysed();
        List<VerdictCheck> checks = run.checks();
        // The call after a fan-out judges the parts as the Map's tasks made them: by the plan the fan-out call wrote,
        // not by one worked out again (the checkpoints it comes from could differ by then).
        Optional<PassPlan> stored = run.stored();
        PassPlan planned = stored.orElseGet(() -> passPlan(plan, manifest, execution, analysed, counts, checks));
        Set<String> byDigest = planned.byDigest();
        SourceValues known = run.known();
        SegmentValidator validator = segmentValidator(plan, manifest, run.source(), planned, run.mappings(), known);
        if (manifest.status() == RunStatus.MIGRATING) {
            artifacts.putJson(RunLayout.manifest(runId), manifest.with(RunStatus.VALIDATING));
        }
        boolean fans = fanOut && WorkList.fansOut(segments, settings.distributedMapSegments());
        RunState.S3Object fanned = fans ? handOver(runId, execution, stored.isEmpty() ? planned : null, models, segments) : null;
        if (fanned != null) {
            return new ValidationProgress(false, false, models.size(), 0, fanned);
        }
        List<SegmentCheck> parts = pass(runId, execution, validator, SegmentUnits.of(largestFirst(models, analysed), segments), planned,
                deadline);
        if (parts == null) {
            return new ValidationProgress(false, false, models.size(), 0);
        }
        List<TableValidation> tables = tables(plan, models, parts, counts, analysed, planned);
        // What is left of the source names its attribute already; only a difference in the copy needs items named.
        if (!byDigest.isEmpty() && tables.stream().anyMatch(t -> !t.copyExact())) {
            // A digest does not say which item differs, and references were proven only by every table being equal.
            List<String> again = models.stream().filter(byDigest::contains).toList();
            String itemsPass = itemByItemPass(execution);
            if (fans) {
                artifacts.putJson(RunLayout.validationPassPlan(runId, itemsPass), planned.itemByItem());
                RunState.S3Object handed = WorkList.fanOut(artifacts, settings.bucket(),
                        RunLayout.validationUnits(runId, itemsPass), again, segments, ITEM_BY_ITEM_ROUND);
                if (handed != null) {
                    return new ValidationProgress(false, false, models.size(), 0, handed);
                }
            }
            List<SegmentCheck> itemByItem = pass(runId, itemsPass, validator, SegmentUnits.of(largestFirst(again, analysed), segments),
                    planned.itemByItem(), deadline);
            if (itemByItem == null) {
                return new ValidationProgress(false, false, models.size(), 0);
            }
            List<SegmentCheck> merged = new ArrayList<>(parts.stream().filter(p -> !byDigest.contains(p.model)).toList());
            merged.addAll(itemByItem);
            tables = tables(plan, models, merged, counts, analysed, planned.itemByItem());
        }
        return verdict(new Verdict(runId, execution, manifest, plan, known.checked(), checks), tables);
    }

    /**
     * The first pass's units in S3 for the {@code ValidateSegments} Map (null when none is large enough), {@code planned},
     * the pass's plan, stored before them when given: no task of the Map finds it missing.
     */
    private RunState.S3Object handOver(String runId, String execution, PassPlan planned, List<String> models,
                                       Map<String, Integer> segments) {
        if (planned != null) {
            artifacts.putJson(RunLayout.validationPassPlan(runId, execution), planned);
        }
        return WorkList.fanOut(artifacts, settings.bucket(), RunLayout.validationUnits(runId, execution), models, segments);
    }

    /**
     * State {@code ValidateTable}: in a run whose tables are written together ({@link Analysis#writtenTogether}), checks a
     * table as soon as its copy is done, while later tables still copy (reads spend no write capacity); true when done.
     * Only a table the verdict's pass checks by digest is checked here: its check reads its own source and target, while
     * a table checked item by item resolves its references in tables that may still be copying, and is left to the
     * verdict. The parts are kept where the verdict's pass of the same execution looks for them, under the pass plan it
     * works out alike (the same checkpoints, analysis and execution): that pass finds them done.
     */
    public boolean validateTable(String runId, String execution, String model, Deadline deadline) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        Optional<Analysis> analysis = artifacts.getJson(RunLayout.analysis(runId), Analysis.class);
        if (manifest.status() != RunStatus.MIGRATING || !execution.equals(manifest.executionName())
                || analysis.filter(Analysis::writtenTogether).isEmpty()) {
            return true;
        }
        Opening run = open(manifest, execution, true);
        PassPlan planned = passPlan(run.plan(), manifest, execution, run.analysed(), run.counts(), run.checks());
        if (!planned.byDigest().contains(model)) {
            return true;
        }
        SegmentValidator validator = segmentValidator(run.plan(), manifest, run.source(), planned, run.mappings(), run.known());
        return pass(runId, execution, validator, SegmentUnits.of(List.of(model), manifest.segments()), planned, deadline) != null;
    }

    /**
     * What a call reads of the run beside its manifest: its plan, checkpoints' totals, analysis, the features' checks of
     * the run as a whole (these three null for a segment's call, which gives no verdict), the pass plan the fan-out call
     * stored, the mappings, the source's values and the source as the run sees it (a slice's members only).
     */
    private record Opening(MigrationPlan plan, Map<String, CheckpointTotals> counts, Map<String, TableAnalysis> analysed,
                           List<VerdictCheck> checks, Optional<PassPlan> stored, RunMappings mappings, SourceValues known,
                           ItemStore source) {}

    /**
     * Reads {@link Opening} side by side: each is a store round trip or two, and none waits for another's answer but the
     * mappings and the checks, for the plan's. Every read has ended before this returns or throws; of several failures,
     * the first in the record's order (the plan's first) is thrown.
     */
    private Opening open(RunManifest manifest, String execution, boolean verdict) {
        String runId = manifest.runId();
        CompletableFuture<MigrationPlan> plan = Reads.start(() -> RunFiles.plan(artifacts, manifest));
        CompletableFuture<Map<String, CheckpointTotals>> counts = !verdict ? CompletableFuture.completedFuture(null)
                : Reads.start(() -> checkpointTotals(runId, manifest.tables(), manifest.segments()));
        CompletableFuture<Map<String, TableAnalysis>> analysed = !verdict ? CompletableFuture.completedFuture(null)
                : Reads.start(() -> analysed(runId));
        CompletableFuture<List<VerdictCheck>> checks = !verdict ? CompletableFuture.completedFuture(null)
                : Reads.start(() -> VerdictChecks.of(new VerdictCheck.Parts(runId, Tasks.join(plan), manifest.tables(), artifacts,
                        items(Tasks.join(plan)), settings.pageSize(), reaches)));
        CompletableFuture<Optional<PassPlan>> stored = Reads.start(() -> artifacts.getJson(
                RunLayout.validationPassPlan(runId, execution), PassPlan.class));
        CompletableFuture<RunMappings> mappings = Reads.start(() -> RunMappings.of(artifacts, Tasks.join(plan), manifest));
        CompletableFuture<SourceValues.Filters> filters = Reads.start(() -> SourceValues.filters(artifacts, manifest));
        CompletableFuture<SourceView> view = Reads.start(() -> SourceView.of(artifacts, runId));
        CompletableFuture.allOf(plan, counts, analysed, checks, stored, mappings, filters, view).handle((all, failed) -> null).join();
        MigrationPlan read = Tasks.join(plan);
        Map<String, CheckpointTotals> totals = Tasks.join(counts);
        Map<String, TableAnalysis> analyses = Tasks.join(analysed);
        List<VerdictCheck> verdictChecks = Tasks.join(checks);
        Optional<PassPlan> passPlan = Tasks.join(stored);
        RunMappings mapped = Tasks.join(mappings);
        SourceValues known = SourceValues.of(manifest, read, items(read), SourceNames.of(mapped), Tasks.join(filters));
        return new Opening(read, totals, analyses, verdictChecks, passPlan, mapped, known,
                Tasks.join(view).of(items(read), read.sourceSuffix()));
    }

    /**
     * The models, the largest first (ties in their order): by what the analysis says checking each costs, its items and
     * what they carry ({@link TableAnalysis#checkCost}). The segments are checked in this order by the pool's tasks, and a
     * large table begun last would be checked alone while the others' tasks have ended.
     */
    private static List<String> largestFirst(List<String> models, Map<String, TableAnalysis> analysed) {
        return models.stream().sorted(java.util.Comparator.comparingLong((String model) -> analysed.get(model) == null ? 0
                : analysed.get(model).checkCost()).reversed()).toList();
    }

    /** The analysis's findings by table; none for a run without an analysis. */
    private Map<String, TableAnalysis> analysed(String runId) {
        Map<String, TableAnalysis> analysed = new HashMap<>();
        artifacts.getJson(RunLayout.analysis(runId), Analysis.class)
                .ifPresent(a -> a.tables().forEach(t -> analysed.put(t.model(), t)));
        return analysed;
    }

    /**
     * Whose verdict is given: the run, the execution giving it, what was looked for of the source's, and what the features
     * check of the run as a whole.
     */
    private record Verdict(String runId, String execution, RunManifest manifest, MigrationPlan plan, SourceValuesChecked checked,
                           List<VerdictCheck> checks) {}

    /** Stores the validation report of {@code tables}; the run's own execution records a full run that passed as validated. */
    private ValidationProgress verdict(Verdict of, List<TableValidation> tables) {
        String runId = of.runId();
        String execution = of.execution();
        RunManifest manifest = of.manifest();
        List<String> failures = new ArrayList<>();
        for (TableValidation table : tables) {
            if (!table.copyExact()) {
                failures.add(table.failure());
            }
            // One line per attribute that still names the source's users or records and that nothing in the plan keeps.
            table.sourceValues().stream().filter(finding -> finding.keptBy() == null)
                    .forEach(finding -> failures.add(finding.failure(of.plan(), table.model())));
            // One line per attribute whose copies no longer name what their source items named, that nothing in the plan keeps.
            table.resolutions().stream().filter(finding -> finding.keptBy() == null)
                    .forEach(finding -> failures.add(finding.failure(of.plan(), table.model())));
            // One line per attribute and kind of value a feature's check of the copies found wrong.
            failures.addAll(table.failedValuesSaid());
        }
        of.checks().forEach(check -> check.failures(failures));
        ValidationReport report = new ValidationReport(runId, failures.isEmpty(), Instant.now().toString(), tables, failures,
                of.checked());
        artifacts.putJson(RunLayout.validation(runId), report);
        if (report.passed() && execution.equals(manifest.executionName()) && manifest.mode() == RunMode.FULL
                && !manifest.status().terminal()) {
            // The last act, before anything else can fail: a failure after this finishes the run, never rolls it back.
            artifacts.putJson(RunLayout.manifest(runId), RunFiles.manifest(artifacts, runId).with(RunStatus.VALIDATED));
        }
        return new ValidationProgress(true, report.passed(), tables.size(), failures.size());
    }

    /**
     * State {@code ValidateSegment}: checks one (table, segment) until done or out of time, as the fan-out call
     * planned it; true when done. The verdict is left to the next {@code Validate} call.
     */
    public boolean validateSegment(String runId, String execution, RunState.Unit unit, Deadline deadline) {
        String pass = ITEM_BY_ITEM_ROUND.equals(unit.round()) ? itemByItemPass(execution) : execution;
        return validateSegment(runId, pass, unit.table(), unit.segment(), unit.totalSegments(), deadline);
    }

    /** The name a second, item-by-item pass keeps its plan and parts under. */
    private static String itemByItemPass(String execution) {
        return execution + "-items";
    }

    private boolean validateSegment(String runId, String execution, String model, int segment, int totalSegments,
                                    Deadline deadline) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        Opening run = open(manifest, execution, false);
        PassPlan planned = run.stored().orElseThrow(() ->
                new IllegalStateException("run " + runId + ": no validation plan for execution " + execution));
        SegmentValidator validator = segmentValidator(run.plan(), manifest, run.source(), planned, run.mappings(), run.known());
        return pass(runId, execution, validator, List.of(new SegmentUnits.Unit(model, segment, totalSegments)),
                planned, deadline) != null;
    }

    /**
     * The checker of the run's segments, as {@code planned} (the tables whose run left items alone, whether it followed its
     * source); {@code known}, the source's values.
     */
    private SegmentValidator segmentValidator(MigrationPlan plan, RunManifest manifest, ItemStore source, PassPlan planned,
                                              RunMappings mappings, SourceValues known) {
        String runId = manifest.runId();
        return new SegmentValidator(source, plan, mappings, Set.copyOf(manifest.tables()),
                new JournaledKeys(new Journal(artifacts), runId, planned.skipped(), new ItemTransformer(plan, mappings)::writesOver,
                        planned.followed(), model -> RunFiles.adopted(artifacts, runId, model)),
                settings.pageSize(), new CopyCheck.Reach(model -> cargo.of(plan, model, artifacts, new Journal(artifacts), scanPool), known,
                planned.resolvedByCopy(), reaches));
    }

    /** One pass over {@code units}, as {@code planned}; null while a unit is unfinished. */
    private List<SegmentCheck> pass(String runId, String execution, SegmentValidator validator, List<SegmentUnits.Unit> units,
                                    PassPlan planned, Deadline deadline) {
        SegmentUnits<SegmentCheck> work = new SegmentUnits<>(artifacts, scanPool, SegmentCheck.class,
                unit -> RunLayout.validationPart(runId, execution, unit.model(), unit.segment()), part -> part.done);
        boolean done = work.runAll(units, deadline, unit -> new SegmentCheck(unit.model(), unit.segment(),
                        planned.byDigest().contains(unit.model()),
                        planned.sourceReadByMigration().contains(unit.model()), planned.digest(unit.model())),
                (unit, part) -> validator.run(unit, part, deadline, () -> faults.beforeValidationPage(runId, unit.model(), unit.segment())));
        if (!done) {
            return null;
        }
        List<SegmentCheck> parts = work.parts(units);
        for (SegmentCheck part : parts) {
            // A part checked beside the copy is judged by this pass: it must have been made as this pass makes it.
            if (part.byDigest != planned.byDigest().contains(part.model)) {
                throw new IllegalStateException("table " + part.model + ", segment " + part.segment
                        + ": its validation part was made by another pass plan; validate the run again");
            }
        }
        return parts;
    }

    /**
     * The tables that can be checked by digest: their target held nothing when the run began (so it holds only
     * what the run wrote), the run skipped none of their items, and each table they refer to is in the run. Of
     * those, the tables whose every checkpoint took the digest of what the migration read and whose analysis took
     * the digest of what it maps to are not read from the source again, when the migration read it just before: in
     * the run's own execution, which no other execution took over. A run validated again later ({@code dmig
     * validate}), or resumed after a stop ({@code dmig stop}, a killed process: the copy's reads may be days old by
     * then), reads its source again.
     */
    private PassPlan passPlan(MigrationPlan plan, RunManifest manifest, String execution,
                                     Map<String, TableAnalysis> analysed, Map<String, CheckpointTotals> counts, List<VerdictCheck> checks) {
        List<String> models = manifest.tables();
        boolean followed = checks.stream().anyMatch(VerdictCheck::sourceMovedOn);
        boolean withinRun = (manifest.status() == RunStatus.MIGRATING || manifest.status() == RunStatus.VALIDATING
                || manifest.status() == RunStatus.VALIDATED)
                && execution.equals(manifest.executionName()) && manifest.resumedAt() == null;
        Set<String> byDigest = new HashSet<>();
        Set<String> readByMigration = new HashSet<>();
        Set<String> resolvedByCopy = new HashSet<>();
        Map<String, ContentDigest.Algorithm> digests = new HashMap<>();
        for (String model : models) {
            TableAnalysis analysis = analysed.get(model);
            CheckpointTotals count = counts.get(model);
            // Compared with the analysis's digests, the validation's take their algorithm (SHA-256 for an earlier version's).
            ContentDigest.Algorithm algorithm = analysis == null || analysis.sourceDigest() == null ? ContentDigest.CURRENT
                    : ContentDigest.Algorithm.of(analysis.sourceDigest());
            digests.put(model, algorithm);
            // The copy looked at every copy it made beside its source item; a followed source was changed since.
            boolean resolved = !followed && count != null && count.findings() != null;
            if (resolved) {
                resolvedByCopy.add(model);
            }
            // A run that followed its source is checked item by item against the source as it is now: neither the
            // analysis's digests nor its references are of that source any more.
            if (!followed && analysis != null && analysis.targetEmpty() && count != null && count.leftAlone() == 0
                    && models.containsAll(plan.table(model).referencedModels())) {
                byDigest.add(model);
                // A table whose pages carry something reads its source again: what its records carry is compared with it.
                if (withinRun && resolved && !cargo.carries(plan, model) && count.sourceRead().isPresent()
                        && analysis.expectedDigest() != null && analysis.problems() == 0
                        && count.sourceRead().get().algorithm() == algorithm) {
                    readByMigration.add(model);
                }
            }
        }
        return new PassPlan(byDigest, skipping(counts), readByMigration, digests, followed, resolvedByCopy);
    }

    private static List<TableValidation> tables(MigrationPlan plan, List<String> models, List<SegmentCheck> parts,
                                                Map<String, CheckpointTotals> counts, Map<String, TableAnalysis> analysed,
                                                PassPlan planned) {
        List<TableValidation> tables = new ArrayList<>();
        for (String model : models) {
            TableAnalysis analysis = analysed.get(model);
            // A followed source changed on purpose since the analysis: what it holds now is what is compared.
            String digestBefore = analysis == null || !planned.countsCopy(model) ? null : analysis.sourceDigest();
            SegmentCheck sum = SegmentCheck.sumOf(model, parts, planned.digest(model));
            List<PageFindings.Found> resolutions = planned.resolvedByCopy().contains(model) ? counts.get(model).findings()
                    : sum.resolutions;
            tables.add(table(model, parts, counts.get(model), digestBefore,
                    planned.byDigest().contains(model) ? analysis : null, planned)
                    .with(SourceValueFinding.of(plan, model, parts))
                    .with(plan, resolutions)
                    .withFailed(sum.failed));
        }
        return tables;
    }

    /**
     * {@code byDigest}: the table's analysis when it was checked by digest, else null; {@code planned}: whether its source
     * was not read again (the migration's read stands for it), its digests' algorithm, and whether the run followed it.
     */
    private static TableValidation table(String model, List<SegmentCheck> parts, CheckpointTotals counts, String digestBefore,
                                         TableAnalysis byDigest, PassPlan planned) {
        boolean readByMigration = planned.sourceReadByMigration().contains(model);
        SegmentCheck sum = SegmentCheck.sumOf(model, parts, planned.digest(model));
        if (readByMigration) {
            // The source as the migration read it, and what the analysis found that it maps to.
            sum.keep(new SegmentCheck.Digests(counts.sourceRead().orElseThrow(),
                    ContentDigest.of(byDigest.expectedDigest(), byDigest.expectedItems()), sum.digests().target()));
        }
        ContentDigest source = sum.digests().source();
        ContentDigest expected = sum.digests().expected();
        ContentDigest target = sum.digests().target();
        if (byDigest != null) {
            // Every reference was counted by the analysis of this same, unchanged source.
            sum.matched = expected.sameAs(target) ? expected.count() : 0;
            for (ReferenceAnalysis reference : byDigest.references()) {
                sum.referencesChecked += reference.values() - reference.unchecked();
                sum.sourceOrphans += reference.orphans();
                sum.unchecked += reference.unchecked();
            }
        }
        long read = counts.read();
        long written = counts.written();
        long skippedByRun = counts.skipped();
        // The copy's own counts; the source it read is the one compared only where the run did not follow it since.
        boolean countsConsistent = written == read - skippedByRun && (read == sum.sourceItems || !planned.countsCopy(model));
        boolean contentEqual = sum.missing == 0 && sum.mismatched == 0 && expected.sameAs(target);
        boolean unchanged = digestBefore == null
                || (digestBefore.equals(source.hex()) && (!readByMigration || sum.sourceItems == byDigest.items()));
        boolean passed = countsConsistent && contentEqual && sum.brokenReferences == 0 && unchanged && sum.cargo.wrong == 0;
        return new TableValidation(model, passed, sum.sourceItems, read, written, skippedByRun, countsConsistent, sum.matched,
                sum.missing, sum.mismatched, sum.skipped, expected.hex(), target.hex(), contentEqual, sum.referencesChecked,
                sum.brokenReferences, sum.sourceOrphans, sum.unchecked, digestBefore, source.hex(), unchanged, sum.examples,
                byDigest != null, readByMigration, sum.cargo.checked, sum.cargo.wrong, sum.cargo.skipped, List.of(), List.of(), 0, 0,
                sum.leftByProduction, List.of(), sum.cargo.standIns);
    }

    /**
     * Per model of the run, its totals over its segments' checkpoints: items read, written and skipped, and the digest
     * of what the migration read.
     */
    private Map<String, CheckpointTotals> checkpointTotals(String runId, List<String> models, Map<String, Integer> segments) {
        Map<String, Integer> ofModels = new HashMap<>();
        models.forEach(model -> ofModels.put(model, segments.get(model)));
        return CheckpointTotals.byTable(Checkpoint.all(artifacts, runId), ofModels);
    }

    /** The models whose run left any item alone at its target key. */
    private static Set<String> skipping(Map<String, CheckpointTotals> counts) {
        Set<String> models = new HashSet<>();
        counts.forEach((model, c) -> {
            if (c.leftAlone() > 0) {
                models.add(model);
            }
        });
        return models;
    }
}
