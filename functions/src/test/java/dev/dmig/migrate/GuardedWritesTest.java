package dev.dmig.migrate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.store.GuardedWrite;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.store.Sleeper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Writes guarded by what their key holds: what production changed since is handed back, never written over or deleted. */
class GuardedWritesTest {
    private static final String TARGET = "Users-prod-NONE";

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final InMemoryItemStore store = new InMemoryItemStore().createTable(TARGET, "id", ScalarAttributeType.S);
    private final AtomicLong nanos = new AtomicLong();
    private final Sleeper sleeper = millis -> nanos.addAndGet(millis * 1_000_000L);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private BatchWriter writer() {
        return new BatchWriter(store, new WriteGuard("-dev-NONE", "-prod-NONE"), sleeper,
                new WriteWindows(4, 10_000, nanos::get, pool));
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static WriteRequest delete(String id) {
        return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(item("id", s(id))).build()).build();
    }

    @Test
    void aRecordAsExpected_isWrittenOver_andOneChangedSince_isHandedBackAsItIs() {
        Map<String, AttributeValue> leftByRun = item("id", s("u1"), "name", s("Ann"), "_version", n("2"));
        Map<String, AttributeValue> edited = item("id", s("u2"), "name", s("Bob (edited)"), "_version", n("3"));
        store.put(TARGET, leftByRun, edited);

        List<BatchWriter.Found> found = writer().writeGuardedAsync(TARGET, List.of(
                GuardedWrite.ifHolding(put(item("id", s("u1"), "name", s("Ann before"))), "id", leftByRun),
                GuardedWrite.ifHolding(put(item("id", s("u2"), "name", s("Bob before"))), "id",
                        item("id", s("u2"), "name", s("Bob"), "_version", n("2"))))).await();

        assertThat(store.item(TARGET, item("id", s("u1")))).contains(item("id", s("u1"), "name", s("Ann before")));
        assertThat(store.item(TARGET, item("id", s("u2")))).as("production's edit stays").contains(edited);
        assertThat(found).singleElement().satisfies(f -> assertThat(f.existing()).isEqualTo(edited));
    }

    @Test
    void aDelete_happensOnlyWhereTheRecordIsAsTheRunLeftIt() {
        Map<String, AttributeValue> leftByRun = item("id", s("u1"), "name", s("Ann"));
        Map<String, AttributeValue> edited = item("id", s("u2"), "name", s("Bob (edited)"));
        store.put(TARGET, leftByRun, edited);

        List<BatchWriter.Found> found = writer().writeGuardedAsync(TARGET, List.of(
                GuardedWrite.ifHolding(delete("u1"), "id", leftByRun),
                GuardedWrite.ifHolding(delete("u2"), "id", item("id", s("u2"), "name", s("Bob"))))).await();

        assertThat(store.item(TARGET, item("id", s("u1")))).isEmpty();
        assertThat(store.item(TARGET, item("id", s("u2")))).contains(edited);
        assertThat(found).extracting(BatchWriter.Found::existing).containsExactly(edited);
    }

    @Test
    void aWriteWhoseKeyAlreadyHoldsWhatItLeaves_countsAsWritten() {
        Map<String, AttributeValue> after = item("id", s("u1"), "name", s("Ann before"));
        store.put(TARGET, after);

        List<BatchWriter.Found> found = writer().writeGuardedAsync(TARGET, List.of(
                GuardedWrite.ifHolding(put(after), "id", item("id", s("u1"), "name", s("Ann"))),
                GuardedWrite.ifHolding(delete("gone"), "id", item("id", s("gone"), "name", s("Cy"))))).await();

        assertThat(found).as("an earlier attempt's put, and a delete already done").isEmpty();
    }

    @Test
    void aPutIfAbsent_leavesWhatProductionWroteAtTheKey() {
        Map<String, AttributeValue> production = item("id", s("u9"), "name", s("production's own"));
        store.put(TARGET, production);

        List<BatchWriter.Found> found = writer().writeGuardedAsync(TARGET, List.of(
                GuardedWrite.ifAbsent(put(item("id", s("u9"), "name", s("from dev"))), "id"),
                GuardedWrite.ifAbsent(put(item("id", s("u10"), "name", s("from dev"))), "id"))).await();

        assertThat(store.item(TARGET, item("id", s("u9")))).contains(production);
        assertThat(store.item(TARGET, item("id", s("u10")))).isPresent();
        assertThat(found).extracting(BatchWriter.Found::existing).containsExactly(production);
    }

    @Test
    void throttledWrites_areSentAgain_untilWritten() {
        store.put(TARGET, item("id", s("u1"), "name", s("Ann")));
        store.leaveUnprocessed(TARGET, 1, 2);

        List<BatchWriter.Found> found = writer().writeGuardedAsync(TARGET, List.of(
                GuardedWrite.ifHolding(put(item("id", s("u1"), "name", s("Ann before"))), "id", item("id", s("u1"), "name", s("Ann"))),
                GuardedWrite.ifAbsent(put(item("id", s("u2"))), "id"))).await();

        assertThat(found).isEmpty();
        assertThat(store.item(TARGET, item("id", s("u1")))).contains(item("id", s("u1"), "name", s("Ann before")));
        assertThat(store.count(TARGET)).isEqualTo(2);
    }
}
