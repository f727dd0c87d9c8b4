package dev.dmig.jmh;

import dev.dmig.analysis.SourceIdFilter;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.validate.SourceValueTokens;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What validation's look for the source's values costs at scale: builds the filter of {@code N} source IDs (UUIDs, 1M by
 * default) as the analysis does (hashes added to a filter sized from the table's estimate), and reports its heap, its
 * stored size, the time to build and to read it back, the time per question for IDs in it and not, the share of false
 * "maybe"s measured over 10M other IDs, and the CPU time per ~1 KB target item of the wide shape (its strings cut into
 * tokens, each looked up among 1,000 users' values and asked of the filter). Run:
 * {@code java -Xmx512m -cp bench/target/dmig-bench.jar dev.dmig.jmh.SourceIdsMeasure [N]}.
 */
public final class SourceIdsMeasure {
    private static final int OTHERS = 10_000_000;
    private static final int ITEMS = 1024;
    private static volatile long sink;

    private SourceIdsMeasure() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        for (int round = 1; round <= 3; round++) {
            System.out.printf("round %d, %,d source IDs%n", round, n);
            measure(n);
        }
    }

    private static void measure(int n) {
        long before = usedHeap();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        SourceIdFilter filter = SourceIdFilter.sizedFor(n);
        for (int i = 0; i < n; i++) {
            filter.add(SourceIdFilter.hash(sourceId(i)));
        }
        double build = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        long heap = usedHeap() - before;
        SourceIdFilter grown = SourceIdFilter.sizedFor(n / 4);
        for (int i = 0; i < n; i++) {
            grown.add(SourceIdFilter.hash(sourceId(i)));
        }
        cpu = threads.getCurrentThreadCpuTime();
        byte[] stored = filter.toBytes();
        SourceIdFilter read = SourceIdFilter.fromBytes(stored);
        double readBack = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("  filter            %,d bytes (%.2f bytes per ID), heap after GC +%,d bytes, stored %,d bytes%n",
                filter.bytes(), (double) filter.bytes() / n, heap, stored.length);
        System.out.printf("  build             %.2f CPU-s (%,.0f ns per ID: the ID hashed and added); stored and read back %.3f CPU-s%n",
                build, build * 1e9 / n, readBack);
        System.out.printf("  sized for N/4     %,d bytes (%.2f bytes per ID): it grew in layers%n", grown.bytes(), (double) grown.bytes() / n);
        cpu = threads.getCurrentThreadCpuTime();
        long hits = 0;
        for (int i = 0; i < n; i++) {
            hits += read.mightContain(SourceIdFilter.hash(sourceId(i))) ? 1 : 0;
        }
        double members = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        cpu = threads.getCurrentThreadCpuTime();
        long maybes = 0;
        for (int i = 0; i < OTHERS; i++) {
            maybes += read.mightContain(SourceIdFilter.hash(otherId(i))) ? 1 : 0;
        }
        double others = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("  question          %,.0f ns for an ID in it (%,d of %,d found), %,.0f ns for another: %,d \"maybe\" of %,d (%.3f%%)%n",
                members * 1e9 / n, hits, n, others * 1e9 / OTHERS, maybes, OTHERS, 100.0 * maybes / OTHERS);
        grown.mightContain(0);
        items(read, threads);
    }

    /** The check of target items of the wide shape: every string's tokens looked up as users' values and asked of the filter. */
    @SuppressWarnings("unchecked")
    private static void items(SourceIdFilter filter, ThreadMXBean threads) {
        ItemTransformer transformer = new ItemTransformer(Items.plan());
        Map<String, AttributeValue>[] targets = new Map[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            targets[i] = transformer.transform("Records", Items.record(i, ITEMS, true));
        }
        Map<String, String> users = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            users.put(UUID.nameUUIDFromBytes(("user-" + i).getBytes(StandardCharsets.UTF_8)).toString(), "sub");
        }
        long[] tokens = new long[1];
        SourceValueTokens.Visitor look = (token, whole, afterOwner) -> {
            tokens[0]++;
            if (users.get(token) == null && token.length() >= 8 && filter.mightContain(SourceIdFilter.hash(token))) {
                sink++;
            }
        };
        long cpu = threads.getCurrentThreadCpuTime();
        long checked = 0;
        while (threads.getCurrentThreadCpuTime() - cpu < 2_000_000_000L) {
            for (Map<String, AttributeValue> item : targets) {
                item.values().forEach(value -> walk(value, look));
            }
            checked += ITEMS;
        }
        double seconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("  per target item   %,.0f ns (%.1f tokens each): %,.0f items per CPU-second%n",
                seconds * 1e9 / checked, (double) tokens[0] / checked, checked / seconds);
    }

    /** Every string of a value, nested or in sets, cut into the tokens validation asks of the filters. */
    static void walk(AttributeValue value, SourceValueTokens.Visitor look) {
        switch (value.type()) {
            case S -> SourceValueTokens.forEachToken(value.s(), look);
            case SS -> value.ss().forEach(s -> SourceValueTokens.forEachToken(s, look));
            case L -> value.l().forEach(v -> walk(v, look));
            case M -> value.m().values().forEach(v -> walk(v, look));
            default -> {
                // Numbers, binaries, booleans and NULL hold no string.
            }
        }
    }

    private static String sourceId(int i) {
        return new UUID(0x5ca1ab1e00004000L | ((long) i << 16), 0x8000000000000000L | i).toString();
    }

    private static String otherId(int i) {
        return new UUID(0x0dd0000000004000L | ((long) i << 16), 0x9000000000000000L | i).toString();
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
