package dev.dmig.run;

import dev.dmig.Features;
import dev.dmig.store.ArtifactStore;
import java.util.List;
import java.util.Optional;

/**
 * Whether a later run into the same environment uses a Storage object an earlier run wrote: it journaled the same key of
 * the same bucket (even to leave it alone, finding the earlier run's object there), so undoing the earlier run would
 * delete or change an object the later one's records name.
 */
@FunctionalInterface
public interface SharedObjects {
    /** A process that does not look: runs that copy no files. */
    SharedObjects NONE = (earlier, later) -> Optional.empty();

    /** A key ({@code bucket/key}) {@code earlier} wrote and {@code later}'s journal names; empty when there is none. */
    Optional<String> shared(RunManifest earlier, RunManifest later);

    /** A feature's look at the runs' objects, made from the runs' artifacts (the Storage files': their journals). */
    @FunctionalInterface
    interface Feature {
        SharedObjects of(ArtifactStore artifacts);
    }

    /** The process's look: every feature's ({@code dev.dmig.Feature}), the first key one of them finds. */
    static SharedObjects of(ArtifactStore artifacts) {
        List<SharedObjects> features = Features.at(Feature.class).stream().map(feature -> feature.of(artifacts)).toList();
        return (earlier, later) -> features.stream().map(shared -> shared.shared(earlier, later)).flatMap(Optional::stream)
                .findFirst();
    }
}
