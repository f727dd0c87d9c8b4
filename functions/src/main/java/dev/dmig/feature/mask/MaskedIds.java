package dev.dmig.feature.mask;

import dev.dmig.migrate.PairedIds;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The IDs of the tables whose plan preserves them and masks their ID attribute (a table keyed by its users' emails):
 * each record's target ID is its ID masked by that rule, so that every reference to it, a whole value or a pattern's
 * placeholder in any table, and validation's look-up of it, names the masked record ({@link PairedIds}, which the core
 * asks for every record's target ID). Made from the plan alone, for every step alike; the key is read when the first ID
 * is masked.
 */
final class MaskedIds implements PairedIds {
    /** Its value of a run, made from the plan: a run and a preview of it mask IDs alike. */
    static final RunMappings.Feature FEATURE = RunMappings.Feature.fromPlan(MaskedIds::of);

    private final Map<String, MaskRule> rules;
    private final MaskSettings settings;
    /** Made at the first ID masked, so that a process that maps no such ID needs no key; read on every ID after. */
    private volatile Masker masker;

    private MaskedIds(Map<String, MaskRule> rules, MaskSettings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    /** The plan's; null when no table masks its ID attribute. */
    static MaskedIds of(MigrationPlan plan) {
        MaskSettings settings = plan.section(MaskSettings.class);
        Map<String, MaskRule> rules = new LinkedHashMap<>();
        plan.tables().values().forEach(table -> {
            MaskRule rule = idRule(table);
            if (rule != null) {
                rules.put(table.model(), rule);
            }
        });
        return settings == null || rules.isEmpty() ? null : new MaskedIds(rules, settings);
    }

    /**
     * The rule that masks {@code table}'s ID attribute, where its plan lets it (IDs preserved, not paired with the
     * target's, not built by a pattern: {@link MaskRules} refuses the others); null for none.
     */
    static MaskRule idRule(TablePlan table) {
        TableMask mask = table.feature(TableMask.class);
        if (mask == null || table.ids() != IdStrategy.PRESERVE || table.pairedBy() != null || table.idMapped()) {
            return null;
        }
        return mask.masking().stream().filter(rule -> isId(table, rule.path())).findFirst().orElse(null);
    }

    /** Whether {@code path} is the table's ID attribute itself. */
    static boolean isId(TablePlan table, ReferencePath path) {
        return path.steps().size() == 1 && !path.steps().get(0).each() && path.attribute().equals(table.idAttribute());
    }

    @Override
    public String targetId(String model, String sourceId) {
        MaskRule rule = rules.get(model);
        return rule == null ? null : masker().mask(rule, AttributeValue.fromS(sourceId)).s();
    }

    private Masker masker() {
        Masker made = masker;
        if (made == null) {
            synchronized (this) {
                if (masker == null) {
                    masker = new Masker(settings.key());
                }
                made = masker;
            }
        }
        return made;
    }
}
