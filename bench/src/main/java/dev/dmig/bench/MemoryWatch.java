package dev.dmig.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap and resident memory of this JVM over one phase. Peak heap is the most heap in use at any
 * moment (every GC's "before" figure and a 10 ms sampler); after-GC is the most still in use right
 * after a collection (the retained set plus not-yet-collected old garbage); retained is what a full
 * GC leaves at the end. RSS high-water comes from /proc/self/status, reset at the start of the phase.
 */
final class MemoryWatch implements AutoCloseable {
    record Figures(double heapPeakMb, double heapAfterGcMaxMb, double heapLiveMaxMb, double heapRetainedMb, double heapCommittedMb,
                   double rssPeakMb, double rssMb, boolean rssPeakReset, long gcCount, long gcMillis) {
    }

    private final Set<String> heapPools = new HashSet<>();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong afterGcMax = new AtomicLong();
    private final AtomicLong liveMax = new AtomicLong(-1);
    private final List<Runnable> unregister = new ArrayList<>();
    private final Thread sampler;
    private final long gcCountBefore;
    private final long gcMillisBefore;
    private final boolean rssPeakReset;
    private volatile boolean running = true;

    private MemoryWatch(long liveProbeMillis) {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
                pool.resetPeakUsage();
            }
        }
        rssPeakReset = resetRssPeak();
        gcCountBefore = gcCount();
        gcMillisBefore = gcMillis();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = this::onGc;
                emitter.addNotificationListener(listener, null, null);
                unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (Exception ignored) {
                        // the watch is over either way
                    }
                });
            }
        }
        sampler = new Thread(() -> {
            long lastProbe = System.nanoTime();
            while (running) {
                max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                if (liveProbeMillis > 0 && System.nanoTime() - lastProbe >= liveProbeMillis * 1_000_000L) {
                    // A full collection now and then: what it leaves is the live set, garbage excluded (costs throughput).
                    System.gc();
                    max(liveMax, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                    lastProbe = System.nanoTime();
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static MemoryWatch start() {
        return new MemoryWatch(0);
    }

    /** With {@code liveProbeMillis} > 0, a full GC every so often measures the live set ({@code heapLiveMaxMb}). */
    static MemoryWatch start(long liveProbeMillis) {
        return new MemoryWatch(liveProbeMillis);
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        max(peak, heapSum(info.getGcInfo().getMemoryUsageBeforeGc()));
        max(afterGcMax, heapSum(info.getGcInfo().getMemoryUsageAfterGc()));
    }

    private long heapSum(Map<String, MemoryUsage> usage) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> pool : usage.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                sum += pool.getValue().getUsed();
            }
        }
        return sum;
    }

    Figures stop() {
        running = false;
        sampler.interrupt();
        unregister.forEach(Runnable::run);
        long heapPeak = peak.get();
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        long gcCount = gcCount() - gcCountBefore;
        long gcMillis = gcMillis() - gcMillisBefore;
        double rssPeak = status("VmHWM:");
        double rss = status("VmRSS:");
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Figures(mb(heapPeak), mb(afterGcMax.get()), liveMax.get() < 0 ? -1 : mb(liveMax.get()), mb(retained), mb(committed), rssPeak, rss, rssPeakReset,
                gcCount, gcMillis);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        unregister.forEach(Runnable::run);
    }

    /** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+). */
    private static boolean resetRssPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A {@code /proc/self/status} field in MB, or -1 where there is none (not Linux). */
    static double status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return Math.round(Long.parseLong(parts[0]) / 1024.0 * 10) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long gcMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis;
    }

    private static void max(AtomicLong holder, long value) {
        holder.accumulateAndGet(value, Math::max);
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1048576.0 * 10) / 10.0;
    }
}
