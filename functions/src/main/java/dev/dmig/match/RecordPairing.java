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
    /** The item key of each target record and of each pinned source record, by ID, for the pins. */
    private final Map<String, String> targetKeys = new HashMap<>();
    private final Map<String, String> pinnedSources = new HashMap<>();

    private record Held(String id, String itemKey, String values) {}

    public RecordPairing(String model, Match match) {
        this.model = model;
        this.match = match;
    }

    /** A record of the target table (as it is there), with its ID; a record without every {@code on} value pairs with none. */
    public void addTarget(String id, String itemKey, Map<String, AttributeValue> item) {
        add(target, id, itemKey, item);
        if (!match.pins().isEmpty()) {
            targetKeys.put(id, itemKey);
        }
        targetRecords++;
    }

    /** A source record as the run would write it ({@code mapped}), with its source ID. */
    public void addSource(String id, String itemKey, Map<String, AttributeValue> mapped) {
        if (match.pins().containsKey(id)) {
            // Paired by hand, whatever its values say.
            pinnedSources.put(id, itemKey);
        } else {
            add(source, id, itemKey, mapped);
        }
        sourceRecords++;
    }

    private void add(Map<String, List<Held>> side, String id, String itemKey, Map<String, AttributeValue> item) {
        String key = keyOf(match, item);
        if (key != null) {
            side.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Held(id, itemKey, describe(match, item)));
        }
    }

    /**
     * The pairs; each ambiguity added to {@code problems}, and each pair under {@code whenMatched: fail} to {@code failed}
     * (then the pairs are not to be used).
     */
    public MatchedRecords.TableMatch result(List<Problem> problems, List<Problem> failed) {
        Map<String, String> pairs = new LinkedHashMap<>();
        List<String> examples = new ArrayList<>();
        Map<String, String> pinnedTargets = pins(pairs, examples, problems, failed);
        long paired = pairs.size();
        for (Map.Entry<String, List<Held>> entry : source.entrySet()) {
            List<Held> sources = entry.getValue();
            List<Held> targets = target.getOrDefault(entry.getKey(), List.of());
            if (targets.isEmpty()) {
                continue;
            }
            if (targets.size() == 1 && pinnedTargets.containsKey(targets.get(0).id())) {
                sources.forEach(s -> problems.add(problem("source item " + s.itemKey() + " matches target item "
                        + targets.get(0).itemKey() + " by " + s.values() + ", which match.pins pairs with source item "
                        + pinnedTargets.get(targets.get(0).id()) + "; pin this one too, or change its values")));
            } else if (targets.size() > 1) {
                sources.forEach(s -> problems.add(problem("source item " + s.itemKey() + " matches " + targets.size()
                        + " target items, " + keys(targets) + ", by " + s.values() + "; make the values unique in the target,"
                        + " or match on more attributes")));
            } else if (sources.size() > 1) {
                problems.add(problem("source items " + keys(sources) + " all match target item " + targets.get(0).itemKey()
                        + " by " + sources.get(0).values() + "; make the values unique in the source, or match on more attributes"));
            } else if (match.whenMatched() == Match.WhenMatched.FAIL) {
                failed.add(problem("source item " + sources.get(0).itemKey() + " matches target item " + targets.get(0).itemKey()
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

    /**
     * The pins, checked and added to {@code pairs}: each source and target record must be there, a pin under {@code fail}
     * is refused as a pair is, and under {@code update} two source records cannot write over one target record. Returns
     * the pinned target records' IDs, each to the item key of the (first) source record pinned to it.
     */
    private Map<String, String> pins(Map<String, String> pairs, List<String> examples, List<Problem> problems,
                                     List<Problem> failed) {
        Map<String, String> pinnedTargets = new HashMap<>();
        match.pins().forEach((sourceId, targetId) -> {
            String sourceKey = pinnedSources.get(sourceId);
            String targetKey = targetKeys.get(targetId);
            String pin = "match.pins pairs source ID " + sourceId + " with target ID " + targetId;
            if (sourceKey == null || targetKey == null) {
                problems.add(problem(pin + ", but the " + (sourceKey == null ? "source" : "target") + " table holds no record"
                        + " with that ID; pin records both tables hold"));
            } else if (match.whenMatched() == Match.WhenMatched.FAIL) {
                failed.add(problem(pin + " (match.whenMatched is fail); set whenMatched to keep or update"));
            } else if (pinnedTargets.containsKey(targetId) && match.whenMatched() == Match.WhenMatched.UPDATE) {
                problems.add(problem("source items " + pinnedTargets.get(targetId) + " and " + sourceKey + " are both pinned to"
                        + " target item " + targetKey + ", which whenMatched update would write twice; pin one of them, or"
                        + " keep the target's record (whenMatched keep)"));
            } else {
                pinnedTargets.putIfAbsent(targetId, sourceKey);
                pairs.put(sourceId, targetId);
                if (examples.size() < EXAMPLES) {
                    examples.add(sourceKey + " → " + targetKey);
                }
            }
        });
        return pinnedTargets;
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
