package dev.dmig.feature.match;

import static dev.dmig.store.Items.bool;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code whenMatched: update} writes over a target record, and which target records are tombstones. */
class MatchUpdateTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    @Test
    void update_keepsWhatOnlyTheTargetHas_butNeverItsDeletedFlagOrTimeToLive() {
        var preImage = item("id", s("p1"), "username", s("alice"), "plan", s("gold"), "_deleted", bool(false),
                "expiresAt", n(String.valueOf(NOW.getEpochSecond() + 86_400)));

        assertThat(MatchUpdate.over(preImage, item("id", s("p1"), "username", s("alice"), "name", s("Alice (dev)")), "expiresAt",
                List.of("username")))
                .isEqualTo(item("id", s("p1"), "username", s("alice"), "plan", s("gold"), "name", s("Alice (dev)")));
        assertThat(MatchUpdate.over(preImage, item("id", s("p1"), "expiresAt", n("5")), "expiresAt", List.of()))
                .as("the source record's own TTL is its own to carry").containsEntry("expiresAt", n("5"))
                .doesNotContainKey("_deleted");
        assertThat(MatchUpdate.over(item("id", s("p1"), "ttl", n("1")), item("id", s("p1")), null, List.of()))
                .as("a table without time to live: the attribute is any other").containsEntry("ttl", n("1"));
    }

    @Test
    void update_keepsProductionsSpellingOfTheAttributesThePairWasMadeOn() {
        var preImage = item("id", s("p1"), "username", s("alice"), "email", s("alice@example.com"), "name", s("Alice"));

        assertThat(MatchUpdate.over(preImage, item("id", s("p1"), "username", s("Alice "), "email", s("ALICE@example.com"),
                "name", s("Alice (dev)")), null, List.of("username", "email")))
                .isEqualTo(item("id", s("p1"), "username", s("alice"), "email", s("alice@example.com"), "name", s("Alice (dev)")));
    }

    @Test
    void aRecordSoftDeleted_orPastItsTimeToLive_isATombstone_oneWithAFutureTimeToLiveIsLive() {
        long now = NOW.getEpochSecond();

        assertThat(Tombstones.why(item("id", s("p"), "_deleted", bool(true)), null, NOW)).isEqualTo("_deleted");
        assertThat(Tombstones.why(item("id", s("p"), "_deleted", bool(false)), null, NOW)).isNull();
        assertThat(Tombstones.why(item("id", s("p"), "expiresAt", n(String.valueOf(now - 1))), "expiresAt", NOW))
                .isEqualTo("expiresAt in the past");
        assertThat(Tombstones.why(item("id", s("p"), "expiresAt", n(String.valueOf(now + 1))), "expiresAt", NOW)).isNull();
        assertThat(Tombstones.why(item("id", s("p"), "expiresAt", n(String.valueOf(now - 1))), null, NOW))
                .as("a table without time to live keeps it").isNull();
        assertThat(Tombstones.why(item("id", s("p"), "expiresAt", s("yesterday")), "expiresAt", NOW))
                .as("not a number: TTL ignores it").isNull();
    }
}
