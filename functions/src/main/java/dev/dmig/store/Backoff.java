package dev.dmig.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (AWS's recommended shape): the n-th wait is uniform in
 * [0, min(cap, base * 2^n)], so that many writers retrying at once spread out instead of
 * hammering a throttled table in lock-step.
 */
public final class Backoff {
    private static final long BASE_MILLIS = 25;
    private static final long CAP_MILLIS = 5_000;

    private Backoff() {}

    public static long delayMillis(int attempt, double random) {
        long ceiling = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(attempt, 20));
        return (long) (ceiling * random);
    }

    public static void sleep(int attempt) {
        sleep(attempt, Sleeper.REAL);
    }

    public static void sleep(int attempt, Sleeper sleeper) {
        sleeper.sleep(delayMillis(attempt, ThreadLocalRandom.current().nextDouble()));
    }
}
