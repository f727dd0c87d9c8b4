package dev.dmig.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import dev.dmig.store.ContentDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values a feature's check of the copies finds wrong ({@link CopyCheck.Findings#failed}): counted by path and what over a
 * table's segments, a part stored before they were counted read as none, and any fails the table, one line each.
 */
class FailedValuesTest {
    @Test
    void failedValues_areCountedByPathAndWhat_summedOverSegments_andFailTheTable() {
        SegmentCheck one = new SegmentCheck("User", 0, false, false, ContentDigest.CURRENT);
        one.failed("email", "equal to the source's", "id=u1");
        one.failed("email", "equal to the source's", "id=u2");
        SegmentCheck two = new SegmentCheck("User", 1, false, false, ContentDigest.CURRENT);
        two.failed("phone", "equal to the source's", "id=u9");
        ObjectNode earlier = (ObjectNode) Json.tree(Json.bytes(new SegmentCheck("User", 2, false, false, ContentDigest.CURRENT)));
        earlier.remove("failed");

        SegmentCheck sum = SegmentCheck.sumOf("User", List.of(Json.read(Json.bytes(one), SegmentCheck.class),
                Json.read(Json.bytes(two), SegmentCheck.class), Json.read(Json.bytes(earlier), SegmentCheck.class)), ContentDigest.CURRENT);

        TableValidation clean = new TableValidation("User", true, 3, 3, 3, 0, true, 3, 0, 0, 0, "d", "d", true, 0, 0, 0, 0,
                null, "s", true, List.of(), false, false, 0, 0, 0, List.of(), List.of(), 0, 0, 0, List.of(), null);
        assertThat(clean.withFailed(List.of()).passed()).isTrue();
        TableValidation failed = clean.withFailed(sum.failed);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.failedValuesSaid()).containsExactly(
                "table User, attribute email: 2 values equal to the source's (first: item id=u1)",
                "table User, attribute phone: 1 value equal to the source's (first: item id=u9)");
        assertThat(Json.read(Json.bytes(failed), TableValidation.class).failedValues()).isEqualTo(failed.failedValues());
    }
}
