package dev.dmig.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.journal.Journal;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens after an execution ends FAILED, TIMED_OUT or ABORTED without the state machine's own
 * failure path having finished the run: an error no Catch handles ({@code States.Runtime},
 * {@code States.DataLimitExceeded}), an execution timeout, or a stop from the console. The run is
 * then half-written, locked and still "migrating". On AWS an EventBridge rule sends each such
 * execution to the recover function; locally the runner does the same after each execution.
 *
 * <p>Only the execution that owns the run (the manifest names it) or a rollback execution of it
 * counts: a resume refused before it took the run over leaves the run as it was. A run whose
 * manifest is already final needs nothing. A run stopped by {@code dmig stop} (error
 * {@code Stopped}) waits for its operator to resume or roll it back. A run that wrote nothing is
 * recorded as failed and its target lock released. Any other run is rolled back by a new rollback
 * execution, at most {@link #MAX_ATTEMPTS} times; past that, or when the failed execution was
 * itself a recovery rollback that ran out of attempts, the run is marked as needing a rollback by
 * hand, which {@code dmig status} shows.
 */
public final class Recovery {
    /** Rollback executions the recovery path starts for one run, at most. */
    public static final int MAX_ATTEMPTS = 2;
    /** The error {@code dmig stop} gives the executions it stops. */
    public static final String STOPPED = "Stopped";

    /** Starts a state machine execution: on AWS StartExecution, locally the in-process runner. */
    @FunctionalInterface
    public interface Executions {
        /** Starting the same name twice with the same input must be harmless (EventBridge may deliver twice). */
        void start(String name, JsonNode input);
    }

    /** An execution that ended: its name, Step Functions status (FAILED, TIMED_OUT, ABORTED), input JSON, error and cause. */
    public record Ended(String executionName, String status, String input, String error, String cause) {}

    /**
     * {@code runs/<id>/recovery.json}: what the recovery path last decided and why, the ended
     * executions it has handled, and the rollback executions it started.
     */
    public record Record(String runId, String action, String reason, List<String> handled, List<String> executions,
                         String updatedAt) {}

    /** What was decided for one ended execution. */
    public enum Action {
        /** The run's own path finished it, it stopped on request, or it is not a run of this deployment. */
        NOTHING,
        /** Nothing was written: recorded as failed and the lock released. */
        RELEASED,
        /** A rollback execution was started. */
        ROLLING_BACK,
        /** Recovery gave up: the operator must roll the run back. */
        NEEDS_ROLLBACK
    }

    private final ArtifactStore artifacts;
    private final Journal journal;

    public Recovery(ArtifactStore artifacts) {
        this.artifacts = artifacts;
        this.journal = new Journal(artifacts);
    }

    public Action recover(Ended ended, Executions executions) {
        Optional<String> runId = runOf(ended);
        if (runId.isEmpty()) {
            return Action.NOTHING;
        }
        String run = runId.get();
        Optional<RunManifest> found = artifacts.getJson(RunLayout.manifest(run), RunManifest.class);
        if (found.isEmpty() || found.get().status().terminal()) {
            return Action.NOTHING;
        }
        RunManifest manifest = found.get();
        if (!ended.executionName().equals(manifest.executionName()) && !rollsBack(ended, run)) {
            // Another execution owns the run (say a resume that was refused before taking it over): not this one's to undo.
            return Action.NOTHING;
        }
        String reason = "execution " + ended.executionName() + " ended " + ended.status()
                + (ended.error() == null ? "" : " with " + ended.error());
        if ("ABORTED".equals(ended.status()) && STOPPED.equals(ended.error())) {
            return Action.NOTHING;
        }
        RunManifest.Failure failure = new RunManifest.Failure(ended.error() == null ? ended.status() : ended.error(),
                ended.cause() == null ? reason : ended.cause());
        boolean wrote = manifest.status() == RunStatus.MIGRATING || manifest.status() == RunStatus.VALIDATING
                || manifest.status() == RunStatus.ROLLING_BACK || !journal.entries(run).isEmpty();
        if (!wrote) {
            artifacts.putJson(RunLayout.manifest(run), manifest.withFailure(RunStatus.FAILED, failure));
            if (manifest.targetSuffix() != null) {
                new RunLock(artifacts).release(manifest.targetSuffix(), run);
            }
            save(run, Action.RELEASED, reason + "; nothing was written", List.of(ended.executionName()), List.of());
            return Action.RELEASED;
        }
        Optional<Record> before = artifacts.getJson(RunLayout.recovery(run), Record.class);
        List<String> handled = before.map(Record::handled).orElse(List.of());
        List<String> started = before.map(Record::executions).orElse(List.of());
        if (handled.contains(ended.executionName())) {
            // EventBridge delivers at least once: this ending was dealt with already.
            return Action.NOTHING;
        }
        List<String> nowHandled = new ArrayList<>(handled);
        nowHandled.add(ended.executionName());
        if (started.size() >= MAX_ATTEMPTS) {
            save(run, Action.NEEDS_ROLLBACK, reason + "; " + started.size() + " recovery rollbacks did not finish: run dmig "
                    + "rollback --run " + run, nowHandled, started);
            return Action.NEEDS_ROLLBACK;
        }
        // A name fixed by the attempt: should two deliveries race past the check above, Step Functions starts one.
        String name = executionName(run, started.size() + 1);
        List<String> names = new ArrayList<>(started);
        names.add(name);
        save(run, Action.ROLLING_BACK, reason, nowHandled, names);
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", "rollback");
        input.put("runId", run);
        input.put("rollbackRunId", run);
        executions.start(name, input);
        return Action.ROLLING_BACK;
    }

    /** What recovery last recorded for the run, if anything. */
    public Optional<Record> record(String runId) {
        return artifacts.getJson(RunLayout.recovery(runId), Record.class);
    }

    static String executionName(String runId, int attempt) {
        String name = runId + "-recover-" + attempt;
        // Step Functions allows 80 characters; keep the attempt, shorten the run ID.
        return name.length() <= 80 ? name : runId.substring(0, 80 - (name.length() - runId.length())) + "-recover-" + attempt;
    }

    private static boolean rollsBack(Ended ended, String run) {
        JsonNode input = ended.input() == null ? null : parse(ended.input());
        return input != null && "rollback".equals(text(input, "mode")) && run.equals(text(input, "rollbackRunId"));
    }

    /** The run an execution worked on: a rollback names it, any other execution carries it as its run ID. */
    private static Optional<String> runOf(Ended ended) {
        JsonNode input = ended.input() == null ? null : parse(ended.input());
        String run = null;
        if (input != null) {
            run = text(input, "rollbackRunId");
            if (run == null) {
                run = text(input, "runId");
            }
        }
        if (run == null) {
            run = ended.executionName();
        }
        try {
            return Optional.of(RunLayout.checkRunId(run));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void save(String runId, Action action, String reason, List<String> handled, List<String> executions) {
        artifacts.putJson(RunLayout.recovery(runId), new Record(runId, action.name().toLowerCase(Locale.ROOT)
                .replace('_', '-'), reason, List.copyOf(handled), List.copyOf(executions), Instant.now().toString()));
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            // EventBridge leaves the input out (or cuts it) when it is large: fall back to the execution's name.
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
