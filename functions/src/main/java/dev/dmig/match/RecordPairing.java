package dev.dmig.match;

import dev.dmig.plan.Match;
import dev.dmig.plan.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pairs one table's source records with the records its target already holds, by the values of the table's
 * {@code match.on} attributes as the target holds them: each source record with at most one target record, and each
 * target record with at most one source record. A source record whose values several target records hold, or a target
 * record whose values several source records hold, is a data problem naming both sides' keys; so is every pair under
 * {@code whenMatched: fail}. Fed every target record, then every source record; holds the target's values in memory.
 */
public final class RecordPairing {
    /** Pairs (or unpaired records) a table's pairing keeps as examples. */
    static final int EXAMPLES = 5;

    private final String model;
    private final Match match;
    /** Target records by their values' key: the ID and item key of each. */
    private final Map<String, List<Held>> target = new HashMap<>();
    /** Source records by their values' key, in the order they came. */
    private final Map<String, List<Held>> source = new LinkedHashMap<>();
    private long targetRecords;
    private long sourceRecords;

    private record Held(String id, String itemKey, String values) {}

    public RecordPairing(String model, Match match) {
        this.model = model;
        this.match = match;
    }

    /** A record of the target table (as it is there), with its ID; a record without every {@code on} value pairs with none. */
    public void addTarget(String id, String itemKey, Map<String, AttributeValue> item) {
        add(target, id, itemKey, item);
        targetRecords++;
    }

    /** A source record as the run would write it ({@code mapped}), with its source ID. */
    public void addSource(String id, String itemKey, Map<String, AttributeValue> mapped) {
        add(source, id, itemKey, mapped);
        sourceRecords++;
    }

    private void add(Map<String, List<Held>> side, String id, String itemKey, Map<String, AttributeValue> item) {
        String key = keyOf(match, item);
        if (key != null) {
            side.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Held(id, itemKey, describe(match, item)));
        }
    }

    /**
     * The pairs; each ambiguity, and each pair under {@code whenMatched: fail}, added to {@code problems} (then the pairs
     * are not to be used).
     */
    public MatchedRecords.TableMatch result(List<Problem> problems) {
        Map<String, String> pairs = new LinkedHashMap<>();
        List<String> examples = new ArrayList<>();
        long paired = 0;
        for (Map.Entry<String, List<Held>> entry : source.entrySet()) {
            List<Held> sources = entry.getValue();
            List<Held> targets = target.getOrDefault(entry.getKey(), List.of());
            if (targets.isEmpty()) {
                continue;
            }
            if (targets.size() > 1) {
                sources.forEach(s -> problems.add(problem("source item " + s.itemKey() + " matches " + targets.size()
                        + " target items, " + keys(targets) + ", by " + s.values() + "; make the values unique in the target,"
                        + " or match on more attributes")));
            } else if (sources.size() > 1) {
                problems.add(problem("source items " + keys(sources) + " all match target item " + targets.get(0).itemKey()
                        + " by " + sources.get(0).values() + "; make the values unique in the source, or match on more attributes"));
            } else if (match.whenMatched() == Match.WhenMatched.FAIL) {
                problems.add(problem("source item " + sources.get(0).itemKey() + " matches target item " + targets.get(0).itemKey()
                        + " by " + sources.get(0).values() + " (match.whenMatched is fail); set whenMatched to keep or update,"
                        + " or remove the target's record"));
            } else {
                pairs.put(sources.get(0).id(), targets.get(0).id());
                paired++;
                if (examples.size() < EXAMPLES) {
                    examples.add(sources.get(0).itemKey() + " → " + targets.get(0).itemKey());
                }
            }
        }
        return new MatchedRecords.TableMatch(match.whenMatched().planName(), match.whenNotMatched().planName(), sourceRecords,
                targetRecords, pairs, sourceRecords - paired, examples);
    }

    private Problem problem(String message) {
        return new Problem(model, String.join(", ", match.on()), null, message);
    }

    private static String keys(List<Held> records) {
        List<String> keys = records.stream().limit(EXAMPLES).map(Held::itemKey).toList();
        return String.join(" and ", keys) + (records.size() > EXAMPLES ? " and " + (records.size() - EXAMPLES) + " more" : "");
    }

    /** The values' key, as a match compares them; null when the item lacks one of them (absent, NULL or ""). */
    public static String keyOf(Match match, Map<String, AttributeValue> item) {
        StringBuilder key = new StringBuilder();
        for (String attribute : match.on()) {
            AttributeValue value = item.get(attribute);
            if (value == null || value.type() == AttributeValue.Type.NUL
                    || (value.type() == AttributeValue.Type.S && value.s().isEmpty())) {
                return null;
            }
            key.append(value.type()).append(':').append(text(match, value)).append('\u0000');
        }
        return key.toString();
    }

    private static String text(Match match, AttributeValue value) {
        if (value.type() == AttributeValue.Type.S) {
            return match.caseInsensitive() ? value.s().toLowerCase(Locale.ROOT) : value.s();
        }
        return value.type() == AttributeValue.Type.N ? new java.math.BigDecimal(value.n()).stripTrailingZeros().toPlainString()
                : value.toString();
    }

    /** The values as a problem names them: {@code username 'alice'}, {@code orgId 'o1', email 'a@x.com'}. */
    public static String describe(Match match, Map<String, AttributeValue> item) {
        List<String> parts = new ArrayList<>();
        for (String attribute : match.on()) {
            AttributeValue value = item.get(attribute);
            parts.add(attribute + " " + (value == null ? "(none)" : value.type() == AttributeValue.Type.S ? "'" + value.s() + "'"
                    : value.type() == AttributeValue.Type.N ? value.n() : value.toString()));
        }
        return String.join(", ", parts);
    }
}
