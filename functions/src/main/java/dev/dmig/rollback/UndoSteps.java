package dev.dmig.rollback;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that undo more of a journal entry than its items, in the order they run after the items are undone:
 * the Storage objects the page wrote, which the run wrote before the items (no item left in the target names an object
 * already gone). A new feature adds its {@link UndoStep.Feature} here.
 */
final class UndoSteps {
    private static final List<UndoStep.Feature> FEATURES = List.of(ObjectUndo::addTo);

    private UndoSteps() {}

    /** The rollback's steps: every feature's, in order. */
    static List<UndoStep> of(UndoStep.Parts parts) {
        List<UndoStep> steps = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(steps, parts));
        return List.copyOf(steps);
    }
}
