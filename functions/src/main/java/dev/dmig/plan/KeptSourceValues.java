package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a table's {@code keepSourceValues}: the attribute paths (as in the target, in the path forms of references) whose
 * values may still name the source's users or records after the run, on purpose; validation reports them and passes.
 */
final class KeptSourceValues {
    static final String FIELD = "keepSourceValues";
    private static final String EXAMPLE = "[\"legacyRef\", \"audit.by\"]";

    private KeptSourceValues() {}

    /** The table's kept paths; null when its entry has none. */
    static KeptValues read(TableField.Reading reading) {
        if (reading.node() == null) {
            return null;
        }
        return new KeptValues(read(reading.model(), reading.idAttribute(), reading.ids(), reading.node(), reading.problems()));
    }

    private static List<ReferencePath> read(String model, String idAttribute, IdStrategy ids, JsonNode node, List<Problem> problems) {
        List<ReferencePath> paths = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(Problem.attribute(model, FIELD, "must be a list of attribute paths, like " + EXAMPLE));
            return paths;
        }
        Set<String> named = new HashSet<>();
        for (JsonNode element : node) {
            if (!element.isTextual() || element.asText().isEmpty()) {
                problems.add(Problem.attribute(model, FIELD, "must list attribute paths, like " + EXAMPLE + ", found " + element));
                continue;
            }
            String text = element.asText();
            ReferencePath path;
            try {
                path = ReferencePath.parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.attribute(model, text, "bad path in " + FIELD + ": " + e.getMessage()));
                continue;
            }
            if (!named.add(text)) {
                problems.add(Problem.attribute(model, text, "is named twice in " + FIELD));
            } else if (ids == IdStrategy.SHA256 && text.equals(idAttribute)) {
                problems.add(Problem.attribute(model, text, "is the table's ID attribute, which its sha256 IDs always map; leave it"
                        + " out of " + FIELD));
            } else {
                paths.add(path);
            }
        }
        return paths;
    }
}
