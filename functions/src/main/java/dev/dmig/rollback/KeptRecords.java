package dev.dmig.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The records a run created that its rollback keeps because a record left in the target points to them: a record of
 * the run's that production changed since (the rollback leaves it), or production's own record (there before the run, or
 * written since), and then, transitively, what each kept record points to. Found once per rollback execution, before
 * anything is undone: every target table of the plan that refers to a table the run created records in is read, each
 * of its records that stays is looked at through the plan's references, and a referenced key the run created and would
 * delete is kept, with why ({@code Listings-prod id=l7, changed by production since, points to it}). Stored with the
 * execution's progress, for its later calls and {@code RollbackSegment} tasks; a search longer than a call goes on in the
 * next from where it stopped. A reference is followed to a table keyed
 * by its ID alone (as Amplify's are); what a table keyed otherwise refers to is not looked for.
 */
final class KeptRecords {
    /** Items read per page of a table's scan. */
    static final int PAGE = 1000;

    static final KeptRecords NONE = new KeptRecords(Map.of());

    /**
     * What is stored: by model, by key, why. A search a call's deadline cut off names where it goes on ({@code scanning}:
     * the table read, from {@code from}; {@link #FOLLOWING} once every table is read), and the kept records whose own
     * references are still to follow; a finished search has neither.
     */
    record Stored(Map<String, Map<String, String>> byModel, String scanning, JsonNode from, List<List<String>> toFollow) {
        boolean done() {
            return scanning == null;
        }
    }

    /** {@link Stored#scanning} once every table is read: the kept records' own references are being followed. */
    private static final String FOLLOWING = "";

    /** By model, by key ({@code Journal.keyId}): why the record is kept. */
    private final Map<String, Map<String, String>> byModel;

    private KeptRecords(Map<String, Map<String, String>> byModel) {
        this.byModel = byModel;
    }

    /** Why {@code model}'s record at {@code key} is kept; null for one that is not. */
    String why(String model, String key) {
        return byModel.getOrDefault(model, Map.of()).get(key);
    }

    /** What the execution's search found; none when it found nothing (or a rollback begun by an earlier version). */
    static KeptRecords read(ArtifactStore artifacts, String runId, String execution) {
        return artifacts.getGzipJson(RunLayout.rollbackKept(runId, execution), Stored.class)
                .map(stored -> new KeptRecords(stored.byModel() == null ? Map.of() : stored.byModel())).orElse(NONE);
    }

    /** The run and execution searched for, what it created, and when it began. */
    record Search(String runId, String execution, java.util.function.Supplier<RunKeys> runKeys, java.time.Instant runStart) {}

    /**
     * Finds the records to keep, reading {@code pageSize} items a page, and stores them with the execution's progress,
     * unless an earlier call did; false when the call's time is up first: what it found so far is stored, and the next
     * call goes on from there. A call reads one page (or follows one record) at least.
     */
    static boolean prepare(MigrationPlan plan, ItemStore target, ArtifactStore artifacts, Search search, Deadline deadline,
                           int pageSize) {
        String key = RunLayout.rollbackKept(search.runId(), search.execution());
        Stored stored = artifacts.getGzipJson(key, Stored.class).orElse(null);
        if (stored != null && stored.done()) {
            return true;
        }
        Stored found = new Finder(plan, target, search.runKeys().get(), search.runStart(), pageSize, stored).find(deadline);
        artifacts.putGzipJson(key, found);
        return found.done();
    }

    /** One search: the tables read, and what is kept so far. */
    private static final class Finder {
        private final MigrationPlan plan;
        private final ItemStore target;
        private final RunKeys runKeys;
        private final java.time.Instant runStart;
        private final int pageSize;
        private final ItemTransformer references;
        private final Map<String, Optional<TableInfo>> tables = new HashMap<>();
        private final Map<String, Map<String, String>> kept = new LinkedHashMap<>();
        /** Kept records whose own references are still to follow: model, key. */
        private final Deque<String[]> toFollow = new ArrayDeque<>();
        /** Where the search goes on: the table read (null: the first), from {@link #start}. */
        private String scanning;
        private Map<String, AttributeValue> start;

        Finder(MigrationPlan plan, ItemStore target, RunKeys runKeys, java.time.Instant runStart, int pageSize, Stored earlier) {
            this.plan = plan;
            this.target = target;
            this.runKeys = runKeys;
            this.runStart = runStart;
            this.pageSize = pageSize;
            this.references = new ItemTransformer(plan);
            if (earlier != null) {
                earlier.byModel().forEach((model, keys) -> kept.put(model, new LinkedHashMap<>(keys)));
                earlier.toFollow().forEach(next -> toFollow.add(next.toArray(String[]::new)));
                scanning = earlier.scanning();
                start = earlier.from() == null ? null : DynamoJson.item(earlier.from());
            }
        }

        /** Goes on with the search until it ends or {@code deadline} passes; what it found, and where it stopped. */
        Stored find(Deadline deadline) {
            boolean first = true;
            if (!FOLLOWING.equals(scanning)) {
                List<String> models = runKeys.models().isEmpty() ? List.of() : plan.migratedModels().stream()
                        .filter(model -> plan.table(model).referencedModels().stream().anyMatch(runKeys.models()::contains)).toList();
                int from = scanning == null ? 0 : Math.max(0, models.indexOf(scanning));
                for (String model : models.subList(from, models.size())) {
                    Optional<TableInfo> info = table(model);
                    while (info.isPresent()) {
                        if (!first && deadline.passed()) {
                            return progress(model);
                        }
                        first = false;
                        start = page(model, info.get(), start);
                        if (start == null) {
                            break;
                        }
                    }
                }
            }
            while (!toFollow.isEmpty()) {
                if (!first && deadline.passed()) {
                    return progress(FOLLOWING);
                }
                first = false;
                followNext();
            }
            return new Stored(kept, null, null, List.of());
        }

        private Stored progress(String at) {
            List<List<String>> next = toFollow.stream().map(List::of).toList();
            return new Stored(kept, at, start == null ? null : DynamoJson.item(start), next);
        }

        /** Follows the references of the next kept record, itself kept. */
        private void followNext() {
            String[] next = toFollow.poll();
            Optional<TableInfo> info = table(next[0]);
            if (info.isEmpty()) {
                return;
            }
            List<Map<String, AttributeValue>> found = target.getAll(info.get().name(),
                    List.of(DynamoJson.item(dev.dmig.json.Json.tree(next[1].getBytes(java.nio.charset.StandardCharsets.UTF_8)))),
                    true);
            if (found.isEmpty()) {
                // Nothing there to keep (deleted since): the reference was left dangling by someone else.
                kept.get(next[0]).remove(next[1]);
            }
            found.forEach(item -> follow(next[0], item, describe(next[0], info.get(), item) + ", itself kept,"));
        }

        /**
         * Reads a page of {@code model}'s target table from {@code from}, following the references of each record that
         * stays; where the next page starts, null at the table's end.
         */
        private Map<String, AttributeValue> page(String model, TableInfo info, Map<String, AttributeValue> from) {
            ScanPage page = target.scan(info.name(), 0, 1, from, pageSize, true);
            for (Map<String, AttributeValue> item : page.items()) {
                String key = DynamoJson.item(info.keyOf(item)).toString();
                if (runKeys.asBeforeTheRun(model, key, item)) {
                    // As it was before the run once rolled back: a reference of it that dangled then is none of the run's.
                    continue;
                }
                if (!runKeys.created(model, key)) {
                    // Production's own: one the run met while it wrote (its journal names the key), or one stamped as
                    // written since the run began, or one that says nothing of when; a record stamped earlier pointed
                    // where it points before the run, and a reference of it that dangled then is none of the run's.
                    if (runKeys.journaled(model, key) || !ItemUndo.stamped(item) || ItemUndo.stampedSince(item, runStart)) {
                        follow(model, item, describe(model, info, item) + ", production's own record,");
                    }
                } else if (!runKeys.holdsRunState(model, key, item)) {
                    follow(model, item, describe(model, info, item) + ", changed by production since the run,");
                }
            }
            return page.last() ? null : page.lastEvaluatedKey();
        }

        /** Keeps what {@code item} (a record that stays) points to that the run created; {@code who}, how it is named. */
        private void follow(String model, Map<String, AttributeValue> item, String who) {
            List<String[]> pointed = new ArrayList<>();
            try {
                references.forEachReference(model, item, (path, to, id) -> pointed.add(new String[] {to, id}));
            } catch (ItemInvalidException e) {
                // A record whose references the plan cannot read (production's own shape) points to nothing the run wrote.
                return;
            }
            for (String[] reference : pointed) {
                for (String key : keysOf(reference[0], reference[1])) {
                    if (runKeys.created(reference[0], key) && why(reference[0], key) == null) {
                        kept.computeIfAbsent(reference[0], m -> new LinkedHashMap<>()).put(key, who + " points to it");
                        toFollow.add(new String[] {reference[0], key});
                    }
                }
            }
        }

        private String why(String model, String key) {
            return kept.getOrDefault(model, Map.of()).get(key);
        }

        /**
         * The keys, as the journal writes them, of {@code model}'s records with ID {@code id}: the one key of a table keyed
         * by its ID; every record under that ID of a table keyed by its ID and a sort key (a reference names the ID, not
         * the sort key; up to {@link #PAGE} of them); none for a table whose key is not its ID (built by a pattern, or another
         * attribute), which a reference cannot name.
         */
        private List<String> keysOf(String model, String id) {
            Optional<TableInfo> info = table(model);
            String idAttribute = plan.table(model).idAttribute();
            if (info.isEmpty() || !info.get().hashKey().name().equals(idAttribute) || info.get().hashKey().type() != ScalarAttributeType.S
                    || plan.table(model).idMapped()) {
                return List.of();
            }
            if (info.get().rangeKey() == null) {
                return List.of(DynamoJson.item(Map.of(idAttribute, AttributeValue.fromS(id))).toString());
            }
            return target.query(info.get(), AttributeValue.fromS(id), PAGE).stream()
                    .map(item -> DynamoJson.item(info.get().keyOf(item)).toString()).toList();
        }

        private Optional<TableInfo> table(String model) {
            return tables.computeIfAbsent(model, m -> plan.migratedModels().contains(m) ? target.describe(plan.targetTable(m))
                    : Optional.empty());
        }

        private static String describe(String model, TableInfo table, Map<String, AttributeValue> item) {
            return model + " " + ItemKeys.describe(table.keyOf(item));
        }
    }
}
