package dev.dmig.feature.match;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Records of the target that are no longer live: soft-deleted ({@code _deleted: true}, as Amplify DataStore marks a
 * deleted row, kept only for clients' sync until its time to live removes it) or past their time to live (the number of
 * seconds since the epoch in the table's TTL attribute, from DescribeTimeToLive, is before now: DynamoDB deletes such a
 * record when it gets to it, and applications read it as gone). A tombstone is no candidate for a {@code match}: a
 * source record paired with one would take its ID and become a record that is deleted later, every reference to it
 * dangling. Nor does a {@code whenMatched: update} carry either attribute from the target's record onto what it writes.
 */
public final class Tombstones {
    /** The flag of a soft-deleted record. */
    static final String DELETED = "_deleted";

    private Tombstones() {}

    /**
     * Why the target's record {@code item} is not live at {@code now}: {@code _deleted}, or its TTL attribute in the past;
     * null when it is live. {@code timeToLive}: the table's TTL attribute, null when it has none (or it is not known).
     */
    public static String why(Map<String, AttributeValue> item, String timeToLive, Instant now) {
        AttributeValue deleted = item.get(DELETED);
        if (deleted != null && Boolean.TRUE.equals(deleted.bool())) {
            return DELETED;
        }
        AttributeValue expires = timeToLive == null ? null : item.get(timeToLive);
        if (expires != null && expires.n() != null && now != null && expired(expires.n(), now)) {
            return timeToLive + " in the past";
        }
        return null;
    }

    private static boolean expired(String seconds, Instant now) {
        try {
            return new BigDecimal(seconds).compareTo(BigDecimal.valueOf(now.getEpochSecond())) < 0;
        } catch (NumberFormatException e) {
            // DynamoDB's numbers always parse; a value that does not is no time to live.
            return false;
        }
    }

    /** {@code preImage} without what ends a record's life: its {@code _deleted} flag and its TTL attribute. */
    static Map<String, AttributeValue> living(Map<String, AttributeValue> preImage, String timeToLive) {
        Map<String, AttributeValue> living = new java.util.LinkedHashMap<>(preImage);
        living.remove(DELETED);
        if (timeToLive != null) {
            living.remove(timeToLive);
        }
        return living;
    }
}
