package dev.dmig.feature.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.TablePlan;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The identities' counts of a table are the feature's tallies, stored where they always were: a table's analysis keeps
 * {@code identities} and {@code unmatchedLeftBehind}, and a segment's part read back that kept {@code identities} as a
 * field of its own still counts.
 */
class IdentityTalliesTest {
    private static final String IDENTITIES = """
            [{"path": "owner", "kind": "@owner", "values": 10, "unmatched": 2,
              "unmatchedExamples": [{"item": "id=t1", "value": "carol"}], "namingTargets": 1}]""";

    private static JsonNode json(String text) {
        return Json.tree(text.getBytes(StandardCharsets.UTF_8));
    }

    private static TablePlan todo() {
        return PlanParser.parse("""
                {"source": {"tableSuffix": "-dev-NONE"}, "target": {"tableSuffix": "-prod-NONE"},
                 "identities": {"csv": "identities.csv", "onUnmatched": "keep"},
                 "tables": {"Todo": {"references": {"owner": "@owner"}}}}""").table("Todo");
    }

    @Test
    void aTableAnalysisWrittenBeforeTheTallies_readsTheSameCounts_andIsWrittenAgainWithTheSameKeys() {
        String table = """
                {"model": "Todo", "items": 12, "conflictExamples": [], "identities": %s,
                 "unmatchedLeftBehind": {"items": 2, "examples": ["id=t7", "id=t8"]}, "leftBehind": 0}""".formatted(IDENTITIES);
        TableAnalysis read = Json.read(table.getBytes(StandardCharsets.UTF_8), TableAnalysis.class);

        assertThat(IdentityTallies.of(read)).containsExactly(new IdentityAnalysis("owner", "@owner", 10, 2,
                List.of(new OrphanExample("id=t1", "carol")), 1));
        assertThat(IdentityTallies.leftBehind(read)).isEqualTo(new TableAnalysis.LeftBehind(2, List.of("id=t7", "id=t8")));
        assertThat(read.copied()).as("a version that did not count its items left behind apart named them here").isEqualTo(10);
        JsonNode written = Json.tree(Json.bytes(read));
        assertThat(written.get("identities")).isEqualTo(json(IDENTITIES));
        assertThat(written.get("unmatchedLeftBehind")).isEqualTo(json("{\"items\": 2, \"examples\": [\"id=t7\", \"id=t8\"]}"));
    }

    @Test
    void aTableAnalysisWithoutIdentities_hasNone() {
        TableAnalysis read = Json.read("{\"model\": \"Todo\", \"items\": 3}".getBytes(StandardCharsets.UTF_8), TableAnalysis.class);

        assertThat(IdentityTallies.of(read)).isEmpty();
        assertThat(IdentityTallies.leftBehind(read)).isNull();
        assertThat(read.copied()).isEqualTo(3);
    }

    /**
     * A part begun by a version that kept the identity references' counts as a field of the part ({@code identities},
     * beside its tallies): read as the identities' tally, kept as read when the part is stored again, and summed with a
     * part of this version, which keeps them among its tallies under the same name.
     */
    @Test
    void aPartThatKeptTheIdentitiesAsAFieldOfItsOwn_isReadAsTheirTally_andSummedIntoTheSameSection() {
        ObjectNode earlier = (ObjectNode) Json.tree(Json.bytes(new SegmentScan("Todo", 0)));
        earlier.set("identities", json("""
                {"owner": {"values": 4, "unmatched": 1, "unmatchedExamples": [{"item": "id=t1", "value": "carol"}],
                           "namingTargets": 1}}"""));
        SegmentScan storedAgain = Json.read(Json.bytes(Json.read(Json.bytes(earlier), SegmentScan.class)), SegmentScan.class);
        SegmentScan now = new SegmentScan("Todo", 1);
        now.tally(IdentityTallies.REFERENCES).of("owner").add("id=t2", "dave", false, false);
        now.tally(IdentityTallies.REFERENCES).of("owner").add("id=t3", "erin", true, false);
        ObjectNode stored = (ObjectNode) Json.tree(Json.bytes(now));
        assertThat(stored.has("identities")).as("this version's counts are a tally").isFalse();
        assertThat(stored.at("/tallies/identities/owner/values").asLong()).isEqualTo(2);

        IdentityTallies.References sum = new IdentityTallies.References();
        sum.add(storedAgain.tally(IdentityTallies.REFERENCES));
        sum.add(Json.read(Json.bytes(now), SegmentScan.class).tally(IdentityTallies.REFERENCES));

        assertThat(sum.section(todo())).containsExactly(new IdentityAnalysis("owner", "@owner", 6, 2,
                List.of(new OrphanExample("id=t1", "carol"), new OrphanExample("id=t2", "dave")), 1));
    }
}
