package dev.dmig.analysis;

import dev.dmig.plan.TablePair;
import dev.dmig.migrate.ItemTransformer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Counts the items that would arrive in the target already expired by its time to live, and a few of their keys. */
final class ExpiredItems implements ScanCheck {
    /** Summed into the table's {@link TimeToLiveAnalysis}, which there is when its target deletes by time to live. */
    static final ScanTally<CountedKeys, TimeToLiveAnalysis> TALLY = new ScanTally<>("expired", CountedKeys.class,
            CountedKeys::new, CountedKeys::add, TimeToLiveAnalysis.class, (expired, table) -> table.timeToLive() == null ? null
                    : new TimeToLiveAnalysis(table.timeToLive().attribute(), expired.items, expired.examples,
                            table.timeToLive().unreadable()));

    /** Per model, its target's TTL attribute. */
    private final Map<String, String> timeToLive;
    private final Instant now;
    /** How the examples name a source item ({@link ItemTransformer#shownKey}). */
    private final ItemTransformer transformer;

    private ExpiredItems(Map<String, String> timeToLive, Instant now, ItemTransformer transformer) {
        this.timeToLive = timeToLive;
        this.now = now;
        this.transformer = transformer;
    }

    /** Every plan: a target table without TTL gives nothing to count. */
    static void addTo(List<ScanCheck> checks, ScanCheck.Parts parts) {
        checks.add(new ExpiredItems(parts.targets().timeToLive(), parts.targets().now(), parts.transformer()));
    }

    @Override
    public Page page(SegmentScan scan, TablePair pair) {
        String ttl = timeToLive.get(scan.model);
        if (ttl == null) {
            return new Page() { };
        }
        return new Page() {
            @Override
            public void accepted(Map<String, AttributeValue> source, Map<String, AttributeValue> target) {
                // The mapped item is what TTL will see; the source key is what the user can look up.
                if (TargetEffects.expired(target.get(ttl), now)) {
                    scan.tally(TALLY).count(transformer.shownKey(scan.model, pair.source().keyOf(source), pair.target().keyOf(target)));
                }
            }
        };
    }
}
