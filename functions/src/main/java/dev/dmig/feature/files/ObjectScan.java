package dev.dmig.feature.files;

import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.files.Buckets;
import dev.dmig.Tasks;
import dev.dmig.files.ObjectComparison;
import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import dev.dmig.migrate.FileSources;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.MissingFilePolicy;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePair;
import dev.dmig.store.Reads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Looks at the objects one page's file references name: each in the source bucket (a HeadObject), and what the target
 * bucket holds at its new key, the two buckets side by side; several at once. A target bucket that holds no object is
 * not asked object by object (no object there can conflict), and then the source's objects need no head either, only
 * whether they are there and their size: {@link SourceSizes} lists their folders where that takes fewer requests. Whether
 * the target holds one is one listing of at most one key, at the scan's first page with files; the analysis runs before
 * the run writes anything, and an object the application puts there after that is met by the copy, which writes a key
 * only while it is free. A value whose object is missing is a data problem under {@code files.onMissing: refuse}, counted
 * and listed under {@code keep}. Reads only.
 */
final class ObjectScan implements ScanCheck {
    private final ObjectReader source;
    private final ObjectReader target;
    private final SourceSizes sourceSizes;
    private final MissingFilePolicy onMissing;
    private final ItemTransformer transformer;
    /** Whether the target bucket holds no object: null until the scan's first page with files lists it. */
    private Boolean targetEmpty;

    ObjectScan(ObjectReader source, ObjectReader target, MissingFilePolicy onMissing, ItemTransformer transformer) {
        this.source = source;
        this.target = target;
        this.sourceSizes = new SourceSizes(source);
        this.onMissing = onMissing;
        this.transformer = transformer;
    }

    /** A plan with file references: both buckets there and readable, the objects its records name looked at. */
    static void addTo(List<ScanCheck> checks, ScanCheck.Parts parts) {
        MigrationPlan plan = parts.plan();
        if (plan.copiesFiles()) {
            Buckets buckets = parts.reaches().get(Buckets.class, Buckets.NONE);
            // The source's objects as the run reads them: a feature may stand others in for them (masking's placeholders).
            ObjectReader source = FileSources.of(plan).reader(buckets.source(plan));
            checks.add(new ObjectScan(source, buckets.target(plan), plan.storage().onMissing(), parts.transformer()));
        }
    }

    /** The file values of a page's mapped items, looked at together once the page is read. */
    @Override
    public Page page(SegmentScan scan, TablePair pair) {
        List<Use> uses = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        FileWalk files = FileWalk.of(transformer);
        return new Page() {
            @Override
            public void mapped(Map<String, AttributeValue> source, Map<String, AttributeValue> mapped, String itemKey) {
                files.forEach(scan.model, source, (path, from, to) -> uses.add(new Use(path, itemKey, from, to)), leftOut::add);
            }

            @Override
            public void done() {
                // The values a feature copies no object for (masking's removed files), counted by path, nothing looked at.
                leftOut.forEach(path -> scan.tally(FileTallies.TALLY).of(path).leftOut++);
                check(scan, scan.model, uses);
            }
        };
    }

    private synchronized boolean targetEmpty() {
        if (targetEmpty == null) {
            targetEmpty = target.list("", 1).isEmpty();
        }
        return targetEmpty;
    }

    /** One file value of an item: its path, the item's key, and the object's key in each bucket. */
    record Use(String path, String item, String sourceKey, String targetKey) {}

    /** Counts {@code uses} (one page's) into {@code scan}. */
    void check(SegmentScan scan, String model, List<Use> uses) {
        if (uses.isEmpty()) {
            return;
        }
        Set<String> sourceKeys = new LinkedHashSet<>();
        uses.forEach(use -> sourceKeys.add(use.sourceKey()));
        List<String> keys = new ArrayList<>(sourceKeys);
        Map<String, Optional<ObjectHead>> sources = Map.of();
        Map<String, Optional<ObjectHead>> targets = Map.of();
        Map<String, Optional<Long>> sizes;
        if (targetEmpty()) {
            // Nothing at the target to compare with: whether each object is there and its size, listed where that is cheaper.
            sizes = sourceSizes.of(keys);
        } else {
            // The target's heads beside the source's, not after them: asked of an object missing from the source too, where
            // the answer is not needed (an object missing is rare). This thread reads the source's; both have ended before
            // the page is counted, or their failure thrown.
            List<String> targetKeys = uses.stream().map(Use::targetKey).distinct().toList();
            CompletableFuture<Map<String, Optional<ObjectHead>>> atTarget = Reads.start(() -> heads(target, targetKeys));
            CompletableFuture<Map<String, Optional<ObjectHead>>> atSource = CompletableFuture.supplyAsync(() -> heads(source, keys),
                    Runnable::run);
            List<Map<String, Optional<ObjectHead>>> both = Tasks.joinAll(List.of(atSource, atTarget));
            sources = both.get(0);
            targets = both.get(1);
            sizes = new HashMap<>();
            for (Map.Entry<String, Optional<ObjectHead>> head : sources.entrySet()) {
                sizes.put(head.getKey(), head.getValue().map(ObjectHead::size));
            }
        }
        for (Use use : uses) {
            FileTallies.FileTally tally = scan.tally(FileTallies.TALLY).of(use.path());
            Optional<Long> size = sizes.get(use.sourceKey());
            if (size.isEmpty()) {
                tally.missing++;
                // Named as the run writes it: masking's renamed key, not the source's.
                String shown = transformer.shownObjectKey(use.sourceKey(), use.targetKey());
                if (tally.missingExamples.size() < SegmentScan.EXAMPLES) {
                    tally.missingExamples.add(new OrphanExample(use.item(), shown));
                }
                if (onMissing == MissingFilePolicy.REFUSE) {
                    scan.problem(new Problem(model, use.path(), use.item(), "object " + shown + " is not in bucket "
                            + source.bucket() + " (files.onMissing is refuse); restore it, fix the record, or set files.onMissing to keep"));
                }
                continue;
            }
            tally.objects++;
            tally.bytes += size.get();
            Optional<ObjectHead> there = targets.getOrDefault(use.targetKey(), Optional.empty());
            if (there.isPresent()) {
                if (ObjectComparison.of(source, sources.get(use.sourceKey()).orElseThrow(), target, there.get()).same()) {
                    tally.present++;
                } else {
                    tally.conflicts++;
                    if (tally.conflictExamples.size() < SegmentScan.EXAMPLES) {
                        tally.conflictExamples.add(new OrphanExample(use.item(), use.targetKey()));
                    }
                }
            }
        }
    }

    /** The head of each of {@code keys} in {@code bucket}, several at once. */
    static Map<String, Optional<ObjectHead>> heads(ObjectReader bucket, List<String> keys) {
        List<Optional<ObjectHead>> heads = Reads.all(keys, bucket::head);
        Map<String, Optional<ObjectHead>> byKey = new java.util.HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byKey.put(keys.get(i), heads.get(i));
        }
        return byKey;
    }
}
