package dev.dmig.analysis;

import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePair;
import dev.dmig.store.DynamoJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keeps, per {@code unique} attribute of a table, the hash of each value the run would write with its target and
 * source keys ({@link UniqueValues}), which the summary joins with the target's and the other items' values.
 */
final class UniqueValueScan implements ScanCheck {
    private final MigrationPlan plan;
    /** How the examples name a source item ({@link ItemTransformer#shownKey}). */
    private final ItemTransformer transformer;

    private UniqueValueScan(MigrationPlan plan, ItemTransformer transformer) {
        this.plan = plan;
        this.transformer = transformer;
    }

    /** Every plan: a table without unique attributes gives nothing to keep. */
    static void addTo(List<ScanCheck> checks, ScanCheck.Parts parts) {
        checks.add(new UniqueValueScan(parts.plan(), parts.transformer()));
    }

    @Override
    public Page page(SegmentScan scan, TablePair pair) {
        List<String> unique = plan.table(scan.model).unique();
        if (unique.isEmpty()) {
            return new Page() { };
        }
        return new Page() {
            @Override
            public void accepted(Map<String, AttributeValue> source, Map<String, AttributeValue> target) {
                for (String attribute : unique) {
                    String hash = UniqueValues.hash(attribute, target.get(attribute));
                    if (hash != null) {
                        scan.unique.computeIfAbsent(attribute, a -> new ArrayList<>()).add(UniqueValues.entry(hash,
                                DynamoJson.item(pair.target().keyOf(target)).toString(),
                                transformer.shownKey(scan.model, pair.source().keyOf(source), pair.target().keyOf(target))));
                    }
                }
            }
        };
    }
}
