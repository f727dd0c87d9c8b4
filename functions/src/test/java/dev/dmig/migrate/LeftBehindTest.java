package dev.dmig.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a run left behind, counted by why: stored as counts by name, read back as earlier versions stored them. */
class LeftBehindTest {
    /** A reason by the name identities' items are counted under; its words are the feature's (IdentityWriteRuleTest). */
    private static final LeftBehind.Reason UNMATCHED = new LeftBehind.Reason("unmatchedIdentities", "", "", "", "", null);

    @Test
    void countsAreStoredByTheReasonsName_andAnEarlierVersionsThreeFields_readTheSame() {
        LeftBehind counted = LeftBehind.NONE.plus(new LeftBehind(Map.of("unpaired", 2L))).plus(UNMATCHED);

        assertThat(new String(Json.bytes(counted), StandardCharsets.UTF_8)).isEqualTo("{\"unpaired\":2,\"unmatchedIdentities\":1}");
        LeftBehind earlier = Json.read("{\"softDeleted\": 0, \"unmatchedIdentities\": 1, \"unpaired\": 2}"
                .getBytes(StandardCharsets.UTF_8), LeftBehind.class);
        assertThat(earlier).isEqualTo(counted);
        assertThat(earlier.total()).isEqualTo(3);
        assertThat(earlier.count(UNMATCHED)).isEqualTo(1);
    }

    @Test
    void aCountNoReasonOfThisBuildNames_isSaidByItsName() {
        LeftBehind dropped = new LeftBehind(Map.of("retired", 2L));

        assertThat(dropped.counted()).extracting(LeftBehind.Counted::text).containsExactly("2 items left behind (retired)");
    }

    @Test
    void aCountAVersionDidNotTellApart_isKeptUnderTheNameThatVersionGaveIt() {
        LeftBehind told = new LeftBehind(Map.of("unpaired", 1L));

        assertThat(LeftBehind.of(5, told)).isEqualTo(new LeftBehind(Map.of("unpaired", 1L, "softDeleted", 4L)));
        assertThat(LeftBehind.of(1, told)).isEqualTo(told);
        assertThat(LeftBehind.of(3, null)).isEqualTo(new LeftBehind(Map.of("softDeleted", 3L)));
    }
}
