package dev.dmig.validate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.files.PhotoBuckets;
import dev.dmig.json.Json;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCargo;
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

    @Test
    void whatAPageCarries_isComparedByItsTablesCargo_whateverItCarries() {
        List<String> asked = new ArrayList<>();
        PageCargo cargo = new Cargo(asked, new PageCargo.Compared(3, 1, 2, List.of("table Photo: one thing wrong")));

        SegmentCheck check = check(model -> cargo, "public/a.jpg", "public/b.jpg");

        assertThat(asked).as("the page's copied records, handed to the cargo").containsExactly("Photo:2");
        assertThat(check.cargo.checked).isEqualTo(3);
        assertThat(check.cargo.wrong).isEqualTo(1);
        assertThat(check.cargo.skipped).isEqualTo(2);
        assertThat(check.examples).containsExactly("table Photo: one thing wrong");
    }

    @Test
    void aTableThatCarriesNothing_checksNothing() {
        buckets.source.with("public/a.jpg", "aaa");

        SegmentCheck check = check(model -> PageCargo.NONE, "public/a.jpg");

        assertThat(buckets.heads.calls()).isZero();
        assertThat(check.cargo.checked + check.cargo.wrong + check.cargo.skipped).isZero();
    }

    /**
     * A part stored by a version that kept the cargo's counts in the objects' own fields: read as the cargo's, summed with a
     * part of this version (which keeps them under {@code cargo}), and a wrong one fails the table in the verdict's words.
     */
    @Test
    void aPartThatKeptTheObjectsCountsInFieldsOfTheirOwn_isReadAsTheCargos() {
        SegmentCheck now = new SegmentCheck("Photo", 1, false, false, ContentDigest.CURRENT);
        now.cargo.checked = 1;
        com.fasterxml.jackson.databind.node.ObjectNode earlier = (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(
                Json.bytes(new SegmentCheck("Photo", 0, false, false, ContentDigest.CURRENT)));
        earlier.remove("cargo");
        earlier.put("objectsChecked", 4).put("objectsWrong", 1).put("objectsSkipped", 2);
        assertThat(Json.tree(Json.bytes(now)).at("/cargo/checked").asLong()).isEqualTo(1);
        assertThat(Json.tree(Json.bytes(now)).has("objectsChecked")).isFalse();

        SegmentCheck sum = SegmentCheck.sumOf("Photo", List.of(Json.read(Json.bytes(earlier), SegmentCheck.class),
                Json.read(Json.bytes(now), SegmentCheck.class)), ContentDigest.CURRENT);

        assertThat(List.of(sum.cargo.checked, sum.cargo.wrong, sum.cargo.skipped)).containsExactly(5L, 1L, 2L);
        TableValidation table = new TableValidation("Photo", false, 1, 1, 1, 0, true, 1, 0, 0, 0, "d", "d", true, 0, 0, 0, 0,
                null, "s", true, List.of(), false, false, sum.cargo.checked, sum.cargo.wrong, sum.cargo.skipped, List.of(),
                List.of(), 0, 0, 0, List.of(), Map.of());
        assertThat(table.failure()).isEqualTo("table Photo: 1 objects missing or different in the target's Storage bucket");
        assertThat(table.copyExact()).isFalse();
    }

    /**
     * Validation reads a table's source again where its pages carry something, to compare it: a process that carries
     * nothing says so of none (the Storage objects' cargo is tested beside its feature, {@code feature.files}).
     */
    @Test
    void aProcessThatCarriesNothing_saysNoTableCarries() {
        dev.dmig.plan.MigrationPlan plan = dev.dmig.plan.PlanParser.parse("""
                {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "app-dev"},
                 "target": {"tableSuffix": "-prod-NONE", "storageBucket": "app-prod"},
                 "tables": {"Photo": {"ids": "preserve", "files": {"image": {}}}, "Album": {"ids": "preserve"}}}""");

        assertThat(PageCargo.Source.NONE.carries(plan, "Photo")).isFalse();
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
