package dev.dmig.validate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.files.PhotoBuckets;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.store.ContentDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check of the objects a page's records name, against the target's bucket. */
class ObjectCheckTest {
    private final PhotoBuckets buckets = new PhotoBuckets();

    private SegmentCheck check(String... images) {
        SegmentCheck check = new SegmentCheck("Photo", 0, false, false, ContentDigest.CURRENT);
        new ObjectCheck(PhotoBuckets.PLAN, new ItemTransformer(PhotoBuckets.PLAN, RunMappings.NONE), buckets.source, buckets.target)
                .check("Photo",
                java.util.Arrays.stream(images).map(image -> item("id", s("p-" + image), "image", s(image))).toList(), check);
        return check;
    }

    @Test
    void anObjectsHeads_inTheSourceAndTheTarget_areReadSideBySide() {
        buckets.source.with("public/a.jpg", "aaa");
        buckets.target.with("public/a.jpg", "aaa");

        SegmentCheck check = check("public/a.jpg");

        assertThat(buckets.heads.calls()).isEqualTo(2);
        assertThat(buckets.heads.most()).as("the source's and the target's head at once").isEqualTo(2);
        assertThat(check.objectsChecked).isEqualTo(1);
        assertThat(check.objectsWrong).isZero();
    }

    @Test
    void anObjectMissingFromTheTarget_orDifferent_isWrong_andOneMissingFromTheSourceHasNothingToCompare() {
        buckets.source.with("public/a.jpg", "aaa").with("public/b.jpg", "bbb");
        buckets.target.with("public/b.jpg", "BBB");

        SegmentCheck check = check("public/a.jpg", "public/b.jpg", "public/gone.jpg");

        assertThat(check.objectsChecked).isEqualTo(2);
        assertThat(check.objectsWrong).isEqualTo(2);
        assertThat(check.objectsSkipped).isEqualTo(1);
        assertThat(check.examples).containsExactly(
                "table Photo: object public/a.jpg is not in bucket app-prod (source app-dev/public/a.jpg)",
                "table Photo: object public/b.jpg in bucket app-prod differs from app-dev/public/b.jpg (ETag \"BBB\" ≠ \"bbb\")");
    }
}
