package dev.dmig.rollback;

import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
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
 * execution's progress, for its later calls and {@code RollbackSegment} tasks. A reference is followed to a table keyed
 * by its ID alone (as Amplify's are); what a table keyed otherwise refers to is not looked for.
 */
final class KeptRecords {
    /** Items read per page of a table's scan. */
    private static final int PAGE = 1000;

    static final KeptRecords NONE = new KeptRecords(Map.of());

    /** What is stored: by model, by key, why. */
    record Stored(Map<String, Map<String, String>> byModel) {}

    /** By model, by key ({@code Journal.keyId}): why the record is kept. */
    private final Map<String, Map<String, String>> byModel;

    private KeptRecords(Map<String, Map<String, String>> byModel) {
        this.byModel = byModel;
    }

    /** Why {@code model}'s record at {@code key} is kept; null for one that is not. */
    String why(String model, String key) {
        return byModel.getOrDefault(model, Map.of()).get(key);
    }

    /** What the execution's first call found; none when it found nothing (or a rollback begun by an earlier version). */
    static KeptRecords read(ArtifactStore artifacts, String runId, String execution) {
        return artifacts.getGzipJson(RunLayout.rollbackKept(runId, execution), Stored.class)
                .map(stored -> new KeptRecords(stored.byModel() == null ? Map.of() : stored.byModel())).orElse(NONE);
    }

    /** Finds the records to keep and stores them with the execution's progress, unless an earlier call did. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the run, its execution, where it reads, and when the run began
    static void prepare(MigrationPlan plan, ItemStore target, ArtifactStore artifacts, String runId, String execution,
                        java.util.function.Supplier<RunKeys> runKeys, java.time.Instant runStart) {
        String key = RunLayout.rollbackKept(runId, execution);
        if (artifacts.get(key).isPresent()) {
            return;
        }
        artifacts.putGzipJson(key, new Stored(new Finder(plan, target, runKeys.get(), runStart).find()));
    }

    /** One search: the tables read, and what is kept so far. */
    private static final class Finder {
        private final MigrationPlan plan;
        private final ItemStore target;
        private final RunKeys runKeys;
        private final java.time.Instant runStart;
        private final ItemTransformer references;
        private final Map<String, Optional<TableInfo>> tables = new HashMap<>();
        private final Map<String, Map<String, String>> kept = new LinkedHashMap<>();
        /** Kept records whose own references are still to follow: model, key. */
        private final Deque<String[]> toFollow = new ArrayDeque<>();

        Finder(MigrationPlan plan, ItemStore target, RunKeys runKeys, java.time.Instant runStart) {
            this.plan = plan;
            this.target = target;
            this.runKeys = runKeys;
            this.runStart = runStart;
            this.references = new ItemTransformer(plan);
        }

        Map<String, Map<String, String>> find() {
            if (runKeys.models().isEmpty()) {
                return kept;
            }
            for (String model : plan.migratedModels()) {
                TablePlan table = plan.table(model);
                if (table.referencedModels().stream().anyMatch(runKeys.models()::contains)) {
                    read(model);
                }
            }
            while (!toFollow.isEmpty()) {
                String[] next = toFollow.poll();
                Optional<TableInfo> info = table(next[0]);
                if (info.isEmpty()) {
                    continue;
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
            return kept;
        }

        /** Reads {@code model}'s target table whole, following the references of each record that stays. */
        private void read(String model) {
            Optional<TableInfo> info = table(model);
            if (info.isEmpty()) {
                return;
            }
            Map<String, AttributeValue> start = null;
            do {
                ScanPage page = target.scan(info.get().name(), 0, 1, start, PAGE, true);
                for (Map<String, AttributeValue> item : page.items()) {
                    String key = DynamoJson.item(info.get().keyOf(item)).toString();
                    if (runKeys.asBeforeTheRun(model, key, item)) {
                        // As it was before the run once rolled back: a reference of it that dangled then is none of the run's.
                        continue;
                    }
                    if (!runKeys.created(model, key)) {
                        // Production's own: one the run met while it wrote (its journal names the key), or one stamped as
                        // written since the run began, or one that says nothing of when; a record stamped earlier pointed
                        // where it points before the run, and a reference of it that dangled then is none of the run's.
                        if (runKeys.journaled(model, key) || !ItemUndo.stamped(item) || ItemUndo.stampedSince(item, runStart)) {
                            follow(model, item, describe(model, info.get(), item) + ", production's own record,");
                        }
                    } else if (!runKeys.holdsRunState(model, key, item)) {
                        follow(model, item, describe(model, info.get(), item) + ", changed by production since the run,");
                    }
                }
                start = page.last() ? null : page.lastEvaluatedKey();
            } while (start != null);
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
                String key = keyOf(reference[0], reference[1]);
                if (key != null && runKeys.created(reference[0], key) && why(reference[0], key) == null) {
                    kept.computeIfAbsent(reference[0], m -> new LinkedHashMap<>()).put(key, who + " points to it");
                    toFollow.add(new String[] {reference[0], key});
                }
            }
        }

        private String why(String model, String key) {
            return kept.getOrDefault(model, Map.of()).get(key);
        }

        /** The key, as the journal writes it, of {@code model}'s record with ID {@code id}; null for a table keyed otherwise. */
        private String keyOf(String model, String id) {
            Optional<TableInfo> info = table(model);
            String idAttribute = plan.table(model).idAttribute();
            if (info.isEmpty() || info.get().rangeKey() != null || !info.get().hashKey().name().equals(idAttribute)
                    || info.get().hashKey().type() != ScalarAttributeType.S) {
                return null;
            }
            return DynamoJson.item(Map.of(idAttribute, AttributeValue.fromS(id))).toString();
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
