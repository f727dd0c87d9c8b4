package dev.dmig.run;

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
}
