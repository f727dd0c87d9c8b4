package dev.dmig.migrate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dmig.store.ContentDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table's totals over its segments' checkpoints: items read, written and skipped, and of the skipped those
 * {@code dropped} (not copied on purpose: {@code leftBehind} says why, {@link #droppedBy()}); {@code first} and {@code last}: when its first
 * segment started and its last one last saved; the batches re-sent, the SDK's retries and the late arrivals; and
 * {@code sourceDigest}, the digest of what the migration read, null unless every segment has a checkpoint that took it;
 * {@code cargo}: what its pages' cargo ({@link PageCargo}) wrote, each count by its name (the Storage objects copied to
 * the target's bucket: {@link PageCargo#OBJECTS}), which the report reads by name; {@code findings}: what the copy's
 * check found in its copies ({@link PageCheck}), null unless every segment has a checkpoint that looked at every page.
 * What the validation's counts and the Finalize step's progress and retries come from; Finalize keeps them as JSON
 * between its calls, so a record kept without {@code dropped}, {@code sourceDigest}, {@code cargo} and {@code leftBehind}
 * reads with 0, null, none and null; one kept by a version that counted the objects in a field of their own
 * ({@code objects}) reads them as the cargo's.
 */
public record CheckpointTotals(long read, long written, long skipped, long dropped, String first, String last,
                               long unprocessedRetries, long sdkRetries, long lateArrivals, String sourceDigest,
                               Map<String, Long> cargo, LeftBehind leftBehind, List<PageFindings.Found> findings) {
    /** No checkpoint at all. */
    public static final CheckpointTotals NONE = new CheckpointTotals(0, 0, 0, 0, null, null, 0, 0, 0, null, Map.of(), LeftBehind.NONE,
            null);

    public CheckpointTotals {
        cargo = cargo == null ? Map.of() : Map.copyOf(cargo);
    }

    /** As Finalize kept them: {@code objects}, the count a version before the cargo's counts kept, read when {@code cargo} is absent. */
    @JsonCreator
    @SuppressWarnings("checkstyle:ParameterNumber") // the stored record's fields, one parameter each, and the earlier count
    static CheckpointTotals kept(@JsonProperty("read") long read, @JsonProperty("written") long written,
                                 @JsonProperty("skipped") long skipped, @JsonProperty("dropped") long dropped,
                                 @JsonProperty("first") String first, @JsonProperty("last") String last,
                                 @JsonProperty("unprocessedRetries") long unprocessedRetries,
                                 @JsonProperty("sdkRetries") long sdkRetries, @JsonProperty("lateArrivals") long lateArrivals,
                                 @JsonProperty("sourceDigest") String sourceDigest, @JsonProperty("cargo") Map<String, Long> cargo,
                                 @JsonProperty("objects") long objects, @JsonProperty("leftBehind") LeftBehind leftBehind,
                                 @JsonProperty("findings") List<PageFindings.Found> findings) {
        Map<String, Long> carried = cargo != null ? cargo : objects == 0 ? Map.of() : Map.of(PageCargo.OBJECTS, objects);
        return new CheckpointTotals(read, written, skipped, dropped, first, last, unprocessedRetries, sdkRetries, lateArrivals,
                sourceDigest, carried, leftBehind, findings);
    }

    /** The totals of a table of {@code segments} segments over {@code checkpoints}, its own. */
    public static CheckpointTotals of(List<Checkpoint> checkpoints, int segments) {
        CheckpointTotals totals = checkpoints.size() == segments
                ? new CheckpointTotals(0, 0, 0, 0, null, null, 0, 0, 0, new ContentDigest().hex(), Map.of(), LeftBehind.NONE, List.of())
                : NONE;
        for (Checkpoint c : checkpoints) {
            totals = totals.add(c);
        }
        return totals;
    }

    /**
     * The totals of each table of {@code segments} (its number of segments) over the checkpoints of its segments among
     * {@code all}; a table without any has totals of nothing.
     */
    public static Map<String, CheckpointTotals> byTable(List<Checkpoint> all, Map<String, Integer> segments) {
        Map<String, List<Checkpoint>> byModel = new LinkedHashMap<>();
        segments.keySet().forEach(model -> byModel.put(model, new ArrayList<>()));
        for (Checkpoint c : all) {
            if (c.segment() < segments.getOrDefault(c.model(), 0)) {
                byModel.get(c.model()).add(c);
            }
        }
        Map<String, CheckpointTotals> totals = new LinkedHashMap<>();
        byModel.forEach((model, checkpoints) -> totals.put(model, of(checkpoints, segments.get(model))));
        return totals;
    }

    /** These totals with one more segment's checkpoint. */
    public CheckpointTotals add(Checkpoint c) {
        String start = first == null || Instant.parse(c.startedAt()).isBefore(Instant.parse(first)) ? c.startedAt() : first;
        String end = last == null || Instant.parse(c.updatedAt()).isAfter(Instant.parse(last)) ? c.updatedAt() : last;
        return new CheckpointTotals(read + c.itemsRead(), written + c.itemsWritten(), skipped + c.itemsSkipped(),
                dropped + c.itemsDropped(), start, end, unprocessedRetries + c.unprocessedRetries(), sdkRetries + c.sdkRetries(),
                lateArrivals + c.lateArrivals(), sourceDigestWith(c), cargoWith(c), droppedBy().plus(c.dropped()),
                PageFindings.sum(findings, c.findings()));
    }

    /** The cargo's counts with the checkpoint's added: the objects its pages copied. */
    private Map<String, Long> cargoWith(Checkpoint c) {
        Map<String, Long> sum = new LinkedHashMap<>(cargo);
        sum.merge(PageCargo.OBJECTS, c.objectsCopied(), Long::sum);
        return sum;
    }

    /** The items not copied on purpose, by why. */
    public LeftBehind droppedBy() {
        return LeftBehind.of(dropped, leftBehind);
    }

    /** The source digest with the checkpoint's added; null when either has none. */
    private String sourceDigestWith(Checkpoint c) {
        Optional<ContentDigest> took = c.sourceRead();
        Optional<ContentDigest> sum = sourceRead();
        // Segments resumed by another version of dmig may hold digests of two algorithms: then none is known.
        return sum.isEmpty() || took.isEmpty() || !sum.get().addable(took.get()) ? null : sum.get().add(took.get()).hex();
    }

    /** What the migration read of the table's source, as a digest; empty unless every segment's checkpoint took it. */
    public Optional<ContentDigest> sourceRead() {
        return sourceDigest == null ? Optional.empty() : Optional.of(ContentDigest.of(sourceDigest, read));
    }

    /** Items the run left alone at their target keys: conflicts skipped, test records adopted, late arrivals. */
    public long leftAlone() {
        return skipped - dropped;
    }

    /** From the first segment's start to the last segment's last save; 0 without a checkpoint. */
    public long millis() {
        return first == null ? 0 : Duration.between(Instant.parse(first), Instant.parse(last)).toMillis();
    }
}
