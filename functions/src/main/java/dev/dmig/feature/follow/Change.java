package dev.dmig.feature.follow;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One change of an item, as a stream record tells it: what happened ({@link Kind}), its sequence number within its shard,
 * the item's key, and the item before and after (null where the change has none: no old image for an insert, no new
 * image for a removal), and about when it was made ({@code made}, null when the stream does not say).
 */
public record Change(Kind kind, String sequence, Map<String, AttributeValue> keys, Map<String, AttributeValue> oldImage,
                     Map<String, AttributeValue> newImage, Instant made) {
    public Change(Kind kind, String sequence, Map<String, AttributeValue> keys, Map<String, AttributeValue> oldImage,
                  Map<String, AttributeValue> newImage) {
        this(kind, sequence, keys, oldImage, newImage, null);
    }

    /** What a change did to its item. */
    public enum Kind { INSERT, MODIFY, REMOVE }
}
