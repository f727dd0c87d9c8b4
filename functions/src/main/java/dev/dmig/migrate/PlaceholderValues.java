package dev.dmig.migrate;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A feature's mapping of the parts of values that one kind of placeholder holds (an identity: {@code "@owner"}, {@code
 * USER#{sub}}). The core's rewrite of values by their patterns matches a value once and builds it again with each part
 * mapped: a model's ID by the records' target IDs, any other placeholder's part by the feature that maps its kind; so a
 * pattern may hold a model's ID and such a part in one value.
 */
public interface PlaceholderValues {
    /** The placeholders whose parts this maps: those whose target is of this type. */
    Class<? extends PlaceholderTarget> target();

    /**
     * {@code part}, held by a placeholder to {@code target} in the value at {@code path} of {@code source} (the source
     * item, for the problem's key), as the target is to hold it; null when the whole value is removed. Refuses naming the
     * item ({@link ValueWalk#invalid}).
     */
    String mapped(TablePlan table, ReferencePath path, PlaceholderTarget target, String part, Map<String, AttributeValue> source);

    /** A feature's mapping, made once per {@link ItemTransformer} from the plan and the run's fixed mappings. */
    @FunctionalInterface
    interface Feature {
        PlaceholderValues of(MigrationPlan plan, RunMappings run);
    }
}
