package dev.dmig.validate;

import dev.dmig.Reaches;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCheck;
import dev.dmig.migrate.PageFindings;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Looks at each copy beside its source item ({@link Resolutions}) where the source is read: in the copy, page by page, its
 * findings kept in the checkpoints ({@link #inCopy}), so that the source is read once in a run; and in validation, for a
 * table whose source validation reads and whose copy did not look (a run that followed its source since, checkpoints of a
 * version that did not look), its findings kept in the segment's part.
 */
final class ResolutionCheck implements CopyCheck {
    private final Resolutions resolutions;
    private final SourceValues known;
    private final ItemTransformer transformer;
    /** The tables whose copies' findings validation takes from the copy's checkpoints. */
    private final Set<String> byCopy;

    private ResolutionCheck(ItemTransformer transformer, SourceValues known, Reaches reaches, Set<String> byCopy) {
        this.resolutions = new Resolutions(transformer, known, reaches);
        this.known = known;
        this.transformer = transformer;
        this.byCopy = byCopy;
    }

    /** Every validation that knows the source's values: a table the copy did not look at is looked at as validation reads it. */
    static void addTo(List<CopyCheck> checks, CopyCheck.Parts parts) {
        CopyCheck.Reach reach = parts.reach();
        if (reach.known() != null) {
            checks.add(new ResolutionCheck(parts.transformer(), reach.known(), reach.reaches(), reach.resolvedByCopy()));
        }
    }

    @Override
    public void copied(String model, List<Map<String, AttributeValue>> sources, Findings findings) {
        if (byCopy.contains(model) || sources.isEmpty()) {
            return;
        }
        TableInfo source = known.source(model).orElseThrow();
        List<Map<String, AttributeValue>> mapped = new ArrayList<>(sources.size());
        sources.forEach(item -> mapped.add(transformer.transform(model, item)));
        findings.resolutions(resolutions.check(model, source, sources, mapped));
    }

    /**
     * The copy's check of each page it maps, in a process whose runs' artifacts are in {@code artifacts}, whose tables
     * {@code items} reaches and whose other reaches (Storage buckets) {@code reaches} has: the run's filters of its source IDs, read once per
     * process, and its identity map.
     */
    static PageCheck.Source inCopy(ItemStore items, ArtifactStore artifacts, Reaches reaches) {
        return (MigrationPlan plan, RunManifest manifest, String model, ItemTransformer transformer, RunMappings mappings) -> {
            ItemStore sides = items.across(plan.sides());
            SourceValues known = SourceValues.of(manifest, plan, sides, SourceNames.of(mappings), SourceValues.filters(artifacts, manifest));
            Resolutions resolutions = new Resolutions(transformer, known, reaches);
            TableInfo source = known.source(model).orElseThrow();
            return (sources, mapped) -> resolutions.check(model, source, sources, mapped);
        };
    }
}
