package dev.dmig.migrate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.json.Json;
import dev.dmig.store.ContentDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTotalsTest {
    private static ContentDigest digest(ContentDigest.Algorithm algorithm, String... ids) {
        ContentDigest digest = new ContentDigest(algorithm);
        List.of(ids).forEach(id -> digest.add(item("id", s(id))));
        return digest;
    }

    /** Segment {@code segment} of Contacts, having read {@code source}'s items, written all but {@code skipped}. */
    private static Checkpoint checkpoint(int segment, ContentDigest source, long skipped, long dropped, String started,
                                         String updated) {
        long read = source.count();
        return new Checkpoint("Contacts", segment, 2, null, 1, read, read - skipped, skipped, 3, 5, 1, true, started, updated,
                10, 0, 0, skipped - dropped, null, source.hex(), dropped, 0, null, List.of());
    }

    @Test
    void everySegmentsCheckpoint_addsUp_fromTheFirstStartToTheLastSave_withTheDigestOfWhatTheyRead() {
        List<Checkpoint> checkpoints = List.of(
                checkpoint(0, digest(ContentDigest.CURRENT, "a", "b", "c"), 1, 1, "2026-01-01T00:00:05Z", "2026-01-01T00:00:20Z"),
                checkpoint(1, digest(ContentDigest.CURRENT, "d", "e"), 2, 0, "2026-01-01T00:00:01Z", "2026-01-01T00:00:09Z"));

        CheckpointTotals totals = CheckpointTotals.of(checkpoints, 2);

        assertThat(totals).extracting(CheckpointTotals::read, CheckpointTotals::written, CheckpointTotals::skipped,
                        CheckpointTotals::dropped, CheckpointTotals::unprocessedRetries, CheckpointTotals::sdkRetries,
                        CheckpointTotals::lateArrivals, CheckpointTotals::leftAlone)
                .containsExactly(5L, 2L, 3L, 1L, 6L, 10L, 2L, 2L);
        assertThat(totals.first()).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(totals.last()).isEqualTo("2026-01-01T00:00:20Z");
        assertThat(totals.millis()).isEqualTo(19_000);
        assertThat(totals.sourceRead()).hasValueSatisfying(read ->
                assertThat(read.sameAs(digest(ContentDigest.CURRENT, "e", "d", "c", "b", "a"))).isTrue());
    }

    @Test
    void noDigest_standsForTheSource_whenASegmentHasNoCheckpoint_tookNone_orTookAnotherAlgorithms() {
        Checkpoint first = checkpoint(0, digest(ContentDigest.CURRENT, "a"), 0, 0, "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z");
        Checkpoint tookNone = new Checkpoint("Contacts", 1, 2, null, 1, 1, 1, 0, 0, 0, 1, true, "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z", 0, 0, 0, 0, null, null, 0, 0, null, null);
        Checkpoint sha256 = checkpoint(1, digest(ContentDigest.Algorithm.SHA256, "b"), 0, 0, "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z");

        assertThat(CheckpointTotals.of(List.of(first), 2).sourceRead()).isEmpty();
        assertThat(CheckpointTotals.of(List.of(first, tookNone), 2).sourceRead()).isEmpty();
        assertThat(CheckpointTotals.of(List.of(first, sha256), 2).sourceRead()).isEmpty();
        assertThat(CheckpointTotals.of(List.of(first, sha256), 2).read()).isEqualTo(2);
        assertThat(CheckpointTotals.of(List.of(), 0).sourceRead()).hasValueSatisfying(read -> assertThat(read.count()).isZero());
        assertThat(CheckpointTotals.NONE.millis()).isZero();
    }

    @Test
    void byTable_takesTheCheckpointsOfEachTablesSegments_andGivesATableWithoutAnyTotalsOfNothing() {
        Checkpoint inRun = checkpoint(0, digest(ContentDigest.CURRENT, "a"), 0, 0, "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z");
        Checkpoint pastTheSegments = checkpoint(1, digest(ContentDigest.CURRENT, "b"), 0, 0, "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z");
        Checkpoint otherTable = new Checkpoint("Notes", 0, 1, null, 1, 7, 7, 0, 0, 0, 1, true, "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z", 0, 0, 0, 0, null, null, 0, 0, null, null);

        Map<String, CheckpointTotals> totals = CheckpointTotals.byTable(List.of(inRun, pastTheSegments, otherTable),
                Map.of("Contacts", 1, "Requests", 2));

        assertThat(totals).containsOnlyKeys("Contacts", "Requests");
        assertThat(totals.get("Contacts").read()).isEqualTo(1);
        assertThat(totals.get("Contacts").sourceRead()).isPresent();
        assertThat(totals.get("Requests").read()).isZero();
        assertThat(totals.get("Requests").first()).isNull();
        assertThat(totals.get("Requests").sourceRead()).as("no segment of it took a digest").isEmpty();
    }

    /** Finalize keeps the totals between its calls: what an earlier version kept reads with no drops and no digest. */
    @Test
    void keptAsJson_readsBack_inTheFieldsAnEarlierVersionsTalliesKept() {
        CheckpointTotals totals = CheckpointTotals.of(List.of(
                checkpoint(0, digest(ContentDigest.CURRENT, "a", "b"), 1, 1, "2026-01-01T00:00:00Z", "2026-01-01T00:00:02Z")), 1);
        String json = Json.text(totals);

        assertThat(Json.read(json.getBytes(StandardCharsets.UTF_8), CheckpointTotals.class)).isEqualTo(totals);
        assertThat(Json.MAPPER.valueToTree(totals).fieldNames()).toIterable().containsExactly("read", "written", "skipped",
                "dropped", "first", "last", "unprocessedRetries", "sdkRetries", "lateArrivals", "sourceDigest", "cargo", "leftBehind",
                "findings");

        String earlier = "{\"read\":7,\"written\":6,\"skipped\":1,\"first\":\"2026-01-01T00:00:00Z\","
                + "\"last\":\"2026-01-01T00:00:03Z\",\"unprocessedRetries\":2,\"sdkRetries\":4,\"lateArrivals\":1}";
        assertThat(Json.read(earlier.getBytes(StandardCharsets.UTF_8), CheckpointTotals.class)).isEqualTo(new CheckpointTotals(
                7, 6, 1, 0, "2026-01-01T00:00:00Z", "2026-01-01T00:00:03Z", 2, 4, 1, null, Map.of(), null, null));
        String objectsOfTheirOwn = earlier.replace("}", ",\"objects\":5}");
        assertThat(Json.read(objectsOfTheirOwn.getBytes(StandardCharsets.UTF_8), CheckpointTotals.class).cargo())
                .as("the objects a version before the cargo's counts kept").containsExactly(Map.entry(PageCargo.OBJECTS, 5L));
    }
}
