package dev.dmig.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.store.ContentDigest;
import java.util.List;

/**
 * What one written page adds to its segment's {@link Checkpoint}: where the scan stands after it ({@code lastKey}, null
 * past the {@code last} page), the items it {@code read} and {@code written}, those of them found in the way ({@code late},
 * all told) and the items not copied on purpose, by why ({@code dropped}), the retries and time it took, whether its journal entry
 * {@code carries} an earlier attempt's records for keys past it, the digest of its {@code source} items and the
 * {@code objects} of file references it wrote, and what the copy's check found in its copies ({@code findings}, null when
 * it did not look: {@link PageCheck}).
 */
record PageTally(JsonNode lastKey, boolean last, long read, long written, long late, LeftBehind dropped, long unprocessedRetries,
                 long sdkRetries, long millis, boolean carries, ContentDigest source, long objects, List<PageFindings.Found> findings) {

    /** Items read and not written: left alone, found in the way, or not copied. */
    long skipped() {
        return read - written;
    }
}
