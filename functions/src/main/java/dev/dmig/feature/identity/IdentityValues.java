package dev.dmig.feature.identity;

import dev.dmig.identity.IdentityMap;
import dev.dmig.identity.Usernames;
import dev.dmig.migrate.PlaceholderValues;
import dev.dmig.migrate.RunMappings;
import dev.dmig.migrate.ValueWalk;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.UnmatchedFix;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An identity in a value (a whole {@code "@owner"}, or a pattern's {@code {sub}}), mapped by the run's identity map; one
 * without a match as the table's {@code onUnmatched} (else the plan's) says: kept, removed, or refused naming the item,
 * with the fix a feature of the plan gives ({@link UnmatchedFix}), else the map's way to match the user.
 */
final class IdentityValues implements PlaceholderValues {
    private final MigrationPlan plan;
    private final IdentityMap identities;

    IdentityValues(MigrationPlan plan, IdentityMap identities) {
        this.plan = plan;
        this.identities = identities;
    }

    /** The run's: its plan and the identity map it was started with. */
    static PlaceholderValues of(MigrationPlan plan, RunMappings run) {
        return new IdentityValues(plan, run.identities());
    }

    @Override
    public Class<PlaceholderTarget.Identity> target() {
        return PlaceholderTarget.Identity.class;
    }

    @Override
    public String mapped(TablePlan table, ReferencePath path, PlaceholderTarget target, String part, Map<String, AttributeValue> source) {
        return mapped(table, path, ((PlaceholderTarget.Identity) target).kind(), part, source);
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
        UnmatchedPolicy policy = UnmatchedPolicy.of(plan, table.model());
        if (policy == UnmatchedPolicy.REMOVE) {
            return null;
        }
        if (policy == UnmatchedPolicy.REFUSE || policy == UnmatchedPolicy.DROP) {
            // Under drop such an item is left behind before it is mapped (copies): mapping it anyway is refused.
            String fix = UnmatchedFix.of(plan, kind, table.model()).map(feature -> "; " + feature).orElseGet(() ->
                    identities.advice(kind, value, plan.identities()) + ", or set identities.onUnmatched to keep or remove");
            throw ValueWalk.invalid(table, path.text(), source, "identity '" + ValueWalk.shortened(Usernames.shownValue(value))
                    + "' has no match in " + plan.identities().mapName() + fix);
        }
        return value;
    }
}
