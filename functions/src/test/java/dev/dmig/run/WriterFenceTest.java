package dev.dmig.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.store.InMemoryArtifactStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WriterFenceTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore("fence");
    private final WriterFence fence = WriterFence.forLambda(artifacts);

    @Test
    void aLeaseCutShortByADyingProcess_holdsNothing_andAReadableOneStillDoes() {
        WriterFence.Lease live = fence.enter("run-1", "Contacts", 0, NOW.plus(Duration.ofMinutes(10)));
        // What a local store can keep of a lease whose process died while sending it.
        artifacts.put(RunLayout.writer("run-1", "Contacts", 1, "cut"), new byte[0], "application/json");
        artifacts.put(RunLayout.writer("run-1", "Contacts", 0, "cut"), "{\"table\": \"Cont".getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(fence.liveWriters("run-1", NOW)).containsExactly(live.writer());
        assertThat(fence.othersOnSegment(live, NOW)).isEmpty();
    }
}
