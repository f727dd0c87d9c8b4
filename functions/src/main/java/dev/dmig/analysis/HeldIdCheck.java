package dev.dmig.analysis;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.ValueMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A reference to the table whose source holds each value ({@code {"oneOf": ["Evaluation", "Report"]}}) is mapped by
 * looking its values up in those tables' source ({@link HeldIdLookup}): each must be in the run and keyed by its ID, a
 * string, as it is. Refused before the scans otherwise, one problem per table and attribute, saying which table and why.
 */
final class HeldIdCheck implements RunCheck {
    private final MigrationPlan plan;

    private HeldIdCheck(MigrationPlan plan) {
        this.plan = plan;
    }

    /** Plans with such a reference. */
    static void addTo(List<RunCheck> checks, RunCheck.Parts parts) {
        if (parts.plan().tables().values().stream().anyMatch(t -> t.mapsByHolder())) {
            checks.add(new HeldIdCheck(parts.plan()));
        }
    }

    @Override
    public void beforeScans(Tables tables) {
        List<Problem> problems = new ArrayList<>();
        tables.levels().stream().flatMap(List::stream).forEach(model -> {
            for (Map.Entry<ReferencePath, ValueMapping> mapping : plan.table(model).mappings().entrySet()) {
                if (!mapping.getValue().byHolder()) {
                    continue;
                }
                for (String held : mapping.getValue().models()) {
                    String why = unreadable(tables.pairs().get(held), model, held);
                    if (why != null) {
                        problems.add(Problem.attribute(model, mapping.getKey().text(), "its values are mapped by which of "
                                + String.join(", ", mapping.getValue().models()) + " holds each in the source, and " + why));
                    }
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new PlanInvalidException(problems);
        }
    }

    /** Why {@code model}'s source cannot be asked, for {@code referring}'s reference, whether it holds an ID; null when it can. */
    private String unreadable(TablePair pair, String referring, String model) {
        if (plan.table(model).skip()) {
            return "the plan skips " + model + "; copy it too";
        }
        if (pair == null) {
            return "this run leaves " + model + " out; run them together (--tables " + referring + "," + model + ")";
        }
        if (!SegmentAnalyzer.checkable(plan, pair, model) || pair.source().hashKey().type() != ScalarAttributeType.S) {
            return model + "'s source table is not keyed by its ID as a string (" + pair.source().hashKey().name()
                    + "), so it cannot be asked for one";
        }
        return null;
    }
}
