package dev.dmig.migrate;

import dev.dmig.plan.FileReference;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.UnmatchedPolicy;
import dev.dmig.plan.ValueMapping;
import dev.dmig.plan.ValuePattern;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The identity values of a source item, each with whether the identity map has a match for it: what analysis tallies
 * ({@link ItemTransformer#forEachIdentity}) and what decides an item left behind under {@code onUnmatched: drop}
 * (the identities feature's write rule, through {@link WriteRule.Parts}). Made once per transformer, from the plan and its patterns (the run's identity map, and file values' keys read as its
 * rewrites read them).
 */
public final class IdentityWalk {
    private final MigrationPlan plan;
    private final FileKeys files;
    private final IdentityValues identities;
    private final PatternValues patterns;

    IdentityWalk(MigrationPlan plan, PatternValues patterns) {
        this.plan = plan;
        this.patterns = patterns;
        this.files = new FileKeys(plan.storage(), patterns);
        this.identities = patterns.identities();
    }

    /** Visits every non-empty identity value of a source item, by its path as analysis reports it ({@code owner}, {@code PK{sub}}). */
    void forEach(String model, Map<String, AttributeValue> item, ItemTransformer.IdentityVisitor visitor) {
        TablePlan table = plan.table(model);
        Map<ReferencePath, ValueMapping> mappings = new LinkedHashMap<>(table.mappings());
        table.files().forEach((path, file) -> {
            if (file.mapping() != null) {
                mappings.put(path, file.mapping());
            }
        });
        for (Map.Entry<ReferencePath, ValueMapping> mapping : mappings.entrySet()) {
            ReferencePath path = mapping.getKey();
            if (!mapping.getValue().mapsIdentities()) {
                continue;
            }
            FileReference file = table.files().get(path);
            ValueWalk.walk(item.get(path.attribute()), path, (whole, source) -> {
                String value = file == null ? whole : files.keyPart(table, path, file, whole, source);
                PatternValues.Matched matched = patterns.match(table, path, mapping.getValue(), value, source);
                for (int i = 0; i < matched.parts().size(); i++) {
                    ValuePattern.Placeholder placeholder = matched.pattern().placeholders().get(i);
                    if (placeholder.target() instanceof PlaceholderTarget.Identity identity) {
                        String part = matched.parts().get(i);
                        visitor.visit(TablePlan.placeholderPath(path, placeholder.name()), identity.kind(), part,
                                identities.matched(identity.kind(), part));
                    }
                }
                return whole;
            }, table, item);
        }
    }

    /**
     * Whether the item is left behind because it holds an identity the map has no match for and its table's
     * {@code onUnmatched} is {@code drop}. An item whose values do not even match their patterns is not: mapping it
     * names that problem.
     */
    public boolean leftBehindUnmatched(String model, Map<String, AttributeValue> source) {
        if (plan.onUnmatched(model) != UnmatchedPolicy.DROP) {
            return false;
        }
        boolean[] unmatched = {false};
        try {
            forEach(model, source, (path, kind, value, matched) -> unmatched[0] |= !matched);
        } catch (ItemInvalidException e) {
            return false;
        }
        return unmatched[0];
    }
}
