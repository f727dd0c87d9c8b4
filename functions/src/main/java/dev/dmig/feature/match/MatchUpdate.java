package dev.dmig.feature.match;

import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What {@code whenMatched: update} writes at the target record a source record pairs with: the target record as the run
 * found it (its pre-image, journaled before the write), with every attribute of the mapped source record written over
 * it. An attribute only the target record has is kept, so the production record loses nothing development does not
 * have, but for what would end its life ({@link Tombstones}): its {@code _deleted} flag and its time to live are not
 * carried onto the record written (the mapped record's own are); and the attributes the pair was made on keep production's
 * spelling ({@code alice} where development wrote {@code Alice } and the match folded case and spaces), since production's
 * lookups by exact value (an index on a username or an email) must still find the record. The migration, a resumed page, a test run and
 * validation all build it here, from the same journaled pre-image.
 */
public final class MatchUpdate {
    private MatchUpdate() {}

    /**
     * The item written over {@code preImage}: its attributes but {@code _deleted} and {@code timeToLive} (the table's TTL
     * attribute; null for none), then {@code mapped}'s, {@code mapped}'s winning but at the attributes the pair was made
     * {@code on}, which keep {@code preImage}'s values where it has them.
     */
    public static Map<String, AttributeValue> over(Map<String, AttributeValue> preImage, Map<String, AttributeValue> mapped,
                                                   String timeToLive, Collection<String> on) {
        Map<String, AttributeValue> written = Tombstones.living(preImage, timeToLive);
        written.putAll(mapped);
        for (String attribute : on) {
            AttributeValue production = preImage.get(attribute);
            if (production != null) {
                written.put(attribute, production);
            }
        }
        return written;
    }
}
