package dev.dmig.feature.match;

import dev.dmig.analysis.DependencyLevels;
import dev.dmig.analysis.TargetEffects;
import dev.dmig.analysis.TimeToLiveAnalysis;
import dev.dmig.migrate.ConflictsFoundException;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanCheck;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pairs the records of the run's tables with a {@code match} with the records their targets already hold, once, before
 * the source is scanned, and freezes the pairs with the run ({@link MatchedRecords}): every later mapping of an item,
 * the analysis's own included, gives a paired record the target record's ID. Tables are paired in dependency order, so
 * that a table matching on a reference ({@code ["orgId", "email"]}) compares it as mapped, paired parents included. Only
 * live target records pair: each that holds a source record's values is read from its table, and a tombstone
 * ({@link Tombstones}: soft-deleted, or past its time to live at the clock's now) pairs with nothing. A record several
 * records of the other side match, or a natural key several source records would insert, is a data problem (the first
 * {@value #PROBLEMS_LISTED} listed), and every pair under {@code whenMatched: fail} a conflict: the run is refused before
 * anything is written. Reads only; writes the run's artifact.
 */
final class RecordMatching {
    /** A target table's share of it per segment of the scan that reads it (no more than {@link #MAX_SEGMENTS}). */
    private static final long BYTES_PER_SEGMENT = 256L * 1024 * 1024;
    private static final int MAX_SEGMENTS = 16;
    /** The problems a refusal lists; the count says the rest. */
    static final int PROBLEMS_LISTED = 20;

    private final ArtifactStore artifacts;
    private final ItemStore items;
    private final int pageSize;
    /** Where the segments of a target's scan run side by side; null: one after another. */
    private final ExecutorService pool;
    /** What a record past its time to live is told by. */
    private final Clock clock;

    RecordMatching(ArtifactStore artifacts, ItemStore items, int pageSize, ExecutorService pool, Clock clock) {
        this.artifacts = artifacts;
        this.items = items;
        this.pageSize = pageSize;
        this.pool = pool;
        this.clock = clock;
    }

    /** Pairs the run's tables with a {@code match}, unless the run froze its pairs already; refuses on a problem. */
    void pairOnce(String runId, MigrationPlan plan, Map<String, TablePair> pairs, List<List<String>> levels, RunMappings run) {
        refuseUnpairedReferences(plan, levels);
        if (levels.stream().flatMap(List::stream).noneMatch(model -> plan.table(model).feature(Match.class) != null)
                || MatchedRecords.frozen(artifacts, runId)) {
            return;
        }
        pair(plan, pairs, levels, run).store(artifacts, runId);
    }

    /**
     * The pairs a run of {@code model} would freeze, frozen nowhere: those of its table and of every table its records
     * refer to, directly or not, as the analysis pairs them (so a preview shows a paired record's new ID, and references
     * naming the target's records); refuses as the analysis does, tombstones told by this machine's clock. Reads only.
     */
    static MatchedRecords preview(ItemStore items, int pageSize, MigrationPlan plan, String model, RunMappings run) {
        Set<String> models = new LinkedHashSet<>(List.of(model));
        Deque<String> next = new ArrayDeque<>(models);
        while (!next.isEmpty()) {
            for (String referenced : plan.table(next.pop()).referencedModels()) {
                if (plan.tables().containsKey(referenced) && !plan.table(referenced).skip() && models.add(referenced)) {
                    next.add(referenced);
                }
            }
        }
        if (models.stream().noneMatch(m -> plan.table(m).feature(Match.class) != null)) {
            return MatchedRecords.NONE;
        }
        List<List<String>> levels = DependencyLevels.of(plan).stream().map(level -> level.stream().filter(models::contains).toList())
                .filter(level -> !level.isEmpty()).toList();
        return new RecordMatching(null, items, pageSize, null, Clock.systemUTC()).pair(plan, PlanCheck.check(plan, items, models), levels, run);
    }

    /** Pairs the tables of {@code levels} with a {@code match}, in their order; refuses on a problem. */
    private MatchedRecords pair(MigrationPlan plan, Map<String, TablePair> pairs, List<List<String>> levels, RunMappings run) {
        MatchedRecords matched = MatchedRecords.NONE;
        List<Problem> problems = new ArrayList<>();
        List<Problem> failed = new ArrayList<>();
        Map<String, TablePair> matching = new LinkedHashMap<>();
        levels.stream().flatMap(List::stream).filter(model -> plan.table(model).feature(Match.class) != null)
                .forEach(model -> matching.put(model, pairs.get(model)));
        Map<String, TimeToLiveAnalysis> timeToLive = TargetEffects.timeToLive(items, matching);
        Instant now = clock.instant();
        for (String model : matching.keySet()) {
            TablePlan table = plan.table(model);
            ItemTransformer transformer = new ItemTransformer(plan, run.with(matched));
            TimeToLiveAnalysis ttl = timeToLive.get(model);
            RecordPairing pairing = new RecordPairing(model, table.feature(Match.class), ttl == null ? null : ttl.attribute(), now);
            matched = matched.with(model, pair(table, pairs.get(model), transformer, pairing).result(problems, failed));
        }
        if (!problems.isEmpty()) {
            problems.addAll(failed);
            throw new PlanInvalidException(problems.subList(0, Math.min(PROBLEMS_LISTED, problems.size())), problems.size());
        }
        if (!failed.isEmpty()) {
            // Records the target already holds, as unique values under abort are: a conflict, not a data problem.
            throw new ConflictsFoundException(failed.size() + " source records match records the target already holds and"
                    + " match.whenMatched is fail", failed.stream().map(Problem::toString).toList());
        }
        return matched;
    }

    /**
     * A run of some tables only whose records refer to a table with a {@code match} that it leaves out would map those
     * references by the ID function, naming no production record: refused, saying to run them together.
     */
    private static void refuseUnpairedReferences(MigrationPlan plan, List<List<String>> levels) {
        List<String> models = levels.stream().flatMap(List::stream).toList();
        List<Problem> problems = new ArrayList<>();
        for (String model : models) {
            for (String referenced : plan.table(model).referencedModels()) {
                if (!models.contains(referenced) && plan.tables().containsKey(referenced) && plan.table(referenced).feature(Match.class) != null
                        && !plan.table(referenced).skip()) {
                    problems.add(Problem.table(model, "refers to " + referenced + ", whose match pairs its records with the"
                            + " target's, and this run leaves " + referenced + " out: its references would name no target record;"
                            + " run them together (--tables " + model + "," + referenced + ")"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanInvalidException(problems);
        }
    }

    /** {@code pairing} fed the table's target and source records, its candidates told live or not. */
    private RecordPairing pair(TablePlan table, TablePair pair, ItemTransformer transformer, RecordPairing pairing) {
        String idAttribute = table.idAttribute();
        readTarget(table, pair.target(), item -> {
            AttributeValue id = item.get(idAttribute);
            if (id != null && id.type() == AttributeValue.Type.S) {
                pairing.addTarget(id.s(), pair.target().keyOf(item), item);
            }
        });
        scan(pair.source().name(), item -> {
            AttributeValue id = item.get(idAttribute);
            if (id == null || id.type() != AttributeValue.Type.S) {
                // Its mapping names the problem when the analysis scans it.
                return;
            }
            try {
                pairing.addSource(id.s(), pair.source().keyOf(item), transformer.transform(table.model(), item));
            } catch (ItemInvalidException e) {
                // Named by the analysis's scan of the source, with the other problems of its items.
            }
        });
        tellTombstones(pairing, pair.target().name(), idAttribute);
        return pairing;
    }

    /**
     * Reads the target records that could pair from their table and tells the pairing which are not live: a tombstone
     * ({@link Tombstones}), or gone since the scan. From the table, whichever way they were found: an index need not
     * carry {@code _deleted} or the TTL attribute. One BatchGetItem per 100 records, a few for all but the largest pairings.
     */
    private void tellTombstones(RecordPairing pairing, String targetTable, String idAttribute) {
        Map<String, Map<String, AttributeValue>> candidates = pairing.candidates();
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> found = new HashSet<>();
        for (Map<String, AttributeValue> item : items.getAll(targetTable, candidates.values(), false)) {
            AttributeValue id = item.get(idAttribute);
            if (id != null && id.s() != null && candidates.containsKey(id.s())) {
                found.add(id.s());
                String why = Tombstones.why(item, pairing.timeToLive(), pairing.pairedAt());
                if (why != null) {
                    pairing.notLive(id.s(), why);
                }
            }
        }
        candidates.keySet().stream().filter(id -> !found.contains(id)).forEach(id -> pairing.notLive(id, null));
    }

    /**
     * Reads the target's records as far as the pairing needs them: their key, ID and {@code on} values, nothing else. A
     * global secondary index keyed by exactly the {@code on} attributes holds just those (when the ID is part of the
     * table's key, which every index carries), so its Scan reads only index entries; else a parallel Scan of the table,
     * projected to the same attributes (a projection saves the bytes sent, not the read units).
     *
     * <p>Why a Scan of the index rather than a Query per distinct source value: DynamoDB charges a Query at least one read
     * unit (half, eventually consistent) and a round trip, whatever it finds, and a Scan by the 4 KB it reads: an index entry
     * of a key and a username is about 100 bytes, 40 to a unit, 10,000 to a 1 MB page. For S source values against T target
     * records, the queries read S/2 units in S round trips, the Scan T/80 units in T/10,000 pages: the Scan reads less as
     * soon as the source has one value for every 40 target records, and always takes fewer round trips (1,000 development
     * users against 1,000,000 production users: 500 units in 1,000 queries, or 12,500 units in 100 pages). Both hold the
     * target's values in memory here, as the pairing needs them.
     */
    private void readTarget(TablePlan table, TableInfo target, Consumer<Map<String, AttributeValue>> each) {
        Set<String> attributes = new LinkedHashSet<>();
        attributes.add(target.hashKey().name());
        if (target.rangeKey() != null) {
            attributes.add(target.rangeKey().name());
        }
        boolean idInKey = attributes.contains(table.idAttribute());
        attributes.add(table.idAttribute());
        attributes.addAll(table.feature(Match.class).on());
        String index = idInKey ? items.indexOn(target.name(), table.feature(Match.class).on()).orElse(null) : null;
        int segments = (int) Math.max(1, Math.min(MAX_SEGMENTS, target.approximateSizeBytes() / BYTES_PER_SEGMENT));
        List<Callable<List<Map<String, AttributeValue>>>> reads = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            int s = segment;
            reads.add(() -> {
                List<Map<String, AttributeValue>> read = new ArrayList<>();
                Map<String, AttributeValue> start = null;
                do {
                    ScanPage page = items.scanAttributes(target.name(), index, List.copyOf(attributes), s, segments, start, pageSize);
                    read.addAll(page.items());
                    start = page.last() ? null : page.lastEvaluatedKey();
                } while (start != null);
                return read;
            });
        }
        for (List<Map<String, AttributeValue>> read : run(reads)) {
            read.forEach(each);
        }
    }

    /** The reads' results, in their order: side by side in the pool when there is one. */
    private <T> List<T> run(List<Callable<T>> reads) {
        List<T> results = new ArrayList<>();
        try {
            if (pool == null || reads.size() == 1) {
                for (Callable<T> read : reads) {
                    results.add(read.call());
                }
                return results;
            }
            for (Future<T> future : pool.invokeAll(reads)) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a target table to pair its records", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void scan(String tableName, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            ScanPage page = items.scan(tableName, 0, 1, start, pageSize, false);
            page.items().forEach(each);
            start = page.last() ? null : page.lastEvaluatedKey();
        } while (start != null);
    }
}
