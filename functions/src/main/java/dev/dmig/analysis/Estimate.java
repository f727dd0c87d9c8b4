package dev.dmig.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A rough duration and AWS cost for a full run, so nobody starts one blind. Duration assumes
 * each segment task writes {@link #ITEMS_PER_SECOND_PER_SEGMENT} items/s unless a write-rate
 * limit is lower, and that a table starts once the tables it waits for are copied (the longest chain of them sets the
 * run's length); cost uses on-demand list prices in us-east-1 as dated in {@link #PRICES_AS_OF}.
 * {@code userPoolRequests}: the ListUsers requests an identity map from the user pools took (ceil(users / 60) per
 * pool, and one per pool to check it before the run opened), counted against the account's Cognito quota; Cognito
 * bills user pools by monthly active users, so they add nothing to the cost.
 */
public record Estimate(double seconds, long writeRequestUnits, long readRequestUnits, long lambdaGbSeconds,
                       long stateTransitions, long s3Requests, double costUsd, String pricesAsOf, String assumptions,
                       long userPoolRequests) {

    static final int ITEMS_PER_SECOND_PER_SEGMENT = 1_000;
    static final String PRICES_AS_OF = "us-east-1 list prices of 2025-11";
    static final double USD_PER_MILLION_WRU = 0.625;
    static final double USD_PER_MILLION_RRU = 0.125;
    static final double USD_PER_GB_SECOND_ARM = 0.0000133334;
    static final double USD_PER_THOUSAND_TRANSITIONS = 0.025;
    static final double USD_PER_THOUSAND_S3_PUTS = 0.005;
    static final double LAMBDA_GB = 1.0;
    static final int PAGE_ITEMS = 500;

    /**
     * {@code levels}: the order the run writes in; {@code parents}: the tables of earlier levels each table waits for
     * ({@link DependencyLevels#parents}); {@code rates}: the write-rate limit per model (0 or absent = unlimited);
     * {@code measured}: items/s per segment task seen in earlier runs of this bucket, used instead of the default
     * assumption when known.
     */
    static Estimate of(List<List<String>> levels, Map<String, List<String>> parents, Map<String, TableAnalysis> tables,
                       Map<String, Integer> rates, Double measured) {
        double perSegment = measured != null && measured > 0 ? measured : ITEMS_PER_SECOND_PER_SEGMENT;
        double seconds = 0;
        Map<String, Double> copied = new HashMap<>();
        long wru = 0;
        long rru = 0;
        long transitions = 20;
        long s3 = 10;
        double lambdaSeconds = 0;
        for (List<String> level : levels) {
            for (String model : level) {
                TableAnalysis table = tables.get(model);
                if (table == null) {
                    continue;
                }
                double rate = perSegment * table.segments();
                int limit = rates.getOrDefault(model, 0);
                if (limit > 0) {
                    rate = Math.min(rate, limit);
                }
                double start = parents.getOrDefault(model, List.of()).stream().mapToDouble(p -> copied.getOrDefault(p, 0.0)).max()
                        .orElse(0);
                copied.put(model, start + table.items() / rate);
                seconds = Math.max(seconds, copied.get(model));
                // Analysis and validation read as many items as the migration writes, but faster.
                lambdaSeconds += 2.5 * table.items() / ITEMS_PER_SECOND_PER_SEGMENT;
                long itemKb = table.items() == 0 ? 1 : Math.max(1, (table.bytes() / table.items() + 1023) / 1024);
                long readUnitsPerScan = (table.bytes() + 4095) / 4096;
                wru += table.items() * itemKb;
                // Three source scans (analyse, migrate, validate; eventually consistent = half a unit)
                // and two reads of the target at the mapped keys (analysis, validation).
                rru += (long) Math.ceil(readUnitsPerScan * 1.5) + table.items() * 2;
                long pages = (table.items() + PAGE_ITEMS - 1) / PAGE_ITEMS + table.segments();
                transitions += pages * 6 + 10;
                s3 += pages * 4;
            }
        }
        long gbSeconds = (long) Math.ceil(lambdaSeconds * LAMBDA_GB);
        double cost = wru / 1e6 * USD_PER_MILLION_WRU + rru / 1e6 * USD_PER_MILLION_RRU
                + gbSeconds * USD_PER_GB_SECOND_ARM + transitions / 1e3 * USD_PER_THOUSAND_TRANSITIONS
                + s3 / 1e3 * USD_PER_THOUSAND_S3_PUTS;
        String assumptions = (measured != null && measured > 0
                ? Math.round(measured) + " items/s per segment task, as measured by earlier runs in this bucket; "
                : ITEMS_PER_SECOND_PER_SEGMENT + " items/s per segment task on AWS (no earlier run measured); ")
                + "write-rate limits applied; on-demand tables; "
                + "arm64 Lambda at " + (int) LAMBDA_GB + " GB; validation and analysis scans included";
        return new Estimate(Math.round(seconds * 10) / 10.0 + 0.0, wru, rru, gbSeconds, transitions, s3,
                Math.round(cost * 10_000) / 10_000.0, PRICES_AS_OF, assumptions, 0);
    }

    /** CPU time of validation's look for the source's values in one ~1 KB target item, with room for Lambda's share of a core. */
    static final double SOURCE_CHECK_SECONDS_PER_ITEM = 10e-6;
    /** Strings and their pieces of 8 characters or more in such an item, each asked of every filter. */
    static final int SOURCE_CHECK_TOKENS_PER_ITEM = 12;
    /** The share of other strings a filter of source IDs takes for one of them, each then read by key in the source. */
    static final double SOURCE_CHECK_FALSE_MAYBE = 0.001;
    /** A filter's size per source ID, and how fast a validation task reads the filters of its run from S3. */
    static final int SOURCE_ID_FILTER_BYTES = 2;
    static final double S3_READ_BYTES_PER_SECOND = 100e6;

    /**
     * This estimate with validation's look for the source's values in what the run writes (docs/BENCHMARKS.md): every target
     * item's strings asked of each filter ({@code items}), each of the {@code validationTasks} reading the {@code keptTables}'
     * filters of {@code keptIds} source IDs, and a read by key in the source for each false "maybe"; one PUT per filter.
     */
    Estimate withSourceValueCheck(long items, long keptIds, int keptTables, long validationTasks) {
        double lambda = items * SOURCE_CHECK_SECONDS_PER_ITEM
                + (double) validationTasks * keptIds * SOURCE_ID_FILTER_BYTES / S3_READ_BYTES_PER_SECOND;
        long gbSeconds = (long) Math.ceil(lambda * LAMBDA_GB);
        // An eventually consistent read of a key costs half a unit, found or not.
        long rechecks = (long) Math.ceil(items * SOURCE_CHECK_TOKENS_PER_ITEM * SOURCE_CHECK_FALSE_MAYBE * keptTables / 2);
        double cost = gbSeconds * USD_PER_GB_SECOND_ARM + rechecks / 1e6 * USD_PER_MILLION_RRU
                + keptTables / 1e3 * USD_PER_THOUSAND_S3_PUTS;
        return new Estimate(seconds, writeRequestUnits, readRequestUnits + rechecks, lambdaGbSeconds + gbSeconds, stateTransitions,
                s3Requests + keptTables, Math.round((costUsd + cost) * 10_000) / 10_000.0, pricesAsOf,
                assumptions + "; validation's look for the source's values in every item included", userPoolRequests);
    }

    /** This estimate with the ListUsers requests the run's identity map took. */
    public Estimate withUserPoolRequests(long requests) {
        return new Estimate(seconds, writeRequestUnits, readRequestUnits, lambdaGbSeconds, stateTransitions, s3Requests, costUsd,
                pricesAsOf, assumptions, requests);
    }
}
