package dev.dmig.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table's Storage files: each path whose value names an object in the source's Storage bucket, with its file reference,
 * in the entry's order. The value of the files feature's field {@code files} in a table's entry, which the table's plan
 * holds by this type and gives as {@link TablePlan#files}.
 */
public record TableFiles(Map<ReferencePath, FileReference> references) {

    public TableFiles {
        references = Collections.unmodifiableMap(new LinkedHashMap<>(references));
    }
}
