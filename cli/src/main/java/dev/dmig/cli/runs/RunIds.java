package dev.dmig.cli.runs;

import dev.dmig.run.RunLayout;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** New run IDs: sortable by start time, unique enough to never collide on one machine. */
public final class RunIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunIds() {}

    /** Whether {@code runId} can name a run; an invalid one is refused by the run's own analysis, with the rule. */
    public static boolean valid(String runId) {
        try {
            RunLayout.checkRunId(runId);
            return true;
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    public static String next() {
        byte[] random = new byte[2];
        ThreadLocalRandom.current().nextBytes(random);
        return LocalDateTime.now(ZoneId.systemDefault()).format(STAMP) + "-" + HexFormat.of().formatHex(random);
    }
}
