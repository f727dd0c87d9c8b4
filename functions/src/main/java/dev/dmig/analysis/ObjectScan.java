package dev.dmig.analysis;

import dev.dmig.plan.MissingFilePolicy;
import dev.dmig.plan.Problem;
import dev.dmig.files.ObjectComparison;
import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import dev.dmig.store.Reads;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Looks at the objects one page's file references name: each in the source bucket (a HeadObject), and what the target
 * bucket holds at its new key; several at once. A value whose object is missing is a data problem under
 * {@code files.onMissing: refuse}, counted and listed under {@code keep}. Reads only.
 */
final class ObjectScan {
    private final ObjectReader source;
    private final ObjectReader target;
    private final MissingFilePolicy onMissing;

    ObjectScan(ObjectReader source, ObjectReader target, MissingFilePolicy onMissing) {
        this.source = source;
        this.target = target;
        this.onMissing = onMissing;
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
        Map<String, Optional<ObjectHead>> sources = heads(source, keys);
        List<Use> found = uses.stream().filter(use -> sources.get(use.sourceKey()).isPresent()).toList();
        Map<String, Optional<ObjectHead>> targets = heads(target, found.stream().map(Use::targetKey).distinct().toList());
        for (Use use : uses) {
            SegmentScan.FileTally tally = scan.files.computeIfAbsent(use.path(), p -> new SegmentScan.FileTally());
            Optional<ObjectHead> head = sources.get(use.sourceKey());
            if (head.isEmpty()) {
                tally.missing++;
                if (tally.missingExamples.size() < SegmentScan.EXAMPLES) {
                    tally.missingExamples.add(new OrphanExample(use.item(), use.sourceKey()));
                }
                if (onMissing == MissingFilePolicy.REFUSE) {
                    scan.problem(new Problem(model, use.path(), use.item(), "object " + use.sourceKey() + " is not in bucket "
                            + source.bucket() + " (files.onMissing is refuse); restore it, fix the record, or set files.onMissing to keep"));
                }
                continue;
            }
            tally.objects++;
            tally.bytes += head.get().size();
            Optional<ObjectHead> there = targets.get(use.targetKey());
            if (there.isPresent()) {
                if (ObjectComparison.of(source, head.get(), target, there.get()).same()) {
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

    private static Map<String, Optional<ObjectHead>> heads(ObjectReader bucket, List<String> keys) {
        List<Optional<ObjectHead>> heads = Reads.all(keys, bucket::head);
        Map<String, Optional<ObjectHead>> byKey = new java.util.HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byKey.put(keys.get(i), heads.get(i));
        }
        return byKey;
    }
}
