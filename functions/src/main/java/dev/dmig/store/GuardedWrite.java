package dev.dmig.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A put or a delete at one key that DynamoDB carries out only if the key still holds what the writer expects there:
 * nothing ({@code expected} null), or an item whose every attribute equals {@code expected}'s. It is how dmig writes over
 * or deletes a record production may be using: what production changed since the writer looked is left as it is, and
 * handed back ({@link GuardedOutcome.Refused}), never written over. {@code hashKey}: the table's partition key attribute,
 * which the condition names.
 */
public record GuardedWrite(WriteRequest request, String hashKey, Map<String, AttributeValue> expected) {
    public GuardedWrite {
        expected = expected == null ? null : Map.copyOf(expected);
    }

    /** A put written only where no item is at its key. */
    public static GuardedWrite ifAbsent(WriteRequest put, String hashKey) {
        return new GuardedWrite(put, hashKey, null);
    }

    /** A put or a delete written only where the key holds {@code expected}, unchanged. */
    public static GuardedWrite ifHolding(WriteRequest request, String hashKey, Map<String, AttributeValue> expected) {
        if (expected == null) {
            throw new IllegalArgumentException("a write guarded by what its key holds needs that item");
        }
        return new GuardedWrite(request, hashKey, expected);
    }

    /**
     * A put or a delete written only while the key holds what the writer found there when it read: nothing ({@code found}
     * null), or {@code found} unchanged.
     */
    public static GuardedWrite ifStill(WriteRequest request, String hashKey, Map<String, AttributeValue> found) {
        return found == null ? ifAbsent(request, hashKey) : ifHolding(request, hashKey, found);
    }

    /** What the key holds once the write is done: the put's item, or nothing (null) for a delete. */
    public Map<String, AttributeValue> result() {
        return request.putRequest() != null ? request.putRequest().item() : null;
    }

    /** Whether {@code existing} (empty for nothing) is what this write leaves at its key: an earlier attempt wrote it. */
    public boolean doneBy(Map<String, AttributeValue> existing) {
        Map<String, AttributeValue> result = result();
        return result == null ? existing.isEmpty() : !existing.isEmpty() && ContentDigest.same(result, existing);
    }
}
