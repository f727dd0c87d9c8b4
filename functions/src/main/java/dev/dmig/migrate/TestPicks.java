package dev.dmig.migrate;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which source items a test run copies, where a feature decides it for the run rather than the test's table and options
 * (a run with roots copies its whole slice). {@link TestRecords} asks every feature's ({@code dev.dmig.Feature}), in the
 * list's order: the first with a say decides.
 */
@FunctionalInterface
public interface TestPicks {
    /** The source items the run's test copies, each with its model; empty when the feature has no say on the run. */
    Optional<List<Pick>> picks(Parts parts);

    /** A source item a test copies, of {@code model}. */
    record Pick(String model, Map<String, AttributeValue> source) {}

    /**
     * What picks are made of: the run, its manifest and plan, its artifacts, the store its sides' tables are read from
     * (the whole source: a feature reads it through its own view), the source tables by model, and how many items a
     * scan's page holds.
     */
    record Parts(String runId, RunManifest manifest, MigrationPlan plan, ArtifactStore artifacts, ItemStore items,
                 Map<String, TableInfo> sources, int pageSize) {}
}
