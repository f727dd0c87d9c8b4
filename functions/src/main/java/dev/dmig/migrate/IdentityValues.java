package dev.dmig.migrate;

import dev.dmig.identity.IdentityMap;
import dev.dmig.identity.Usernames;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.UnmatchedPolicy;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An identity in a value, mapped by the run's identity map; one without a match as the table's {@code onUnmatched} (else
 * the plan's) says: kept, removed, or refused naming the item.
 */
final class IdentityValues {
    private final MigrationPlan plan;
    private final IdentityMap identities;

    IdentityValues(MigrationPlan plan, IdentityMap identities) {
        this.plan = plan;
        this.identities = identities;
    }

    /** Whether the map has a match for the identity. */
    boolean matched(IdentityKind kind, String value) {
        return identities.map(kind, value) != null;
    }

    /** The identity's match; the value itself under {@code keep}; null under {@code remove}; refused otherwise. */
    String mapped(TablePlan table, ReferencePath path, IdentityKind kind, String value, Map<String, AttributeValue> source) {
        String user = identities.map(kind, value);
        if (user != null) {
            return user;
        }
        UnmatchedPolicy policy = plan.onUnmatched(table.model());
        if (policy == UnmatchedPolicy.REMOVE) {
            return null;
        }
        if (policy == UnmatchedPolicy.REFUSE || policy == UnmatchedPolicy.DROP) {
            // Under drop such an item is left behind before it is mapped (copies): mapping it anyway is refused.
            throw ValueWalk.invalid(table, path.text(), source, "identity '" + ValueWalk.shortened(Usernames.shownValue(value))
                    + "' has no match in " + plan.identities().mapName() + identities.advice(kind, value, plan.identities())
                    + ", or set identities.onUnmatched to keep or remove");
        }
        return value;
    }
}
