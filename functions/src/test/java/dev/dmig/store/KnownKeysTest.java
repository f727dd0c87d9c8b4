package dev.dmig.store;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class KnownKeysTest {
    private final InMemoryItemStore store = new InMemoryItemStore()
            .createTable("Users-prod", "id", ScalarAttributeType.S)
            .put("Users-prod", item("id", s("a")), item("id", s("b")), item("id", s("c")), item("id", s("d")));
    private final TableInfo users = store.describe("Users-prod").orElseThrow();

    @Test
    void missing_namesTheIdsWithoutAnItem_andAsksOnlyOnceForAnIdKnownToExist() {
        KnownKeys keys = new KnownKeys(store, 10);
        assertThat(keys.missing(users, List.of("a", "x", "a"))).containsExactly("x");
        assertThat(keys.missing(users, List.of("a"))).isEmpty();
        assertThat(store.calls(InMemoryItemStore.Operation.EXISTING_HASH_KEYS)).isEqualTo(1);
        // an ID found missing is asked again: it may have been written since
        assertThat(keys.missing(users, List.of("x"))).containsExactly("x");
        assertThat(store.calls(InMemoryItemStore.Operation.EXISTING_HASH_KEYS)).isEqualTo(2);
    }

    @Test
    void remembersAtMostCapIds_forgettingTheLeastRecentlyUsed() {
        KnownKeys keys = new KnownKeys(store, 2);
        keys.missing(users, List.of("a"));
        keys.missing(users, List.of("b"));
        keys.missing(users, List.of("a")); // a is now the most recently used
        keys.missing(users, List.of("c")); // b goes
        assertThat(keys.size()).isEqualTo(2);
        int before = store.calls(InMemoryItemStore.Operation.EXISTING_HASH_KEYS);
        keys.missing(users, List.of("a", "c"));
        assertThat(store.calls(InMemoryItemStore.Operation.EXISTING_HASH_KEYS)).isEqualTo(before);
        keys.missing(users, List.of("b"));
        assertThat(store.calls(InMemoryItemStore.Operation.EXISTING_HASH_KEYS)).isEqualTo(before + 1);
        assertThat(keys.size()).isEqualTo(2);
    }
}
