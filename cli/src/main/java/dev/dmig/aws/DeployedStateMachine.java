package dev.dmig.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.executor.Execution;
import dev.dmig.executor.ExecutionListener;
import dev.dmig.executor.Waits;
import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The state machine as deployed to Step Functions: starts executions, follows one to its end by
 * polling its description and history, lists recent ones, and stops one.
 */
public final class DeployedStateMachine {
    /** GetExecutionHistory's largest page. */
    static final int HISTORY_PAGE = 1000;
    /** Enough of a finished history's tail to find the state it ended in. */
    private static final int TAIL = 25;

    /** One execution as {@code dmig status --aws} lists it; {@code lastState} is null while it runs or when unknown. */
    public record Summary(String executionArn, String name, String status, Instant start, Instant stop, JsonNode input,
                          String lastState, String error, String cause) {
        /** The run the execution belongs to: its input's {@code runId}, else its name (as Analyze decides). */
        public String runId() {
            return input != null && input.hasNonNull("runId") ? input.get("runId").asText() : name;
        }

        /** The input's mode; {@code {}} and anything Analyze does not know is a dry run. */
        public String mode() {
            String mode = input == null ? "" : input.path("mode").asText("");
            return switch (mode) {
                case "test", "full", "validate", "rollback" -> mode + (input.path("resume").asBoolean(false) ? " (resume)" : "");
                default -> "dry-run";
            };
        }

        public boolean running() {
            return "RUNNING".equals(status) || "PENDING_REDRIVE".equals(status);
        }
    }

    /** How an execution ended: Step Functions' status and the execution read the way a local one is. */
    public record Followed(String executionArn, String status, Execution execution) {}

    private final SfnClient sfn;
    private final String arn;
    private final Waits sleeper;
    private final Duration firstPoll;
    private final Duration maxPoll;
    private StateNesting nesting;

    /** Polls first after {@code firstPoll}, then backs off (doubling) to {@code maxPoll} while nothing new happens. */
    public DeployedStateMachine(SfnClient sfn, String stateMachineArn, Waits sleeper, Duration firstPoll, Duration maxPoll) {
        this.sfn = sfn;
        this.arn = stateMachineArn;
        this.sleeper = sleeper;
        this.firstPoll = firstPoll;
        this.maxPoll = maxPoll;
    }

    public String arn() {
        return arn;
    }

    /**
     * The deployed definition's nesting, read once. Checks the ARN before anything is uploaded or
     * started; the definition deployed is the one that counts, whatever version this CLI bundles.
     */
    public StateNesting nesting() {
        if (nesting == null) {
            try {
                nesting = StateNesting.of(sfn.describeStateMachine(r -> r.stateMachineArn(arn)).definition());
            } catch (StateMachineDoesNotExistException | InvalidArnException e) {
                throw new IllegalArgumentException("no state machine " + arn + " in Step Functions ("
                        + e.awsErrorDetails().errorMessage() + "); --state-machine-arn takes the StateMachineArn output of the stack");
            }
        }
        return nesting;
    }

    /** Refuses an execution name the state machine has used: Step Functions keeps names for 90 days. */
    public void checkNameFree(String name) {
        try {
            sfn.describeExecution(r -> r.executionArn(executionArn(name)));
        } catch (ExecutionDoesNotExistException free) {
            return;
        }
        throw taken(name);
    }

    /** Starts an execution; its name is the run ID for a new run, and must be new to the state machine. */
    public String start(String name, JsonNode input) {
        try {
            return sfn.startExecution(r -> r.stateMachineArn(arn).name(name).input(Json.text(input))).executionArn();
        } catch (ExecutionAlreadyExistsException e) {
            throw taken(name);
        } catch (StateMachineDoesNotExistException | InvalidArnException e) {
            throw new IllegalArgumentException("no state machine " + arn + " in Step Functions ("
                    + e.awsErrorDetails().errorMessage() + ")");
        }
    }

    /**
     * Follows an execution until it ends, telling the listeners each state attempt as the history
     * shows it, and {@code mapRuns} how its Distributed Map runs progress (their iterations are
     * child executions, absent from its history). Only reads: interrupting this leaves the
     * execution running.
     */
    public Followed follow(String executionArn, List<ExecutionListener> listeners, MapRunListener mapRuns)
            throws InterruptedException {
        ExecutionHistory history = new ExecutionHistory(nesting(), listeners);
        MapRunFollower runs = new MapRunFollower(sfn, executionArn, mapRuns);
        Duration wait = firstPoll;
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            boolean grew = read(executionArn, history);
            if (execution.status() != ExecutionStatus.RUNNING && execution.status() != ExecutionStatus.PENDING_REDRIVE) {
                // The description can be a moment ahead of the history: read until the history ends too.
                for (int i = 0; i < 10 && history.ending() == null; i++) {
                    sleeper.sleep(wait);
                    read(executionArn, history);
                }
                runs.poll(history);
                return new Followed(executionArn, execution.statusAsString(), history.execution(execution.name(),
                        execution.statusAsString(), execution.output(), execution.error(), execution.cause(),
                        execution.startDate(), execution.stopDate()));
            }
            // Map runs are polled on the history's back-off, not faster while their counts change: each poll
            // costs a ListMapRuns and a DescribeMapRun per running map run, against the account's API quotas.
            runs.poll(history);
            wait = grew ? firstPoll : min(wait.multipliedBy(2), maxPoll);
            sleeper.sleep(wait);
        }
    }

    /**
     * The execution's Distributed Map runs that are still running, with their item counts (their
     * Map states unknown: no history is read).
     *
     * @throws MapRunsUnreadableException when the credentials may not list or describe map runs
     */
    public List<MapRun> runningMapRuns(String executionArn) {
        List<MapRun> running = new ArrayList<>();
        for (MapRunListItem item : MapRunFollower.list(sfn, executionArn)) {
            if (item.stopDate() == null) {
                MapRun run = MapRun.of(MapRunFollower.describe(sfn, item.mapRunArn()), null);
                if (run.running()) {
                    running.add(run);
                }
            }
        }
        return running;
    }

    /**
     * Reads the events after the last one read into {@code history}: newest first, page by page, until a page reaches
     * events already read — one short call per poll however long the history grows. True when there were any.
     */
    public boolean read(String executionArn, ExecutionHistory history) {
        long after = history.lastEventId();
        List<HistoryEvent> fresh = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            GetExecutionHistoryResponse response = sfn.getExecutionHistory(r -> r.executionArn(executionArn)
                    .reverseOrder(true).maxResults(HISTORY_PAGE).nextToken(page));
            boolean reached = false;
            for (HistoryEvent event : response.events()) {
                if (event.id() > after) {
                    fresh.add(event);
                } else {
                    reached = true;
                }
            }
            token = reached ? null : response.nextToken();
        } while (token != null);
        fresh.sort(Comparator.comparing(HistoryEvent::id));
        history.addAll(fresh);
        return !fresh.isEmpty();
    }

    /** The most recent executions, newest first, each with its input and (when it ended) its last state. */
    public List<Summary> recent(int max) {
        List<Summary> summaries = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListExecutionsResponse response;
            try {
                response = sfn.listExecutions(r -> r.stateMachineArn(arn).maxResults(Math.min(max, HISTORY_PAGE)).nextToken(page));
            } catch (StateMachineDoesNotExistException | InvalidArnException e) {
                throw new IllegalArgumentException("no state machine " + arn + " in Step Functions ("
                        + e.awsErrorDetails().errorMessage() + ")");
            }
            for (ExecutionListItem item : response.executions()) {
                if (summaries.size() < max) {
                    summaries.add(summary(item.executionArn()));
                }
            }
            token = summaries.size() < max ? response.nextToken() : null;
        } while (token != null);
        return summaries;
    }

    /** The running execution of a run: the run's own, or a resume, validate or rollback execution acting on it. */
    public Optional<Summary> running(String runId) {
        return running().stream().filter(summary -> summary.runId().equals(runId)).findFirst();
    }

    /** Every execution of the state machine that runs now. */
    public List<Summary> running() {
        List<Summary> running = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListExecutionsResponse response = sfn.listExecutions(r -> r.stateMachineArn(arn)
                    .statusFilter(ExecutionStatus.RUNNING).maxResults(HISTORY_PAGE).nextToken(page));
            for (ExecutionListItem item : response.executions()) {
                Summary summary = summary(item.executionArn());
                if (summary.running()) {
                    running.add(summary);
                }
            }
            token = response.nextToken();
        } while (token != null);
        return running;
    }

    /** How one execution stands now (its status, and its error once it failed). */
    public Summary describe(String executionArn) {
        return summary(executionArn);
    }

    /** Stops an execution; Step Functions records the error and cause as the execution's. */
    public void stop(String executionArn, String error, String cause) {
        sfn.stopExecution(r -> r.executionArn(executionArn).error(error).cause(cause));
    }

    private Summary summary(String executionArn) {
        DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn));
        JsonNode input = null;
        if (execution.input() != null) {
            try {
                input = Json.tree(execution.input().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException unreadable) {
                input = null;
            }
        }
        String lastState = null;
        if (execution.status() != ExecutionStatus.RUNNING && execution.status() != ExecutionStatus.PENDING_REDRIVE) {
            StateNesting states = nesting();
            for (HistoryEvent event : sfn.getExecutionHistory(r -> r.executionArn(executionArn).reverseOrder(true)
                    .maxResults(TAIL).includeExecutionData(false)).events()) {
                if (event.stateEnteredEventDetails() != null && states.topLevel(event.stateEnteredEventDetails().name())) {
                    lastState = event.stateEnteredEventDetails().name();
                    break;
                }
            }
        }
        return new Summary(executionArn, execution.name(), execution.statusAsString(), execution.startDate(),
                execution.stopDate(), input, lastState, execution.error(), execution.cause());
    }

    /** A standard workflow's execution ARN: the state machine's, with "execution" for "stateMachine", and the name. */
    String executionArn(String name) {
        return arn.replace(":stateMachine:", ":execution:") + ":" + name;
    }

    private static IllegalArgumentException taken(String name) {
        return new IllegalArgumentException("the state machine already has an execution named " + name
                + ": give the new run another ID with --run");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
