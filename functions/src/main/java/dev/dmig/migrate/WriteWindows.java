package dev.dmig.migrate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link WriteWindow} per target table, shared by every task of one process that writes the
 * table (on Lambda a process is one invocation at a time; locally, every segment of the run).
 */
public final class WriteWindows {
    private final int maxInFlight;
    private final long patienceMillis;
    private final LongSupplier nanoClock;
    private final Map<String, WriteWindow> byTable = new ConcurrentHashMap<>();

    public WriteWindows(int maxInFlight, long patienceMillis) {
        this(maxInFlight, patienceMillis, System::nanoTime);
    }

    public WriteWindows(int maxInFlight, long patienceMillis, LongSupplier nanoClock) {
        this.maxInFlight = maxInFlight;
        this.patienceMillis = patienceMillis;
        this.nanoClock = nanoClock;
    }

    public WriteWindow forTable(String table) {
        return byTable.computeIfAbsent(table, name -> new WriteWindow(name, maxInFlight, patienceMillis, nanoClock));
    }
}
