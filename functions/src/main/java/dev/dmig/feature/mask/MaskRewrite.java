package dev.dmig.feature.mask;

import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.Rewrite;
import dev.dmig.migrate.RewriteParts;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table's masking of each item, after the core's IDs, references and patterns and before the plan's renames: every
 * value each rule's path reaches replaced as its kind says ({@link Masker}). The key is read when the first item is
 * masked, so a process that only reads the plan (a rollback, a status) needs none.
 */
final class MaskRewrite implements Rewrite {
    private final TablePlan table;
    private final List<MaskRule> rules;
    private final MaskSettings settings;
    private Masker masker;

    private MaskRewrite(TablePlan table, List<MaskRule> rules, MaskSettings settings) {
        this.table = table;
        this.rules = rules;
        this.settings = settings;
    }

    static void addTo(List<Rewrite> chain, RewriteParts parts) {
        TableMask mask = parts.table().feature(TableMask.class);
        MaskSettings settings = parts.plan().section(MaskSettings.class);
        if (mask != null && settings != null && !mask.masking().isEmpty()) {
            chain.add(new MaskRewrite(parts.table(), mask.masking(), settings));
        }
    }

    @Override
    public void apply(Map<String, AttributeValue> source, Map<String, AttributeValue> item) {
        Masker masking = masker();
        for (MaskRule rule : rules) {
            try {
                MaskWalk.rewrite(item, rule.path(), value -> masking.mask(rule, value));
            } catch (IllegalArgumentException e) {
                throw new ItemInvalidException(new Problem(table.model(), rule.path().text(), Unmasked.where(table, source),
                        e.getMessage()));
            }
        }
    }

    private synchronized Masker masker() {
        if (masker == null) {
            masker = new Masker(settings.key());
        }
        return masker;
    }

    @Override
    public Set<String> claims() {
        return rules.stream().map(rule -> rule.path().attribute()).collect(Collectors.toUnmodifiableSet());
    }
}
