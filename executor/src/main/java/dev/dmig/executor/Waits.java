package dev.dmig.executor;

import java.time.Duration;

/** Waits for retry intervals; tests inject one that records instead of waiting. */
@FunctionalInterface
public interface Waits {

    void sleep(Duration duration) throws InterruptedException;

    static Waits system() {
        return duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    }
}
