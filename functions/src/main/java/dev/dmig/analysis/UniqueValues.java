package dev.dmig.analysis;

import dev.dmig.store.ContentDigest;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How analysis remembers a value that must be unique without keeping the value itself: a 128-bit
 * hash of its canonical form (so no e-mail address or user name lands in an artifact), next to
 * the key of the item that holds it.
 */
final class UniqueValues {
    private static final char SEPARATOR = '\t';

    private UniqueValues() {}

    /** The hash of a value as it will be in the target, or null when there is nothing to compare (absent, NULL, ""). */
    static String hash(String attribute, AttributeValue value) {
        if (value == null || value.type() == AttributeValue.Type.NUL
                || (value.type() == AttributeValue.Type.S && value.s().isEmpty())) {
            return null;
        }
        return HexFormat.of().formatHex(ContentDigest.hash(Map.of(attribute, value)), 0, 16);
    }

    /** One stored entry: value hash, the target key it sits at, and a readable item key. */
    static String entry(String hash, String targetKeyId, String itemKey) {
        return hash + SEPARATOR + targetKeyId + SEPARATOR + itemKey;
    }

    static String[] split(String entry) {
        return entry.split(String.valueOf(SEPARATOR), 3);
    }
}
