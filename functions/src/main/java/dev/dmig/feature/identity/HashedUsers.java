package dev.dmig.feature.identity;

import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.plan.KeptValues;
import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Source users' subs that a plan maps as record IDs: a table's own ID (a profile keyed by its user's sub) or a reference
 * to a table whose records get new IDs. Hashed, such a value names no user in the target, and nothing of the source is
 * left there for validation to find: so each is a problem before anything is written. A reference the table's
 * {@code keepSourceValues} lists is left to the plan.
 */
final class HashedUsers implements ScanCheck {
    private final MigrationPlan plan;
    private final ItemTransformer transformer;
    private final IdentityMap users;

    private HashedUsers(ItemTransformer transformer, IdentityMap users) {
        this.plan = transformer.plan();
        this.transformer = transformer;
        this.users = users;
    }

    /** A run whose identity map knows users: their subs are looked for. */
    static void addTo(List<ScanCheck> checks, ScanCheck.Parts parts) {
        if (parts.users().size() > 0) {
            checks.add(new HashedUsers(parts.transformer(), parts.users()));
        }
    }

    @Override
    public Page page(SegmentScan scan, TablePair pair) {
        return new Page() {
            @Override
            public void mapped(Map<String, AttributeValue> source, Map<String, AttributeValue> target, String itemKey) {
                check(scan.model, source, itemKey, scan::problem);
            }
        };
    }

    /** Gives {@code problems} each value of the source item that is a source user's sub mapped as a record ID. */
    private void check(String model, Map<String, AttributeValue> source, String itemKey, Consumer<Problem> problems) {
        if (users.size() == 0) {
            return;
        }
        TablePlan table = plan.table(model);
        if (table.ids() == IdStrategy.SHA256 && !table.idMapped()) {
            AttributeValue id = source.get(table.idAttribute());
            if (id != null && id.s() != null && isUser(id.s())) {
                problems.accept(new Problem(model, table.idAttribute(), itemKey, hashed(model) + ": map it as \"" + table.idAttribute()
                        + "\": \"@sub\", or keep the table's IDs (\"ids\": \"preserve\") if they only look like subs"));
            }
        }
        transformer.forEachReference(model, source, (path, targetModel, value) -> {
            if (plan.idsOf(targetModel) == IdStrategy.SHA256 && !kept(table, path.text()) && isUser(value)) {
                problems.accept(new Problem(model, path.text(), itemKey, hashed(targetModel) + ": map it as \"" + path.text()
                        + "\": \"@sub\", or list it in keepSourceValues if these IDs only look like subs"));
            }
        });
    }

    private boolean isUser(String value) {
        return users.map(IdentityKind.SUB, value) != null;
    }

    private static boolean kept(TablePlan table, String path) {
        return KeptValues.of(table).stream().map(ReferencePath::text).anyMatch(path::equals);
    }

    private static String hashed(String targetModel) {
        return "holds a source user's sub, which the plan hashes as an ID of " + targetModel + " (naming no user in the target)";
    }
}
