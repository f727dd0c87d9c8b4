package dev.dmig.validate;

import dev.dmig.Features;
import dev.dmig.Reaches;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a table's plain values may name beside the tables, that a feature can look up on both sides (an object of the
 * source's Storage bucket, where the plan does not say the value is a file): whether a source value named one, and whether
 * its copy names the same on the target's side. Validation asks it of every string of a copy beside its source item
 * ({@link Resolutions}); a copy that names none is counted under the feature's finding kind and fails its table, said by
 * the feature.
 */
public interface NamedBeside {
    /** Whether some string in {@code value} (nested in lists, sets and maps) may name one: a cheap look before any lookup. */
    boolean mayName(AttributeValue value);

    /**
     * What the copy's value {@code now} is of the source's value {@code was} at {@code path}: null when {@code was} names
     * nothing of the feature's (or is not asked); otherwise whether {@code now} names the same.
     */
    Boolean copied(String path, String was, String now);

    /** A feature's look at what values name beside the tables. */
    interface Feature {
        /** The kind its findings are counted under, stored in validation's parts ({@code file}). */
        String kind();

        /** What {@code table}'s values are looked at with; null when the run gives the feature nothing to look at. */
        NamedBeside of(MigrationPlan plan, TablePlan table, Reaches reaches);

        /**
         * What a finding says after {@code table T, attribute p: N values }, up to its fix, which the core ends with the
         * plan's way of keeping the values as they are ({@code named objects of bucket … and name no object with the same
         * bytes in bucket … (first: item …); the plan does not copy them: make p a file reference, …}).
         */
        String unresolved(MigrationPlan plan, String path, boolean one, String example);
    }

    /** Every feature's look, in the features' order. */
    static List<Feature> features() {
        return Features.at(Feature.class);
    }

    /** The feature whose findings are counted under {@code kind}; empty for a kind none declares. */
    static Optional<Feature> kind(String kind) {
        return features().stream().filter(feature -> feature.kind().equals(kind)).findFirst();
    }
}
