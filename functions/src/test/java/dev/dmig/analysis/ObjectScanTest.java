package dev.dmig.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.files.PhotoBuckets;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MissingFilePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the analysis finds of the objects a page's records name, in the source's bucket and at their keys in the target's. */
class ObjectScanTest {
    private final PhotoBuckets buckets = new PhotoBuckets();

    private SegmentScan scan(String... keys) {
        SegmentScan scan = new SegmentScan("Photo", 0);
        new ObjectScan(buckets.source, buckets.target, MissingFilePolicy.KEEP, new ItemTransformer(PhotoBuckets.PLAN, RunMappings.NONE))
                .check(scan, "Photo",
                java.util.Arrays.stream(keys).map(key -> new ObjectScan.Use("image", "id=p-" + key, key, key)).toList());
        return scan;
    }

    @Test
    void anObjectsHeads_inTheSourceAndTheTarget_areReadSideBySide() {
        buckets.source.with("public/a.jpg", "aaa");

        SegmentScan scan = scan("public/a.jpg");

        assertThat(buckets.heads.calls()).isEqualTo(2);
        assertThat(buckets.heads.most()).as("the source's and the target's head at once").isEqualTo(2);
        assertThat(scan.tally(FileTallies.TALLY).of("image").objects).isEqualTo(1);
        assertThat(scan.tally(FileTallies.TALLY).of("image").present).isZero();
    }

    @Test
    void objectsAreCounted_missingFromTheSource_presentInTheTarget_orThereWithOtherContent() {
        buckets.source.with("public/a.jpg", "aaa").with("public/b.jpg", "bbb").with("public/c.jpg", "ccc");
        buckets.target.with("public/b.jpg", "bbb").with("public/c.jpg", "CCC").with("public/gone.jpg", "left");

        SegmentScan scan = scan("public/a.jpg", "public/b.jpg", "public/c.jpg", "public/gone.jpg");

        FileTallies.FileTally tally = scan.tally(FileTallies.TALLY).of("image");
        assertThat(List.of(tally.objects, tally.bytes, tally.missing, tally.present, tally.conflicts))
                .containsExactly(3L, 9L, 1L, 1L, 1L);
        assertThat(tally.missingExamples).containsExactly(new OrphanExample("id=p-public/gone.jpg", "public/gone.jpg"));
        assertThat(tally.conflictExamples).containsExactly(new OrphanExample("id=p-public/c.jpg", "public/c.jpg"));
    }
}
