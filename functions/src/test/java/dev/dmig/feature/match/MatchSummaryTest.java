package dev.dmig.feature.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.analysis.Analysis;
import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the tables with a {@code match} paired, as {@code analysis.json} keeps it ({@code matches}) and as it is said. */
class MatchSummaryTest {
    private static final String STORED = "{\"runId\": \"r1\", \"matches\": {\"tables\": [{\"model\": \"User\", \"on\": [\"username\"],"
            + " \"whenMatched\": \"keep\", \"whenNotMatched\": \"insert\", \"matched\": 2, \"inserted\": 1, \"skipped\": 0,"
            + " \"examples\": [\"id=u1 → id=prod-alice\"], \"tombstones\": 0, \"tombstoneExamples\": []}]}}";

    @Test
    void anAnalysisStoredWithItsMatches_readsBack_andIsStoredUnderTheSameKey() {
        Analysis analysis = Json.read(STORED.getBytes(StandardCharsets.UTF_8), Analysis.class);

        MatchSummary matches = analysis.section("matches", MatchSummary.class);
        assertThat(matches.tables()).extracting(MatchSummary.Table::model).containsExactly("User");
        assertThat(MatchSummary.SECTION.said(analysis)).containsExactly("table User, on username: 2 matched, kept as the target's"
                + " records (e.g. id=u1 → id=prod-alice), 1 inserted, 0 skipped, 0 ambiguous");
        assertThat(Json.read(Json.bytes(analysis), com.fasterxml.jackson.databind.JsonNode.class).get("matches").get("tables").get(0)
                .get("matched").asLong()).as("kept under its key at the top of analysis.json").isEqualTo(2);
    }

    @Test
    void anAnalysisWithoutMatches_saysNothingOfThem() {
        Analysis analysis = Json.read("{\"runId\": \"r1\", \"matches\": null}".getBytes(StandardCharsets.UTF_8), Analysis.class);

        assertThat(MatchSummary.SECTION.said(analysis)).isEmpty();
        assertThat(analysis.withSection("matches", new MatchSummary(List.of())).section("matches", MatchSummary.class).tables()).isEmpty();
    }
}
