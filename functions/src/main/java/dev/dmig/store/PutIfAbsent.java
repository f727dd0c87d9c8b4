package dev.dmig.store;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * How one {@link ItemStore#putIfAbsentOnce} call ended. {@code unprocessed}: puts not written, to be
 * sent again (all of them when the call was throttled or conflicted with another writer);
 * {@code present}: puts not written because an item was already at their key, with that item.
 * Everything else was written.
 */
public record PutIfAbsent(List<WriteRequest> unprocessed, List<Present> present) {
    public PutIfAbsent {
        unprocessed = List.copyOf(unprocessed);
        present = List.copyOf(present);
    }

    /** A put refused because {@code existing} was already at its key. */
    public record Present(WriteRequest request, Map<String, AttributeValue> existing) {}

    public static PutIfAbsent allWritten() {
        return new PutIfAbsent(List.of(), List.of());
    }
}
