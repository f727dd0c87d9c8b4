package dev.dmig.aws;

/**
 * Hears how the Distributed Map runs of a followed execution progress, which the execution's own
 * history does not show. Called from the following thread.
 */
public interface MapRunListener {
    /** A map run seen for the first time, or whose status or item counts changed since it was last told. */
    default void mapRunChanged(MapRun run) {
    }

    /** Map runs cannot be read with these credentials: following goes on without them. Told at most once. */
    default void mapRunsUnreadable(MapRunsUnreadableException why) {
    }
}
