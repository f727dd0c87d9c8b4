package dev.dmig.feature.files;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.Reaches;
import dev.dmig.files.Buckets;
import dev.dmig.files.PhotoBuckets;
import dev.dmig.journal.Journal;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryArtifactStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Validation's comparison of the objects copied records name with the target's bucket, as the objects' cargo makes it. */
class ObjectsComparedTest {
    private static final ItemTransformer TRANSFORMER = new ItemTransformer(PhotoBuckets.PLAN, RunMappings.NONE);

    private final PhotoBuckets buckets = new PhotoBuckets();

    private PageCargo.Compared compared(String... images) {
        InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
        return new PageObjects(PhotoBuckets.PLAN, buckets.source, buckets.target, artifacts, new Journal(artifacts), null)
                .compare(TRANSFORMER, "Photo", Arrays.stream(images).map(image -> item("id", s("p-" + image), "image", s(image))).toList());
    }

    @Test
    void anObjectsHeads_inTheSourceAndTheTarget_areReadSideBySide() {
        buckets.source.with("public/a.jpg", "aaa");
        buckets.target.with("public/a.jpg", "aaa");

        PageCargo.Compared compared = compared("public/a.jpg");

        assertThat(buckets.heads.calls()).isEqualTo(2);
        assertThat(buckets.heads.most()).as("the source's and the target's head at once").isEqualTo(2);
        assertThat(compared.checked()).isEqualTo(1);
        assertThat(compared.wrong()).isZero();
    }

    @Test
    void anObjectMissingFromTheTarget_orDifferent_isWrong_andOneMissingFromTheSourceHasNothingToCompare() {
        buckets.source.with("public/a.jpg", "aaa").with("public/b.jpg", "bbb");
        buckets.target.with("public/b.jpg", "BBB");

        PageCargo.Compared compared = compared("public/a.jpg", "public/b.jpg", "public/gone.jpg");

        assertThat(compared.checked()).isEqualTo(2);
        assertThat(compared.wrong()).isEqualTo(2);
        assertThat(compared.skipped()).isEqualTo(1);
        assertThat(compared.examples()).containsExactly(
                "table Photo: object public/a.jpg is not in bucket app-prod (source app-dev/public/a.jpg)",
                "table Photo: object public/b.jpg in bucket app-prod differs from app-dev/public/b.jpg (ETag \"BBB\" ≠ \"bbb\")");
    }

    /**
     * Validation reads a table's source again where its pages carry something, to compare it: the objects' cargo says so
     * of a table whose plan names files, and of no other, and the process's source, made of the features', says the same.
     */
    @Test
    void theObjectsCargoSource_saysATableWithFilesCarriesThem_andNoOther() {
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "app-dev"},
                 "target": {"tableSuffix": "-prod-NONE", "storageBucket": "app-prod"},
                 "tables": {"Photo": {"ids": "preserve", "files": {"image": {}}}, "Album": {"ids": "preserve"}}}""");
        Reaches reaches = Reaches.NONE.with(Buckets.class, Buckets.NONE);

        assertThat(PageObjects.through(reaches).carries(plan, "Photo")).isTrue();
        assertThat(PageObjects.through(reaches).carries(plan, "Album")).isFalse();
        assertThat(PageCargo.Source.through(reaches).carries(plan, "Photo")).isTrue();
        assertThat(PageCargo.Source.through(reaches).carries(plan, "Album")).isFalse();
    }
}
