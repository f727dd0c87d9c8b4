package dev.dmig.feature.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.plan.FileFormat;
import dev.dmig.plan.FileReference;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TableField;
import dev.dmig.plan.TableFiles;
import dev.dmig.plan.ValueMapping;
import dev.dmig.plan.ValueMappings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a table's {@code files}: path → {@code {"format": "key" | "s3url" | "url", "prefix": "public/", "pattern":
 * "...", <placeholder>: <target>}} (every field optional: {@code {}} is a plain key), a list of patterns as a
 * reference takes them (a plain key's), or {@code {"format": …, "prefix": …, "patterns": [<pattern>, …]}} for several
 * with a format or prefix; reporting each thing wrong in one line. The table's plan holds them as {@link TableFiles}.
 */
final class FileReferences {
    static final String EXAMPLE = "{\"format\": \"key\", \"prefix\": \"public/\"}";
    /** A table's {@code files}; none when the entry has no file reference. */
    static final TableField<TableFiles> FIELD = new TableField<>("files", TableFiles.class, FileReferences::read);
    private static final Set<String> OWN_KEYS = Set.of("format", "prefix");
    private static final String PATTERNS = "patterns";

    private FileReferences() {}

    /** The entry's file references; null when it has none. No path of the entry's {@code references} may be one. */
    private static TableFiles read(TableField.Reading reading) {
        Map<ReferencePath, FileReference> files = read(reading.model(), reading.idAttribute(), reading.node(),
                reading.entry().get("references"), reading.problems());
        return files.isEmpty() ? null : new TableFiles(files);
    }

    private static Map<ReferencePath, FileReference> read(String model, String idAttribute, JsonNode node, JsonNode references,
                                                          List<Problem> problems) {
        Map<ReferencePath, FileReference> files = new LinkedHashMap<>();
        if (node == null) {
            return files;
        }
        if (!node.isObject()) {
            problems.add(Problem.attribute(model, "files", "must be an object of path → file reference, like {\"photo.key\": "
                    + EXAMPLE + "}"));
            return files;
        }
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            String text = entry.getKey();
            ReferencePath path;
            try {
                path = ReferencePath.parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.attribute(model, text, "bad file path: " + e.getMessage()));
                continue;
            }
            if (path.steps().size() == 1 && !path.steps().get(0).each() && path.attribute().equals(idAttribute)) {
                problems.add(Problem.attribute(model, text, "is the table's own ID attribute; it cannot hold a file"));
                continue;
            }
            if (referenced(references, text)) {
                problems.add(Problem.attribute(model, text, "is both a reference and a file; a value is one or the other"));
                continue;
            }
            FileReference file = file(model, text, entry.getValue(), problems);
            if (file != null) {
                files.put(path, file);
            }
        }
        return files;
    }

    private static FileReference file(String model, String path, JsonNode node, List<Problem> problems) {
        if (!node.isObject() && !node.isArray()) {
            problems.add(Problem.attribute(model, path, "a file reference must be an object, like " + EXAMPLE + ", not " + node));
            return null;
        }
        FileFormat format = FileFormat.KEY;
        String prefix = "";
        int before = problems.size();
        if (node.isObject()) {
            JsonNode formatNode = node.get("format");
            if (formatNode != null) {
                format = formatNode.isTextual() ? FileFormat.fromPlan(formatNode.asText()) : null;
                if (format == null) {
                    problems.add(Problem.attribute(model, path, "format must be \"key\", \"s3url\" or \"url\", not " + formatNode));
                    format = FileFormat.KEY;
                }
            }
            JsonNode prefixNode = node.get("prefix");
            if (prefixNode != null) {
                if (!prefixNode.isTextual() || prefixNode.asText().isEmpty()) {
                    problems.add(Problem.attribute(model, path, "prefix must be a non-empty string like \"public/\", not " + prefixNode));
                } else if (format != FileFormat.KEY) {
                    problems.add(Problem.attribute(model, path, "prefix goes with format \"key\" only: a URL holds the whole key"));
                } else if (ObjectKeys.refusal(prefixNode.asText()).isPresent()) {
                    problems.add(Problem.attribute(model, path, "prefix " + ObjectKeys.refusal(prefixNode.asText()).get()
                            + "; every object key would begin so"));
                } else {
                    prefix = prefixNode.asText();
                }
            }
        }
        ValueMapping mapping = null;
        JsonNode patterns = patterns(node);
        if (patterns != null && patterns.has(PATTERNS)) {
            JsonNode list = patterns.get(PATTERNS);
            if (!list.isArray() || patterns.size() > 1) {
                problems.add(Problem.attribute(model, path, "\"patterns\" must be a list of patterns, like [" + ValueMappings.EXAMPLE
                        + "], beside format and prefix only, not " + (list.isArray() ? "beside \"pattern\" or a placeholder" : list)));
            } else {
                mapping = ValueMappings.read(list, message -> problems.add(Problem.attribute(model, path, message)));
            }
        } else if (patterns != null && patterns.isObject() && !patterns.has("pattern")) {
            problems.add(Problem.attribute(model, path, "unknown key \"" + patterns.fieldNames().next() + "\" in the file reference"
                    + " (known: format, prefix, pattern and the pattern's placeholders, or patterns)"));
        } else if (patterns != null) {
            mapping = ValueMappings.read(patterns, message -> problems.add(Problem.attribute(model, path, message)));
        }
        return problems.size() > before ? null : new FileReference(format, prefix, mapping);
    }

    /** Whether the entry's {@code references} (whole values and patterns alike) name the path {@code text}. */
    private static boolean referenced(JsonNode references, String text) {
        if (references == null || !references.isObject()) {
            return false;
        }
        for (var names = references.fieldNames(); names.hasNext(); ) {
            try {
                if (ReferencePath.parse(names.next()).text().equals(text)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // A bad reference path is the references' problem, said where they are read.
                continue;
            }
        }
        return false;
    }

    /** The node without the file's own fields, when it gives patterns; null when it gives none. */
    private static JsonNode patterns(JsonNode node) {
        if (node.isArray()) {
            return node;
        }
        ObjectNode rest = ((ObjectNode) node).deepCopy();
        rest.remove(OWN_KEYS);
        return rest.isEmpty() ? null : rest;
    }
}
