package dev.dmig.rollback;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that undo more of a journal entry than its items, in the order they run after the items are undone:
 * the Storage objects the page wrote, which the run wrote before the items (no item left in the target names an object
 * already gone), then every feature's ({@code dev.dmig.Feature}), which adds its {@link UndoStep.Feature} in its own folder.
 */
final class UndoSteps {
    private static final List<UndoStep.Feature> FEATURES = java.util.stream.Stream.concat(
            java.util.stream.Stream.<UndoStep.Feature>of(ObjectUndo::addTo),
            dev.dmig.Features.at(UndoStep.Feature.class).stream()).toList();

    private UndoSteps() {}

    /** The rollback's steps: every feature's, in order. */
    static List<UndoStep> of(UndoStep.Parts parts) {
        List<UndoStep> steps = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(steps, parts));
        return List.copyOf(steps);
    }
}
