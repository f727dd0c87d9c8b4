package dev.dmig.analysis;

import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.TablePair;
import dev.dmig.store.ItemKeys;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Counts each identity reference's values and those without a match in the run's identity map, and the items left
 * behind for an identity without a match ({@code onUnmatched: drop}).
 */
final class IdentityTallies implements ScanCheck {
    /** The items left behind for an identity without a match, summed into the table's; none when there is none. */
    static final ScanTally<CountedKeys, TableAnalysis.LeftBehind> UNMATCHED_LEFT_BEHIND = new ScanTally<>(
            "unmatchedLeftBehind", CountedKeys.class, CountedKeys::new, CountedKeys::add, TableAnalysis.LeftBehind.class,
            (left, table) -> left.items == 0 ? null : new TableAnalysis.LeftBehind(left.items, left.examples));

    private final ItemTransformer transformer;
    private final IdentityMap map;

    private IdentityTallies(ItemTransformer transformer, IdentityMap map) {
        this.transformer = transformer;
        this.map = map;
    }

    /** Every plan: a table without identity references gives none to count. */
    static void addTo(List<ScanCheck> checks, ScanCheck.Parts parts) {
        checks.add(new IdentityTallies(parts.transformer(), parts.users()));
    }

    @Override
    public Page page(SegmentScan scan, TablePair pair) {
        return new Page() {
            @Override
            public void notCopied(Map<String, AttributeValue> source) {
                if (transformer.leftBehindUnmatched(scan.model, source)) {
                    String itemKey = ItemKeys.describe(pair.source().keyOf(source));
                    tally(scan, source, itemKey);
                    scan.tally(UNMATCHED_LEFT_BEHIND).count(itemKey);
                }
            }

            @Override
            public void mapping(Map<String, AttributeValue> source, String itemKey) {
                // Counted before the item is mapped: under refuse, one without a match is a problem, and still counted.
                tally(scan, source, itemKey);
            }
        };
    }

    private void tally(SegmentScan scan, Map<String, AttributeValue> source, String itemKey) {
        transformer.forEachIdentity(scan.model, source, (path, kind, value, matched) -> scan.identities
                .computeIfAbsent(path, p -> new SegmentScan.IdentityTally()).add(itemKey, value, matched,
                        !matched && map != null && map.namesTarget(kind, value)));
    }
}
