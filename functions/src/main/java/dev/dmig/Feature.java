package dev.dmig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feature of dmig, in a package of its own ({@code dev.dmig.feature.<name>}): what it adds at the steps' seams, each a
 * small public type of the step that asks it (a table's plan field, {@code plan.TableField}; a plan section,
 * {@code plan.PlanSection}; what its part of the plan would do to a table's key attribute, {@code plan.PlanCheck.Feature};
 * a rewrite of items, {@code migrate.Rewrite.Feature}; the values of a kind of placeholder
 * in a reference's patterns, {@code migrate.PlaceholderValues.Feature}; a say at an item's key,
 * {@code migrate.WriteRule.Feature}; what a scan counts, {@code analysis.ScanCheck.Feature} and its
 * {@code analysis.ScanTally}; what an Analyze call checks as a whole, {@code analysis.RunCheck.Feature}; what it refuses of a request or a plan before the run opens and does once the call is done, and whether a run's validation waits for it, {@code run.RunGate.Feature}; a state of its own in the state machine, {@code migrate.FeatureState.Feature}; what the validation checks of a run as a
 * whole when it gives its verdict, {@code validate.VerdictCheck.Feature}; what a rollback undoes of a journal entry
 * beside its items, {@code rollback.UndoStep.Feature}; what travels with a page of items, {@code migrate.PageCargo.Feature};
 * whether a later run uses what an earlier one wrote, {@code run.SharedObjects.Feature}; its analysis
 * warnings, {@code analysis.Warnings}; its table among the report's findings, {@code analysis.FindingsTable}; why an
 * item is not copied, {@code migrate.LeftBehind.Reason}). The steps name no
 * feature: they ask {@link Features} for what every feature adds at their seam.
 *
 * <p>The features are listed, in the order their parts run at each seam, in {@code META-INF/services/dev.dmig.Feature}:
 * a feature is added or removed there and in its folder, nowhere else.
 */
public interface Feature {
    /** What the feature adds, seam by seam. */
    Parts parts();

    /** A feature's parts, by the seam they are added at, in the order added. */
    final class Parts {
        private final Map<Class<?>, List<Object>> bySeam = new LinkedHashMap<>();

        /** Adds {@code part} at {@code seam}: a step's seam type, which {@code part} is one of. */
        public <T> Parts add(Class<T> seam, T part) {
            bySeam.computeIfAbsent(seam, key -> new ArrayList<>()).add(seam.cast(part));
            return this;
        }

        /** What is added at {@code seam}, in order; none when nothing is. */
        public <T> List<T> at(Class<T> seam) {
            return bySeam.getOrDefault(seam, List.of()).stream().map(seam::cast).toList();
        }
    }
}
