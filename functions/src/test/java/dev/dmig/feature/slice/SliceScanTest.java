package dev.dmig.feature.slice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.json.Json;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.store.TableInfo;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SliceScanTest {
    private final ProjectSample sample = new ProjectSample(1);
    private final MigrationPlan plan = sample.plan();

    private SliceScan scan(int pageSize) {
        Map<String, TableInfo> sources = new LinkedHashMap<>();
        plan.migratedModels().forEach(m -> sources.put(m, sample.items.describe(plan.sourceTable(m)).orElseThrow()));
        return new SliceScan(sample.items, plan, sources, pageSize);
    }

    /** Every segment of {@code model}, each read to its end; the hits of all. */
    private Set<SliceScan.Hit> referring(String model, int segments, Map<String, Set<String>> frontier) {
        Set<SliceScan.Hit> hits = new HashSet<>();
        for (int segment = 0; segment < segments; segment++) {
            SliceScan.Part part = scan(2).referring(new SliceScan.Part(model, segment, segments), frontier, Deadline.none());
            assertThat(part.done).isTrue();
            assertThat(part.lastEvaluatedKey).isNull();
            hits.addAll(part.hits);
        }
        return hits;
    }

    @Test
    void keepsTheItemsReferringToTheFrontierNamingTheFirstPathThatHits() {
        Set<SliceScan.Hit> hits = referring("QuoteItems", 1, Map.of("Projects", Set.of("projA"), "Quotes", Set.of("qA2")));

        Map<String, String> paths = new LinkedHashMap<>();
        hits.forEach(hit -> paths.put(hit.id(), hit.path()));
        assertThat(paths).containsOnly(Map.entry("qiA1", "projectId"), Map.entry("qiA2", "projectId"), Map.entry("qiA3", "quoteId"));
        SliceScan.Hit qiA1 = hits.stream().filter(h -> h.id().equals("qiA1")).findFirst().orElseThrow();
        assertThat(qiA1.key()).isEqualTo("id=qiA1");
        assertThat(qiA1.references()).containsOnly(Map.entry("projectId", List.of("projA")), Map.entry("quoteId", List.of("qA1")),
                Map.entry("productId", List.of("prod1")));
        assertThat(qiA1.references().keySet()).as("in plan order").containsExactly("projectId", "quoteId", "productId");
    }

    @Test
    void oneAndSevenSegmentsKeepTheSameItems() {
        Map<String, Set<String>> frontier = Map.of("Projects", Set.of("projA", "projB"), "Contacts", Set.of("c2"));
        for (String model : plan.migratedModels()) {
            Set<SliceScan.Hit> one = referring(model, 1, frontier);
            assertThat(referring(model, 7, frontier)).as(model).isEqualTo(one);
        }
        assertThat(referring("Quotes", 7, frontier)).hasSize(3);
        assertThat(referring("Contacts", 7, frontier)).extracting(SliceScan.Hit::id).containsExactly("c8");
    }

    @Test
    void findsEveryItemOfAnIdInATableNotKeyedByItAlone() {
        SliceScan.Part part = scan(2).withIds(new SliceScan.Part("ContactAuditLog", 0, 1), Set.of("L1"), Deadline.none());

        assertThat(part.hits).extracting(SliceScan.Hit::key)
                .containsExactlyInAnyOrder("id=L1, createdAt=2026-01-01", "id=L1, createdAt=2026-01-02");
        assertThat(part.hits).allSatisfy(hit -> assertThat(hit.path()).isNull());
        assertThat(part.items).isEqualTo(3);
    }

    @Test
    void aPartStoppedByItsDeadlineGoesOnWhereItStoppedFromItsJson() {
        Map<String, Set<String>> frontier = Map.of("Projects", Set.of("projA"));
        SliceScan.Part part = new SliceScan.Part("QuoteItems", 0, 1);
        Deadline passed = Deadline.in(0);
        int calls = 0;
        while (!part.done) {
            part = scan(1).referring(part, frontier, passed);
            // As a task hands it to its next call, through S3.
            part = Json.read(Json.bytes(part), SliceScan.Part.class);
            calls++;
        }
        // One page of one item per call: four items, and a fifth page that finds the segment's end.
        assertThat(calls).isEqualTo(5);
        assertThat(part.requests).isEqualTo(5);
        assertThat(part.items).isEqualTo(4);
        assertThat(new HashSet<>(part.hits)).isEqualTo(referring("QuoteItems", 1, frontier));
    }
}
