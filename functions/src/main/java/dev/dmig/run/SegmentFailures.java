package dev.dmig.run;

import dev.dmig.store.Reads;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Why a segment task failed, kept where the failure path can read it. On Step Functions a Distributed Map whose
 * child execution failed reports only {@value #MAP_FAILED}, with no table and no cause: the user would read that
 * one line and nothing else. Each segment task records what it threw ({@code runs/<runId>/failures/<state>/<table>/
 * <segment>.json}), and {@link #explain} puts it back in place of the Map's error.
 */
public final class SegmentFailures {
    /** What a failed Distributed Map reports in place of its child's error. */
    public static final String MAP_FAILED = "States.ExceedToleratedFailureThreshold";
    /** The state of the rollback's segment tasks, which record their failures as the run's do. */
    public static final String ROLLBACK_SEGMENT = "RollbackSegment";
    static final String UNRECORDED = "no segment task recorded an error, as one that Lambda stopped (its timeout, out of memory) "
            + "cannot: the Map Run's failed child execution and its function's log name it";

    /** One segment task's last failure: the state, the unit, the error's type (as Lambda names it) and message. */
    public record Recorded(String state, String table, int segment, String error, String message, String at) {}

    private SegmentFailures() {}

    /**
     * Runs one segment task's {@code work}; what it throws is recorded, then thrown on. A record that cannot be
     * written is attached to the task's error as suppressed: the task's own error is what the state machine must see.
     */
    public static <T> T recording(ArtifactStore artifacts, String runId, String state, String table, int segment,
                                  Supplier<T> work) {
        return recording(Clock.systemUTC(), artifacts, runId, state, table, segment, work);
    }

    /** As {@link #recording(ArtifactStore, String, String, String, int, Supplier)}, each record timed by {@code clock}. */
    static <T> T recording(Clock clock, ArtifactStore artifacts, String runId, String state, String table, int segment,
                           Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            try {
                artifacts.putJson(RunLayout.segmentFailure(runId, state, table, segment), new Recorded(state, table, segment,
                        e.getClass().getName(), String.valueOf(e.getMessage()), clock.instant().toString()));
            } catch (RuntimeException notRecorded) {
                e.addSuppressed(notRecorded);
            }
            throw e;
        }
    }

    /**
     * {@code failure}, or, when it is a failed Distributed Map's {@value #MAP_FAILED}, the failure a segment task
     * recorded: the latest one that no retry was meant to heal, else the latest of all. What the rollback's own
     * segment tasks ({@value #ROLLBACK_SEGMENT}) threw came after the run failed, and so did a sibling segment's
     * {@link RunFencedException} (the rollback's fence stopped it: on Step Functions the rollback starts while siblings
     * still write): neither ever explains the run's failure.
     */
    public static RunManifest.Failure explain(ArtifactStore artifacts, String runId, RunManifest.Failure failure) {
        if (failure == null || !MAP_FAILED.equals(failure.error())) {
            return failure;
        }
        List<Recorded> recorded = Reads.all(artifacts.list(RunLayout.segmentFailures(runId)),
                        key -> artifacts.getJson(key, Recorded.class)).stream()
                .flatMap(Optional::stream).filter(r -> !r.state().equals(ROLLBACK_SEGMENT))
                .filter(r -> !r.error().equals(RunFencedException.class.getName())).toList();
        Comparator<Recorded> latest = Comparator.comparing(r -> Instant.parse(r.at()));
        Optional<Recorded> cause = recorded.stream()
                .filter(r -> !r.error().equals(StoreUnavailableException.class.getName())).max(latest)
                .or(() -> recorded.stream().max(latest));
        return cause.map(r -> new RunManifest.Failure(r.error(), "table " + r.table() + ", segment " + r.segment() + " ("
                + r.state() + "): " + r.message(), failure.problems())).orElseGet(() -> unrecorded(failure));
    }

    /** A Map whose failed child recorded nothing: a task Lambda stopped (its timeout, out of memory) throws nothing to record. */
    private static RunManifest.Failure unrecorded(RunManifest.Failure failure) {
        if (failure.cause() != null && failure.cause().contains(UNRECORDED)) {
            return failure;
        }
        return new RunManifest.Failure(failure.error(), (failure.cause() == null ? "" : failure.cause() + "; ") + UNRECORDED,
                failure.problems());
    }
}
