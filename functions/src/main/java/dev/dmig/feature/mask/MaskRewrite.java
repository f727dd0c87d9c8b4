package dev.dmig.feature.mask;

import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.Rewrite;
import dev.dmig.migrate.RewriteParts;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table's masking of each item, after the core's IDs, references and patterns and before the plan's renames: every
 * value each rule's path reaches replaced as its kind says ({@link Masker}), a composite value's parts as its patterns
 * say; and each whole-value reference to a table whose ID attribute is masked ({@link MaskedIds}), which the core leaves
 * as it is (the table preserves its IDs), masked as that table's IDs are. The key is read when the first item is masked,
 * so a process that only reads the plan (a rollback, a status) needs none.
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
        if (settings == null) {
            return;
        }
        List<MaskRule> rules = new ArrayList<>(mask == null ? List.of() : mask.changing());
        parts.table().references().forEach((path, model) -> {
            MaskRule id = MaskedIds.idRule(parts.plan().table(model));
            if (id != null) {
                rules.add(new MaskRule(path, id.kind(), id.constant(), id.range(), id.days(), id.parts()));
            }
        });
        if (!rules.isEmpty()) {
            chain.add(new MaskRewrite(parts.table(), List.copyOf(rules), settings));
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
