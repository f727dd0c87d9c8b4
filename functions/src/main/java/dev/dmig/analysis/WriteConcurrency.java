package dev.dmig.analysis;

import dev.dmig.store.TableInfo;

/**
 * How many of a table's segment tasks run at once (its Map's {@code MaxConcurrencyPath}): as many as
 * it takes to write at the rate the target table accepts, and no more, since tasks beyond that only
 * wait on throttling. The rate is the smallest of the table's and its global secondary indexes'
 * write units per second (provisioned WCU; on demand, {@code OnDemandThroughput} or the 40,000-unit
 * table quota) over the write units one item costs, and the plan's {@code writeRateLimit}; one task
 * writes {@link Estimate#ITEMS_PER_SECOND_PER_SEGMENT} items/s, or its share of {@code writeRateLimit}
 * when that is less. At least 1, at most the segments and the Map's cap.
 */
final class WriteConcurrency {
    /** DynamoDB's default table-level quota for an on-demand table (and for each of its indexes). */
    static final long ON_DEMAND_TABLE_UNITS = 40_000;
    /** Step Functions runs at most 40 iterations of an inline Map at once. */
    static final int INLINE_MAP_CAP = 40;
    /** The design's cap for a Distributed Map (Step Functions allows 10,000). */
    static final int DISTRIBUTED_MAP_CAP = 1_000;

    private WriteConcurrency() {}

    /**
     * {@code averageItemBytes}: from the analysis (0 when unknown: 1 KB is assumed); {@code capacity}: null
     * when unknown (on demand assumed); {@code writeRateLimit}: items/s for the whole table, null or 0 for none.
     */
    static int of(TableInfo.WriteCapacity capacity, double averageItemBytes, Integer writeRateLimit, int segments,
                  boolean distributed) {
        double unitsPerItem = unitsPerItem(averageItemBytes);
        double itemsPerSecond = units(capacity) / unitsPerItem;
        double perTask = Estimate.ITEMS_PER_SECOND_PER_SEGMENT;
        if (writeRateLimit != null && writeRateLimit > 0) {
            itemsPerSecond = Math.min(itemsPerSecond, writeRateLimit);
            // Each segment task paces itself to its share of the limit (migrate.WriteRate).
            perTask = Math.min(perTask, (double) writeRateLimit / segments);
        }
        long tasks = (long) Math.ceil(itemsPerSecond / perTask);
        int cap = Math.min(segments, distributed ? DISTRIBUTED_MAP_CAP : INLINE_MAP_CAP);
        return (int) Math.max(1, Math.min(cap, tasks));
    }

    /**
     * The write units per second a run would ask of the table with {@code tasks} segment tasks at once: what the
     * tasks write, at most what the table accepts.
     */
    static double unitsPerSecond(TableInfo.WriteCapacity capacity, double averageItemBytes, Integer writeRateLimit, int segments,
                                 int tasks) {
        double unitsPerItem = unitsPerItem(averageItemBytes);
        double perTask = Estimate.ITEMS_PER_SECOND_PER_SEGMENT;
        double itemsPerSecond = tasks * perTask;
        if (writeRateLimit != null && writeRateLimit > 0) {
            itemsPerSecond = Math.min(tasks * Math.min(perTask, (double) writeRateLimit / segments), writeRateLimit);
        }
        return Math.min((double) units(capacity), itemsPerSecond * unitsPerItem);
    }

    /**
     * About how long a table's copy writes at the rate its target accepts: the write units of its {@code items} (each at
     * the units of an item of {@code averageItemBytes}, as {@link #writeUnits}) over the write units per second of the
     * table and its indexes ({@code capacity}, null when unknown: on demand), or of {@code writeRateLimit} (items/s, null
     * or 0 for none) when that is less. The table of the run with the most sets the run's pace: where capacity is
     * metered, no run is shorter.
     */
    static double writeSeconds(long items, double averageItemBytes, TableInfo.WriteCapacity capacity, Integer writeRateLimit) {
        double unitsPerItem = unitsPerItem(averageItemBytes);
        double unitsPerSecond = units(capacity);
        if (writeRateLimit != null && writeRateLimit > 0) {
            unitsPerSecond = Math.min(unitsPerSecond, writeRateLimit * unitsPerItem);
        }
        return items * unitsPerItem / unitsPerSecond;
    }

    /** About the write units the table's copy spends: its items, each at the units of the table's average item. */
    static double writeUnits(TableAnalysis table) {
        return table.items() * unitsPerItem(table.averageItemBytes());
    }

    /** Write units one item of that average size costs: a unit per started KB, at least one (0 bytes: unknown, one). */
    static double unitsPerItem(double averageItemBytes) {
        return Math.max(1, Math.ceil(averageItemBytes / 1024));
    }

    /** The write units per second the table and every index accept together: the smallest of them. */
    private static long units(TableInfo.WriteCapacity capacity) {
        if (capacity == null) {
            return ON_DEMAND_TABLE_UNITS;
        }
        long units = accepted(capacity.tableUnits());
        for (long index : capacity.indexUnits()) {
            units = Math.min(units, accepted(index));
        }
        return units;
    }

    private static long accepted(long units) {
        // On demand, 0 means no maximum is set; provisioned capacity is never 0 on AWS (DynamoDB Local may say so).
        return units <= 0 ? ON_DEMAND_TABLE_UNITS : units;
    }
}
