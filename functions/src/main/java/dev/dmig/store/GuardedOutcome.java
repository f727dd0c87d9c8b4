package dev.dmig.store;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How one {@link ItemStore#writeIfOnce} call ended. {@code unprocessed}: writes not sent or throttled, to be sent again;
 * {@code refused}: writes not carried out because their key did not hold what they expected, each with what it held.
 * Everything else was written.
 */
public record GuardedOutcome(List<GuardedWrite> unprocessed, List<Refused> refused) {
    public GuardedOutcome {
        unprocessed = List.copyOf(unprocessed);
        refused = List.copyOf(refused);
    }

    /** A write refused because its key held {@code existing} (empty: nothing) rather than what it expected. */
    public record Refused(GuardedWrite write, Map<String, AttributeValue> existing) {}
}
