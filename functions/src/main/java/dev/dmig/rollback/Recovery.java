package dev.dmig.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.identity.IdentityMaps;
import dev.dmig.journal.Journal;
import dev.dmig.json.Json;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What happens after an execution ends FAILED, TIMED_OUT or ABORTED without the state machine's own
 * failure path having finished the run: an error no Catch handles ({@code States.Runtime},
 * {@code States.DataLimitExceeded}), an execution timeout, a stop from the console, or a Finalize that
 * failed after validation passed. On AWS an EventBridge rule sends each such execution to the recover
 * function, and a schedule sends it a sweep that finds the runs whose ending no event brought; locally the
 * runner does the same after each execution.
 *
 * <p>An event is acted on only as Step Functions itself describes the execution: one that names another
 * state machine, an execution Step Functions does not have, or a status it does not report is ignored, with
 * the reason. Only the execution that owns the run (the manifest names it) or a rollback execution of it
 * counts: a resume refused before it took the run over leaves the run as it was. A run whose manifest is
 * already final needs nothing. A run stopped by {@code dmig stop} (error {@code Stopped}) waits for its
 * operator to resume or roll it back. A run whose validation passed ({@code validated}) is finished as
 * succeeded: report written, target released, never rolled back. A rollback execution that left the run as it was (a
 * request refused, or one of a validated run that did not begin) needs nothing. A run that wrote nothing is recorded as
 * failed and its target lock released. Any other run is rolled back by a new rollback execution, at most
 * {@link #MAX_ATTEMPTS} times; past that, or when the failed execution was itself a recovery rollback that
 * ran out of attempts, the run is marked as needing a rollback by hand, which {@code dmig status} shows. Whatever is
 * decided, an ended execution that owns its run leaves nothing of the user pools' listings an analysis made, nor the
 * secret of their match keys ({@link IdentityMaps#forgetListings}): an analysis that died before its map was frozen has
 * no call left that would delete them.
 */
public final class Recovery {
    /** Rollback executions the recovery path starts for one run, at most. */
    public static final int MAX_ATTEMPTS = 2;
    /** The error {@code dmig stop} gives the executions it stops. */
    public static final String STOPPED = "Stopped";
    /**
     * The errors of the state machine's refusals (its Fail states that end a run before anything is written): an
     * execution that ended with one left its run as it was.
     */
    public static final Set<String> REFUSALS = Set.of("PlanInvalid", "InputInvalid", "TargetLocked", "BackupRequired",
            "SecondMapping", "ConfirmationRequired", "ConflictsFound", "StreamNotReady");
    /** The endings recovery acts on. */
    static final Set<String> ENDED = Set.of("FAILED", "TIMED_OUT", "ABORTED");
    /**
     * How long after an execution ended the sweep first acts on it: by then its own event has come (or is lost), and
     * a listing of running executions, which Step Functions keeps only eventually consistent, shows one just started.
     */
    static final Duration SWEEP_GRACE = Duration.ofMinutes(10);

    /** The stack's state machine as Step Functions reports it: on AWS its API, locally the in-process runner. */
    public interface Executions {
        /** The state machine whose executions are recovered; events naming any other are ignored. */
        String stateMachineArn();

        /** Starting the same name twice with the same input must be harmless (EventBridge may deliver twice). */
        void start(String name, JsonNode input);

        /** The execution as Step Functions describes it; empty when the state machine has no such execution. */
        Optional<Execution> describe(String executionArn);

        /** The state machine's executions still running. */
        List<Execution> running();

        /** The ARN of the state machine's execution named so. */
        default String executionArn(String name) {
            return stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + name;
        }
    }

    /** Finishes a run whose validation passed as Finalize does (manifest, report, lock); true once done, false when out of time. */
    @FunctionalInterface
    public interface Finisher {
        boolean finish(String runId, String execution);
    }

    /**
     * An execution as an event or Step Functions tells it: its ARN, state machine, name, status, input JSON, error,
     * cause and when it stopped (null while it runs, or when an event does not say).
     */
    public record Execution(String executionArn, String stateMachineArn, String name, String status, String input,
                            String error, String cause, Instant stopped) {}

    /**
     * {@code runs/<id>/recovery.json}: what the recovery path last decided and why, the ended
     * executions it has handled, and the rollback executions it started.
     */
    public record Record(String runId, String action, String reason, List<String> handled, List<String> executions,
                         String updatedAt) {}

    /** What was decided for one execution, and why; {@code runId} is null when the event named no run. */
    public record Decision(String runId, Action action, String reason) {}

    /** What was decided for one ended execution. */
    public enum Action {
        /** The run's own path finished it, it stopped on request, or it is not a run of this deployment. */
        NOTHING,
        /** The event is not what Step Functions says of the execution (forged, or for another state machine). */
        IGNORED,
        /** Validation had passed: the run was finished as succeeded. */
        FINISHED,
        /** Validation had passed: finishing it took more than this call; the next event or sweep goes on. */
        FINISHING,
        /** Nothing was written: recorded as failed and the lock released. */
        RELEASED,
        /** A rollback execution was started. */
        ROLLING_BACK,
        /** Recovery gave up: the operator must roll the run back. */
        NEEDS_ROLLBACK;

        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final ArtifactStore artifacts;
    private final Journal journal;
    private final Clock clock;

    public Recovery(ArtifactStore artifacts) {
        this(artifacts, Clock.systemUTC());
    }

    /** {@code clock}: what the sweep measures {@link #SWEEP_GRACE} by. */
    public Recovery(ArtifactStore artifacts, Clock clock) {
        this.artifacts = artifacts;
        this.journal = new Journal(artifacts);
        this.clock = clock;
    }

    /** Acts on an event telling that {@code event}'s execution ended, as Step Functions describes that execution. */
    public Decision recover(Execution event, Executions executions, Finisher finisher) {
        String stack = executions.stateMachineArn();
        if (!stack.equals(event.stateMachineArn()) || event.executionArn() == null
                || !event.executionArn().startsWith(executions.executionArn(""))) {
            return new Decision(null, Action.IGNORED, "the event names execution " + event.executionArn() + " of state machine "
                    + event.stateMachineArn() + ", not one of this stack's " + stack);
        }
        Optional<Execution> described = executions.describe(event.executionArn());
        if (described.isEmpty()) {
            return new Decision(null, Action.IGNORED, "Step Functions has no execution " + event.executionArn());
        }
        Execution told = described.get();
        if (!stack.equals(told.stateMachineArn()) || !told.status().equals(event.status())) {
            return new Decision(null, Action.IGNORED, "the event says execution " + event.executionArn() + " ended "
                    + event.status() + ", Step Functions says it is " + told.status() + " (state machine " + told.stateMachineArn() + ")");
        }
        if (!ENDED.contains(told.status())) {
            return new Decision(null, Action.IGNORED, "execution " + told.name() + " is " + told.status()
                    + ": only an execution that ended FAILED, TIMED_OUT or ABORTED is recovered");
        }
        return act(told, executions, finisher);
    }

    /**
     * Finds the runs left unfinished (a manifest not final) that no running execution works on, and acts on the last
     * ending of each, as its event would have: its own execution's, or a recovery rollback's. An ending is taken only
     * {@link #SWEEP_GRACE} after it happened.
     */
    public List<Decision> sweep(Executions executions, Finisher finisher) {
        Set<String> busy = new HashSet<>();
        for (Execution running : executions.running()) {
            runOf(running).ifPresent(busy::add);
        }
        List<Decision> decisions = new ArrayList<>();
        for (RunManifest manifest : RunFiles.manifests(artifacts, null).values()) {
            if (!manifest.status().terminal() && manifest.executionName() != null && !busy.contains(manifest.runId())) {
                decisions.add(sweep(manifest, executions, finisher));
            }
        }
        return decisions;
    }

    private Decision sweep(RunManifest manifest, Executions executions, Finisher finisher) {
        String run = manifest.runId();
        List<String> names = new ArrayList<>(List.of(manifest.executionName()));
        record(run).ifPresent(record -> names.addAll(record.executions()));
        Decision decision = new Decision(run, Action.NOTHING, "no execution of run " + run + " ended "
                + SWEEP_GRACE.toMinutes() + " minutes ago or more");
        Instant settled = clock.instant().minus(SWEEP_GRACE);
        for (String name : names) {
            Optional<Execution> told = executions.describe(executions.executionArn(name));
            if (told.isPresent() && ENDED.contains(told.get().status()) && told.get().stopped() != null
                    && !told.get().stopped().isAfter(settled)) {
                decision = act(told.get(), executions, finisher);
                if (decision.action() != Action.NOTHING) {
                    return decision;
                }
            }
        }
        return decision;
    }

    /** What {@code ended}, as Step Functions describes it, leaves to do for its run. */
    private Decision act(Execution ended, Executions executions, Finisher finisher) {
        Optional<String> runId = runOf(ended);
        if (runId.isEmpty()) {
            return new Decision(null, Action.NOTHING, "execution " + ended.name() + " names no run");
        }
        String run = runId.get();
        Optional<RunManifest> found = artifacts.getJson(RunLayout.manifest(run), RunManifest.class);
        if (found.isEmpty()) {
            return new Decision(run, Action.NOTHING, "run " + run + " not found");
        }
        RunManifest manifest = found.get();
        boolean own = ended.name().equals(manifest.executionName());
        if (own) {
            // Its execution lists no user pool any more: what an analysis that ended before its map was frozen left of the
            // pools' listings goes, every version, whatever else becomes of the run (a resume lists them again).
            IdentityMaps.forgetListings(artifacts, run);
        }
        if (manifest.status().terminal()) {
            return new Decision(run, Action.NOTHING, "run " + run + " has ended");
        }
        if (!own && !rollsBack(ended, run)) {
            // Another execution owns the run (say a resume that was refused before taking it over): not this one's to undo.
            return new Decision(run, Action.NOTHING, "execution " + ended.name() + " does not own run " + run);
        }
        String reason = "execution " + ended.name() + " ended " + ended.status()
                + (ended.error() == null ? "" : " with " + ended.error());
        if ("ABORTED".equals(ended.status()) && STOPPED.equals(ended.error())) {
            return new Decision(run, Action.NOTHING, reason + ": its operator resumes or rolls it back");
        }
        if (own && manifest.status() == RunStatus.VALIDATED) {
            return finish(run, reason, ended, finisher);
        }
        if (!own) {
            Optional<Decision> left = leftAsItWas(run, manifest, reason, ended);
            if (left.isPresent()) {
                return left.get();
            }
        }
        RunManifest.Failure failure = new RunManifest.Failure(ended.error() == null ? ended.status() : ended.error(),
                ended.cause() == null ? reason : ended.cause());
        boolean wrote = manifest.status() == RunStatus.MIGRATING || manifest.status() == RunStatus.VALIDATING
                || manifest.status() == RunStatus.ROLLING_BACK || !journal.entries(run).isEmpty()
                || !artifacts.list(RunLayout.writtenBeside(run)).isEmpty();
        if (!wrote) {
            artifacts.putJson(RunLayout.manifest(run), manifest.withFailure(RunStatus.FAILED, failure));
            if (manifest.targetSuffix() != null) {
                new RunLock(artifacts).release(manifest.targetSuffix(), run);
            }
            return save(run, Action.RELEASED, reason + "; nothing was written", List.of(ended.name()), List.of());
        }
        return rollBack(manifest, reason, ended, executions);
    }

    /**
     * A rollback execution of the run that left it as it was, so that recovery has nothing of it to finish: a person's
     * request that was refused (another run holds the target, a later run wrote to it, no confirmation for a run that
     * passed validation: the execution's error is one of {@link #REFUSALS}), or any rollback of a run still validated,
     * which none began undoing (the run would be rolling back) and which only a person's confirmed request undoes.
     * Empty when recovery goes on as for any other ending; a refused rollback that recovery itself started counts as a
     * failed attempt.
     */
    private Optional<Decision> leftAsItWas(String run, RunManifest manifest, String reason, Execution ended) {
        boolean startedByRecovery = record(run).map(r -> r.executions().contains(ended.name())).orElse(false);
        if (!startedByRecovery && ended.error() != null && REFUSALS.contains(ended.error())) {
            return Optional.of(new Decision(run, Action.NOTHING, reason + ": the rollback was refused before it began, run "
                    + run + " is as it was"));
        }
        if (manifest.status() == RunStatus.VALIDATED) {
            return Optional.of(new Decision(run, Action.NOTHING, reason + ": run " + run + " passed its validation and no rollback"
                    + " of it began; only a person's confirmed rollback undoes it"));
        }
        return Optional.empty();
    }

    /**
     * A run whose validation passed and whose execution then failed (its Finalize, say): its data moved and is proven,
     * so it is finished as succeeded, never rolled back. Finishing is repeatable: a call out of time leaves it to the
     * next event or sweep, which goes on from what this one did.
     */
    private Decision finish(String run, String reason, Execution ended, Finisher finisher) {
        if (!finisher.finish(run, ended.name())) {
            return save(run, Action.FINISHING, reason + " after its validation passed; finishing it (report, target lock)"
                    + " takes more than one call, the next sweep goes on", List.of(), List.of());
        }
        return save(run, Action.FINISHED, reason + " after its validation passed: finished as succeeded, report written and"
                + " target released; its ID maps were not exported (dmig idmap --run " + run + " --table T writes them)",
                List.of(ended.name()), List.of());
    }

    /** Starts the next recovery rollback of a run that wrote, unless this ending was handled or the attempts are spent. */
    private Decision rollBack(RunManifest manifest, String reason, Execution ended, Executions executions) {
        String run = manifest.runId();
        Optional<Record> before = record(run);
        List<String> handled = before.map(Record::handled).orElse(List.of());
        List<String> started = before.map(Record::executions).orElse(List.of());
        if (handled.contains(ended.name())) {
            // EventBridge delivers at least once, and the sweep may come upon it too: this ending was dealt with already.
            return new Decision(run, Action.NOTHING, reason + ": handled already");
        }
        List<String> nowHandled = new ArrayList<>(handled);
        nowHandled.add(ended.name());
        if (started.size() >= MAX_ATTEMPTS) {
            return save(run, Action.NEEDS_ROLLBACK, reason + "; " + started.size() + " recovery rollbacks did not finish: run "
                    + manifest.rollbackCommand(), nowHandled, started);
        }
        // A name fixed by the attempt: should two deliveries race past the check above, Step Functions starts one.
        String name = executionName(run, started.size() + 1);
        List<String> names = new ArrayList<>(started);
        names.add(name);
        Decision decision = save(run, Action.ROLLING_BACK, reason, nowHandled, names);
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", "rollback");
        input.put("runId", run);
        input.put("rollbackRunId", run);
        executions.start(name, input);
        return decision;
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

    private static boolean rollsBack(Execution ended, String run) {
        JsonNode input = ended.input() == null ? null : parse(ended.input());
        return input != null && "rollback".equals(text(input, "mode")) && run.equals(text(input, "rollbackRunId"));
    }

    /** The run an execution works on: a rollback names it, any other execution carries it as its run ID. */
    private static Optional<String> runOf(Execution execution) {
        JsonNode input = execution.input() == null ? null : parse(execution.input());
        String run = null;
        if (input != null) {
            run = text(input, "rollbackRunId");
            if (run == null) {
                run = text(input, "runId");
            }
        }
        if (run == null) {
            run = execution.name();
        }
        try {
            return Optional.of(RunLayout.checkRunId(run));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Decision save(String runId, Action action, String reason, List<String> handled, List<String> executions) {
        Optional<Record> before = record(runId);
        List<String> allHandled = new ArrayList<>(before.map(Record::handled).orElse(List.of()));
        handled.stream().filter(name -> !allHandled.contains(name)).forEach(allHandled::add);
        List<String> started = executions.isEmpty() ? before.map(Record::executions).orElse(List.of()) : executions;
        artifacts.putJson(RunLayout.recovery(runId), new Record(runId, action.text(), reason, List.copyOf(allHandled),
                List.copyOf(started), clock.instant().toString()));
        return new Decision(runId, action, reason);
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
