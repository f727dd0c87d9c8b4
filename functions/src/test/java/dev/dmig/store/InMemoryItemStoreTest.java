package dev.dmig.store;

import static dev.dmig.store.Items.b;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.key;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The fake must be as strict as DynamoDB where dmig relies on it, or the flow tests prove nothing. */
class InMemoryItemStoreTest {
    private final InMemoryItemStore store = new InMemoryItemStore()
            .createTable("T", "id", ScalarAttributeType.S)
            .createTable("C", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N, "byEmail");

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static WriteRequest delete(Map<String, AttributeValue> key) {
        return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build();
    }

    private void fill(int count) {
        for (int i = 0; i < count; i++) {
            store.put("T", item("id", s("item-" + i), "n", n(Integer.toString(i))));
        }
    }

    private List<String> scanAll(int segment, int total, int limit) {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanPage page = store.scan("T", segment, total, start, limit, false);
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            page.items().forEach(i -> ids.add(i.get("id").s()));
            start = page.lastEvaluatedKey();
        } while (start != null);
        return ids;
    }

    @Test
    void segments_partitionTheTable_eachItemInExactlyOne() {
        fill(50);
        List<String> all = new ArrayList<>();
        for (int segment = 0; segment < 4; segment++) {
            List<String> ids = scanAll(segment, 4, 3);
            ids.forEach(id -> assertThat(store.segmentOf("T", key("id", id), 4)).isNotNegative());
            all.addAll(ids);
        }
        assertThat(all).hasSize(50).doesNotHaveDuplicates();
        assertThat(new HashSet<>(scanAll(0, 1, 7))).isEqualTo(new HashSet<>(all));
        // Not all in one segment, or the partition is not exercised.
        assertThat(scanAll(0, 4, 100)).hasSizeBetween(1, 49);
    }

    @Test
    void fullPage_returnsLastEvaluatedKey_evenWhenNothingFollows() {
        fill(4);
        ScanPage first = store.scan("T", 0, 1, null, 4, false);
        assertThat(first.items()).hasSize(4);
        assertThat(first.last()).isFalse();
        ScanPage second = store.scan("T", 0, 1, first.lastEvaluatedKey(), 4, false);
        assertThat(second.items()).isEmpty();
        assertThat(second.last()).isTrue();
    }

    @Test
    void scan_resumesAfterAKeyWhoseItemWasDeleted() {
        fill(6);
        ScanPage first = store.scan("T", 0, 1, null, 3, false);
        store.delete("T", first.lastEvaluatedKey());
        List<String> rest = new ArrayList<>();
        store.scan("T", 0, 1, first.lastEvaluatedKey(), 10, false).items().forEach(i -> rest.add(i.get("id").s()));
        assertThat(rest).hasSize(3);
    }

    @Test
    void badSegmentOrLimit_isRejected() {
        assertThatThrownBy(() -> store.scan("T", 4, 4, null, 1, false)).isInstanceOf(DynamoDbException.class);
        assertThatThrownBy(() -> store.scan("T", 0, 1, null, 0, false)).isInstanceOf(DynamoDbException.class);
        assertThatThrownBy(() -> store.scan("Nope", 0, 1, null, 1, false)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void describe_reportsSchemaIndexesAndExactCounts() {
        store.put("C", item("pk", s("a"), "sk", n("1")), item("pk", s("a"), "sk", n("2")));
        TableInfo info = store.describe("C").orElseThrow();
        assertThat(info.describeKeySchema()).isEqualTo("hash pk (S), range sk (N)");
        assertThat(info.indexes()).containsExactly("byEmail");
        assertThat(info.approximateItemCount()).isEqualTo(2);
        assertThat(info.approximateSizeBytes()).isPositive();
        assertThat(store.describe("Nope")).isEmpty();
        assertThat(store.listTables()).containsExactly("C", "T");
    }

    @Test
    void count_ofEverySegment_addsUpToTheTable_andAPageEndsAfterAMegabyte() {
        fill(50);
        long total = 0;
        for (int segment = 0; segment < 4; segment++) {
            CountPage page = store.count("T", segment, 4, null);
            assertThat(page.last()).isTrue();
            assertThat(page.count()).isEqualTo(scanAll(segment, 4, 100).size());
            total += page.count();
        }
        assertThat(total).isEqualTo(50);
        String text = "x".repeat(300 * 1024);
        for (int i = 0; i < 5; i++) {
            store.put("C", item("pk", s("big"), "sk", n(Integer.toString(i)), "text", s(text)));
        }
        CountPage first = store.count("C", 0, 1, null);
        assertThat(first.count()).as("four items of 300 KB pass 1 MB").isEqualTo(4);
        assertThat(first.lastEvaluatedKey()).isEqualTo(item("pk", s("big"), "sk", n("3")));
        assertThat(store.count("C", 0, 1, first.lastEvaluatedKey()).count()).isOne();
    }

    @Test
    void describe_reportsAStaleCountWhenAsked_andTheStream() {
        fill(5);
        store.describeAs("T", 0, 0).withStream("T", "KEYS_ONLY");
        TableInfo info = store.describe("T").orElseThrow();
        assertThat(info.approximateItemCount()).isZero();
        assertThat(info.approximateSizeBytes()).isZero();
        assertThat(info.streamViewType()).isEqualTo("KEYS_ONLY");
        assertThat(store.count("T", 0, 1, null).count()).isEqualTo(5);
        assertThat(store.describe("C").orElseThrow().streamViewType()).isNull();
    }

    @Test
    void numberKeys_oneAndOnePointZero_areTheSameKey() {
        store.put("C", item("pk", s("a"), "sk", n("1"), "v", s("first")));
        store.put("C", item("pk", s("a"), "sk", n("1.0"), "v", s("second")));
        assertThat(store.count("C")).isEqualTo(1);
        assertThat(store.item("C", item("pk", s("a"), "sk", n("1.00"))).orElseThrow().get("v").s()).isEqualTo("second");
    }

    @Test
    void getAll_returnsFoundItems_rejectsDuplicatesAndWrongKeys() {
        fill(3);
        assertThat(store.getAll("T", List.of(key("id", "item-0"), key("id", "nope"), key("id", "item-2")), true))
                .extracting(i -> i.get("id").s()).containsExactlyInAnyOrder("item-0", "item-2");
        assertThatThrownBy(() -> store.getAll("T", List.of(key("id", "item-0"), key("id", "item-0")), true))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("duplicates");
        assertThatThrownBy(() -> store.getAll("T", List.of(item("id", s("item-0"), "n", n("0"))), true))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("does not match the schema");
        assertThatThrownBy(() -> store.getAll("T", List.of(item("id", n("1"))), true))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Type mismatch");
    }

    @Test
    void queryAndExistingHashKeys_findByPartitionKey() {
        store.put("C", item("pk", s("a"), "sk", n("1")), item("pk", s("a"), "sk", n("2")), item("pk", s("b"), "sk", n("1")));
        TableInfo info = store.describe("C").orElseThrow();
        assertThat(store.query(info, s("a"), 10)).hasSize(2);
        assertThat(store.query(info, s("a"), 1)).hasSize(1);
        assertThat(store.existingHashKeys(info, List.of("a", "c", "b"))).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void batchWrite_putsAndDeletes_andRecordsEveryCall() {
        fill(1);
        List<WriteRequest> left = store.batchWriteOnce("T", List.of(put(item("id", s("x"), "v", b(1, 2))), delete(key("id", "item-0"))));
        assertThat(left).isEmpty();
        assertThat(store.count("T")).isEqualTo(1);
        assertThat(store.item("T", key("id", "x"))).isPresent();
        assertThat(store.writesTo("T")).hasSize(2);
        assertThat(store.tablesWrittenTo()).containsExactly("T");
        assertThat(store.writesTo("C")).isEmpty();
    }

    @Test
    void batchWrite_rejectsMoreThan25_duplicateKeys_andMissingKeys_withoutWriting() {
        List<WriteRequest> many = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            many.add(put(item("id", s("k" + i))));
        }
        assertThatThrownBy(() -> store.batchWriteOnce("T", many)).isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("less than or equal to 25");
        assertThatThrownBy(() -> store.batchWriteOnce("T", List.of(put(item("id", s("a"))), delete(key("id", "a")))))
                .isInstanceOf(DynamoDbException.class).hasMessageStartingWith("Provided list of item keys contains duplicates");
        assertThatThrownBy(() -> store.batchWriteOnce("T", List.of(put(item("name", s("a"))))))
                .isInstanceOf(DynamoDbException.class);
        assertThatThrownBy(() -> store.batchWriteOnce("T", List.of(put(item("id", s("")))))).isInstanceOf(DynamoDbException.class);
        assertThat(store.count("T")).isZero();
        assertThat(store.writeCalls()).hasSize(4).allMatch(InMemoryItemStore.WriteCall::failed);
        assertThat(store.writesTo("T")).isEmpty();
    }

    @Test
    void leaveUnprocessed_returnsTheFirstRequests_unapplied_forTheNextCalls() {
        store.leaveUnprocessed("T", 2, 1);
        List<WriteRequest> requests = List.of(put(item("id", s("a"))), put(item("id", s("b"))), put(item("id", s("c"))));
        assertThat(store.batchWriteOnce("T", requests)).containsExactlyElementsOf(requests.subList(0, 2));
        assertThat(store.count("T")).isEqualTo(1);
        assertThat(store.batchWriteOnce("T", requests.subList(0, 2))).isEmpty();
        assertThat(store.count("T")).isEqualTo(3);
        assertThat(store.writesTo("T")).hasSize(3);
    }

    @Test
    void failOn_throwsStoreUnavailable_onTheChosenCall_only() {
        store.failWriteCall(2);
        store.batchWriteOnce("T", List.of(put(item("id", s("a")))));
        assertThatThrownBy(() -> store.batchWriteOnce("T", List.of(put(item("id", s("b"))))))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("table T");
        store.batchWriteOnce("T", List.of(put(item("id", s("c")))));
        assertThat(store.count("T")).isEqualTo(2);

        store.failAlways(InMemoryItemStore.Operation.SCAN, "T");
        assertThatThrownBy(() -> store.scan("T", 0, 1, null, 1, false)).isInstanceOf(StoreUnavailableException.class);
        store.clearFaults();
        assertThat(store.scan("T", 0, 1, null, 5, false).items()).hasSize(2);
    }

    @Test
    void storedItems_areCopies_inAndOut() {
        Map<String, AttributeValue> item = new HashMap<>(item("id", s("a"), "v", s("1")));
        byte[] raw = {1, 2, 3};
        item.put("bin", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArrayUnsafe(raw)));
        store.put("T", item);
        item.put("v", s("changed"));
        raw[0] = 9;
        Map<String, AttributeValue> got = store.item("T", key("id", "a")).orElseThrow();
        assertThat(got.get("v").s()).isEqualTo("1");
        assertThat(got.get("bin").b().asByteArray()).containsExactly(1, 2, 3);
        got.put("v", s("changed too"));
        assertThat(store.item("T", key("id", "a")).orElseThrow().get("v").s()).isEqualTo("1");
    }

    @Test
    void emptySets_areRejected_likeDynamoDb() {
        assertThatThrownBy(() -> store.put("T", item("id", s("a"), "tags", AttributeValue.fromSs(List.of()))))
                .isInstanceOf(DynamoDbException.class);
        Set<String> none = Set.of();
        assertThat(store.existingHashKeys(store.describe("T").orElseThrow(), none)).isEmpty();
    }
}
