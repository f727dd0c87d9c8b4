package dev.dmig.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.executor.ExecutionListener;
import dev.dmig.executor.StateRecord;
import dev.dmig.json.Json;
import dev.dmig.report.Numbers;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An execution as it goes, for the dashboard: the path through the state machine's top-level states so far, the state
 * under way, and the recent events — each top-level step done, each level copied, each failure with its cause and fix
 * in words. A run executing in a dmig process keeps it with its artifacts ({@code runs/<run>/trail/<execution>.json},
 * rewritten at each top-level step and at most once a second otherwise), so that a dashboard in another process sees
 * where it is; a dashboard following an execution on AWS builds the same from its Step Functions history.
 */
public final class RunTrail implements ExecutionListener {
    /** Events kept: the most recent ones. */
    static final int EVENTS = 40;
    private static final long STORE_EVERY_MILLIS = 1_000;

    private final String runId;
    private final String execution;
    private final String mode;
    private final Consumer<JsonNode> store;
    private final List<ObjectNode> path = new ArrayList<>();
    private final Deque<ObjectNode> events = new ArrayDeque<>();
    private String status = "RUNNING";
    private String current;
    private Instant started;
    private Instant ended;
    private long storedAt;

    /** {@code store}: where each new snapshot goes (the artifacts, or nowhere when the dashboard reads it itself). */
    RunTrail(String runId, String execution, String mode, Consumer<JsonNode> store) {
        this.runId = runId;
        this.execution = execution;
        this.mode = mode;
        this.store = store;
    }

    /**
     * The trail of an execution in this process, kept with the run's artifacts; {@code input} is the execution's. A new
     * run whose ID is taken, or is no ID, keeps none: its analysis refuses it, and the run there keeps its own trail.
     */
    static RunTrail stored(ArtifactStore artifacts, String runId, String execution, JsonNode input) {
        String mode = input.path("mode").asText("dry-run");
        boolean newRun = input.has("config") && !input.path("resume").asBoolean(false);
        if (!RunIds.valid(runId) || !RunIds.valid(execution) || (newRun && RunArtifacts.in(artifacts).exists(runId))) {
            return new RunTrail(runId, execution, mode, snapshot -> { });
        }
        String key = key(runId, execution);
        return new RunTrail(runId, execution, mode, snapshot -> artifacts.putJson(key, snapshot));
    }

    static String key(String runId, String execution) {
        return RunLayout.prefix(runId) + "trail/" + execution + ".json";
    }

    /** The trails kept with a run, oldest execution first. */
    public static List<JsonNode> all(ArtifactStore artifacts, String runId) {
        List<JsonNode> trails = new ArrayList<>();
        for (String key : artifacts.list(RunLayout.prefix(runId) + "trail/")) {
            artifacts.getJson(key, JsonNode.class).ifPresent(trails::add);
        }
        trails.sort(Comparator.comparing(trail -> trail.path("started").asText("")));
        return trails;
    }

    /**
     * The top-level state the run's latest execution in a dmig process is in, as its trail last said; empty when it has
     * no trail or is in none (it ended).
     */
    public static Optional<String> current(ArtifactStore artifacts, String runId) {
        List<JsonNode> trails = all(artifacts, runId);
        return trails.isEmpty() ? Optional.empty() : Optional.ofNullable(trails.get(trails.size() - 1).path("current").asText(null));
    }

    @Override
    public synchronized void stateEntered(StateRecord record) {
        if (started == null) {
            started = record.start();
        }
        if (record.iterationPath().isEmpty()) {
            current = record.stateName();
            ObjectNode step = Json.MAPPER.createObjectNode().put("state", record.stateName()).put("type", record.stateType())
                    .put("start", record.start().toString());
            path.add(step);
            save(true);
        }
    }

    @Override
    public synchronized void stateExited(StateRecord record) {
        if (record.iterationPath().isEmpty()) {
            step(record).ifPresent(step -> step.put("end", record.end().toString()));
            if (record.stateType().equals("Task") || record.stateType().equals("Map")) {
                event(record.end(), "ok", record.stateName() + " done in "
                        + Numbers.seconds(Duration.between(record.start(), record.end()).toMillis() / 1000.0));
            }
            save(true);
        } else if (record.iterationPath().size() == 1 && record.stateName().equals(StateNames.MIGRATE_TABLES)) {
            event(record.end(), "ok", "level " + (record.iterationPath().get(0) + 1) + " copied");
            save(false);
        }
    }

    @Override
    public synchronized void stateFailed(StateRecord record) {
        String table = table(record.input());
        String where = record.stateName() + (table == null ? "" : " (" + table + segment(record.input()) + ")");
        event(record.end(), "fail", where + ": " + Outcome.why(record.error(), record.cause()));
        if (record.iterationPath().isEmpty()) {
            step(record).ifPresent(step -> step.put("end", record.end().toString()).put("error", Outcome.condition(record.error())));
        }
        save(record.iterationPath().isEmpty());
    }

    /** The execution ended with {@code endStatus} (Step Functions' word: SUCCEEDED, FAILED, ABORTED ...). */
    synchronized void ended(String endStatus, Instant at) {
        status = endStatus;
        ended = at;
        current = null;
        save(true);
    }

    synchronized JsonNode snapshot() {
        ObjectNode trail = Json.MAPPER.createObjectNode().put("runId", runId).put("execution", execution).put("mode", mode)
                .put("status", status).put("started", started == null ? null : started.toString())
                .put("ended", ended == null ? null : ended.toString()).put("current", current);
        ArrayNode steps = trail.putArray("path");
        path.forEach(steps::add);
        ArrayNode recent = trail.putArray("events");
        events.forEach(recent::add);
        return trail;
    }

    private Optional<ObjectNode> step(StateRecord record) {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.get(i).path("state").asText().equals(record.stateName())) {
                return Optional.of(path.get(i));
            }
        }
        return Optional.empty();
    }

    private void event(Instant at, String kind, String text) {
        events.addLast(Json.MAPPER.createObjectNode().put("at", (at == null ? Instant.now() : at).toString()).put("kind", kind)
                .put("text", text));
        while (events.size() > EVENTS) {
            events.removeFirst();
        }
    }

    /** Stores a snapshot: at once for a top-level step, else at most once a second (segments fail and retry in bursts). */
    private void save(boolean now) {
        long millis = System.currentTimeMillis();
        if (!now && millis - storedAt < STORE_EVERY_MILLIS) {
            return;
        }
        storedAt = millis;
        try {
            store.accept(snapshot());
        } catch (RuntimeException unwritable) {
            // What the dashboard shows is never worth failing a step for: the next snapshot tries again.
        }
    }

    private static String table(JsonNode input) {
        JsonNode table = input == null ? null : input.path("table");
        if (table == null || table.isMissingNode()) {
            return null;
        }
        return table.isTextual() ? table.asText() : table.path("table").asText(null);
    }

    private static String segment(JsonNode input) {
        return input.has("segment") ? " segment " + input.path("segment").asInt() : "";
    }
}
