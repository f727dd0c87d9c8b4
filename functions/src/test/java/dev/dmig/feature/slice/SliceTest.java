package dev.dmig.feature.slice;

import dev.dmig.run.Slice;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.json.Json;
import dev.dmig.store.TableInfo;
import dev.dmig.store.TableInfo.KeyAttribute;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class SliceTest {
    private static TableInfo table(String hash, String range) {
        return new TableInfo("T-dev", new KeyAttribute(hash, ScalarAttributeType.S),
                range == null ? null : new KeyAttribute(range, ScalarAttributeType.S), List.of(), 0, 0);
    }

    private static Slice.Members members(TableInfo table, String idAttribute, String... ids) {
        return new Slice.Members("T", idAttribute, Slice.Members.key(table, idAttribute), List.of(ids), 0, Map.of(), Map.of());
    }

    @Test
    void anItemIsNamedByItsIdWhenThatIsThePartitionKeyElseByItsKey() {
        Slice.Members byId = members(table("id", null), "id", "c1");
        Slice.Members log = members(table("id", "createdAt"), "id", "L1");
        Slice.Members milestones = members(table("projectId", "seq"), "seq", "projectId=p1, seq=1");
        Slice.Members byOtherKey = members(table("pk", null), "id", "pk=k1");

        assertThat(byId.key()).isEmpty();
        assertThat(log.key()).isEmpty();
        assertThat(byId.nameOf(item("id", s("c1"), "name", s("x")))).isEqualTo("c1");
        assertThat(log.nameOf(item("id", s("L1"), "createdAt", s("t2")))).isEqualTo("L1");
        assertThat(milestones.key()).containsExactly("projectId", "seq");
        assertThat(milestones.nameOf(item("seq", n("1"), "projectId", s("p1")))).isEqualTo("projectId=p1, seq=1");
        assertThat(byOtherKey.nameOf(item("pk", s("k1"), "id", s("k1")))).isEqualTo("pk=k1");
        assertThat(milestones.nameOf(item("seq", n("1")))).isNull();
    }

    @Test
    void containsLooksUpTheSortedIdsWhateverOrderTheyCameIn() {
        Slice slice = new Slice(List.of(new Slice.Root("T", "b")),
                Map.of("T", members(table("id", null), "id", "c", "a", "b", "a")), List.of(), List.of(),
                new Slice.Totals(3, 1, 2, 0, 10), List.of(new Slice.Phase("roots", 1, 0, 1, 1), new Slice.Phase("descendants", 1, 2, 3, 9)));

        assertThat(slice.tables().get("T").ids()).containsExactly("a", "b", "c");
        assertThat(slice.contains("T", "a")).isTrue();
        assertThat(slice.contains("T", "c")).isTrue();
        assertThat(slice.contains("T", "d")).isFalse();
        assertThat(slice.contains("U", "a")).isFalse();
        assertThat(slice.contains("T", item("id", s("b")))).isTrue();
        assertThat(slice.contains("T", item("other", s("b")))).isFalse();
        assertThat(slice.readsPerSourceItem()).isEqualTo(1.0);
    }

    @Test
    void aSliceJsonWrittenBeforeSealing_loads_andAnUnsealedOneIsWrittenAsBefore() {
        String before = "{\"roots\":[{\"model\":\"T\",\"id\":\"c1\"}],\"tables\":{\"T\":{\"model\":\"T\",\"idAttribute\":\"id\","
                + "\"key\":[],\"ids\":[\"c1\",\"c2\"],\"roots\":1,\"descendants\":{\"T.ref\":1},\"ancestors\":{}}},\"leaving\":[],"
                + "\"missing\":[],\"totals\":{\"members\":2,\"roots\":1,\"descendants\":1,\"ancestors\":0,\"sourceItems\":9},"
                + "\"phases\":[]}";
        Slice slice = Json.read(before.getBytes(StandardCharsets.UTF_8), Slice.class);
        assertThat(slice.contains("T", "c2")).isTrue();
        assertThat(slice.tables().get("T").sealed()).isNull();
        assertThat(slice.tables().get("T").count()).isEqualTo(2);
        assertThat(Json.text(slice)).isEqualTo(before);
    }
}
