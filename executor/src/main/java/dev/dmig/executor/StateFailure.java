package dev.dmig.executor;

/**
 * An error raised while running a state, carried up to the state's retriers and catchers. It has no
 * stack trace: it is control flow, and the error name and cause say everything.
 */
final class StateFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final String ALL = "States.ALL";
    static final String TASK_FAILED = "States.TaskFailed";
    static final String TIMEOUT = "States.Timeout";
    static final String RUNTIME = "States.Runtime";
    static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";
    static final String ITEM_READER_FAILED = "States.ItemReaderFailed";

    private final String error;
    private final String errorCause;

    StateFailure(String error, String cause) {
        super(error, null, false, false);
        this.error = error;
        this.errorCause = cause;
    }

    String error() {
        return error;
    }

    String errorCause() {
        return errorCause;
    }

    /**
     * Step Functions lets no retrier or catcher handle these: they always fail the execution (or,
     * inside a Map iteration, the iteration).
     */
    static boolean isTerminal(String error) {
        return RUNTIME.equals(error) || DATA_LIMIT_EXCEEDED.equals(error);
    }
}
