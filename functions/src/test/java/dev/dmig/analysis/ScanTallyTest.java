package dev.dmig.analysis;

import static dev.dmig.SampleMigration.SOURCE;
import static dev.dmig.SampleMigration.TARGET;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.SampleMigration;
import dev.dmig.json.Json;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A feature's counts of a segment are its {@link ScanTally}, kept in the segment's stored part under its name: read back
 * by the next call, counted on, summed across segments, and made into its section of the table's analysis.
 */
class ScanTallyTest {
    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    private TableAnalysis notes(String runId) {
        Analysis analysis = app.artifacts.json(RunLayout.analysis(runId), Analysis.class);
        return analysis.tables().stream().filter(t -> t.model().equals("Notes")).findFirst().orElseThrow();
    }

    /** 30 rows: n0..n6 soft-deleted DataStore rows, n10..n19 past their time to live in the target. */
    private JsonNode notesPlan() {
        app.items.createTable("Notes" + SOURCE, "id", ScalarAttributeType.S);
        app.items.createTable("Notes" + TARGET, "id", ScalarAttributeType.S);
        app.items.withTimeToLive("Notes" + TARGET, "expiresAt");
        long past = Instant.now().minus(Duration.ofDays(1)).getEpochSecond();
        long future = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();
        for (int i = 0; i < 30; i++) {
            Map<String, AttributeValue> note = item("id", s("n" + i), "_version", n("3"), "_lastChangedAt", n("1700000000000"),
                    "expiresAt", n(String.valueOf(i >= 10 && i < 20 ? past : future)));
            if (i < 7) {
                note.put("_deleted", AttributeValue.fromBool(true));
            }
            app.items.put("Notes" + SOURCE, note);
        }
        return Json.tree("""
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "segments": 1, "tables": {"Notes": {}}}
                """.formatted(SOURCE, TARGET).getBytes(StandardCharsets.UTF_8));
    }

    private static RunRequest dryRun(String runId, JsonNode plan) {
        return new RunRequest("dry-run", runId, null, plan, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aScanResumedPageByPage_readsEachFeaturesTallyBackFromItsPart_andCountsOn_asOneCallDoes() {
        JsonNode plan = notesPlan();
        app.analyze(dryRun("whole", plan));
        // A deadline already passed: one page (two items) a call, the part and its tallies read back by each next call.
        app.analyze(dryRun("resumed", plan), "exec-r", 0);

        TableAnalysis whole = notes("whole");
        TableAnalysis resumed = notes("resumed");
        assertThat(resumed.sections()).as("every feature's section, read back").isEqualTo(whole.sections());
        assertThat(resumed.timeToLive()).isEqualTo(whole.timeToLive());
        assertThat(resumed.timeToLive().expiredItems()).isEqualTo(10);
        assertThat(resumed.timeToLive().expiredExamples()).hasSize(SegmentScan.EXAMPLES)
                .allSatisfy(key -> assertThat(key).matches("id=n1[0-9]"));
        assertThat(resumed.sections()).as("no identity left an item behind").doesNotContainKey("unmatchedLeftBehind");
    }

    @Test
    void partsReadBack_areSummedByTheirFeaturesTallies_keepingTheFirstExamples() {
        SegmentScan first = new SegmentScan("Notes", 0);
        SegmentScan second = new SegmentScan("Notes", 1);
        for (int i = 0; i < 4; i++) {
            first.tally(ExpiredItems.TALLY).count("id=a" + i);
            second.tally(ExpiredItems.TALLY).count("id=b" + i);
        }
        second.tally(HeldIdLookup.TALLY);
        SegmentScan sum = SegmentScan.sum();

        sum.add(Json.read(Json.bytes(first), SegmentScan.class));
        sum.add(Json.read(Json.bytes(second), SegmentScan.class));

        assertThat(sum.tally(ExpiredItems.TALLY).items).isEqualTo(8);
        assertThat(sum.tally(ExpiredItems.TALLY).examples).containsExactly("id=a0", "id=a1", "id=a2", "id=a3", "id=b0");
        assertThat(sum.counted(HeldIdLookup.TALLY)).as("a tally one part held").isTrue();
        ScanTally<CountedKeys, TimeToLiveAnalysis> unheld = new ScanTally<>("unheld", CountedKeys.class, CountedKeys::new,
                (a, b) -> { }, TimeToLiveAnalysis.class, (tally, table) -> null);
        assertThat(sum.counted(unheld)).as("a tally no part held").isFalse();
    }

    /**
     * A part begun by a version that kept the objects' counts per path as a field of the part ({@code files}, beside its
     * tallies): read as the files' tally, kept as read when the part is stored again before the scan counts in it, and
     * summed with a part of this version, which keeps them among its tallies. The Storage files' tally is the feature's:
     * found by its name, where the build has the feature.
     */
    @Test
    void aPartThatKeptTheFilesCountsAsAFieldOfItsOwn_isReadAsTheFilesTally() {
        dev.dmig.TestFeatures.assumeHas("FilesFeature");
        ScanTally<?, ?> files = ScanChecks.FEATURE_TALLIES.stream().filter(t -> t.name().equals("files")).findFirst().orElseThrow();
        ObjectNode earlier = (ObjectNode) Json.tree(Json.bytes(new SegmentScan("Photo", 0)));
        earlier.set("files", Json.tree("""
                {"image": {"objects": 3, "bytes": 9, "missing": 1, "missingExamples": [{"item": "id=p9", "value": "public/gone.jpg"}],
                           "present": 1, "conflicts": 1, "conflictExamples": []}}
                """.getBytes(StandardCharsets.UTF_8)));
        SegmentScan storedAgain = Json.read(Json.bytes(Json.read(Json.bytes(earlier), SegmentScan.class)), SegmentScan.class);
        ObjectNode thisVersion = (ObjectNode) Json.tree(Json.bytes(new SegmentScan("Photo", 1)));
        thisVersion.set("tallies", Json.tree("{\"files\": {\"image\": {\"objects\": 2}}}".getBytes(StandardCharsets.UTF_8)));
        SegmentScan now = Json.read(Json.bytes(thisVersion), SegmentScan.class);
        now.tally(files);
        ObjectNode stored = (ObjectNode) Json.tree(Json.bytes(now));
        assertThat(stored.has("files")).as("this version's counts are a tally").isFalse();
        assertThat(stored.at("/tallies/files/image/objects").asLong()).isEqualTo(2);

        SegmentScan sum = SegmentScan.sum();
        sum.add(storedAgain);
        sum.add(Json.read(Json.bytes(now), SegmentScan.class));

        JsonNode image = Json.tree(Json.bytes(sum.tally(files))).get("image");
        assertThat(List.of(image.get("objects").asLong(), image.get("bytes").asLong(), image.get("missing").asLong(),
                image.get("present").asLong(), image.get("conflicts").asLong())).containsExactly(5L, 9L, 1L, 1L, 1L);
        assertThat(image.at("/missingExamples/0/value").asText()).isEqualTo("public/gone.jpg");
        assertThat(image.get("missingExamples")).hasSize(1);
    }

    /**
     * A part begun by a version that kept the features' counts as fields of its own (a deploy while the segments were
     * read): its counts would be lost, so the analysis fails before anything is written.
     */
    @Test
    void aPartBegunByAVersionWithoutTallies_failsTheAnalysis_beforeAnyWrite() {
        RunRequest request = app.fullRequest("run1");
        for (int call = 0; call < 3; call++) {
            app.analyzer().analyze(request, "exec-run1", Deadline.in(0));
        }
        List<String> parts = app.artifacts.keys().stream()
                .filter(key -> key.startsWith("runs/run1/analysis/") && key.endsWith(".json")).toList();
        assertThat(parts).isNotEmpty();
        for (String key : parts) {
            ObjectNode part = (ObjectNode) Json.tree(app.artifacts.get(key).orElseThrow());
            if (part.has("tallies")) {
                part.remove("tallies");
                part.put("dataStoreItems", 0);
                app.artifacts.putJson(key, part);
            }
        }

        assertThatThrownBy(() -> app.analyze(request, "exec-run1", 60_000)).hasMessageMatching("table \\w+: its segments were "
                + "analyzed by two versions of dmig, whose counts do not add up; start the run again");
        assertThat(app.items.writeCalls()).isEmpty();
    }
}
