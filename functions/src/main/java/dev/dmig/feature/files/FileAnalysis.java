package dev.dmig.feature.files;

import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.MissingFilePolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One file reference of a table, as analysis found its objects: {@code objects} values naming an object that is in the
 * source bucket (counted per value: an object two records name counts twice) and their {@code bytes}; {@code missing}
 * values naming no object there, with examples (item and object key); of the objects, those already {@code present} in the
 * target bucket with the same content (left as they are), and those whose key holds other content there
 * ({@code conflicts}, handled as {@code onConflict} says), with examples; {@code leftOut}: values whose object the run
 * leaves out, as a feature says ({@code dev.dmig.migrate.FileSources#leftOutBy}: masking's {@code remove}), not looked at
 * (0 in an analysis stored before they were counted). A table's are its analysis's section {@code files}
 * ({@link FileTallies.OfTable}).
 */
public record FileAnalysis(String path, long objects, long bytes, long missing, List<OrphanExample> missingExamples, long present,
                           long conflicts, List<OrphanExample> conflictExamples, long leftOut) {

    /** What checking an object costs, in items: its head in each bucket, where an item is a share of a page's reads. */
    private static final long OBJECT_WEIGHT = 4;

    /** What validating {@code table}'s objects costs, in items: each object its items name weighed as {@link #OBJECT_WEIGHT}. */
    static long checkCost(TableAnalysis table) {
        return OBJECT_WEIGHT * FileTallies.OfTable.of(table).stream().mapToLong(FileAnalysis::objects).sum();
    }

    /** File values naming no object, whose records the plan copies without one: a warning per table and attribute. */
    static List<String> warnings(MigrationPlan plan, Collection<TableAnalysis> tables) {
        List<String> warnings = new ArrayList<>();
        if (plan.storage().onMissing() != MissingFilePolicy.KEEP) {
            return warnings;
        }
        for (TableAnalysis table : tables) {
            for (FileAnalysis file : FileTallies.OfTable.of(table)) {
                if (file.missing() > 0) {
                    warnings.add("table " + table.model() + ", attribute " + file.path() + ": " + file.missing()
                            + (file.missing() == 1 ? " value names" : " values name") + " no object in bucket "
                            + plan.storage().sourceBucket() + "; the records are copied, no object with them (e.g. "
                            + file.missingExamples().stream().map(e -> "item " + e.item() + ": " + e.value())
                            .collect(Collectors.joining("; ")) + ")");
                }
            }
        }
        return warnings;
    }
}
