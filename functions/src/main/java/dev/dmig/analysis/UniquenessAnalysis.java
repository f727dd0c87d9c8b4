package dev.dmig.analysis;

import java.util.List;

/**
 * One {@code unique} attribute of one table: values shared by several source items, and values
 * the source would bring that another target item already holds. Examples name items by key only.
 */
public record UniquenessAnalysis(String attribute, long duplicatesInSource, long existingInTarget, List<String> examples) {
    public long conflicts() {
        return duplicatesInSource + existingInTarget;
    }
}
