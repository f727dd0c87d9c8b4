package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How the plan's run goes as a whole: what a conflict does, segments, the write rate, backups, and the earlier runs it
 * writes a second copy beside.
 */
final class RunSection {
    /** The plan's top-level keys this section reads. */
    static final Set<String> KEYS = Set.of("onConflict", "segments", "writeRateLimit", "backup", "backupBeforeWrite", "alongside");
    static final int MAX_SEGMENTS = 1_000_000;

    /** The plan's run settings, each its default when not given or wrong. */
    record Settings(ConflictPolicy onConflict, Integer segments, Integer writeRateLimit, boolean backup, boolean backupBeforeWrite) {}

    private final JsonNode root;
    private final List<Problem> problems;

    RunSection(JsonNode root, List<Problem> problems) {
        this.root = root;
        this.problems = problems;
    }

    Settings settings() {
        ConflictPolicy onConflict = ConflictPolicy.BY_DEFAULT;
        JsonNode conflict = root.get("onConflict");
        if (conflict != null) {
            onConflict = ConflictPolicy.read(conflict, null, problems);
            if (onConflict == null) {
                onConflict = ConflictPolicy.BY_DEFAULT;
            }
        }
        Integer segments = JsonSyntax.wholeNumber(root.get("segments"), null, "segments", 1, MAX_SEGMENTS, problems);
        Integer rate = JsonSyntax.wholeNumber(root.get("writeRateLimit"), null, "writeRateLimit", 0, Integer.MAX_VALUE, problems);
        boolean backup = JsonSyntax.bool(root.get("backup"), null, "backup", true, problems);
        boolean backupBeforeWrite = JsonSyntax.bool(root.get("backupBeforeWrite"), null, "backupBeforeWrite", false, problems);
        return new Settings(onConflict, segments, rate, backup, backupBeforeWrite);
    }

    /** The earlier runs a plan writes a second copy beside, by run ID (see {@link MigrationPlan#alongside}). */
    List<String> alongside() {
        JsonNode node = root.get("alongside");
        List<String> runIds = new ArrayList<>();
        if (node == null) {
            return runIds;
        }
        if (!node.isArray()) {
            problems.add(Problem.plan("alongside must be a list of run IDs, like [\"20240501-101500-3f2a\"], not " + node));
            return runIds;
        }
        node.forEach(e -> {
            if (e.isTextual() && !e.asText().isEmpty()) {
                runIds.add(e.asText());
            } else {
                problems.add(Problem.plan("alongside must list run IDs, found " + e));
            }
        });
        return runIds;
    }
}
