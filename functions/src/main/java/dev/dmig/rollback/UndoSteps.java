package dev.dmig.rollback;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that undo more of a journal entry than its items, in the order they run after the items are undone:
 * every feature's ({@code dev.dmig.Feature}, the Storage objects the page wrote first), which adds its
 * {@link UndoStep.Feature} in its own folder.
 */
final class UndoSteps {
    private static final List<UndoStep.Feature> FEATURES = dev.dmig.Features.at(UndoStep.Feature.class);

    private UndoSteps() {}

    /** The rollback's steps: every feature's, in order. */
    static List<UndoStep> of(UndoStep.Parts parts) {
        List<UndoStep> steps = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(steps, parts));
        return List.copyOf(steps);
    }
}
