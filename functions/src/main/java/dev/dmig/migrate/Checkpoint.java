package dev.dmig.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * {@code runs/<runId>/checkpoints/<table>/<segment>.json}: where a segment's scan stands and
 * what it has done. Saved after each page's batches (and the earlier pages') are written; with two
 * pages in flight, a resumed segment re-reads at most two pages, and re-writes them with identical content.
 */
public record Checkpoint(String model, int segment, int totalSegments, JsonNode lastEvaluatedKey, long nextSeq,
                         long itemsRead, long itemsWritten, long itemsSkipped, long unprocessedRetries,
                         long sdkRetries, long invocations, boolean done, String startedAt, String updatedAt, long activeMillis) {

    public static Checkpoint start(String model, int segment, int totalSegments) {
        String now = Instant.now().toString();
        return new Checkpoint(model, segment, totalSegments, null, 0, 0, 0, 0, 0, 0, 0, false, now, now, 0);
    }

    Checkpoint advance(JsonNode lastKey, long read, long written, long skipped, long retries, long sdk, long millis,
                       boolean last) {
        return new Checkpoint(model, segment, totalSegments, lastKey, nextSeq + 1, itemsRead + read, itemsWritten + written,
                itemsSkipped + skipped, unprocessedRetries + retries, sdkRetries + sdk, invocations, last, startedAt,
                Instant.now().toString(), activeMillis + millis);
    }

    Checkpoint invoked() {
        return new Checkpoint(model, segment, totalSegments, lastEvaluatedKey, nextSeq, itemsRead, itemsWritten, itemsSkipped,
                unprocessedRetries, sdkRetries, invocations + 1, done, startedAt, updatedAt, activeMillis);
    }
}
