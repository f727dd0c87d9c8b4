package dev.dmig.migrate;

/**
 * Which source tables hold which IDs, as far as the values of references to the table whose source holds each value
 * ({@code {"oneOf": ["Evaluation", "Report"]}}) need: the run's frozen {@link HeldIds}, or, while the analysis reads
 * the source, what its lookups found so far.
 */
@FunctionalInterface
public interface SourceHolders {
    /** None known: every such value is mapped as the first table's, as a value none holds is. */
    SourceHolders NONE = (model, id) -> false;

    /** Whether {@code model}'s source table holds a record whose ID is {@code id}. */
    boolean holds(String model, String id);
}
