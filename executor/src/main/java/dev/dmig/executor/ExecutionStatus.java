package dev.dmig.executor;

/** How an execution ended. */
public enum ExecutionStatus {
    SUCCEEDED,
    FAILED
}
