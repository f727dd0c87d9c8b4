package dev.dmig.validate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.files.PhotoBuckets;
import dev.dmig.journal.Journal;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.PageObjects;
import dev.dmig.migrate.RunMappings;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.InMemoryArtifactStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Validation's check of what a page's copied records carry: asked of the table's cargo, the seam the copy wrote through. */
class CargoCheckTest {
    private static final ItemTransformer TRANSFORMER = new ItemTransformer(PhotoBuckets.PLAN, RunMappings.NONE);

    private final PhotoBuckets buckets = new PhotoBuckets();

    private SegmentCheck check(Function<String, PageCargo> cargo, String... images) {
        SegmentCheck check = new SegmentCheck("Photo", 0, false, false, ContentDigest.CURRENT);
        new CargoCheck(TRANSFORMER, cargo).copied("Photo",
                java.util.Arrays.stream(images).map(image -> item("id", s("p-" + image), "image", s(image))).toList(), check);
        return check;
    }

    private SegmentCheck check(String... images) {
        InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
        return check(model -> new PageObjects(PhotoBuckets.PLAN, buckets.source, buckets.target, artifacts, new Journal(artifacts), null),
                images);
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

    @Test
    void whatAPageCarries_isComparedByItsTablesCargo_whateverItCarries() {
        List<String> asked = new ArrayList<>();
        PageCargo cargo = new Cargo(asked, new PageCargo.Compared(3, 1, 2, List.of("table Photo: one thing wrong")));

        SegmentCheck check = check(model -> cargo, "public/a.jpg", "public/b.jpg");

        assertThat(asked).as("the page's copied records, handed to the cargo").containsExactly("Photo:2");
        assertThat(check.objectsChecked).isEqualTo(3);
        assertThat(check.objectsWrong).isEqualTo(1);
        assertThat(check.objectsSkipped).isEqualTo(2);
        assertThat(check.examples).containsExactly("table Photo: one thing wrong");
    }

    @Test
    void aTableThatCarriesNothing_checksNothing() {
        buckets.source.with("public/a.jpg", "aaa");

        SegmentCheck check = check(model -> PageCargo.NONE, "public/a.jpg");

        assertThat(buckets.heads.calls()).isZero();
        assertThat(check.objectsChecked + check.objectsWrong + check.objectsSkipped).isZero();
    }

    /** A cargo that only compares: it says what it was asked and answers {@code compared}. */
    private record Cargo(List<String> asked, PageCargo.Compared compared) implements PageCargo {
        @Override
        public PageCargo.Compared compare(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> sources) {
            asked.add(model + ":" + sources.size());
            return compared;
        }

        @Override
        public Planned plan(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> written,
                            Map<String, ObjectRecord> recovered, String runId, int segment, long seq) {
            throw new UnsupportedOperationException("validation plans nothing");
        }

        @Override
        public Map<String, ObjectRecord.Written> written(Planned planned, String runId, String model, int segment, long seq) {
            throw new UnsupportedOperationException("validation writes nothing");
        }

        @Override
        public List<String> missing(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> sources) {
            throw new UnsupportedOperationException("validation compares");
        }

        @Override
        public PageCargo live(Function<String, ObjectRecord.Written> own) {
            return this;
        }
    }
}
