package dev.dmig.plan;

import java.util.List;

/**
 * A table's {@code keepSourceValues}: the attribute paths (as in the target) whose values may still name the source's
 * users or records after the run, on purpose; validation reports them and passes. {@link #of} is none for a table without.
 */
public record KeptValues(List<ReferencePath> paths) {
    private static final KeptValues NONE = new KeptValues(List.of());

    public KeptValues {
        paths = List.copyOf(paths);
    }

    /** The table's kept paths, none when it keeps none. */
    public static List<ReferencePath> of(TablePlan table) {
        KeptValues kept = table.feature(KeptValues.class);
        return (kept == null ? NONE : kept).paths();
    }
}
