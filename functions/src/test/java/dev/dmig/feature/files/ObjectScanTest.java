package dev.dmig.feature.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.files.InMemoryBucket;
import dev.dmig.files.InMemoryObjectStore;
import dev.dmig.files.ObjectReader;
import dev.dmig.files.PhotoBuckets;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MissingFilePolicy;
import dev.dmig.store.InFlight;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the analysis finds of the objects a page's records name, in the source's bucket and at their keys in the target's. */
class ObjectScanTest {
    private final PhotoBuckets buckets = new PhotoBuckets();

    private SegmentScan scan(String... keys) {
        return scan(buckets.source, buckets.target, keys);
    }

    /** {@code keys}' objects looked at, in one page. */
    private static SegmentScan scan(ObjectReader source, ObjectReader target, String... keys) {
        SegmentScan scan = new SegmentScan("Photo", 0);
        new ObjectScan(source, target, MissingFilePolicy.KEEP, new ItemTransformer(PhotoBuckets.PLAN, RunMappings.NONE))
                .check(scan, "Photo",
                java.util.Arrays.stream(keys).map(key -> new ObjectScan.Use("image", "id=p-" + key, key, key)).toList());
        return scan;
    }

    @Test
    void aTargetBucketEmptyWhenTheRunBegan_isAskedForNoObject() {
        InFlight sourceHeads = new InFlight(1);
        InFlight targetHeads = new InFlight(1);
        InMemoryBucket source = new InMemoryBucket("app-dev", sourceHeads).with("public/a.jpg", "aaa").with("public/b.jpg", "bbb");
        InMemoryObjectStore target = new InMemoryObjectStore("app-prod", targetHeads);

        SegmentScan scan = scan(source, target, "public/a.jpg", "public/b.jpg", "public/gone.jpg");

        assertThat(targetHeads.calls()).as("no HeadObject in the target bucket").isZero();
        assertThat(sourceHeads.calls()).as("one in the source per object").isEqualTo(3);
        FileTallies.FileTally tally = scan.tally(FileTallies.TALLY).of("image");
        assertThat(List.of(tally.objects, tally.bytes, tally.missing, tally.present, tally.conflicts)).containsExactly(2L, 6L, 1L, 0L, 0L);
    }

    @Test
    void intoAnEmptyTargetBucket_theSourcesFolderIsListed_insteadOfAHeadPerObject() {
        InFlight sourceHeads = new InFlight(1);
        InMemoryBucket source = new InMemoryBucket("app-dev", sourceHeads);
        String[] keys = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "public/p" + i + ".jpg").toArray(String[]::new);
        java.util.Arrays.stream(keys).forEach(key -> source.with(key, "abcd"));

        SegmentScan scan = scan(source, new InMemoryObjectStore("app-prod", new InFlight(1)), keys);

        assertThat(sourceHeads.calls()).as("no HeadObject in the source").isZero();
        assertThat(source.listings()).isEqualTo(1);
        FileTallies.FileTally tally = scan.tally(FileTallies.TALLY).of("image");
        assertThat(List.of(tally.objects, tally.bytes, tally.missing)).containsExactly(40L, 160L, 0L);
    }

    @Test
    void aTargetBucketIsListedOncePerScan_notOncePerPage() {
        InFlight targetHeads = new InFlight(1);
        InMemoryBucket source = new InMemoryBucket("app-dev", new InFlight(1)).with("public/a.jpg", "aaa");
        InMemoryObjectStore target = new InMemoryObjectStore("app-prod", targetHeads);
        ObjectScan objects = new ObjectScan(source, target, MissingFilePolicy.KEEP, new ItemTransformer(PhotoBuckets.PLAN, RunMappings.NONE));
        SegmentScan scan = new SegmentScan("Photo", 0);
        List<ObjectScan.Use> page = List.of(new ObjectScan.Use("image", "id=p-a", "public/a.jpg", "public/a.jpg"));

        objects.check(scan, "Photo", page);
        target.with("public/a.jpg", "other");
        objects.check(scan, "Photo", page);

        assertThat(targetHeads.calls()).as("the bucket found empty at the first page is not asked at the second").isZero();
        assertThat(scan.tally(FileTallies.TALLY).of("image").conflicts).isZero();
    }

    @Test
    void aTargetBucketThatHeldObjectsWhenTheRunBegan_isAskedObjectByObject_andItsConflictsFound() {
        InFlight targetHeads = new InFlight(1);
        InMemoryBucket source = new InMemoryBucket("app-dev", new InFlight(1)).with("public/a.jpg", "aaa").with("public/b.jpg", "bbb");
        InMemoryObjectStore target = new InMemoryObjectStore("app-prod", targetHeads).with("public/b.jpg", "BBB");

        SegmentScan scan = scan(source, target, "public/a.jpg", "public/b.jpg", "public/b.jpg");

        assertThat(targetHeads.calls()).as("one HeadObject per distinct key").isEqualTo(2);
        FileTallies.FileTally tally = scan.tally(FileTallies.TALLY).of("image");
        assertThat(List.of(tally.objects, tally.present, tally.conflicts)).containsExactly(3L, 0L, 2L);
        assertThat(tally.conflictExamples).extracting(OrphanExample::item).containsOnly("id=p-public/b.jpg");
    }

    @Test
    void anObjectsHeads_inTheSourceAndTheTarget_areReadSideBySide() {
        buckets.source.with("public/a.jpg", "aaa");
        buckets.target.with("public/other.jpg", "x");

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
