package dev.dmig.analysis;

import java.util.List;
import java.util.function.Function;

/**
 * A feature's table among the report's analysis findings, shown as the orphan references are: a row per table and
 * attribute of the analysis that has something to show, a count and examples (item → value), none when no row has; its
 * {@code id} the table's anchor in the page, its {@code heading} above it, and the heads of its attribute, count and
 * examples columns. Declared here, below the report, so that a feature says what the report shows without naming it.
 */
public record FindingsTable(String id, String heading, String attributeHead, String countHead, String examplesHead,
                            Function<Analysis, List<Row>> rows) {
    /** One row: the table's model, the attribute's path and what follows it ({@code " (@sub)"}), the count and examples. */
    public record Row(String model, String path, String afterPath, long count, List<OrphanExample> examples) {}
}
