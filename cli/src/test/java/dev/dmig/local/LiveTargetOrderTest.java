package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.store.ItemStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A run into a live target (a production table already holds records) keeps the dependency order, since the
 * application may read a child before its parent is there; but a table waits only for the tables it refers to, not for
 * every table of the level before its own. The real state machine and handlers over the in-memory stores.
 */
class LiveTargetOrderTest {
    /** Contacts, then Orders and Notes (each refers to Contacts), then Comments (refers to Notes only). */
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "order",
             "onConflict": "abort",
             "tables": {"Contacts": {}, "Orders": {"references": {"contactId": "Contacts"}},
                        "Notes": {"references": {"contactId": "Contacts"}},
                        "Comments": {"references": {"noteId": "Notes"}}}}""";
    private static final List<String> TABLES = List.of("Contacts", "Orders", "Notes", "Comments");

    /** Orders' writes are held until Comments holds an item: a run whose Comments waits for Orders never ends. */
    private final CountDownLatch commentsWritten = new CountDownLatch(1);
    private final InMemoryItemStore items = new InMemoryItemStore();
    /** The run's store: the in-memory one, Orders' writes held by {@link #beforeWrite} until a write to Comments has ended. */
    private final ItemStore held = (ItemStore) Proxy.newProxyInstance(ItemStore.class.getClassLoader(),
            new Class<?>[] {ItemStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("across")) {
                    return proxy;
                }
                boolean write = method.getName().equals("batchWriteOnce") || method.getName().equals("writeIfOnce");
                if (write) {
                    beforeWrite((String) args[0]);
                }
                try {
                    return method.invoke(items, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                } finally {
                    if (write && args[0].equals("Comments-prod")) {
                        commentsWritten.countDown();
                    }
                }
            });
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore("order");
    private final Services services = new Services(held, artifacts, Settings.defaults("order"), FaultInjector.NONE);
    private final LocalRunner runner = new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 4, List.of());

    LiveTargetOrderTest() {
        for (String table : TABLES) {
            items.createTable(table + "-dev", "id", ScalarAttributeType.S);
            items.createTable(table + "-prod", "id", ScalarAttributeType.S);
        }
        for (int i = 0; i < 10; i++) {
            items.put("Contacts-dev", Map.of("id", s("c" + i), "name", s("contact " + i)));
            items.put("Orders-dev", Map.of("id", s("o" + i), "contactId", s("c" + i)));
            items.put("Notes-dev", Map.of("id", s("n" + i), "contactId", s("c" + i)));
            items.put("Comments-dev", Map.of("id", s("m" + i), "noteId", s("n" + i)));
        }
        // Production's own record: the target is live, so the run keeps the order.
        items.put("Contacts-prod", Map.of("id", s("prod-own"), "name", s("a production contact")));
    }

    @AfterEach
    void close() {
        services.close();
    }

    private void beforeWrite(String table) {
        if (table.equals("Orders-prod")) {
            try {
                // Bounded, so that a run that makes Comments wait for Orders fails rather than hangs.
                if (!commentsWritten.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Comments was not written while Orders was held");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aTableStartsOnceTheTablesItRefersToAreCopied_whileTheirLevelStillCopies_andNeverBeforeThem() {
        Execution execution = runner.run("order-live", "order-live", input());

        assertThat(execution.succeeded()).as(execution.path().toString()).isTrue();
        assertThat(execution.visitedStateNames()).contains("AwaitParents");
        for (String table : TABLES) {
            assertThat(items.count(table + "-prod")).as(table).isEqualTo(table.equals("Contacts") ? 11 : 10);
        }
        List<String> written = items.writeCalls().stream().map(InMemoryItemStore.WriteCall::table).toList();
        assertThat(written.indexOf("Comments-prod")).as("Comments started while Orders, of its parent's level, was held")
                .isLessThan(written.lastIndexOf("Orders-prod"));
        assertThat(written.lastIndexOf("Contacts-prod")).as("Contacts before the tables that refer to it")
                .isLessThan(written.indexOf("Orders-prod")).isLessThan(written.indexOf("Notes-prod"));
        assertThat(written.lastIndexOf("Notes-prod")).as("Notes before Comments").isLessThan(written.indexOf("Comments-prod"));
    }

    private static ObjectNode input() {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", "full");
        input.put("runId", "order-live");
        input.put("confirm", true);
        input.set("config", Json.tree(PLAN.getBytes(StandardCharsets.UTF_8)));
        input.put("backup", false);
        return input;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
