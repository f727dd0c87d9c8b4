package dev.dmig.validate;

import dev.dmig.Reaches;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.PageFindings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.TableInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a feature checks of a run's copies as a segment's validation reads them, beside the core's comparison of each
 * item with its target (Storage objects, the source's values left in what was written). {@link SegmentValidator} calls
 * every check of {@link CopyChecks} on each page; what a check needs it is given when it is made, once per validator.
 * What it finds goes to the segment's {@link Findings}, which validation stores, sums over segments and reports.
 */
public interface CopyCheck {
    /** The source items of a page of {@code model} that the run copied, adding to the segment's findings. */
    default void copied(String model, List<Map<String, AttributeValue>> sources, Findings findings) {}

    /** Target items of {@code model} the run wrote ({@code target}: their table, for their keys). */
    default void written(String model, TableInfo target, List<Map<String, AttributeValue>> items, Findings findings) {}

    /** What a check adds to a segment's findings: each kind is counted, summed over segments and reported by validation. */
    interface Findings {
        /** What a page's carried cargo (the objects its records name) showed against the target; its examples too. */
        void compared(PageCargo.Compared compared);

        /**
         * A value found at {@code path} (of an item, or of its object keys) that still names the source's {@code kind} (a
         * user's, a record's of a table; {@code whole}: the whole value, not a part of it), {@code where} naming the item.
         */
        void sourceValue(String path, boolean objectKeys, String kind, boolean whole, String where);

        /** What the copies, checked beside their source items, showed of their references' resolution. */
        void resolutions(List<PageFindings.Found> found);

        /** A line naming a failure, kept while the segment has room for examples. */
        void example(String line);

        /**
         * A value at {@code path} of a copy that a feature's check finds wrong, {@code what} saying how in words that read
         * after a count of values ({@code "equal to the source's, which the plan replaces"}), {@code where} naming the
         * item (never the value): counted by path and what, summed over segments; each such count fails its table, one line.
         */
        void failed(String path, String what, String where);
    }

    /**
     * What the validation reaches besides the tables: what each table's pages carry, by table ({@link PageCargo#NONE}
     * for one that carries nothing), the source's values it looks for (null: none), the run's identity map, and the tables
     * whose copies the copy itself looked at beside their source items ({@link ResolutionCheck}), and what the process
     * reaches beside its tables (the plans' Storage buckets).
     */
    record Reach(Function<String, PageCargo> cargo, SourceValues known, Set<String> resolvedByCopy,
                 Reaches reaches) {}

    /** What a feature's checks are made of: the plan, the run's transformer, and what the validation reaches. */
    record Parts(MigrationPlan plan, ItemTransformer transformer, Reach reach) {}

    /** A feature's checks, added to the validator's (none when the plan does not use the feature). */
    @FunctionalInterface
    interface Feature {
        void addTo(List<CopyCheck> checks, Parts parts);
    }
}
