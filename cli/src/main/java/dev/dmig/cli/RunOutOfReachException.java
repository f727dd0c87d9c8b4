package dev.dmig.cli;

/**
 * A command on an earlier run cannot reach that run's stores as given (its record says they were in memory, the run
 * is not in the artifacts named, a store does not answer, its tables are not there): refused before anything starts,
 * so nothing is changed — no recovery or rollback is attempted against stores that are not the run's.
 */
final class RunOutOfReachException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    RunOutOfReachException(String message) {
        super(message);
    }
}
