package dev.dmig.feature.follow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import dev.dmig.store.InMemoryArtifactStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A page's removals survive its attempts: a page interrupted after some of its deletes is applied again, finds those
 * done (the target no longer holds the items they were made on) and deletes only the rest; validation must still know
 * every key following deleted.
 */
class FollowedRemovalsTest {
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();

    private static FollowedRemovals.Removal removal(String id) {
        ObjectNode key = Json.MAPPER.createObjectNode().put("id", id);
        return new FollowedRemovals.Removal(key, key);
    }

    private List<String> stored() {
        return FollowedRemovals.of(artifacts, "run1", "Contacts").stream().map(r -> r.key().get("id").asText()).sorted().toList();
    }

    @Test
    void aPageAppliedAgain_keepsTheRemovalsOfItsEarlierAttempt_besideItsOwn() {
        FollowedRemovals.write(artifacts, "run1", "Contacts", "shard-0", "0001", List.of(removal("a"), removal("b")));

        FollowedRemovals.write(artifacts, "run1", "Contacts", "shard-0", "0001", List.of(removal("b"), removal("c")));

        assertThat(stored()).containsExactly("a", "b", "c");
    }

    @Test
    void aPageThatDeletesNothing_storesNothing() {
        FollowedRemovals.write(artifacts, "run1", "Contacts", "shard-0", "0001", List.of());

        assertThat(stored()).isEmpty();
        assertThat(artifacts.list("")).isEmpty();
    }
}
