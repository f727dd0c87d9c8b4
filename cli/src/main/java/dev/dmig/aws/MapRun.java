package dev.dmig.aws;

import dev.dmig.executor.StateRecord;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;

/**
 * One Distributed Map run as DescribeMapRun shows it. Its iterations run as child executions, so
 * the parent's history shows only that it started and ended; these counts are its progress.
 * {@code state} is the Map state attempt that started it, from the parent's history, or null when
 * that is not known (not read yet, or not asked for).
 */
public record MapRun(String arn, StateRecord state, String status, Counts items) {

    /** Item counts: dmig's Distributed Map has no item batching, so each item (a segment) is one child execution. */
    public record Counts(long total, long pending, long running, long succeeded, long failed, long timedOut, long aborted) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);

        static Counts of(MapRunItemCounts counts) {
            if (counts == null) {
                return NONE;
            }
            return new Counts(n(counts.total()), n(counts.pending()), n(counts.running()), n(counts.succeeded()),
                    n(counts.failed()), n(counts.timedOut()), n(counts.aborted()));
        }

        public Counts plus(Counts other) {
            return new Counts(total + other.total, pending + other.pending, running + other.running,
                    succeeded + other.succeeded, failed + other.failed, timedOut + other.timedOut, aborted + other.aborted);
        }

        /** {@code 37/120 succeeded, 4 running, 0 failed}, then timed-out and aborted items when there are any. */
        public String text() {
            return succeeded + "/" + total + " succeeded, " + running + " running, " + failed + " failed"
                    + (timedOut > 0 ? ", " + timedOut + " timed out" : "") + (aborted > 0 ? ", " + aborted + " aborted" : "");
        }

        private static long n(Long value) {
            return value == null ? 0 : value;
        }
    }

    static MapRun of(DescribeMapRunResponse description, StateRecord state) {
        return new MapRun(description.mapRunArn(), state, description.statusAsString(), Counts.of(description.itemCounts()));
    }

    /** RUNNING until it ends in SUCCEEDED, FAILED or ABORTED. */
    public boolean running() {
        return "RUNNING".equals(status);
    }

    /** The Map state's name, or for a run the history has not linked, its ARN's {@code stateMachine/label:id}. */
    public String name() {
        if (state != null) {
            return state.stateName();
        }
        int at = arn.indexOf(":mapRun:");
        return at < 0 ? arn : arn.substring(at + ":mapRun:".length());
    }
}
