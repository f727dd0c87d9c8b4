package dev.dmig.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.aws.DeployedStateMachine;
import dev.dmig.aws.ExecutionHistory;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the dashboard knows of runs on AWS beyond their artifacts: which run an execution of the deployed state machine
 * works on now, and each such execution's trail ({@link RunTrail}), read from its Step Functions history as it grows.
 */
public final class AwsRuns {
    private final DeployedStateMachine machine;
    private volatile Map<String, DeployedStateMachine.Summary> running = Map.of();
    /** The executions followed so far, by ARN: their history as read, and the trail it feeds. */
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();

    private record Followed(String runId, ExecutionHistory history, RunTrail trail) {}

    public AwsRuns(DeployedStateMachine machine) {
        this.machine = machine;
    }

    /** Reads which executions run now, by run. */
    public void refresh() {
        running = machine.running().stream().collect(Collectors.toMap(DeployedStateMachine.Summary::runId, s -> s, (a, b) -> a));
    }

    public boolean running(String runId) {
        return running.containsKey(runId);
    }

    /**
     * The trails of the run's executions this dashboard followed, oldest first; the running one (as the last
     * {@link #refresh} saw it) read up to now.
     */
    public List<JsonNode> trails(String runId) {
        DeployedStateMachine.Summary now = running.get(runId);
        if (now != null) {
            followed.computeIfAbsent(now.executionArn(), arn -> {
                RunTrail trail = new RunTrail(runId, now.name(), now.mode(), snapshot -> { });
                return new Followed(runId, new ExecutionHistory(machine.nesting(), List.of(trail)), trail);
            });
        }
        for (Map.Entry<String, Followed> entry : followed.entrySet()) {
            Followed execution = entry.getValue();
            if (execution.runId().equals(runId) && execution.history().ending() == null) {
                machine.read(entry.getKey(), execution.history());
                if (execution.history().ending() != null) {
                    DeployedStateMachine.Summary ended = machine.describe(entry.getKey());
                    execution.trail().ended(ended.status(), ended.stop() == null ? Instant.now() : ended.stop());
                }
            }
        }
        return followed.values().stream().filter(execution -> execution.runId().equals(runId)).map(f -> f.trail().snapshot())
                .sorted(Comparator.comparing(trail -> trail.path("started").asText(""))).toList();
    }
}
