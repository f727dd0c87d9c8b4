package dev.dmig.feature.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The run's identity map and what it matched, as {@code analysis.json} keeps it ({@code identities}) and as it is said. */
class IdentitySummaryTest {
    private static final String STORED = "{\"runId\": \"r1\", \"warnings\": [], \"identities\": {\"csv\": \"identities.csv\","
            + " \"users\": 12, \"onUnmatched\": \"refuse\", \"values\": 4417, \"unmatched\": 1, \"pools\": null}, \"files\": null}";

    @Test
    void anAnalysisStoredWithItsIdentities_readsBack_andIsStoredUnderTheSameKey() {
        Analysis analysis = Json.read(STORED.getBytes(StandardCharsets.UTF_8), Analysis.class);

        IdentitySummary identities = analysis.section("identities", IdentitySummary.class);
        assertThat(identities.users()).isEqualTo(12);
        assertThat(IdentitySummary.SECTION.said(analysis)).containsExactly("12 users in identities.csv; 4,417 identity values,"
                + " 1 without a match (onUnmatched: refuse)");
        assertThat(IdentitySummary.SECTION.word()).as("the summary's and dmig status's line: identities: ...").isEqualTo("identities");
        assertThat(IdentitySummary.SECTION.heading()).as("the report's fact: Users").isEqualTo("Users");
        JsonNode stored = Json.read(Json.bytes(analysis), JsonNode.class);
        assertThat(stored.get("identities").get("unmatched").asLong()).as("kept under its key at the top of analysis.json").isEqualTo(1);
    }

    @Test
    void anAnalysisWithoutIdentities_saysNothingOfThem() {
        Analysis analysis = Json.read("{\"runId\": \"r1\", \"identities\": null}".getBytes(StandardCharsets.UTF_8), Analysis.class);

        assertThat(IdentitySummary.SECTION.said(analysis)).isEmpty();
        assertThat(analysis.withSection("identities", new IdentitySummary("ids.csv", 1, "keep", 3, 0)).section("identities",
                IdentitySummary.class).describe()).isEqualTo("1 user in ids.csv; 3 identity values, every one matched");
    }
}
