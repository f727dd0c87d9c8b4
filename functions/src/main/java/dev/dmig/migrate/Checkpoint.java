package dev.dmig.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.Reads;
import dev.dmig.store.ArtifactStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code runs/<runId>/checkpoints/<table>/<segment>.json}: where a segment's scan stands and
 * what it has done. Saved after each page's batches (and the earlier pages') are written; with two
 * pages in flight, a resumed segment re-reads at most two pages, and re-writes them with identical content.
 * {@code stalls}: invocations in a row that ran out of time before finishing a page with nothing
 * written; {@code pageLimit}: at most this many items per page (0: the configured size), set when an
 * invocation ran out of time part-way through a page that the table accepted only slowly;
 * {@code lateArrivals}: items the segment did not write because, after analysis, a different item had
 * appeared at their key in the target (counted among the skipped too); {@code carrying}: the sequence numbers whose
 * journal entry holds an earlier attempt's records for keys past its own page (that attempt's pages were larger: pages
 * shrank since), which a resumed invocation recovers records from too; null when none does. A few at most: each shrink
 * redoes at most the two pages an attempt had in flight. {@code sourceDigest}: the {@link ContentDigest} of every source item
 * the checkpointed pages read ({@code itemsRead} of them), which validation compares with the analysis's instead of
 * reading the source again; null in a checkpoint saved by a version that did not take it. {@code itemsDropped}: of the
 * skipped, the items not copied on purpose (0 in a checkpoint of a version without them), and {@code leftBehind} the
 * same by why (null in a checkpoint of a version that did not tell them apart: {@link #dropped()}).
 * {@code objectsCopied}: objects of file references the segment wrote to the target's Storage bucket (0 in a checkpoint
 * of a version that copied none). {@code findings}: what the copy's check ({@link PageCheck}) found in the checkpointed
 * pages' copies, beside their source items; null when a page was not looked at (a copy without the check, a checkpoint of
 * a version without it): validation then looks as it reads the source.
 */
public record Checkpoint(String model, int segment, int totalSegments, JsonNode lastEvaluatedKey, long nextSeq,
                         long itemsRead, long itemsWritten, long itemsSkipped, long unprocessedRetries,
                         long sdkRetries, long invocations, boolean done, String startedAt, String updatedAt, long activeMillis,
                         int stalls, int pageLimit, long lateArrivals, List<Long> carrying, String sourceDigest,
                         long itemsDropped, long objectsCopied, LeftBehind leftBehind, List<PageFindings.Found> findings) {

    /** The items not copied on purpose, by why. */
    public LeftBehind dropped() {
        return LeftBehind.of(itemsDropped, leftBehind);
    }

    /**
     * Every checkpoint the run has saved, in listing order (table, then segment as text), read several at once: a run
     * of a thousand segments has a thousand, and reading them one after another costs a round trip each.
     */
    public static List<Checkpoint> all(ArtifactStore artifacts, String runId) {
        return Reads.all(artifacts.list(RunLayout.checkpoints(runId)), key -> artifacts.getJson(key, Checkpoint.class))
                .stream().flatMap(Optional::stream).toList();
    }

    /** When the run last saved a checkpoint, if it has any: the last page it wrote. */
    public static Optional<Instant> lastWrite(ArtifactStore artifacts, String runId) {
        return all(artifacts, runId).stream().map(c -> Instant.parse(c.updatedAt())).max(Comparator.naturalOrder());
    }

    public static Checkpoint start(String model, int segment, int totalSegments) {
        String now = Instant.now().toString();
        return new Checkpoint(model, segment, totalSegments, null, 0, 0, 0, 0, 0, 0, 0, false, now, now, 0, 0, 0, 0, null,
                new ContentDigest().hex(), 0, 0, LeftBehind.NONE, List.of());
    }

    /** The place past a written page, with what it did added. */
    Checkpoint advance(PageTally page) {
        return new Checkpoint(model, segment, totalSegments, page.lastKey(), nextSeq + 1, itemsRead + page.read(),
                itemsWritten + page.written(), itemsSkipped + page.skipped(), unprocessedRetries + page.unprocessedRetries(),
                sdkRetries + page.sdkRetries(), invocations, page.last(), startedAt, Instant.now().toString(),
                activeMillis + page.millis(), 0, pageLimit, lateArrivals + page.late(),
                page.carries() ? withSeq(carrying, nextSeq) : carrying,
                sourceDigestAfter(page.source()), itemsDropped + page.dropped().total(), objectsCopied + page.objects(),
                dropped().plus(page.dropped()), PageFindings.sum(findings, page.findings()));
    }

    /**
     * The source digest with a page's added; null (as a version that took none) when the checkpoint's was taken by
     * another version of dmig, with another algorithm: the validation then reads the source again.
     */
    private String sourceDigestAfter(ContentDigest page) {
        ContentDigest before = sourceDigest == null ? null : ContentDigest.of(sourceDigest, itemsRead);
        return before == null || !before.addable(page) ? null : before.add(page).hex();
    }

    /** What the checkpointed pages read of the source, as a digest; empty for a checkpoint of a version that took none. */
    public Optional<ContentDigest> sourceRead() {
        return sourceDigest == null ? Optional.empty() : Optional.of(ContentDigest.of(sourceDigest, itemsRead));
    }

    private static List<Long> withSeq(List<Long> seqs, long seq) {
        List<Long> with = new java.util.ArrayList<>(seqs == null ? List.of() : seqs);
        if (!with.contains(seq)) {
            with.add(seq);
        }
        return with;
    }

    /** The entries before the next page's that a resumed invocation recovers journal records from too. */
    List<Long> carryingSeqs() {
        return carrying == null ? List.of() : carrying;
    }

    Checkpoint invoked() {
        return new Checkpoint(model, segment, totalSegments, lastEvaluatedKey, nextSeq, itemsRead, itemsWritten, itemsSkipped,
                unprocessedRetries, sdkRetries, invocations + 1, done, startedAt, updatedAt, activeMillis, stalls, pageLimit, lateArrivals,
                carrying, sourceDigest, itemsDropped, objectsCopied, leftBehind, findings);
    }

    /** The same place, one more invocation that ran out of time before it finished a page, having written nothing. */
    Checkpoint stalled() {
        return new Checkpoint(model, segment, totalSegments, lastEvaluatedKey, nextSeq, itemsRead, itemsWritten, itemsSkipped,
                unprocessedRetries, sdkRetries, invocations, done, startedAt, Instant.now().toString(), activeMillis, stalls + 1,
                pageLimit, lateArrivals, carrying, sourceDigest, itemsDropped, objectsCopied, leftBehind, findings);
    }

    /**
     * The same place after an invocation that ran out of time part-way through a page the table was
     * accepting slowly: not a stall, but pages from here on hold at most {@code limit} items, so that
     * one fits in an invocation at that pace.
     */
    Checkpoint slowed(int limit) {
        return new Checkpoint(model, segment, totalSegments, lastEvaluatedKey, nextSeq, itemsRead, itemsWritten, itemsSkipped,
                unprocessedRetries, sdkRetries, invocations, done, startedAt, Instant.now().toString(), activeMillis, 0,
                Math.max(1, limit), lateArrivals, carrying, sourceDigest, itemsDropped, objectsCopied, leftBehind, findings);
    }
}
