package dev.dmig.feature.mask;

import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import dev.dmig.validate.CopyCheck;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Validation's proof that masking masked the parts of composite values: each copied record, mapped as the run maps it
 * (which the core checks the target holds), has no composite value its patterns mask still the source's; each one that
 * does fails its table, counted by path, the item named by its ID ({@link MaskedParts#unmasked}).
 */
final class MaskedPartCopies implements CopyCheck {
    private final MigrationPlan plan;
    private final ItemTransformer transformer;

    private MaskedPartCopies(MigrationPlan plan, ItemTransformer transformer) {
        this.plan = plan;
        this.transformer = transformer;
    }

    /** A masked run's whose plan masks a composite value. */
    static void addTo(List<CopyCheck> checks, CopyCheck.Parts parts) {
        boolean composites = parts.plan().tables().values().stream().map(table -> table.feature(TableMask.class))
                .anyMatch(mask -> mask != null && !mask.composites().isEmpty());
        if (parts.plan().section(MaskSettings.class) != null && composites) {
            checks.add(new MaskedPartCopies(parts.plan(), parts.transformer()));
        }
    }

    @Override
    public void copied(String model, List<Map<String, AttributeValue>> sources, Findings findings) {
        TablePlan table = plan.table(model);
        TableMask mask = table.feature(TableMask.class);
        if (mask == null || mask.composites().isEmpty()) {
            return;
        }
        for (Map<String, AttributeValue> source : sources) {
            Map<String, AttributeValue> mapped = transformer.transform(model, source);
            for (MaskRule rule : mask.composites()) {
                for (int i = rule.parts().unmasked(rule.path(), source, mapped); i > 0; i--) {
                    findings.failed(rule.path().text(), "equal to the source's, which its mask's patterns "
                            + rule.parts().describe() + " mask", Unmasked.where(table, source));
                }
            }
        }
    }
}
