package dev.dmig.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Counts and times every call dmig makes to DynamoDB and S3 (summed over threads), and buckets
 * the items written per second, so the harness can say where the migration's time goes and how
 * closely a write-rate limit is held.
 */
final class Requests {
    /** One operation's totals. */
    record Totals(long calls, double seconds, long units) {
    }

    private static final int SECONDS = 7_200;

    private final Map<String, LongAdder[]> ops = new ConcurrentHashMap<>();
    private final AtomicLongArray writtenPerSecond = new AtomicLongArray(SECONDS);
    private final long origin = System.nanoTime();

    <T> T time(String op, long units, Supplier<T> call) {
        return time(op, call, result -> units);
    }

    /** Runs one call and adds it to {@code op}'s totals; {@code units} counts items, keys or bytes from the result. */
    <T> T time(String op, Supplier<T> call, ToLongFunction<T> units) {
        long started = System.nanoTime();
        T result = call.get();
        LongAdder[] totals = ops.computeIfAbsent(op, k -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
        totals[0].increment();
        totals[1].add(System.nanoTime() - started);
        totals[2].add(units.applyAsLong(result));
        return result;
    }

    void written(long items) {
        int second = (int) ((System.nanoTime() - origin) / 1_000_000_000L);
        if (second < SECONDS) {
            writtenPerSecond.addAndGet(second, items);
        }
    }

    Map<String, Totals> totals() {
        Map<String, Totals> out = new TreeMap<>();
        ops.forEach((op, t) -> out.put(op, new Totals(t[0].sum(), Math.round(t[1].sum() / 1e7) / 100.0, t[2].sum())));
        return out;
    }

    /** Items written in each whole second, from the first second with a write to the last. */
    long[] writtenPerSecond() {
        int first = -1;
        int last = -1;
        for (int i = 0; i < SECONDS; i++) {
            if (writtenPerSecond.get(i) > 0) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            return new long[0];
        }
        long[] out = new long[last - first + 1];
        for (int i = first; i <= last; i++) {
            out[i - first] = writtenPerSecond.get(i);
        }
        return out;
    }
}
