package dev.dmig.store;

import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item as the hashes a run's journal keeps compare with it ({@link ContentDigest#itemHash}): each stored hash is
 * compared with the item's hash of that hash's kind, so that a journal an earlier version wrote (SHA-256) is read as
 * exactly as one written now, and a run resumed across versions compares each record with its own kind. Each kind is
 * hashed at most once per item.
 */
public final class ItemHash {
    private final Map<String, AttributeValue> item;
    private String current;
    private String sha256;

    private ItemHash(Map<String, AttributeValue> item) {
        this.item = item;
    }

    /** {@code item}, to compare with stored hashes. */
    public static ItemHash of(Map<String, AttributeValue> item) {
        return new ItemHash(item);
    }

    /** Whether {@code stored} (null: no hash) is this item's hash, of the kind {@code stored} is. */
    public boolean is(String stored) {
        return stored != null && !stored.isEmpty() && stored.equals(ofKind(stored));
    }

    /** Whether one of {@code stored} is this item's hash ({@link #is}). */
    public boolean in(Collection<String> stored) {
        for (String hash : stored) {
            if (is(hash)) {
                return true;
            }
        }
        return false;
    }

    /** The item's hash as a journal written now keeps it. */
    public String text() {
        if (current == null) {
            current = ContentDigest.itemHash(item);
        }
        return current;
    }

    private String ofKind(String stored) {
        if (ContentDigest.currentItemHash(stored)) {
            return text();
        }
        if (sha256 == null) {
            sha256 = ContentDigest.sha256ItemHash(item);
        }
        return sha256;
    }
}
