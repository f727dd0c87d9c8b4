package dev.dmig.feature.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.analysis.RunGates;
import dev.dmig.json.Json;
import dev.dmig.run.RunGate;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunRequest;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Following's gates around a run's steps, as the handlers ask them (RunGates). */
class FollowGatesTest {
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final RunGates gates = new RunGates(new RunGate.Parts(new InMemoryItemStore(), artifacts));

    @Test
    void aFollowedRunsValidation_waitsForItsFollowing_untilItHasEnded() {
        assertThat(gates.holdsValidation("r1")).as("a run whose streams were never marked").isFalse();

        artifacts.putJson(RunLayout.followCheckpoint("r1", "Contacts"), Map.of());
        assertThat(gates.holdsValidation("r1")).as("marked: following under way").isTrue();
        assertThat(gates.holdsValidation("r2")).as("another run").isFalse();

        artifacts.putJson(RunLayout.followEnded("r1"), Map.of("endedAt", "2026-01-01T00:00:00Z"));
        assertThat(gates.holdsValidation("r1")).as("following ended: validated now").isFalse();
    }

    @Test
    void aRunOfASliceThatWouldFollow_isRefusedBeforeAnythingIsRead_andOneThatWouldNotIsNot() {
        RunRequest following = Json.convert(Map.of("mode", "full", "follow", true, "roots", List.of("Contacts:c1")), RunRequest.class);
        RunRequest copying = Json.convert(Map.of("mode", "full", "roots", List.of("Contacts:c1")), RunRequest.class);

        assertThatThrownBy(() -> gates.refuse(following)).isInstanceOf(RunInputInvalidException.class)
                .hasMessageStartingWith("a run of a slice (--root) cannot follow its source");
        gates.refuse(copying);
        assertThat(artifacts.list("")).as("nothing written").isEmpty();
    }
}
