package dev.dmig.executor;

/** How an execution ended. */
public enum ExecutionStatus {
    SUCCEEDED,
    FAILED,
    /** Stopped from outside ({@link Executor#stop}), as Step Functions' StopExecution ends one. */
    ABORTED
}
