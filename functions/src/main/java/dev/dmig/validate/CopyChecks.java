package dev.dmig.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that check a run's copies, in the order they run on each page: what the copied records carry (the
 * Storage objects they name, asked of their table's cargo), then the source's values in what was written (which looks
 * at the objects' keys too), then each copy beside its source item, where the copy did not look at it; then every
 * feature's ({@code dev.dmig.Feature}), which adds its {@link CopyCheck.Feature} in its own folder.
 */
final class CopyChecks {
    private static final List<CopyCheck.Feature> FEATURES = java.util.stream.Stream.concat(
            java.util.stream.Stream.<CopyCheck.Feature>of(CargoCheck::addTo, SourceValueCheck::addTo, ResolutionCheck::addTo),
            dev.dmig.Features.at(CopyCheck.Feature.class).stream()).toList();

    private CopyChecks() {}

    /** The validator's checks: every feature's, in order. */
    static List<CopyCheck> of(CopyCheck.Parts parts) {
        List<CopyCheck> checks = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(checks, parts));
        return List.copyOf(checks);
    }
}
