package dev.dmig.report;

/**
 * What Finalize returns: whether it is done, and then the verdict and where the report is. A call out of time comes
 * back not done ({@link #unfinished}), and the state machine calls it again.
 */
public record FinalizeResult(String runId, boolean done, String verdict, String reportKey) {

    /** A finished run's. */
    public FinalizeResult(String runId, String verdict, String reportKey) {
        this(runId, true, verdict, reportKey);
    }

    static FinalizeResult unfinished(String runId) {
        return new FinalizeResult(runId, false, null, null);
    }
}
