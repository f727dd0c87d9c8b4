package dev.dmig.feature.follow;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a DynamoDB stream keeps each change: a run that follows its source must be reading its streams again, from
 * the marks taken before the copy, before the first change after them is gone.
 */
public final class StreamRetention {
    /** DynamoDB Streams keeps a stream record for 24 hours. */
    public static final Duration KEPT = Duration.ofHours(24);

    private StreamRetention() {}

    /**
     * Refuses, in one line, a run that follows its source when its copy is estimated ({@code estimatedSeconds}, the
     * analysis's estimate) to take longer than the streams keep their changes. Reads and writes nothing.
     */
    public static void check(double estimatedSeconds) {
        if (estimatedSeconds > KEPT.toSeconds()) {
            throw new StreamNotReadyException(String.format(Locale.ROOT, "the copy is estimated at about %.1f hours, longer "
                    + "than the %d hours a DynamoDB stream keeps each change: following would find the changes made early in "
                    + "the copy gone. Shorten the copy (more segments, or a higher writeRateLimit, in the plan), or migrate "
                    + "without --follow while the application's writes are paused; nothing was written",
                    estimatedSeconds / 3600, KEPT.toHours()));
        }
    }
}
