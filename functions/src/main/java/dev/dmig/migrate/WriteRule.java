package dev.dmig.migrate;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A feature's say in what a run does at a source item's target key ({@link WriteAt}): a soft-deleted DataStore row not
 * copied, an item holding an identity without a match left behind, a record a {@code match} paired kept or written
 * over. The table's rules are asked in the order of {@link WriteRules}; the first with a say decides, and an item no
 * rule has a say on is written. What a rule needs it is given when it is made, once per table.
 */
public interface WriteRule {
    /** What is done at the key of {@code source}, a source item of the table; null when this rule has no say. */
    WriteAt at(Map<String, AttributeValue> source);

    /** Whether this rule may write over a record the target holds ({@link WriteAt#writesOver}): the page reads the keys first. */
    default boolean writesOver() {
        return false;
    }

    /**
     * Whether a record this rule leaves behind is, to validation, a record the source's references point at without a
     * copy: a reference to it is counted an orphan, as one to a record the source lacks, not a broken reference.
     */
    default boolean leavesBehind() {
        return false;
    }

    /**
     * What a table's rules are made of: its plan, the whole plan, the run's mappings, and the walk of the parts of an item's
     * values by the kind of placeholder holding them (an identity), as the transformer reads them.
     */
    public record Parts(TablePlan table, MigrationPlan plan, RunMappings run, PlaceholderWalk placeholders) {}

    /** A feature's rules of a table, added to its list (none when the table's plan does not use the feature). */
    @FunctionalInterface
    public interface Feature {
        void addTo(List<WriteRule> rules, Parts parts);
    }
}
