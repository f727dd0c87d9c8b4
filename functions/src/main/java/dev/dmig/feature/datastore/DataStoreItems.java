package dev.dmig.feature.datastore;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The conflict-detection fields AppSync keeps in the items of an Amplify DataStore table: a version, the time of
 * the last change in milliseconds, a soft-delete flag, and, on soft-deleted rows, the time to live that removes
 * them. An item is DataStore's when it has both {@code _version} and {@code _lastChangedAt} as numbers.
 */
public final class DataStoreItems {
    static final String VERSION = "_version";
    static final String LAST_CHANGED_AT = "_lastChangedAt";
    static final String DELETED = "_deleted";
    static final String TTL = "_ttl";
    /** The fields a reset or a stamp writes or removes. */
    static final java.util.Set<String> FIELDS = java.util.Set.of(VERSION, LAST_CHANGED_AT, TTL);

    private DataStoreItems() {}

    /** Whether the item carries DataStore's fields. */
    public static boolean managed(Map<String, AttributeValue> item) {
        return number(item.get(VERSION)) && number(item.get(LAST_CHANGED_AT));
    }

    /** Whether the item is a DataStore row that was deleted ({@code _deleted: true}) and is kept only for clients' sync. */
    public static boolean softDeleted(Map<String, AttributeValue> item) {
        AttributeValue deleted = item.get(DELETED);
        return managed(item) && deleted != null && Boolean.TRUE.equals(deleted.bool());
    }

    /** A new row's fields: version 1, changed at {@code startedAtMillis}, no time to live. */
    static void reset(Map<String, AttributeValue> item, long startedAtMillis) {
        item.put(VERSION, AttributeValue.fromN("1"));
        item.put(LAST_CHANGED_AT, AttributeValue.fromN(Long.toString(startedAtMillis)));
        item.remove(TTL);
    }

    /** A row of a DataStore table that lacks the fields: version 1, changed at {@code startedAtMillis}, as a new row. */
    static void stamp(Map<String, AttributeValue> item, long startedAtMillis) {
        item.put(VERSION, AttributeValue.fromN("1"));
        item.put(LAST_CHANGED_AT, AttributeValue.fromN(Long.toString(startedAtMillis)));
    }

    /** The item without the time of its last change: what two runs that copy the same row write alike. */
    static Map<String, AttributeValue> unstamped(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> copy = new java.util.HashMap<>(item);
        copy.remove(LAST_CHANGED_AT);
        return copy;
    }

    private static boolean number(AttributeValue value) {
        return value != null && value.type() == AttributeValue.Type.N;
    }
}
