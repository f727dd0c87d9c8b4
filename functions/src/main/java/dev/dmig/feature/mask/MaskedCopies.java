package dev.dmig.feature.mask;

import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import dev.dmig.validate.CopyCheck;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Validation's proof that masking masked: each copied record, mapped as the run maps it (which the core checks the target
 * holds), has no masked attribute holding its source value; each one that does fails its table, counted by attribute
 * ({@link Unmasked}). Where validation does not read the source again, the analysis made the same check of every record
 * before any write, and the target's digest equals what it checked.
 */
final class MaskedCopies implements CopyCheck {
    private final MigrationPlan plan;
    private final ItemTransformer transformer;

    private MaskedCopies(MigrationPlan plan, ItemTransformer transformer) {
        this.plan = plan;
        this.transformer = transformer;
    }

    /** A masked run's. */
    static void addTo(List<CopyCheck> checks, CopyCheck.Parts parts) {
        if (parts.plan().section(MaskSettings.class) != null) {
            checks.add(new MaskedCopies(parts.plan(), parts.transformer()));
        }
    }

    @Override
    public void copied(String model, List<Map<String, AttributeValue>> sources, Findings findings) {
        TablePlan table = plan.table(model);
        TableMask mask = table.feature(TableMask.class);
        if (mask == null || mask.masking().isEmpty()) {
            return;
        }
        for (Map<String, AttributeValue> source : sources) {
            Map<String, AttributeValue> mapped = transformer.transform(model, source);
            for (MaskRule rule : mask.masking()) {
                for (int i = Unmasked.count(rule, source, mapped); i > 0; i--) {
                    findings.failed(rule.path().text(), Unmasked.what(rule), Unmasked.where(table, source));
                }
            }
        }
    }
}
