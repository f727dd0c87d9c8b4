package dev.dmig.analysis;

import dev.dmig.plan.Match;
import dev.dmig.match.MatchedRecords;
import dev.dmig.match.RecordPairing;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pairs the records of the run's tables with a {@code match} with the records their targets already hold, once, before
 * the source is scanned, and freezes the pairs with the run ({@link MatchedRecords}): every later mapping of an item,
 * the analysis's own included, gives a paired record the target record's ID. Tables are paired in dependency order, so
 * that a table matching on a reference ({@code ["orgId", "email"]}) compares it as mapped, paired parents included. A
 * record several records of the other side match is a data problem, and so is every pair under {@code whenMatched:
 * fail}: the run is refused before anything is written. Reads only; writes the run's artifact.
 */
final class RecordMatching {
    private final ArtifactStore artifacts;
    private final ItemStore items;
    private final int pageSize;

    RecordMatching(ArtifactStore artifacts, ItemStore items, int pageSize) {
        this.artifacts = artifacts;
        this.items = items;
        this.pageSize = pageSize;
    }

    /** Pairs the run's tables with a {@code match}, unless the run froze its pairs already; refuses on a problem. */
    void pairOnce(String runId, MigrationPlan plan, Map<String, TablePair> pairs, List<List<String>> levels, RunMappings run) {
        refuseUnpairedReferences(plan, levels);
        if (levels.stream().flatMap(List::stream).noneMatch(model -> plan.table(model).feature(Match.class) != null)
                || MatchedRecords.frozen(artifacts, runId)) {
            return;
        }
        MatchedRecords matched = MatchedRecords.NONE;
        List<Problem> problems = new ArrayList<>();
        for (List<String> level : levels) {
            for (String model : level) {
                TablePlan table = plan.table(model);
                if (table.feature(Match.class) != null) {
                    ItemTransformer transformer = new ItemTransformer(plan, run.withMatched(matched));
                    matched = matched.with(model, pair(table, pairs.get(model), transformer, problems));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanInvalidException(problems);
        }
        matched.store(artifacts, runId);
    }

    /**
     * A run of some tables only whose records refer to a table with a {@code match} that it leaves out would map those
     * references by the ID function, naming no production record: refused, saying to run them together.
     */
    private static void refuseUnpairedReferences(MigrationPlan plan, List<List<String>> levels) {
        List<String> models = levels.stream().flatMap(List::stream).toList();
        List<Problem> problems = new ArrayList<>();
        for (String model : models) {
            for (String referenced : plan.table(model).referencedModels()) {
                if (!models.contains(referenced) && plan.tables().containsKey(referenced) && plan.table(referenced).feature(Match.class) != null
                        && !plan.table(referenced).skip()) {
                    problems.add(Problem.table(model, "refers to " + referenced + ", whose match pairs its records with the"
                            + " target's, and this run leaves " + referenced + " out: its references would name no target record;"
                            + " run them together (--tables " + model + "," + referenced + ")"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanInvalidException(problems);
        }
    }

    private MatchedRecords.TableMatch pair(TablePlan table, TablePair pair, ItemTransformer transformer, List<Problem> problems) {
        RecordPairing pairing = new RecordPairing(table.model(), table.feature(Match.class));
        String idAttribute = table.idAttribute();
        scan(pair.target().name(), item -> {
            AttributeValue id = item.get(idAttribute);
            if (id != null && id.type() == AttributeValue.Type.S) {
                pairing.addTarget(id.s(), ItemKeys.describe(pair.target().keyOf(item)), item);
            }
        });
        scan(pair.source().name(), item -> {
            AttributeValue id = item.get(idAttribute);
            if (id == null || id.type() != AttributeValue.Type.S) {
                // Its mapping names the problem when the analysis scans it.
                return;
            }
            try {
                pairing.addSource(id.s(), ItemKeys.describe(pair.source().keyOf(item)), transformer.transform(table.model(), item));
            } catch (ItemInvalidException e) {
                // Named by the analysis's scan of the source, with the other problems of its items.
            }
        });
        return pairing.result(problems);
    }

    private void scan(String tableName, java.util.function.Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            ScanPage page = items.scan(tableName, 0, 1, start, pageSize, false);
            page.items().forEach(each);
            start = page.last() ? null : page.lastEvaluatedKey();
        } while (start != null);
    }
}
