package dev.dmig.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceJoinTest {

    private static SegmentScan read(String json) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), SegmentScan.class);
    }

    private static SegmentScan joined(SegmentScan part) {
        ReferenceJoin.countOrphans(List.of(part), model -> part.ids, new HashMap<>());
        return part;
    }

    @Test
    void usesOfOneId_throughSeveralPathsAndItems_surviveTheirStoredForm_withAnExamplePerPath() {
        SegmentScan part = new SegmentScan("Comments", 0);
        part.ids.add("k1");
        part.references.put("parentId", new SegmentScan.ReferenceTally("Comments"));
        part.references.put("replyIds[]", new SegmentScan.ReferenceTally("Comments"));
        ReferenceJoin.Uses gone = new ReferenceJoin.Uses();
        gone.add("parentId", "id=k3");
        gone.add("replyIds[]", "id=k5");
        gone.add("replyIds[]", "id=k6");
        ReferenceJoin.Uses known = new ReferenceJoin.Uses();
        known.add("parentId", "id=k4");
        part.referenced.put("Comments", new HashMap<>(Map.of("gone", gone, "k1", known)));

        String stored = Json.text(part);
        assertThat(stored).contains("\"k1\":[\"parentId\",\"id=k4\",null,null]")
                .contains("\"gone\":[\"parentId\",\"id=k3\",{\"parentId\":1,\"replyIds[]\":2},{\"replyIds[]\":\"id=k5\"}]");

        SegmentScan back = joined(read(stored));
        assertThat(back.references.get("parentId").orphans).isEqualTo(1);
        assertThat(back.references.get("parentId").orphanExamples).containsExactly(new OrphanExample("id=k3", "gone"));
        assertThat(back.references.get("replyIds[]").orphans).isEqualTo(2);
        assertThat(back.references.get("replyIds[]").orphanExamples).containsExactly(new OrphanExample("id=k5", "gone"));
    }

    @Test
    void aPartStoredAsObjectsByAnEarlierVersion_isStillRead_andJoined() {
        // The form of commit 1cec947: each use an object with its counts per path and the first use only.
        SegmentScan part = read("""
                {"model": "Comments", "segment": 0, "done": true, "items": 3,
                 "references": {"parentId": {"target": "Comments", "itemsWithValue": 2, "values": 2},
                                "replyIds[]": {"target": "Comments", "itemsWithValue": 1, "values": 2}},
                 "ids": ["k1"],
                 "referenced": {"Comments": {
                     "gone": {"paths": {"parentId": 1, "replyIds[]": 2}, "path": "parentId", "item": "id=k3"},
                     "k1": {"paths": {"parentId": 1}, "path": "parentId", "item": "id=k4"}}}}
                """);
        ReferenceJoin.Uses single = part.referenced.get("Comments").get("k1");
        assertThat(single.paths).as("a single use is kept as the array form keeps it").isNull();

        joined(part);
        assertThat(part.references.get("parentId").orphans).isEqualTo(1);
        assertThat(part.references.get("parentId").orphanExamples).containsExactly(new OrphanExample("id=k3", "gone"));
        // The earlier form kept no item for a second path: counted, without an example.
        assertThat(part.references.get("replyIds[]").orphans).isEqualTo(2);
        assertThat(part.references.get("replyIds[]").orphanExamples).isEmpty();
    }
}
