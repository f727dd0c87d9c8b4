package dev.dmig.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.identity.Usernames;
import dev.dmig.json.Json;
import dev.dmig.plan.FileFormat;
import dev.dmig.plan.FileReference;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import dev.dmig.plan.ValuePattern;
import java.util.ArrayList;
import java.util.List;

/**
 * What to add to a path's patterns so that values none of them takes are taken: each value as an alternative of its own
 * that keeps it ({@code {"pattern": "@everyone"}}) when there are a few, none of them personal; else the catch-all
 * {@code {"pattern": "{other}"}}, which keeps every value no alternative before it takes. Written as the whole entry the
 * plan then holds at the path, to paste in place of the one it holds.
 */
final class PatternFix {
    /** Values written out as alternatives of their own; more, and the catch-all is proposed. */
    static final int LITERALS = 3;
    /** The catch-all alternative, as inference proposes it too. */
    static final String CATCH_ALL = "{other}";

    private PatternFix() {}

    /** The patterns of {@code path} in the table's plan, as the plan writes them; null when the path has none. */
    static String patterns(TablePlan table, String path) {
        ValueMapping mapping = mapping(table, path);
        return mapping == null ? null : mapping.describe();
    }

    /**
     * The alternatives that take {@code values} and the entry with them added, in a sentence; {@code more}: other values
     * than these were left out. Null when the path has no patterns in the plan.
     */
    static String of(TablePlan table, String path, List<String> values, boolean more) {
        ValueMapping mapping = mapping(table, path);
        if (mapping == null) {
            return null;
        }
        boolean literals = !more && values.size() <= LITERALS && values.stream().noneMatch(v -> !Usernames.shownValue(v).equals(v));
        List<String> added = literals ? values.stream().map(PatternFix::literal).toList() : List.of(CATCH_ALL);
        ArrayNode alternatives = Json.MAPPER.createArrayNode();
        mapping.alternatives().forEach(p -> alternatives.add(alternative(p)));
        added.forEach(text -> alternatives.add(Json.MAPPER.createObjectNode().put("pattern", text)));
        FileReference file = table.files().get(ReferencePath.parse(path));
        String where = file == null ? "references" : "files";
        String entry = "\"" + path + "\": " + text(file == null ? alternatives : file(file, alternatives));
        String what = literals
                ? "to copy " + (values.size() == 1 ? "it" : "them") + " as " + (values.size() == 1 ? "it is" : "they are") + ", add "
                        + String.join(", ", added.stream().map(t -> text(Json.MAPPER.createObjectNode().put("pattern", t))).toList())
                        + " to its patterns"
                : "to copy every value none of its patterns takes as it is, add the catch-all " + text(Json.MAPPER.createObjectNode()
                        .put("pattern", CATCH_ALL)) + " last (or an alternative of their form, once you know what they are)";
        return what + ", so that table " + table.model() + "'s " + where + " say " + entry;
    }

    private static ValueMapping mapping(TablePlan table, String path) {
        ReferencePath at;
        try {
            at = ReferencePath.parse(path);
        } catch (IllegalArgumentException notAPath) {
            return null;
        }
        FileReference file = table.files().get(at);
        return file != null ? file.mapping() : table.mappings().get(at);
    }

    /** A value as a pattern that matches it alone: its braces doubled. */
    private static String literal(String value) {
        return value.replace("{", "{{").replace("}", "}}");
    }

    private static ObjectNode alternative(ValuePattern pattern) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("pattern", pattern.text());
        for (ValuePattern.Placeholder placeholder : pattern.placeholders()) {
            if (placeholder.target() instanceof PlaceholderTarget.Model model) {
                node.put(placeholder.name(), model.model());
            } else if (placeholder.target() instanceof PlaceholderTarget.Identity identity) {
                node.put(placeholder.name(), identity.kind().planName());
            }
        }
        return node;
    }

    /** A file's entry with these alternatives: the list alone for a plain key, else beside its format and prefix. */
    private static com.fasterxml.jackson.databind.JsonNode file(FileReference file, ArrayNode alternatives) {
        if (file.format() == FileFormat.KEY && file.prefix().isEmpty()) {
            return alternatives;
        }
        ObjectNode node = Json.MAPPER.createObjectNode().put("format", file.format().planName());
        if (!file.prefix().isEmpty()) {
            node.put("prefix", file.prefix());
        }
        node.set("patterns", alternatives);
        return node;
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
