package dev.dmig.analysis;

import dev.dmig.Reaches;
import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePair;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a feature counts of the source as a segment's analysis scans it, beside the core's counts, references, orphans and
 * conflicts (DataStore rows, identities, users' subs mapped as IDs, Storage objects, expiry, unique values), into the
 * segment's {@link SegmentScan}: what is the feature's own to count is its {@link ScanTally} there. {@link SegmentAnalyzer} asks every check of {@link ScanChecks} for its {@link Page} of
 * each page it reads; what a check needs it is given when it is made, once per analyzer.
 */
public interface ScanCheck {
    /** What this check takes of one page of {@code scan}'s segment ({@code pair}: its tables). */
    Page page(SegmentScan scan, TablePair pair);

    /** One page's items as the analysis meets them, in the order it does; each step sees every item that reaches it. */
    public interface Page {
        /** Every source item read, copied or not. */
        default void read(Map<String, AttributeValue> source) {}

        /** A source item the run does not copy. */
        default void notCopied(Map<String, AttributeValue> source) {}

        /** A source item the run copies, before it is mapped ({@code itemKey}: its source key, as problems name it). */
        default void mapping(Map<String, AttributeValue> source, String itemKey) {}

        /** The item mapped; a problem it finds goes to the scan ({@link SegmentScan#problem}). */
        default void mapped(Map<String, AttributeValue> source, Map<String, AttributeValue> target, String itemKey) {}

        /** A mapped item without a problem, within DynamoDB's item size: what the run would write. */
        default void accepted(Map<String, AttributeValue> source, Map<String, AttributeValue> target) {}

        /** After the page's items, the core's orphans and conflicts. */
        default void done() {}
    }

    /**
     * What a feature's checks are made of: the plan, the run's transformer, the users its identity map knows, what the
     * analysis knows of the targets, and what the analysis reaches beside the tables.
     */
    public record Parts(MigrationPlan plan, ItemTransformer transformer, IdentityMap users, SegmentAnalyzer.Targets targets,
                 Reaches reaches) {}

    /** A feature's checks, added to the analyzer's (none when the plan does not use the feature). */
    @FunctionalInterface
    public interface Feature {
        void addTo(List<ScanCheck> checks, Parts parts);
    }
}
