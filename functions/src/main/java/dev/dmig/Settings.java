package dev.dmig;

import java.util.Map;

/**
 * Everything tunable, in one immutable record. Lambda builds it from environment variables (the
 * names below); the CLI builds the same record from its flags.
 */
public record Settings(String bucket, int pageSize, int writeConcurrency, int scanConcurrency, long safetyMarginMillis,
                       int maxWriteAttempts, long itemsPerSegment, int distributedMapSegments, long throttlePatienceMillis) {

    public static final String BUCKET = "DMIG_BUCKET";
    public static final String PAGE_SIZE = "DMIG_PAGE_SIZE";
    public static final String WRITE_CONCURRENCY = "DMIG_WRITE_CONCURRENCY";
    public static final String SCAN_CONCURRENCY = "DMIG_SCAN_CONCURRENCY";
    public static final String SAFETY_MARGIN_MS = "DMIG_SAFETY_MARGIN_MS";
    public static final String MAX_WRITE_ATTEMPTS = "DMIG_MAX_WRITE_ATTEMPTS";
    public static final String ITEMS_PER_SEGMENT = "DMIG_ITEMS_PER_SEGMENT";
    public static final String DISTRIBUTED_MAP_SEGMENTS = "DMIG_DISTRIBUTED_MAP_SEGMENTS";
    /** How long a target table may accept no write at all, every call throttled, before the run fails. */
    public static final String THROTTLE_PATIENCE_MS = "DMIG_THROTTLE_PATIENCE_MS";
    static final long DEFAULT_THROTTLE_PATIENCE_MILLIS = 300_000;
    /**
     * The 12-digit account that owns each side's Storage bucket, as the stack resolves it (its parameter, else the side's
     * role's account, else the stack's): the only owner a request to that bucket may reach.
     */
    public static final String SOURCE_STORAGE_BUCKET_OWNER = "DMIG_SOURCE_STORAGE_BUCKET_OWNER";
    public static final String TARGET_STORAGE_BUCKET_OWNER = "DMIG_TARGET_STORAGE_BUCKET_OWNER";

    public Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("the artifacts bucket is not set (environment variable " + BUCKET + ")");
        }
        positive(PAGE_SIZE, pageSize);
        positive(WRITE_CONCURRENCY, writeConcurrency);
        positive(SCAN_CONCURRENCY, scanConcurrency);
        positive(MAX_WRITE_ATTEMPTS, maxWriteAttempts);
        positive(ITEMS_PER_SEGMENT, itemsPerSegment);
        positive(DISTRIBUTED_MAP_SEGMENTS, distributedMapSegments);
        positive(THROTTLE_PATIENCE_MS, throttlePatienceMillis);
    }

    /** With the default throttling patience. */
    @SuppressWarnings("checkstyle:ParameterNumber") // a record of settings: one parameter per setting but the throttling patience
    public Settings(String bucket, int pageSize, int writeConcurrency, int scanConcurrency, long safetyMarginMillis,
                    int maxWriteAttempts, long itemsPerSegment, int distributedMapSegments) {
        this(bucket, pageSize, writeConcurrency, scanConcurrency, safetyMarginMillis, maxWriteAttempts, itemsPerSegment,
                distributedMapSegments, DEFAULT_THROTTLE_PATIENCE_MILLIS);
    }

    /** Defaults for everything but the bucket. */
    public static Settings defaults(String bucket) {
        return new Settings(bucket, 500, 16, 8, 30_000, 12, 25_000, 32);
    }

    public static Settings fromEnvironment(Map<String, String> env) {
        Settings d = defaults(env.getOrDefault(BUCKET, ""));
        return new Settings(d.bucket(),
                (int) number(env, PAGE_SIZE, d.pageSize()),
                (int) number(env, WRITE_CONCURRENCY, d.writeConcurrency()),
                (int) number(env, SCAN_CONCURRENCY, d.scanConcurrency()),
                number(env, SAFETY_MARGIN_MS, d.safetyMarginMillis()),
                (int) number(env, MAX_WRITE_ATTEMPTS, d.maxWriteAttempts()),
                number(env, ITEMS_PER_SEGMENT, d.itemsPerSegment()),
                (int) number(env, DISTRIBUTED_MAP_SEGMENTS, d.distributedMapSegments()),
                number(env, THROTTLE_PATIENCE_MS, d.throttlePatienceMillis()));
    }

    public Settings withSafetyMarginMillis(long millis) {
        return new Settings(bucket, pageSize, writeConcurrency, scanConcurrency, millis, maxWriteAttempts, itemsPerSegment,
                distributedMapSegments, throttlePatienceMillis);
    }

    public Settings withThrottlePatienceMillis(long millis) {
        return new Settings(bucket, pageSize, writeConcurrency, scanConcurrency, safetyMarginMillis, maxWriteAttempts,
                itemsPerSegment, distributedMapSegments, millis);
    }

    /** Tables of this many segments or more run as Distributed Maps; a run with one fans its analysis and validation out. */
    public Settings withDistributedMapSegments(int segments) {
        return new Settings(bucket, pageSize, writeConcurrency, scanConcurrency, safetyMarginMillis, maxWriteAttempts,
                itemsPerSegment, segments, throttlePatienceMillis);
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("environment variable " + name + " must be a whole number, not '" + text + "'");
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
