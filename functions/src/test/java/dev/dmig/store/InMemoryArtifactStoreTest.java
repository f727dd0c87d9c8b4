package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryArtifactStoreTest {
    private final InMemoryArtifactStore store = new InMemoryArtifactStore("b");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void list_isSortedAndScopedByPrefix() {
        store.put("runs/r2/manifest.json", bytes("2"), "application/json");
        store.put("runs/r1/manifest.json", bytes("1"), "application/json");
        store.put("runs/r1/journal/A/0/00000000.json.gz", bytes("j"), "application/gzip");
        store.put("runsX/other", bytes("x"), "text/plain");
        assertThat(store.list("runs/r1/")).containsExactly("runs/r1/journal/A/0/00000000.json.gz", "runs/r1/manifest.json");
        assertThat(store.list("runs/")).hasSize(3);
        assertThat(store.list("nothing/")).isEmpty();
    }

    @Test
    void children_areTheImmediateSubFolders_only() {
        store.put("runs/r1/manifest.json", bytes("1"), "application/json");
        store.put("runs/r1/journal/A/0/x", bytes("1"), "application/json");
        store.put("runs/r2/manifest.json", bytes("2"), "application/json");
        store.put("runs/loose.json", bytes("3"), "application/json");
        assertThat(store.children("runs/")).containsExactly("r1", "r2");
        assertThat(store.children("runs/r1/")).containsExactly("journal");
    }

    @Test
    void bodiesAreCopies_inAndOut() {
        byte[] body = bytes("abc");
        store.put("k", body, "text/plain");
        body[0] = 'X';
        byte[] got = store.get("k").orElseThrow();
        got[1] = 'Y';
        assertThat(store.text("k")).isEqualTo("abc");
    }

    @Test
    void putIfAbsent_createsOnce_evenUnderContention() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String body = "writer " + i;
                attempts.add(pool.submit(() -> store.putIfAbsent("lock", bytes(body), "text/plain")));
            }
            int won = 0;
            for (Future<Boolean> attempt : attempts) {
                won += attempt.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(store.writes("lock")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void json_andGzipJson_roundTrip_andWritesAreCounted() {
        store.putJson("a.json", Map.of("x", 1));
        store.putGzipJson("b.json.gz", List.of("y"));
        store.putJson("a.json", Map.of("x", 2));
        assertThat(store.getJson("a.json", Map.class)).contains(Map.of("x", 2));
        assertThat(store.getGzipJson("b.json.gz", List.class)).contains(List.of("y"));
        assertThat(store.writes()).isEqualTo(3);
        assertThat(store.writes("a.json")).isEqualTo(2);
        assertThat(store.contentType("b.json.gz")).isEqualTo("application/gzip");
        assertThat(store.keys()).containsExactly("a.json", "b.json.gz");
        store.delete("a.json");
        assertThat(store.get("a.json")).isEmpty();
        assertThat(store.location()).isEqualTo("mem://b");
    }

    @Test
    void failPuts_throwStoreUnavailable_forMatchingKeysOnly() {
        store.failPuts(key -> key.startsWith("runs/r1/checkpoints/"));
        assertThatThrownBy(() -> store.put("runs/r1/checkpoints/A/0.json", bytes("{}"), "application/json"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("s3://b/runs/r1/checkpoints/A/0.json: S3 unavailable (injected fault)");
        store.put("runs/r1/manifest.json", bytes("{}"), "application/json");
        store.clearFaults();
        store.put("runs/r1/checkpoints/A/0.json", bytes("{}"), "application/json");
        assertThat(store.keys()).hasSize(2);
    }
}
