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

    /**
     * A lease of a local process that is gone (killed) holds for a few seconds from when it is first seen gone, not
     * until it expires: the requests it had sent may still land, and nothing is written beside them meanwhile.
     */
    @Test
    void theLeaseOfAKilledLocalProcess_holdsAFewSecondsFromWhenItIsSeenGone_thenNothing() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor()).isZero();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        WriterFence.Writer gone = new WriterFence.Writer("Contacts", 0, "killed-" + ended.pid(), NOW.toString(),
                NOW.plus(Duration.ofMinutes(15)).toString(), ended.pid() + "@" + host + "@" + NOW);
        artifacts.putJson(RunLayout.writer("run-2", "Contacts", 0, gone.invocation()), gone);

        assertThat(fence.liveWriters("run-2", NOW)).as("first seen gone now").containsExactly(gone);
        assertThat(fence.liveWriters("run-2", NOW.plus(WriterFence.GONE_GRACE).minusMillis(1))).containsExactly(gone);
        assertThat(fence.liveWriters("run-2", NOW.plus(WriterFence.GONE_GRACE))).isEmpty();
    }
}
