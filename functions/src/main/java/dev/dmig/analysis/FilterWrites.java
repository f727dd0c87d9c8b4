package dev.dmig.analysis;

import dev.dmig.Tasks;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The source-ID filters a summary stores ({@link SourceIdFilter}), one per table whose IDs the run maps, each written while
 * the next tables are summed rather than one store round trip after another; no more than {@value #BYTES_AT_ONCE} bytes
 * of them waiting at once (a filter is 2 MB per million IDs), the oldest waited for first. Every write has ended when
 * {@link #finish} or {@link #abandon} returns.
 */
final class FilterWrites {
    static final long BYTES_AT_ONCE = 64L << 20;

    private final ArtifactStore artifacts;
    private final ExecutorService pool;
    private final Deque<Write> waiting = new ArrayDeque<>();
    private long bytes;

    FilterWrites(ArtifactStore artifacts, ExecutorService pool) {
        this.artifacts = artifacts;
        this.pool = pool;
    }

    private record Write(CompletableFuture<Void> done, long bytes) {}

    /** Starts writing {@code filter} at {@code key}, once the writes before it leave room for its bytes. */
    void put(String key, SourceIdFilter filter) {
        byte[] body = filter.toBytes();
        while (!waiting.isEmpty() && bytes + body.length > BYTES_AT_ONCE) {
            Write oldest = waiting.peekFirst();
            try {
                Tasks.join(oldest.done());
            } catch (RuntimeException | Error e) {
                abandon();
                throw e;
            }
            waiting.removeFirst();
            bytes -= oldest.bytes();
        }
        waiting.addLast(new Write(CompletableFuture.runAsync(() -> artifacts.put(key, body, "application/octet-stream"), pool),
                body.length));
        bytes += body.length;
    }

    /** Waits for every write; the first failure among them, in the order they were started, is thrown once all ended. */
    void finish() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        waiting.forEach(write -> all.add(write.done()));
        waiting.clear();
        bytes = 0;
        Tasks.joinAll(all);
    }

    /** Waits for every write, whatever it ended in: the summary failed, and its failure is the one that counts. */
    void abandon() {
        waiting.forEach(write -> write.done().handle((done, failed) -> null).join());
        waiting.clear();
        bytes = 0;
    }
}
