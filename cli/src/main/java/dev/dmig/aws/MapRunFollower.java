package dev.dmig.aws;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * Follows the Distributed Map runs of one execution alongside its history: lists them
 * (ListMapRuns, every page) and describes each still running (DescribeMapRun), telling the
 * listener only what changed. It calls nothing until the history shows a map run started, and
 * stops calling once every map run the history started has been seen to end, so an execution
 * without a Distributed Map costs no call at all.
 */
final class MapRunFollower {
    private final SfnClient sfn;
    private final String executionArn;
    private final MapRunListener listener;
    private final Map<String, MapRun> told = new HashMap<>();
    private final Set<String> ended = new HashSet<>();
    private boolean unreadable;

    MapRunFollower(SfnClient sfn, String executionArn, MapRunListener listener) {
        this.sfn = sfn;
        this.executionArn = executionArn;
        this.listener = listener;
    }

    /** One poll, after the history has been read. Without permission, tells the listener once and stops polling. */
    void poll(ExecutionHistory history) {
        if (unreadable || ended.containsAll(history.mapRuns().keySet())) {
            return;
        }
        try {
            for (MapRunListItem item : list(sfn, executionArn)) {
                if (ended.contains(item.mapRunArn())) {
                    continue;
                }
                MapRun run = MapRun.of(describe(sfn, item.mapRunArn()), history.mapRuns().get(item.mapRunArn()));
                if (!run.running()) {
                    ended.add(run.arn());
                }
                MapRun before = told.put(run.arn(), run);
                if (before == null || !before.status().equals(run.status()) || !before.items().equals(run.items())) {
                    listener.mapRunChanged(run);
                }
            }
        } catch (MapRunsUnreadableException e) {
            unreadable = true;
            listener.mapRunsUnreadable(e);
        }
    }

    /** Every map run of the execution, through the SDK's paginator (it follows nextToken). */
    static Iterable<MapRunListItem> list(SfnClient sfn, String executionArn) {
        try {
            // The paginator fetches lazily: copy here so a refusal surfaces inside this try.
            return sfn.listMapRunsPaginator(r -> r.executionArn(executionArn)).mapRuns().stream().toList();
        } catch (SfnException e) {
            throw refusal(e, "states:ListMapRuns");
        }
    }

    static DescribeMapRunResponse describe(SfnClient sfn, String mapRunArn) {
        try {
            return sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
        } catch (SfnException e) {
            throw refusal(e, "states:DescribeMapRun");
        }
    }

    /** AccessDeniedException becomes {@link MapRunsUnreadableException}; any other error stays what it is. */
    private static RuntimeException refusal(SfnException e, String action) {
        if (e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
            return new MapRunsUnreadableException(action, e);
        }
        return e;
    }
}
