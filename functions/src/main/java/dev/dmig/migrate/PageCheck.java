package dev.dmig.migrate;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunManifest;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the copy checks of each page it maps, beside writing it: validation's look at each copy against its source item
 * ({@code dev.dmig.validate}), made where the source is read anyway, so that the source is read once in a run. What a
 * page's check finds goes into the segment's checkpoint with the page ({@link PageFindings}); a table's check is made once
 * per table and call by the process's {@link Source}.
 */
public interface PageCheck {
    /** A copy that checks nothing: its checkpoints say so (no findings, rather than none found). */
    PageCheck NONE = (sources, mapped) -> null;

    /**
     * What the page's copies show: {@code sources}, the source items the page copies, and {@code mapped}, what each maps
     * to, in the same order; null when nothing was looked for.
     */
    List<PageFindings.Found> check(List<Map<String, AttributeValue>> sources, List<Map<String, AttributeValue>> mapped);

    /** How a process makes each table's check. */
    @FunctionalInterface
    interface Source {
        /** A process whose copies check nothing. */
        Source NONE = (plan, manifest, model, transformer, mappings) -> PageCheck.NONE;

        /** The check of {@code model}'s pages in the run of {@code manifest}, mapped by {@code transformer} with {@code mappings}. */
        PageCheck of(MigrationPlan plan, RunManifest manifest, String model, ItemTransformer transformer, RunMappings mappings);
    }
}
