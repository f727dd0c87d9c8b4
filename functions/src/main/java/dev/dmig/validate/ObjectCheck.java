package dev.dmig.validate;

import dev.dmig.Tasks;
import dev.dmig.files.Buckets;
import dev.dmig.files.ObjectComparison;
import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.Reads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks the objects a page of source records names against the target's Storage bucket: each must be there at its new
 * key with the source object's size, then the same ETag, SHA-256 checksum or, when neither tells, the same bytes
 * ({@link ObjectComparison}). Reads only, both buckets. An object missing from the source (kept under {@code
 * files.onMissing: keep}) has nothing to compare; one left with other content under {@code onConflict: skip} is
 * counted apart, as a skipped item is. An object's two heads are read side by side, several objects at once.
 */
final class ObjectCheck implements CopyCheck {
    private final MigrationPlan plan;
    private final ItemTransformer transformer;
    private final ObjectReader source;
    private final ObjectReader target;

    ObjectCheck(MigrationPlan plan, ItemTransformer transformer, ObjectReader source, ObjectReader target) {
        this.plan = plan;
        this.transformer = transformer;
        this.source = source;
        this.target = target;
    }

    /** A plan with file references: its objects are checked. */
    static void addTo(List<CopyCheck> checks, CopyCheck.Parts parts) {
        MigrationPlan plan = parts.plan();
        if (plan.copiesFiles()) {
            Buckets buckets = parts.reach().buckets();
            checks.add(new ObjectCheck(plan, parts.transformer(), buckets.source(plan), buckets.target(plan)));
        }
    }

    @Override
    public void copied(String model, List<Map<String, AttributeValue>> sources, SegmentCheck check) {
        if (!plan.table(model).files().isEmpty()) {
            check(model, sources, check);
        }
    }

    /** Checks the objects {@code items} (source records the run copied) name, adding to {@code check}'s counts and examples. */
    void check(String model, List<Map<String, AttributeValue>> items, SegmentCheck check) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : items) {
            transformer.forEachFile(model, item, (path, from, to) -> keys.putIfAbsent(to, from));
        }
        if (keys.isEmpty()) {
            return;
        }
        List<String> targetKeys = new ArrayList<>(keys.keySet());
        List<String> found = Reads.all(targetKeys, key -> compare(model, keys.get(key), key));
        for (String verdict : found) {
            if (verdict == null) {
                check.objectsChecked++;
            } else if (verdict.isEmpty()) {
                check.objectsSkipped++;
            } else {
                check.objectsChecked++;
                check.objectsWrong++;
                check.example(verdict);
            }
        }
    }

    /** Null when the object is right; "" when there is nothing to compare or it was left alone on purpose; else what is wrong. */
    private String compare(String model, String from, String to) {
        // Both heads at once, not one round trip after the other: the target's is asked of an object missing from the source
        // too, where it is not needed (an object missing is rare). This thread reads the source's; both end before the
        // comparison, or its failure, goes on.
        CompletableFuture<Optional<ObjectHead>> there = Reads.start(() -> target.head(to));
        CompletableFuture<Optional<ObjectHead>> here = CompletableFuture.supplyAsync(() -> source.head(from), Runnable::run);
        List<Optional<ObjectHead>> heads = Tasks.joinAll(List.of(here, there));
        Optional<ObjectHead> original = heads.get(0);
        if (original.isEmpty()) {
            return "";
        }
        Optional<ObjectHead> copy = heads.get(1);
        if (copy.isEmpty()) {
            return "table " + model + ": object " + to + " is not in bucket " + target.bucket() + " (source " + source.bucket()
                    + "/" + from + ")";
        }
        ObjectComparison comparison = ObjectComparison.of(source, original.get(), target, copy.get());
        if (comparison.same()) {
            return null;
        }
        if (plan.onConflict() == ConflictPolicy.SKIP) {
            return "";
        }
        return "table " + model + ": object " + to + " in bucket " + target.bucket() + " differs from " + source.bucket() + "/"
                + from + " (" + comparison.difference() + ")";
    }
}
