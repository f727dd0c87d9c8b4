package dev.dmig.follow;

/**
 * Under {@code onConflict: abort}, a followed change was to be written at a target key where the target holds a record
 * the run did not write (production's own, there before the run or written since): it is left as it is, following
 * stops, and the run is rolled back. The message names the table and the key.
 */
public final class FollowConflictException extends RuntimeException {
    public FollowConflictException(String message) {
        super(message);
    }
}
