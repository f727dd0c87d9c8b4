package dev.dmig.cli.runs;

import java.util.List;
import java.util.Map;

/**
 * Which tables are being throttled now: those whose count of writes the target refused (and dmig sent again) grew since
 * the last look. The progress bar and the dashboard each keep one per run they follow.
 */
public final class Throttling {
    private Map<String, Long> before = Map.of();

    /** The tables whose refused writes grew since the last call, given the counts per table now. */
    public synchronized List<String> now(Map<String, Long> refused) {
        Map<String, Long> last = before;
        before = Map.copyOf(refused);
        return refused.entrySet().stream().filter(e -> e.getValue() > last.getOrDefault(e.getKey(), 0L))
                .map(Map.Entry::getKey).sorted().toList();
    }
}
