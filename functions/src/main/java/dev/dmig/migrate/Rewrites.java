package dev.dmig.migrate;

import dev.dmig.Features;
import java.util.ArrayList;
import java.util.List;

/**
 * What rewrites an item, in the order the rewrites run: the table's own ID first (the others' problems name the item by
 * its source key either way), then whole-value references, values by patterns (IDs inside composite values and
 * identities), every feature's ({@code dev.dmig.Feature}: the Storage files' keys first), and last the plan's rename, remove and set, which
 * see the mapped values.
 */
final class Rewrites {
    private static final List<Rewrite.Feature> FEATURES = java.util.stream.Stream.of(
            List.<Rewrite.Feature>of(TableIdRewrite::addTo, ReferenceRewrite::addTo, PatternRewrite::addTo),
            Features.at(Rewrite.Feature.class), List.<Rewrite.Feature>of(EditRewrite::addTo)).flatMap(List::stream).toList();

    private Rewrites() {}

    /** The table's chain: every feature's rewrites of it, in order. */
    static Rewrite[] of(RewriteParts parts) {
        List<Rewrite> chain = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(chain, parts));
        return chain.toArray(Rewrite[]::new);
    }
}
