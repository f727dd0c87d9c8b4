package dev.dmig.follow;

/**
 * After the cut-over, the target does not hold the source as it is now, mapped: the run is rolled back. The message
 * names each table that differs, how many items, and the first keys.
 */
final class FollowValidationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FollowValidationFailedException(String message) {
        super(message);
    }
}
