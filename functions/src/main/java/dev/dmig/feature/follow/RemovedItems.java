package dev.dmig.feature.follow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.journal.Journal;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.FollowStatus;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import dev.dmig.validate.VerdictCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The check of a run that followed its source that what the source no longer holds is gone from the target: each target
 * key following deleted holds nothing now, unless the source holds an item again that maps to it (a delete then a
 * re-insert of the same record, whose copy the item-by-item pass compares); and each other key the run wrote (its
 * journal's, copy and following alike) holds nothing unless a source item maps to it now ({@link UnmappedKeys}): a
 * removal lost from the stream leaves an item there that no pass from the source's side would look at. Read
 * consistently, in batches. One line per table and rule.
 */
final class RemovedItems implements VerdictCheck {
    /** Keys named per table; the count says the rest. */
    private static final int NAMED = 5;
    private static final int BATCH = 100;

    private final VerdictCheck.Parts parts;

    private RemovedItems(VerdictCheck.Parts parts) {
        this.parts = parts;
    }

    /** A run that followed its source after the copy: its streams' marks were taken. */
    static void addTo(List<VerdictCheck> checks, VerdictCheck.Parts parts) {
        if (FollowStatus.follows(parts.artifacts(), parts.runId())) {
            checks.add(new RemovedItems(parts));
        }
    }

    /** The source it is checked against is the source at the cut-over: following changed the target since the copy. */
    @Override
    public boolean sourceMovedOn() {
        return true;
    }

    @Override
    public void failures(List<String> failures) {
        failures.addAll(failures(parts.items(), parts.artifacts(), parts.runId(), parts.plan(), parts.models(), parts.pageSize()));
    }

    private static List<String> failures(ItemStore items, ArtifactStore artifacts, String runId, MigrationPlan plan, List<String> models,
                                         int pageSize) {
        List<String> failures = new ArrayList<>();
        ItemTransformer transformer = null;
        for (String model : models) {
            Map<String, FollowedRemovals.Removal> removed = new LinkedHashMap<>();
            FollowedRemovals.of(artifacts, runId, model).forEach(r -> removed.put(r.key().toString(), r));
            if (transformer == null) {
                transformer = new ItemTransformer(plan, RunMappings.of(artifacts, runId, plan));
            }
            List<String> left = removed.isEmpty() ? List.of() : left(items, plan, transformer, model, new ArrayList<>(removed.values()));
            if (!left.isEmpty()) {
                failures.add("table " + model + ": " + left.size() + " target item(s) that following deleted are there again"
                        + " though no source item maps to them (first: " + named(left) + ")");
            }
            List<String> unmapped = new UnmappedKeys(items, plan, transformer, new Journal(artifacts), pageSize)
                    .of(runId, model, removed.keySet());
            if (!unmapped.isEmpty()) {
                failures.add("table " + model + ": " + unmapped.size() + " target item(s) the run wrote are there though no"
                        + " source item maps to them any more, as a removal in the source that following did not apply leaves"
                        + " them (first: " + named(unmapped) + ")");
            }
        }
        return failures;
    }

    private static String named(List<String> keys) {
        return String.join(", ", keys.subList(0, Math.min(NAMED, keys.size())));
    }

    /** The keys among {@code removed} that the target holds and no source item maps to, described. */
    private static List<String> left(ItemStore items, MigrationPlan plan, ItemTransformer transformer, String model,
                                     List<FollowedRemovals.Removal> removed) {
        TableInfo target = items.describe(plan.targetTable(model)).orElseThrow(() ->
                new IllegalStateException("table " + model + ": target table " + plan.targetTable(model) + " disappeared"));
        List<String> left = new ArrayList<>();
        for (int from = 0; from < removed.size(); from += BATCH) {
            List<FollowedRemovals.Removal> batch = removed.subList(from, Math.min(removed.size(), from + BATCH));
            List<Map<String, AttributeValue>> there = items.getAll(target.name(), batch.stream()
                    .map(r -> DynamoJson.item(r.key())).toList(), true);
            if (there.isEmpty()) {
                continue;
            }
            Map<String, FollowedRemovals.Removal> byKey = new HashMap<>();
            batch.forEach(r -> byKey.put(r.key().toString(), r));
            List<FollowedRemovals.Removal> held = there.stream().map(i -> byKey.get(DynamoJson.item(target.keyOf(i)).toString())).toList();
            Map<String, Map<String, AttributeValue>> sources = new HashMap<>();
            for (Map<String, AttributeValue> item : items.getAll(plan.sourceTable(model), held.stream()
                    .map(r -> DynamoJson.item(r.source())).distinct().toList(), true)) {
                sources.put(sourceKey(items, plan, model, item).toString(), item);
            }
            for (FollowedRemovals.Removal removal : held) {
                Map<String, AttributeValue> source = sources.get(removal.source().toString());
                if (source == null || !mapsTo(transformer, target, model, source, removal.key())) {
                    left.add(ItemKeys.describe(DynamoJson.item(removal.key())));
                }
            }
        }
        return left;
    }

    private static ObjectNode sourceKey(ItemStore items, MigrationPlan plan, String model, Map<String, AttributeValue> item) {
        return DynamoJson.item(items.describe(plan.sourceTable(model)).orElseThrow().keyOf(item));
    }

    private static boolean mapsTo(ItemTransformer transformer, TableInfo target, String model, Map<String, AttributeValue> source,
                                  ObjectNode key) {
        try {
            return transformer.copies(model, source) && DynamoJson.item(target.keyOf(transformer.transform(model, source))).equals(key);
        } catch (ItemInvalidException e) {
            // An item the run cannot map was not copied: nothing of the run's belongs at its key.
            return false;
        }
    }
}
