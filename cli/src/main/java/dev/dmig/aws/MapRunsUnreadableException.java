package dev.dmig.aws;

/**
 * Step Functions refused to list or describe map runs (AccessDeniedException): the operator's
 * credentials lack states:ListMapRuns or states:DescribeMapRun. The message is one line.
 */
public final class MapRunsUnreadableException extends RuntimeException {
    MapRunsUnreadableException(String action, Throwable cause) {
        super("Distributed Map progress not shown: access denied on " + action
                + " (allow states:ListMapRuns and states:DescribeMapRun to see it)", cause);
    }
}
