package dev.dmig.feature.identity;

import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PlaceholderWalk;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlaceholderTarget;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The identity values of a source item, each with whether the identity map has a match for it: what analysis tallies
 * ({@link IdentityTallies}) and what decides an item left behind under {@code onUnmatched: drop} ({@link
 * IdentityWriteRule}). Read through the transformer's walk of placeholders (the plan's patterns, and file values' keys
 * read as its rewrites read them), matched in the run's identity map.
 */
final class IdentityWalk {
    private final MigrationPlan plan;
    private final PlaceholderWalk placeholders;
    private final IdentityValues identities;

    IdentityWalk(MigrationPlan plan, IdentityMap identities, PlaceholderWalk placeholders) {
        this.plan = plan;
        this.placeholders = placeholders;
        this.identities = new IdentityValues(plan, identities);
    }

    /** The walk of the items {@code transformer} maps, with the identity map of its run. */
    static IdentityWalk of(ItemTransformer transformer) {
        return new IdentityWalk(transformer.plan(), transformer.run().identities(), transformer.placeholders());
    }

    /** Receives each non-empty identity value found in an item, and whether the identity map has a match for it. */
    @FunctionalInterface
    interface Visitor {
        void visit(String path, IdentityKind kind, String value, boolean matched);
    }

    /** Visits every non-empty identity value of a source item, by its path as analysis reports it ({@code owner}, {@code PK{sub}}). */
    void forEach(String model, Map<String, AttributeValue> item, Visitor visitor) {
        placeholders.forEach(model, item, PlaceholderTarget.Identity.class, (path, identity, value) ->
                visitor.visit(path, identity.kind(), value, identities.matched(identity.kind(), value)));
    }

    /**
     * Whether the item is left behind because it holds an identity the map has no match for and its table's
     * {@code onUnmatched} is {@code drop}. An item whose values do not even match their patterns is not: mapping it
     * names that problem.
     */
    boolean leftBehindUnmatched(String model, Map<String, AttributeValue> source) {
        if (UnmatchedPolicy.of(plan, model) != UnmatchedPolicy.DROP) {
            return false;
        }
        boolean[] unmatched = {false};
        try {
            forEach(model, source, (path, kind, value, matched) -> unmatched[0] |= !matched);
        } catch (ItemInvalidException e) {
            return false;
        }
        return unmatched[0];
    }
}
