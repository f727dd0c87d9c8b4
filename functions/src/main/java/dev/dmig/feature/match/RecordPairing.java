package dev.dmig.feature.match;

import dev.dmig.plan.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pairs one table's source records with the live records its target already holds, by their natural key
 * ({@link NaturalKey}: the values of the table's {@code match.on} attributes as the target holds them): each source
 * record with at most one target record, and each target record with at most one source record. A source record whose
 * values several target records hold, a target record whose values several source records hold, and a natural key
 * several source records hold that would all be inserted are data problems naming the records' keys and the values,
 * masked; every pair under {@code whenMatched: fail} is a conflict. Fed every target record, then every source record,
 * then told which of the target records that could pair ({@link #candidates}) are tombstones ({@link #notLive});
 * holds the target's values in memory.
 */
public final class RecordPairing {
    /** Pairs (or unpaired records, or keys) a table's pairing keeps as examples. */
    static final int EXAMPLES = 5;

    private final String model;
    private final Match match;
    /** The target table's TTL attribute (null: none) and when it pairs, kept with the pairs. */
    private final String timeToLive;
    private final Instant pairedAt;
    /** Target records by their natural key: the ID and item key of each. */
    private final Map<String, List<Held>> target = new HashMap<>();
    /** Source records by their natural key, in the order they came. */
    private final Map<String, List<Held>> source = new LinkedHashMap<>();
    private long targetRecords;
    private long sourceRecords;
    /** The item key of each target record by ID, for the pins; of each pinned source record by ID. */
    private final Map<String, Map<String, AttributeValue>> targetKeys = new HashMap<>();
    private final Map<String, Map<String, AttributeValue>> pinnedSources = new HashMap<>();
    /** The target records that could pair ({@link #candidates}) found not live: they pair with nothing. */
    private final Set<String> notLive = new HashSet<>();
    private final Map<String, Map<String, AttributeValue>> candidates = new LinkedHashMap<>();
    private long tombstones;
    private final List<String> tombstoneExamples = new ArrayList<>();

    private record Held(String id, Map<String, AttributeValue> key, String values) {}

    /** An item's key as the lines name it: the values of the attributes the pair is made on masked. */
    private String describe(Map<String, AttributeValue> key) {
        return NaturalKey.describeKey(match, key);
    }

    /** {@code timeToLive}: the target table's TTL attribute, null when it has none; {@code pairedAt}: now. */
    public RecordPairing(String model, Match match, String timeToLive, Instant pairedAt) {
        this.model = model;
        this.match = match;
        this.timeToLive = timeToLive;
        this.pairedAt = pairedAt;
    }

    /** The target table's TTL attribute; null when it has none. */
    public String timeToLive() {
        return timeToLive;
    }

    /** When the records are paired: what a record past its time to live is told by. */
    public Instant pairedAt() {
        return pairedAt;
    }

    /** A record of the target table (as it is there), with its ID and key; a record without every {@code on} value pairs with none. */
    public void addTarget(String id, Map<String, AttributeValue> key, Map<String, AttributeValue> item) {
        add(target, id, key, item);
        if (!match.pins().isEmpty()) {
            targetKeys.put(id, key);
        }
        targetRecords++;
    }

    /** A source record as the run would write it ({@code mapped}), with its source ID and key. */
    public void addSource(String id, Map<String, AttributeValue> key, Map<String, AttributeValue> mapped) {
        if (match.pins().containsKey(id)) {
            // Paired by hand, whatever its values say.
            pinnedSources.put(id, key);
        } else {
            add(source, id, key, mapped);
        }
        sourceRecords++;
    }

    private void add(Map<String, List<Held>> side, String id, Map<String, AttributeValue> key, Map<String, AttributeValue> item) {
        String natural = NaturalKey.of(match, item);
        if (natural != null) {
            side.computeIfAbsent(natural, k -> new ArrayList<>(1)).add(new Held(id, key, NaturalKey.describe(match, item)));
        }
    }

    /**
     * The target records a source record could pair with, by ID to item key: those holding a source record's natural
     * key, and those pinned. Whether each is live is told by {@link #notLive} before the {@link #result}.
     */
    public Map<String, Map<String, AttributeValue>> candidates() {
        candidates.clear();
        for (String natural : source.keySet()) {
            target.getOrDefault(natural, List.of()).forEach(t -> candidates.put(t.id(), t.key()));
        }
        match.pins().values().forEach(id -> {
            Map<String, AttributeValue> key = targetKeys.get(id);
            if (key != null) {
                candidates.put(id, key);
            }
        });
        return Map.copyOf(candidates);
    }

    /**
     * The candidate {@code id} is not live: it pairs with nothing. {@code why}: what makes it a tombstone
     * ({@link Tombstones#why}), counted with its key as an example; null when it is gone from the table (not counted).
     */
    public void notLive(String id, String why) {
        if (notLive.add(id) && why != null) {
            tombstones++;
            if (tombstoneExamples.size() < EXAMPLES) {
                tombstoneExamples.add(describe(candidates.get(id)) + ": " + why);
            }
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
        List<List<Held>> inserted = new ArrayList<>();
        for (Map.Entry<String, List<Held>> entry : source.entrySet()) {
            List<Held> sources = entry.getValue();
            List<Held> targets = target.getOrDefault(entry.getKey(), List.of()).stream().filter(t -> !notLive.contains(t.id())).toList();
            if (targets.isEmpty()) {
                if (sources.size() > 1 && match.whenNotMatched() == Match.WhenNotMatched.INSERT) {
                    inserted.add(sources);
                }
            } else if (targets.size() == 1 && pinnedTargets.containsKey(targets.get(0).id())) {
                sources.forEach(s -> problems.add(problem("source item " + describe(s.key()) + " matches target item "
                        + describe(targets.get(0).key()) + " by " + s.values() + ", which match.pins pairs with source item "
                        + pinnedTargets.get(targets.get(0).id()) + "; pin this one too, or change its values")));
            } else if (targets.size() > 1) {
                sources.forEach(s -> problems.add(problem("source item " + describe(s.key()) + " matches " + targets.size()
                        + " target items, " + keys(targets) + ", by " + s.values() + "; make the values unique in the target,"
                        + " or match on more attributes")));
            } else if (sources.size() > 1) {
                problems.add(problem(sources.size() + " source items, " + keys(sources) + ", all match target item "
                        + describe(targets.get(0).key()) + " by " + sources.get(0).values() + "; make the values unique in the source,"
                        + " or match on more attributes"));
            } else if (match.whenMatched() == Match.WhenMatched.FAIL) {
                failed.add(problem("source item " + describe(sources.get(0).key()) + " matches target item "
                        + describe(targets.get(0).key())
                        + " by " + sources.get(0).values() + " (match.whenMatched is fail); set whenMatched to keep or update,"
                        + " or remove the target's record"));
            } else {
                pairs.put(sources.get(0).id(), targets.get(0).id());
                paired++;
                if (examples.size() < EXAMPLES) {
                    examples.add(describe(sources.get(0).key()) + " → " + describe(targets.get(0).key()));
                }
            }
        }
        insertedTwice(inserted, problems);
        return new MatchedRecords.TableMatch(match.whenMatched().planName(), match.whenNotMatched().planName(), sourceRecords,
                targetRecords, pairs, sourceRecords - paired, examples, tombstones, tombstoneExamples, timeToLive,
                pairedAt == null ? null : pairedAt.toString());
    }

    /**
     * A natural key several source records hold that no live target record does, under {@code whenNotMatched: insert}:
     * each would be written as a new record, the key held twice in the target. One problem per key, those held most first.
     */
    private void insertedTwice(List<List<Held>> inserted, List<Problem> problems) {
        inserted.sort(java.util.Comparator.comparingInt(sources -> -sources.size()));
        for (List<Held> sources : inserted) {
            problems.add(problem(sources.size() + " source items, " + keys(sources) + ", hold " + sources.get(0).values()
                    + " and no target item does: each would be inserted as a new record (match.whenNotMatched is insert),"
                    + " one natural key held " + sources.size() + " times; make the values unique in the source, or match"
                    + " on more attributes"));
        }
    }

    /**
     * The pins, checked and added to {@code pairs}: each source and target record must be there, the target's live, a pin
     * under {@code fail} is refused as a pair is, and under {@code update} two source records cannot write over one
     * target record. Returns the pinned target records' IDs, each to the item key of the (first) source record pinned to it.
     */
    private Map<String, String> pins(Map<String, String> pairs, List<String> examples, List<Problem> problems,
                                     List<Problem> failed) {
        Map<String, String> pinnedTargets = new HashMap<>();
        match.pins().forEach((sourceId, targetId) -> {
            Map<String, AttributeValue> sourceKey = pinnedSources.get(sourceId);
            Map<String, AttributeValue> targetKey = targetKeys.get(targetId);
            String pin = "match.pins pairs source ID " + sourceId + " with target ID " + targetId;
            if (sourceKey == null || targetKey == null) {
                problems.add(problem(pin + ", but the " + (sourceKey == null ? "source" : "target") + " table holds no record"
                        + " with that ID; pin records both tables hold"));
            } else if (notLive.contains(targetId)) {
                problems.add(problem(pin + ", but the target's record " + describe(targetKey) + " is a tombstone"
                        + " (soft-deleted or past its time to live), which a record paired with it would become; pin a live record"));
            } else if (match.whenMatched() == Match.WhenMatched.FAIL) {
                failed.add(problem(pin + " (match.whenMatched is fail); set whenMatched to keep or update"));
            } else if (pinnedTargets.containsKey(targetId) && match.whenMatched() == Match.WhenMatched.UPDATE) {
                problems.add(problem("source items " + pinnedTargets.get(targetId) + " and " + describe(sourceKey)
                        + " are both pinned to target item " + describe(targetKey) + ", which whenMatched update would"
                        + " write twice; pin one of them, or keep the target's record (whenMatched keep)"));
            } else {
                pinnedTargets.putIfAbsent(targetId, describe(sourceKey));
                pairs.put(sourceId, targetId);
                if (examples.size() < EXAMPLES) {
                    examples.add(describe(sourceKey) + " → " + describe(targetKey));
                }
            }
        });
        return pinnedTargets;
    }

    private Problem problem(String message) {
        return new Problem(model, String.join(", ", match.on()), null, message);
    }

    /** The records' item keys, in order, the first {@value #EXAMPLES} named. */
    private String keys(List<Held> records) {
        List<String> keys = records.stream().map(held -> describe(held.key())).sorted().limit(EXAMPLES).toList();
        return String.join(" and ", keys) + (records.size() > EXAMPLES ? " and " + (records.size() - EXAMPLES) + " more" : "");
    }
}
