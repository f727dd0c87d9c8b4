package dev.dmig.aws;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.MapRunExecutionCounts;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * The progress of an execution's Distributed Map runs. Their iterations are child executions, absent
 * from the parent's history, so following the history alone shows nothing while a large table is
 * copied: this reads ListMapRuns and DescribeMapRun and says each map run's counts when they change.
 * An operator without {@code states:ListMapRuns} / {@code states:DescribeMapRun} gets one note and
 * the following goes on without it.
 */
final class MapRunProgress {
    private final SfnClient sfn;
    private final Consumer<String> lines;
    private final Map<String, String> said = new HashMap<>();
    private boolean denied;

    MapRunProgress(SfnClient sfn, Consumer<String> lines) {
        this.sfn = sfn;
        this.lines = lines;
    }

    /** Reads every map run of the execution; says the ones whose counts changed since the last poll. */
    void poll(String executionArn) {
        if (denied) {
            return;
        }
        try {
            for (MapRunListItem run : sfn.listMapRunsPaginator(r -> r.executionArn(executionArn)).mapRuns()) {
                DescribeMapRunResponse described = sfn.describeMapRun(r -> r.mapRunArn(run.mapRunArn()));
                String line = line(run.mapRunArn(), described);
                if (!line.equals(said.put(run.mapRunArn(), line))) {
                    lines.accept(line);
                }
            }
        } catch (SfnException e) {
            if (e.awsErrorDetails() == null || !"AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            denied = true;
            lines.accept("  (Distributed Map progress not shown: allow states:ListMapRuns and states:DescribeMapRun to see it)");
        }
    }

    static String line(String mapRunArn, DescribeMapRunResponse run) {
        MapRunExecutionCounts counts = run.executionCounts();
        String status = run.statusAsString();
        return "  map run " + label(mapRunArn) + ": " + counts.succeeded() + "/" + counts.total() + " succeeded, "
                + counts.running() + " running, " + counts.failed() + " failed"
                + (counts.timedOut() > 0 || counts.aborted() > 0 ? ", " + counts.timedOut() + " timed out, " + counts.aborted()
                + " aborted" : "") + ("RUNNING".equals(status) ? "" : " (" + status.toLowerCase(Locale.ROOT) + ")");
    }

    /** {@code arn:…:mapRun:<state machine>/<Map state>:<id>} names its Map state. */
    static String label(String mapRunArn) {
        int slash = mapRunArn.lastIndexOf('/');
        int colon = mapRunArn.lastIndexOf(':');
        return slash >= 0 && colon > slash ? mapRunArn.substring(slash + 1, colon) : mapRunArn;
    }
}
