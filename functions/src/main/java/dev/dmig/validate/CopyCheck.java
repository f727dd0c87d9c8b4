package dev.dmig.validate;

import dev.dmig.Reaches;
import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCargo;
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
 */
interface CopyCheck {
    /** The source items of a page of {@code model} that the run copied, adding to {@code check}'s counts and examples. */
    default void copied(String model, List<Map<String, AttributeValue>> sources, SegmentCheck check) {}

    /** Target items of {@code model} the run wrote ({@code target}: their table, for their keys). */
    default void written(String model, TableInfo target, List<Map<String, AttributeValue>> items, SegmentCheck check) {}

    /**
     * What the validation reaches besides the tables: what each table's pages carry, by table ({@link PageCargo#NONE}
     * for one that carries nothing), the source's values it looks for (null: none), the run's identity map, and the tables
     * whose copies the copy itself looked at beside their source items ({@link ResolutionCheck}), and what the process
     * reaches beside its tables (the plans' Storage buckets).
     */
    record Reach(Function<String, PageCargo> cargo, SourceValues known, IdentityMap identities, Set<String> resolvedByCopy,
                 Reaches reaches) {}

    /** What a feature's checks are made of: the plan, the run's transformer, and what the validation reaches. */
    record Parts(MigrationPlan plan, ItemTransformer transformer, Reach reach) {}

    /** A feature's checks, added to the validator's (none when the plan does not use the feature). */
    @FunctionalInterface
    interface Feature {
        void addTo(List<CopyCheck> checks, Parts parts);
    }
}
