package dev.dmig.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.migrate.HeldIds;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import dev.dmig.run.RunLayout;
import dev.dmig.run.SegmentUnits;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ContentDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sums one run's segment parts into its tables' analyses, table by table in level order, each table's parts a few at
 * a time and let go once counted: a table's parts together can outgrow a function. Also what the tables add up to, and
 * the problems found, by table and attribute.
 */
final class PartSums {
    private static final int PROBLEMS_LISTED = 20;

    private final ArtifactStore artifacts;
    private final AnalysisParts parts;
    private final String runId;
    private final MigrationPlan plan;
    private final Map<String, Integer> segments;
    private final SegmentUnits.Held<SegmentScan> held;
    /** Where the run's filters of its tables' source IDs are written, for validation; null when it keeps none (not a full run). */
    private final FilterWrites filters;
    /** The IDs of the tables whose references were joined so far, kept while a table still to come refers to them. */
    private final Map<String, Set<String>> knownIds = new HashMap<>();
    /** The problems found, by table and attribute, in the order first found. */
    private final List<ProblemTally> problems = new ArrayList<>();
    /** Every table's counts together. */
    private final SegmentScan total = SegmentScan.sum();
    private long orphans;
    private long adopted;
    private long uniquenessConflicts;
    /**
     * Every table's source IDs together, as they are added to each table's own filter: validation asks one filter of each
     * string instead of one per table. Null when the run keeps none; not stored when a table's own filter was dropped.
     */
    private SourceIdFilter ofRun;
    private boolean ofRunWhole = true;
    /** The IDs the source tables held among the values of references to the table whose source holds each ({@link HeldIdLookup}). */
    private HeldIds heldIds = HeldIds.NONE;

    PartSums(ArtifactStore artifacts, AnalysisParts parts, String runId, MigrationPlan plan, Map<String, Integer> segments,
            SegmentUnits.Held<SegmentScan> held, FilterWrites filters) {
        this.filters = filters;
        this.artifacts = artifacts;
        this.parts = parts;
        this.runId = runId;
        this.plan = plan;
        this.segments = segments;
        this.held = held;
    }

    /**
     * Each table's analysis, in level order; a table's adopted keys are stored as it is summed, its filter of source IDs
     * while the next ones are, every one stored when this returns.
     */
    Map<String, TableAnalysis> tables(List<List<String>> levels, Map<String, TablePair> pairs,
                                      Map<String, TimeToLiveAnalysis> timeToLive, Sizes sizes) {
        try {
            Map<String, TableAnalysis> tables = summed(levels, pairs, timeToLive, sizes);
            if (filters != null) {
                filters.finish();
            }
            return tables;
        } catch (RuntimeException | Error e) {
            if (filters != null) {
                filters.abandon();
            }
            throw e;
        }
    }

    private Map<String, TableAnalysis> summed(List<List<String>> levels, Map<String, TablePair> pairs,
                                              Map<String, TimeToLiveAnalysis> timeToLive, Sizes sizes) {
        Map<String, TableAnalysis> tables = new LinkedHashMap<>();
        List<String> toCome = new ArrayList<>(levels.stream().flatMap(List::stream).toList());
        ofRun = filters != null ? SourceIdFilter.sizedFor(keptIds(pairs, sizes)) : null;
        for (int level = 0; level < levels.size(); level++) {
            for (String model : levels.get(level)) {
                toCome.remove(model);
                // Its IDs are kept while its parts go by when a table still to come joins its references with them.
                boolean keepIds = toCome.stream().anyMatch(later -> plan.table(later).referencedModels().contains(model))
                        && !knownIds.containsKey(model);
                TableSum sum = sum(model, keepIds, sourceIdFilter(pairs.get(model), sizes));
                tables.put(model, table(sum, level + 1, pairs.get(model), timeToLive.get(model), sizes));
                held.release(SegmentUnits.of(List.of(model), segments));
            }
        }
        if (plan.tables().values().stream().anyMatch(TablePlan::mapsByHolder)) {
            // Frozen with the summary: every later step maps such a value as the analysis did.
            heldIds.store(artifacts, runId);
        }
        if (ofRun != null && ofRunWhole && ofRun.count() > 0) {
            filters.put(RunLayout.sourceIdsOfRun(runId), ofRun);
        } else if (ofRun != null && !ofRunWhole) {
            // One an earlier summary of the run stored would lack this one's IDs: validation ORs the tables' filters instead.
            artifacts.delete(RunLayout.sourceIdsOfRun(runId));
        }
        return tables;
    }

    /** The source IDs the run keeps, as the tables' size estimates tell before their parts are summed. */
    private long keptIds(Map<String, TablePair> pairs, Sizes sizes) {
        long ids = 0;
        for (TablePair pair : pairs.values()) {
            SizeEstimate size = sizes.tables().get(pair.model());
            if (size != null && SourceIds.kept(plan.table(pair.model()), pair.source())) {
                ids += size.items();
            }
        }
        return ids;
    }

    Analysis.Totals totals(int tables) {
        return new Analysis.Totals(tables, total.items, total.bytes, orphans, total.conflicts, adopted, total.problemCount,
                uniquenessConflicts, total.identical);
    }

    /**
     * The problems found, one line per table and attribute with its count and first items, and what to add to the plan
     * for values no pattern takes; the first {@value #PROBLEMS_LISTED} such lines, and one saying how many more.
     */
    List<Problem> listed() {
        List<Problem> listed = new ArrayList<>(problems.stream().limit(PROBLEMS_LISTED).map(p -> p.line(plan.tables().get(p.table))).toList());
        if (problems.size() > PROBLEMS_LISTED) {
            long more = problems.stream().skip(PROBLEMS_LISTED).mapToLong(p -> p.count).sum();
            listed.add(Problem.plan("... and " + more + " more problems at " + (problems.size() - PROBLEMS_LISTED) + " more tables and"
                    + " attributes: fix these and analyze again"));
        }
        return listed;
    }

    /**
     * An empty filter for the table's source IDs, sized for its items as estimated before the scans; null when the run
     * keeps none of them ({@link SourceIds#kept}).
     */
    private SourceIdFilter sourceIdFilter(TablePair pair, Sizes sizes) {
        if (filters == null || !SourceIds.kept(plan.table(pair.model()), pair.source())) {
            return null;
        }
        SizeEstimate size = sizes.tables().get(pair.model());
        return SourceIdFilter.sizedFor(size == null ? 0 : size.items());
    }

    /**
     * One table's parts, summed; references to tables summed before are joined with their IDs on the way; {@code filter}:
     * takes the parts' source IDs (null: none kept), stored once every part has given its own.
     */
    private TableSum sum(String model, boolean keepIds, SourceIdFilter filter) {
        TableSum sum = new TableSum(model, plan.table(model), keepIds, filter, filter == null ? null : ofRun);
        parts.forEachSource(model, segments, held, batch -> {
            ReferenceJoin.countOrphans(batch, this::idsOf, knownIds);
            for (SegmentScan part : batch) {
                sum.add(part);
                part.problemGroups().forEach(group -> ProblemTally.of(problems, group.table, group.attribute).add(group));
            }
        });
        if (keepIds) {
            knownIds.put(model, sum.ownIds);
        }
        if (sum.counts.counted(HeldIdLookup.TALLY)) {
            heldIds = heldIds.with(sum.counts.tally(HeldIdLookup.TALLY).byModel);
        }
        if (filter != null && sum.sourceIds == null) {
            // A part begun without the table's source IDs: the run's filter lacks some too, and is not stored.
            ofRunWhole = false;
        }
        if (sum.sourceIds != null && !sum.sourceIds.sizedWell()) {
            // The table's size was estimated far off (DynamoDB counts tables about every six hours): its parts' hashes are
            // read once more into a filter of the size they need, so that a question asks one layer.
            SourceIdFilter exact = SourceIdFilter.sizedFor(sum.sourceIds.count());
            parts.forEachSource(model, segments, held, batch -> batch.forEach(part -> {
                for (long hash : part.sourceIdHashes()) {
                    exact.add(hash);
                }
            }));
            sum.sourceIds = exact;
        }
        if (sum.sourceIds != null) {
            filters.put(RunLayout.sourceIds(runId, model), sum.sourceIds);
        }
        return sum;
    }

    /** A table's IDs, from its parts read a few at a time: only the IDs stay. */
    private Set<String> idsOf(String model) {
        Set<String> ids = new HashSet<>();
        parts.forEachSource(model, segments, held, batch -> batch.forEach(part -> ids.addAll(part.ids)));
        return ids;
    }

    private TableAnalysis table(TableSum sum, int level, TablePair pair, TimeToLiveAnalysis ttl, Sizes sizes) {
        String model = pair.model();
        SegmentScan counts = sum.counts;
        if (!sum.adoptedKeys.isEmpty()) {
            artifacts.putJson(RunLayout.adopted(runId, model), sum.adoptedKeys);
        }
        List<UniquenessAnalysis> unique = uniqueness(model, sum.uniqueValues, sizes);
        total.add(counts);
        adopted += sum.adoptedKeys.size();
        uniquenessConflicts += unique.stream().mapToLong(UniquenessAnalysis::conflicts).sum();
        TablePlan table = plan.table(model);
        Map<Class<?>, Object> sections = sections(counts, new ScanTally.Table(table, ttl));
        return new TableAnalysis(model, level, pair.source().name(), pair.target().name(), segments.get(model), counts.items,
                counts.bytes, counts.maxItemBytes, references(table, counts), counts.conflicts, sum.adoptedKeys.size(),
                counts.conflictExamples, counts.problemCount, sum.digest.hex(), unique, sizes.tables().get(model),
                pair.target().streamViewType(),
                section(sections, TimeToLiveAnalysis.class), sizes.emptyTarget(model),
                sum.expectedKnown ? sum.expected.hex() : null, sum.expected.count(), featureSections(counts, new ScanTally.Table(table, ttl)),
                counts.leftBehind, counts.identical);
    }

    /** Each feature's section of a table's analysis, by its type, from the table's summed tallies ({@link ScanTally}). */
    private static Map<Class<?>, Object> sections(SegmentScan counts, ScanTally.Table table) {
        Map<Class<?>, Object> sections = new HashMap<>();
        ScanChecks.CORE_TALLIES.forEach(kind -> sections.put(kind.sectionType(), kind.section(counts, table)));
        return sections;
    }

    /** Each feature's section of a table's analysis, by its name, from the table's summed tallies; none for null. */
    private static Map<String, Object> featureSections(SegmentScan counts, ScanTally.Table table) {
        Map<String, Object> sections = new LinkedHashMap<>();
        ScanChecks.FEATURE_TALLIES.forEach(kind -> {
            Object section = kind.section(counts, table);
            if (section != null) {
                sections.put(kind.name(), section);
            }
        });
        return sections;
    }

    private static <S> S section(Map<Class<?>, Object> sections, Class<S> type) {
        return type.cast(sections.get(type));
    }

    private List<ReferenceAnalysis> references(TablePlan table, SegmentScan counts) {
        List<ReferenceAnalysis> references = new ArrayList<>();
        for (var path : table.modelReferences().entrySet()) {
            SegmentScan.ReferenceTally tally = counts.references.getOrDefault(path.getKey(),
                    new SegmentScan.ReferenceTally(path.getValue()));
            // Of the items the run copies: those it leaves behind are neither mapped nor counted here.
            long copied = counts.items - counts.leftBehind;
            double fill = copied <= 0 ? 0 : Math.round(1000.0 * tally.itemsWithValue / copied) / 1000.0;
            references.add(new ReferenceAnalysis(path.getKey(), path.getValue(), tally.itemsWithValue, fill,
                    tally.values, tally.orphans, tally.unchecked, tally.orphanExamples));
            orphans += tally.orphans;
        }
        return references;
    }

    /**
     * Values shared within the source, and values another target item already holds, per unique attribute of
     * {@code model}: {@code join} has had every source part; the target's parts are read a few at a time.
     */
    private List<UniquenessAnalysis> uniqueness(String model, UniquenessJoin join, Sizes sizes) {
        if (sizes.scansTargetFor(plan, model)) {
            parts.forEachTarget(model, segments, batch -> batch.forEach(part -> join.addTarget(part.values)));
        }
        return join.result();
    }

    /** One table's parts added up, with what a summary keeps beside the counts. */
    private static final class TableSum {
        final String model;
        final SegmentScan counts = SegmentScan.sum();
        final ContentDigest digest = new ContentDigest();
        final ContentDigest expected = new ContentDigest();
        boolean expectedKnown = true;
        final List<JsonNode> adoptedKeys = new ArrayList<>();
        final UniquenessJoin uniqueValues;
        /** Its IDs, when a table still to come refers to it; else null. */
        final Set<String> ownIds;
        /** Its source IDs the run keeps, for validation; null when it keeps none, or a part was begun without them. */
        SourceIdFilter sourceIds;
        /** The run's filter of every table's source IDs, which takes the same hashes; null when this table keeps none. */
        private final SourceIdFilter ofRun;

        TableSum(String model, TablePlan table, boolean keepIds, SourceIdFilter sourceIds, SourceIdFilter ofRun) {
            this.model = model;
            this.uniqueValues = new UniquenessJoin(table.unique());
            this.ownIds = keepIds ? new HashSet<>() : null;
            this.sourceIds = sourceIds;
            this.ofRun = ofRun;
        }

        void add(SegmentScan part) {
            counts.add(part);
            adoptedKeys.addAll(part.adopted);
            addDigest(digest, ContentDigest.of(part.digest, part.digestCount));
            if (part.expectedDigest == null) {
                expectedKnown = false;
            } else {
                addDigest(expected, ContentDigest.of(part.expectedDigest, part.expectedCount));
            }
            if (!part.unique.isEmpty()) {
                uniqueValues.addSource(part.unique);
            }
            if (ownIds != null) {
                ownIds.addAll(part.ids);
            }
            if (sourceIds != null && part.sourceIds == null) {
                // Begun by a version that kept none: the table's filter would miss them, so it has none.
                sourceIds = null;
            } else if (sourceIds != null) {
                for (long hash : part.sourceIdHashes()) {
                    sourceIds.add(hash);
                    ofRun.add(hash);
                }
            }
        }

        /**
         * Adds a part's digest to its table's. Parts read by two versions of dmig (a deploy while the segments were read)
         * can hold digests of two algorithms, which do not add up: the analysis fails, before anything is written.
         */
        private void addDigest(ContentDigest sum, ContentDigest part) {
            if (!sum.addable(part)) {
                throw new IllegalStateException("table " + model + ": its segments were analyzed by two versions of dmig, whose "
                        + "digests (" + sum.algorithm() + ", " + part.algorithm() + ") do not add up; start the run again");
            }
            sum.add(part);
        }
    }
}
