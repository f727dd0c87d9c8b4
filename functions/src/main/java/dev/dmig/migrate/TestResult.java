package dev.dmig.migrate;

import java.util.List;

/**
 * {@code runs/<runId>/test.json}: which records a test run moved (with their parents), what it
 * did at each key, and whether reading them back proved them right; {@code objectsCopied}: the objects of their files it
 * copied (before them, as a full run does), each object once.
 */
public record TestResult(String runId, String table, boolean passed, long written, long alreadyPresent, long overwritten,
                         List<Record> records, List<String> orphans, List<String> warnings, List<String> failures,
                         long objectsCopied) {

    /** One migrated record: its model, source and target key, and what the run did there. */
    public record Record(String model, String sourceKey, String targetKey, String action) {}

    /** The short form returned to the state machine. */
    public record Summary(boolean passed, long written, long alreadyPresent, long overwritten, int records, int failures) {}

    public Summary summary() {
        return new Summary(passed, written, alreadyPresent, overwritten, records.size(), failures.size());
    }
}
