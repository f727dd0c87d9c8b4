package dev.dmig.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that rewrite an item, in the order their rewrites run: the table's own ID first (the others' problems
 * name the item by its source key either way), then whole-value references, values by patterns (IDs inside composite
 * values and identities), file keys, DataStore's fields, and last the plan's rename, remove and set, which see the
 * mapped values. A new feature adds its {@link Rewrite.Feature} here.
 */
final class Rewrites {
    private static final List<Rewrite.Feature> FEATURES = List.of(TableIdRewrite::addTo, ReferenceRewrite::addTo,
            PatternRewrite::addTo, FileKeyRewrite::addTo, DataStoreRewrite::addTo, EditRewrite::addTo);

    private Rewrites() {}

    /** The table's chain: every feature's rewrites of it, in order. */
    static Rewrite[] of(RewriteParts parts) {
        List<Rewrite> chain = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(chain, parts));
        return chain.toArray(Rewrite[]::new);
    }
}
