package dev.dmig.cli.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.Format;
import dev.dmig.store.ContentDigest;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A preview as a person reads it: per item, each attribute's source value beside the value a run would write ("=" when
 * it is the same), the ID attribute first; a value too long for its column is shown whole on lines of its own when it
 * changes, and shortened when it does not (the JSON output has every value whole).
 */
public final class PreviewView {
    /**
     * A source item and what a run would make of it: the target item, or why it would leave it behind or refuse it;
     * {@code paired}, when its table's match pairs it with a record the target holds (the target item's ID is that record's).
     */
    public record Previewed(Map<String, AttributeValue> source, Map<String, AttributeValue> target, String leftBehind, String refused,
                            Paired paired) {}

    /** A record paired with the target's by its table's match: the {@code on} attributes and {@code whenMatched}. */
    public record Paired(String on, String whenMatched) {
        /** Whether a run writes over the target's record ({@code update}); {@code keep} writes nothing. */
        public boolean writes() {
            return "update".equals(whenMatched);
        }
    }

    static final int NAME = 24;
    static final int VALUE = 44;
    private static final String LAST_CHANGED = "_lastChangedAt";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PrintWriter out;
    private final String idAttribute;
    /** The start the preview gave the run: a DataStore row's {@code _lastChangedAt} set to it is the run's own start. */
    private final AttributeValue runStart;

    public PreviewView(PrintWriter out, String idAttribute, long runStart) {
        this.out = out;
        this.idAttribute = idAttribute;
        this.runStart = AttributeValue.fromN(Long.toString(runStart));
    }

    public void print(String model, List<Previewed> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.println();
            }
            item(model, items.get(i));
        }
        out.flush();
    }

    private void item(String model, Previewed item) {
        AttributeValue oldId = item.source().get(idAttribute);
        AttributeValue newId = item.target() == null ? null : item.target().get(idAttribute);
        out.println(model + "  " + idAttribute + "=" + text(oldId) + (newId == null ? "" : "  →  " + idAttribute + "=" + text(newId)));
        if (item.leftBehind() != null) {
            out.println("  left behind, not written: " + item.leftBehind());
        }
        if (item.refused() != null) {
            out.println("  a run refuses this item: " + item.refused());
        }
        if (item.paired() != null) {
            out.println("  the target's record " + idAttribute + "=" + text(newId) + " is this record (match on " + item.paired().on()
                    + ", whenMatched " + item.paired().whenMatched() + "): " + (item.paired().writes()
                    ? "a run writes the target values below over it, and keeps the attributes only it has"
                    : "a run leaves it as it is and writes nothing for this record") + "; references to this record name it");
        }
        if (item.target() == null || (item.paired() != null && !item.paired().writes())) {
            return;
        }
        out.println("  " + Format.pad("attribute", NAME) + " " + Format.pad("source", VALUE) + " target");
        for (String name : names(item.source(), item.target())) {
            attribute(name, item.source().get(name), item.target().get(name));
        }
    }

    private List<String> names(Map<String, AttributeValue> source, Map<String, AttributeValue> target) {
        TreeSet<String> sorted = new TreeSet<>(source.keySet());
        sorted.addAll(target.keySet());
        List<String> names = new ArrayList<>();
        if (sorted.remove(idAttribute)) {
            names.add(idAttribute);
        }
        names.addAll(sorted);
        return names;
    }

    private void attribute(String name, AttributeValue source, AttributeValue target) {
        String from = source == null ? "(none)" : text(source);
        String to = target == null ? "(removed)" : name.equals(LAST_CHANGED) && target.equals(runStart) ? "(the run's start)" : text(target);
        boolean same = source != null && target != null && ContentDigest.same(Map.of(name, source), Map.of(name, target));
        if (same) {
            out.println("  " + Format.pad(name, NAME) + " " + Format.pad(shortened(from), VALUE) + " =");
        } else if (from.length() <= VALUE && name.length() <= NAME) {
            out.println("  " + Format.pad(name, NAME) + " " + Format.pad(from, VALUE) + " " + to);
        } else {
            out.println("  " + name);
            out.println("    source: " + from);
            out.println("    target: " + to);
        }
    }

    private static String shortened(String text) {
        return text.length() <= VALUE ? text : text.substring(0, VALUE - 1) + "…";
    }

    /** A value in the shape an application sees it: strings as they are, numbers, lists and maps as JSON, binary by its size. */
    static String text(AttributeValue value) {
        if (value == null) {
            return "(none)";
        }
        if (value.type() == AttributeValue.Type.S) {
            return value.s();
        }
        return plain(value).toString();
    }

    private static JsonNode plain(AttributeValue value) {
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> NODES.numberNode(new BigDecimal(value.n()));
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case B -> NODES.textNode("<" + value.b().asByteArray().length + " bytes>");
            case SS -> strings(value.ss());
            case NS -> numbers(value.ns());
            case BS -> NODES.textNode("<set of " + value.bs().size() + " binary values>");
            case L -> list(value.l());
            case M -> map(value.m());
            default -> NODES.textNode("<" + value.type() + ">");
        };
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ArrayNode numbers(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(n -> array.add(new BigDecimal(n)));
        return array;
    }

    private static ArrayNode list(List<AttributeValue> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(v -> array.add(plain(v)));
        return array;
    }

    private static ObjectNode map(Map<String, AttributeValue> values) {
        ObjectNode object = NODES.objectNode();
        new TreeSet<>(values.keySet()).forEach(key -> object.set(key, plain(values.get(key))));
        return object;
    }
}
