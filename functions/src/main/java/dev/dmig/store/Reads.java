package dev.dmig.store;

import dev.dmig.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads in flight while the caller goes on: many artifacts read at once (each a store round trip, tens of
 * milliseconds on S3; a step that reads hundreds of them one after another, every earlier run's manifest or a
 * journal, waits for each in turn), and a source table's next scan page read while the last one is worked on.
 * Reads only (and the ID maps ExportIdMaps writes, each a projection of the journal it reads); the threads are daemons
 * that end when idle.
 */
public final class Reads {
    /** Reads one caller has in flight at most. */
    public static final int AT_ONCE = 16;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dmig-read-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private Reads() {}

    /**
     * {@code read} of every key, in the keys' order, up to {@link #AT_ONCE} at once. Once a read has failed no other
     * is started (a store that refuses or cannot be reached is not asked a thousand times more); the first failure, in
     * the keys' order, is thrown after the reads in flight ended.
     */
    public static <K, T> List<T> all(List<K> keys, Function<K, T> read) {
        Semaphore slots = new Semaphore(AT_ONCE);
        AtomicBoolean failed = new AtomicBoolean();
        List<CompletableFuture<T>> reads = new ArrayList<>(keys.size());
        for (K key : keys) {
            slots.acquireUninterruptibly();
            if (failed.get()) {
                slots.release();
                break;
            }
            reads.add(start(() -> {
                try {
                    return read.apply(key);
                } catch (RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                } finally {
                    slots.release();
                }
            }));
        }
        return Tasks.joinAll(reads);
    }

    /** Starts one read; {@link Tasks#join} waits for it. */
    public static <T> CompletableFuture<T> start(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, READERS);
    }
}
