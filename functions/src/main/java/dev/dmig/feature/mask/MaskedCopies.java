package dev.dmig.feature.mask;

import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import dev.dmig.store.TableInfo;
import dev.dmig.validate.CopyCheck;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Validation's proof that masking masked: each copied record, mapped as the run maps it (which the core checks the target
 * holds), has no masked attribute holding its source value, and no composite value its patterns mask still the source's
 * ({@link MaskedParts#unmasked}); each one that does fails its table, counted by attribute ({@link Unmasked}). Where validation does not read the source again, the analysis made the same check of every record
 * before any write, and the target's digest equals what it checked. And no item the run wrote holds, anywhere else, a
 * source value the run masks ({@link WrittenValues}, looking for the prints its analysis kept, {@link RunPrints}).
 */
final class MaskedCopies implements CopyCheck {
    private final MigrationPlan plan;
    private final ItemTransformer transformer;
    /** The run's look for its masked source values in what it wrote, made when first asked; null when it kept none. */
    private WrittenValues written;
    private boolean writtenMade;

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
        if (mask == null || mask.masking().isEmpty() && mask.composites().isEmpty()) {
            return;
        }
        for (Map<String, AttributeValue> source : sources) {
            Map<String, AttributeValue> mapped = transformer.transform(model, source);
            for (MaskRule rule : mask.masking()) {
                for (int i = Unmasked.count(rule, source, mapped); i > 0; i--) {
                    findings.failed(rule.path().text(), Unmasked.what(rule), Unmasked.where(table, source));
                }
            }
            // A composite value whose patterns mask a part: the copy's value must not be the source's still.
            for (MaskRule rule : mask.composites()) {
                for (int i = rule.parts().unmasked(rule.path(), source, mapped); i > 0; i--) {
                    findings.failed(rule.path().text(), "equal to the source's, which its mask's patterns "
                            + rule.parts().describe() + " mask", Unmasked.where(table, source));
                }
            }
        }
    }

    @Override
    public void written(String model, TableInfo target, List<Map<String, AttributeValue>> items, Findings findings) {
        WrittenValues values = written();
        if (values != null) {
            values.check(plan.table(model), target, items, findings);
        }
    }

    private synchronized WrittenValues written() {
        if (!writtenMade) {
            writtenMade = true;
            RunPrints.Loaded loaded = transformer.run().feature(RunPrints.Loaded.class);
            PrintSet prints = loaded == null ? PrintSet.EMPTY : loaded.prints();
            written = prints.isEmpty() ? null : new WrittenValues(prints, new SourcePrints(plan.section(MaskSettings.class).key()));
        }
        return written;
    }
}
