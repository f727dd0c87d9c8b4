package dev.dmig.plan;

import dev.dmig.Features;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Reads;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Checks a parsed plan against the live tables: both tables exist for every migrated model,
 * their key schemas agree, the plan changes no key attribute (nor does a feature's part of it), and sha256 IDs are
 * strings. Reads only.
 */
public final class PlanCheck {
    private static final List<Feature> FEATURES = Features.at(Feature.class);

    private PlanCheck() {}

    /**
     * What a feature's part of the plan would do to a table's key attribute, which no run changes: why it cannot, said
     * after "is a key attribute of &lt;table&gt;; " (the identities': an identity without a match removed from it); null
     * when the feature does nothing to it. Added by a feature ({@code dev.dmig.Feature}), asked in the features' order.
     */
    @FunctionalInterface
    public interface Feature {
        String keyProblem(MigrationPlan plan, TablePlan table, String key);
    }

    /** The source and target tables of every migrated model, or every problem at once. */
    public static Map<String, TablePair> check(MigrationPlan plan, ItemStore store) {
        return check(plan, store, plan.migratedModels());
    }

    /** The same, for some of the plan's models. */
    public static Map<String, TablePair> check(MigrationPlan plan, ItemStore store, java.util.Collection<String> models) {
        List<Problem> problems = new ArrayList<>();
        Map<String, TablePair> pairs = new LinkedHashMap<>();
        // Every table described first: the first alone, so that a store which cannot be reached or refuses these
        // credentials answers once, then the others several at once (one after another, a run of many tables
        // waits for each round trip).
        List<String> names = new ArrayList<>();
        models.forEach(model -> names.addAll(List.of(plan.sourceTable(model), plan.targetTable(model))));
        List<Optional<TableInfo>> described = new ArrayList<>();
        if (!names.isEmpty()) {
            described.add(store.describe(names.get(0)));
            described.addAll(Reads.all(names.subList(1, names.size()), store::describe));
        }
        int next = 0;
        for (String model : models) {
            TablePlan table = plan.table(model);
            Optional<TableInfo> source = described.get(next++);
            Optional<TableInfo> target = described.get(next++);
            if (source.isEmpty()) {
                problems.add(Problem.table(model, "source table " + plan.sourceTable(model) + " does not exist"));
            }
            if (target.isEmpty()) {
                problems.add(Problem.table(model, "target table " + plan.targetTable(model)
                        + " does not exist (create it with the same key schema as the source, e.g. by deploying the app to the target environment)"));
            }
            if (source.isEmpty() || target.isEmpty()) {
                continue;
            }
            if (!source.get().sameKeySchema(target.get())) {
                problems.add(Problem.table(model, "key schemas differ: source " + source.get().describeKeySchema()
                        + ", target " + target.get().describeKeySchema()));
                continue;
            }
            keyProblems(plan, table, source.get(), problems);
            idType(source.get(), table.idAttribute()).ifPresent(type -> {
                if (table.ids() == IdStrategy.SHA256 && type != ScalarAttributeType.S) {
                    problems.add(Problem.attribute(model, table.idAttribute(), "sha256 IDs must be strings, but this key attribute is of type "
                            + type + "; use \"ids\": \"preserve\" for this table"));
                }
            });
            pairs.put(model, new TablePair(model, source.get(), target.get()));
        }
        if (!problems.isEmpty()) {
            throw new PlanInvalidException(problems);
        }
        return pairs;
    }

    /**
     * What the plan would change of the source's key attributes, which no run changes: the table's edits of one, then
     * what each feature says of one ({@link Feature}).
     */
    private static void keyProblems(MigrationPlan plan, TablePlan table, TableInfo source, List<Problem> problems) {
        for (String key : source.keyNames()) {
            if (!key.equals(table.idAttribute()) && (table.rename().containsKey(key) || table.rename().containsValue(key)
                    || table.remove().contains(key) || table.set().containsKey(key))) {
                problems.add(Problem.attribute(table.model(), key, "is a key attribute of " + source.name()
                        + "; it cannot be renamed, removed or set"));
            }
        }
        for (Feature feature : FEATURES) {
            for (String key : source.keyNames()) {
                String problem = feature.keyProblem(plan, table, key);
                if (problem != null) {
                    problems.add(Problem.attribute(table.model(), key, "is a key attribute of " + source.name() + "; " + problem));
                }
            }
        }
    }

    private static Optional<ScalarAttributeType> idType(TableInfo table, String idAttribute) {
        if (table.hashKey().name().equals(idAttribute)) {
            return Optional.of(table.hashKey().type());
        }
        return table.range().filter(r -> r.name().equals(idAttribute)).map(TableInfo.KeyAttribute::type);
    }
}
