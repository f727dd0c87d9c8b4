package dev.dmig.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord;
import dev.dmig.run.RunLayout;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What one source segment's migration journaled that validation must know, read from that segment's journal alone
 * (100M keys would not fit one function): the keys it left alone on purpose (skipped conflicts, records a {@code match}
 * keeps), only for the {@code skipping} tables — not a test run's records the run took over ({@code adopted}): those are
 * what the run would have written, and are checked as its own; and the pre-images of the records written over on
 * purpose in the tables whose write rules say so ({@link dev.dmig.migrate.ItemTransformer#writesOver}: a {@code match}'s
 * update), whose expected content each item's rule builds from its pre-image. For a run that followed its source, the
 * keys following left alone too (records the target held that the run did not write, under {@code onConflict: skip}),
 * in every table: following's journal is read once per table.
 */
final class JournaledKeys implements SegmentValidator.SkippedKeys {
    private final Journal journal;
    private final String runId;
    private final Set<String> skipping;
    private final Predicate<String> writesOver;
    /** Whether the run followed its source: following's left-alone keys count in every segment. */
    private final boolean followed;
    /** By table: the keys following left alone, read once. */
    private final Map<String, SegmentValidator.LeftAlone> followedKeys = new ConcurrentHashMap<>();

    /** By table: the test run's keys the run took over, read once. */
    private final Map<String, Set<String>> adopted = new ConcurrentHashMap<>();
    private final Function<String, Set<String>> adoptedOf;

    /** {@code adoptedOf}: a table's keys the run took over from a test run ({@link dev.dmig.run.RunFiles#adopted}). */
    JournaledKeys(Journal journal, String runId, Set<String> skipping, Predicate<String> writesOver, boolean followed,
                  Function<String, Set<String>> adoptedOf) {
        this.journal = journal;
        this.adoptedOf = adoptedOf;
        this.runId = runId;
        this.skipping = Set.copyOf(skipping);
        this.writesOver = writesOver;
        this.followed = followed;
    }

    @Override
    public SegmentValidator.LeftAlone of(String model, int segment) {
        SegmentValidator.LeftAlone followedLeft = followed ? followedKeys.computeIfAbsent(model, m -> leftAlone(m, RunLayout.FOLLOW_SEGMENT))
                : new SegmentValidator.LeftAlone(Set.of(), Set.of());
        if (!skipping.contains(model)) {
            return followedLeft;
        }
        SegmentValidator.LeftAlone left = leftAlone(model, segment);
        Set<String> keys = new HashSet<>(followedLeft.keys());
        keys.addAll(left.keys());
        Set<String> byProduction = new HashSet<>(followedLeft.byProduction());
        byProduction.addAll(left.byProduction());
        return new SegmentValidator.LeftAlone(keys, byProduction);
    }

    private SegmentValidator.LeftAlone leftAlone(String model, int segment) {
        Set<String> taken = adopted.computeIfAbsent(model, adoptedOf);
        Set<String> keys = new HashSet<>();
        Set<String> byProduction = new HashSet<>();
        for (String key : journal.entries(runId, model, segment)) {
            journal.read(key).ifPresent(entry -> entry.records().stream()
                    .filter(r -> r.action().leftAlone())
                    .filter(r -> !taken.contains(Journal.keyId(r)))
                    .forEach(r -> {
                        keys.add(Journal.keyId(r));
                        if (r.action() == JournalRecord.Action.CHANGED) {
                            byProduction.add(Journal.keyId(r));
                        }
                    }));
        }
        return new SegmentValidator.LeftAlone(keys, byProduction);
    }

    @Override
    public Set<String> adopted(String model) {
        return adopted.computeIfAbsent(model, adoptedOf);
    }

    @Override
    public Map<String, JsonNode> updated(String model, int segment) {
        if (!writesOver.test(model)) {
            return Map.of();
        }
        Map<String, JsonNode> preImages = new HashMap<>();
        for (String key : journal.entries(runId, model, segment)) {
            journal.read(key).ifPresent(entry -> entry.records().stream()
                    .filter(r -> r.action() == JournalRecord.Action.OVERWRITTEN && r.preImage() != null)
                    .forEach(r -> preImages.put(Journal.keyId(r), r.preImage())));
        }
        return preImages;
    }
}
