package dev.dmig.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.run.RunTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One execution's path and timings, read from its {@code history.json}: the states it entered in
 * order, each top-level state with when it ran, the iterations of its Map states, and a summary of
 * the work inside the maps. Inputs and outputs of states are never shown.
 */
final class ExecutionTimeline {
    static final int ITERATIONS_SHOWN = 12;

    /**
     * A top-level state, or a Map iteration under one: {@code count} times entered, each a {@link Run} of its own; {@code
     * offset} is the first's, {@code seconds} the runs' own time summed, never the time between them (a Validate entered
     * before following and again after it took its two runs' time, not the following's).
     */
    record Step(String name, String type, int count, double offset, double seconds, String error, List<Step> iterations,
                List<Run> runs) {
        Step(String name, String type, int count, double offset, double seconds, String error, List<Step> iterations) {
            this(name, type, count, offset, seconds, error, iterations, List.of(new Run(offset, seconds)));
        }
    }

    /** One time a state ran: from {@code offset} seconds after the execution's start, for {@code seconds}. */
    record Run(double offset, double seconds) {}

    /** Work inside maps, summed per state. */
    record Inner(String name, String type, int attempts, int failed, double seconds) {}

    final String execution;
    final String status;
    /** From its start to its end: the width of its timeline. */
    final double seconds;
    /**
     * From its start to the run's verdict when the verdict was given in this execution (the run's time, {@link RunTime},
     * for the execution that opened the run and ended it); null when it was not, or is not known.
     */
    final Double toVerdict;
    /** What the execution went on with after the verdict, in seconds; 0 without a verdict in it. */
    final double afterVerdict;
    final String error;
    final String cause;
    final List<String> path;
    final List<Step> steps;
    final List<Inner> inner;

    private ExecutionTimeline(JsonNode history, Instant verdict) {
        Instant start = instant(history.path("start"), Instant.EPOCH);
        Instant end = instant(history.path("end"), start);
        this.execution = history.path("execution").asText("");
        this.status = history.path("status").asText("");
        this.seconds = RunTime.seconds(start, end, 0);
        boolean verdictHere = verdict != null && !verdict.isBefore(start.truncatedTo(ChronoUnit.MILLIS)) && !verdict.isAfter(end);
        this.toVerdict = verdictHere ? RunTime.seconds(start, verdict, 0) : null;
        this.afterVerdict = verdictHere ? RunTime.seconds(verdict, end, 0) : 0;
        this.error = history.hasNonNull("error") ? history.get("error").asText() : null;
        this.cause = history.hasNonNull("cause") ? history.get("cause").asText() : null;
        List<String> path = new ArrayList<>();
        history.path("path").forEach(step -> path.add(step.asText()));
        this.path = path;
        // Events of top-level states have an empty iteration; those inside a Map name theirs, outermost first.
        Map<String, List<JsonNode>> top = new LinkedHashMap<>();
        List<JsonNode> nested = new ArrayList<>();
        for (JsonNode event : history.path("events")) {
            if (event.path("iteration").isEmpty()) {
                top.computeIfAbsent(event.path("name").asText(), n -> new ArrayList<>()).add(event);
            } else {
                nested.add(event);
            }
        }
        this.steps = steps(top, nested, start);
        this.inner = inner(nested, start);
    }

    /** {@code verdict}: when the run's verdict was given (its report's {@code finishedAt}), null when not known. */
    static ExecutionTimeline of(JsonNode history, String verdict) {
        Instant at;
        try {
            at = verdict == null ? null : Instant.parse(verdict);
        } catch (RuntimeException e) {
            at = null;
        }
        return new ExecutionTimeline(history, at);
    }

    /** One step per top-level state, its events grouped by name, in the order each was first entered. */
    private static List<Step> steps(Map<String, List<JsonNode>> top, List<JsonNode> nested, Instant start) {
        List<Step> steps = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> group : top.entrySet()) {
            List<JsonNode> events = group.getValue();
            Instant first = instant(events.get(0).path("start"), start);
            Instant last = first;
            String error = null;
            List<Run> runs = new ArrayList<>();
            for (JsonNode event : events) {
                Instant s = instant(event.path("start"), first);
                Instant e = instant(event.path("end"), s);
                runs.add(new Run(between(start, s), between(s, e)));
                last = e.isAfter(last) ? e : last;
                if (event.hasNonNull("error")) {
                    error = event.get("error").asText();
                }
            }
            String type = events.get(0).path("type").asText();
            List<Step> iterations = type.equals("Map") ? iterations(nested, first, last, start) : List.of();
            double own = runs.stream().mapToDouble(Run::seconds).sum();
            steps.add(new Step(group.getKey(), type, events.size(), between(start, first), own, error, iterations, List.copyOf(runs)));
        }
        return steps;
    }

    /** The work inside the maps, summed per state. */
    private static List<Inner> inner(List<JsonNode> nested, Instant start) {
        Map<String, Inner> inner = new LinkedHashMap<>();
        for (JsonNode event : nested) {
            String name = event.path("name").asText();
            Instant s = instant(event.path("start"), start);
            double d = event.has("end") ? between(s, instant(event.path("end"), s)) : 0;
            boolean failed = event.hasNonNull("error");
            Inner known = inner.get(name);
            inner.put(name, known == null ? new Inner(name, event.path("type").asText(), 1, failed ? 1 : 0, d)
                    : new Inner(name, known.type(), known.attempts() + 1, known.failed() + (failed ? 1 : 0), known.seconds() + d));
        }
        return List.copyOf(inner.values());
    }

    /** The iterations of a top-level Map that ran between {@code from} and {@code to}, by outermost index. */
    private static List<Step> iterations(List<JsonNode> nested, Instant from, Instant to, Instant start) {
        Map<Integer, Instant[]> spans = new LinkedHashMap<>();
        Map<Integer, String> firstState = new LinkedHashMap<>();
        Map<Integer, String> errors = new LinkedHashMap<>();
        for (JsonNode event : nested) {
            Instant s = instant(event.path("start"), from);
            if (s.isBefore(from) || s.isAfter(to)) {
                continue;
            }
            int index = event.path("iteration").get(0).asInt();
            Instant e = instant(event.path("end"), s);
            Instant[] span = spans.computeIfAbsent(index, i -> new Instant[] {s, e});
            span[0] = s.isBefore(span[0]) ? s : span[0];
            span[1] = e.isAfter(span[1]) ? e : span[1];
            if (event.path("iteration").size() == 1) {
                firstState.putIfAbsent(index, event.path("name").asText());
            }
            if (event.hasNonNull("error")) {
                errors.put(index, event.get("error").asText());
            }
        }
        List<Step> steps = new ArrayList<>();
        spans.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> steps.add(new Step(
                "iteration " + entry.getKey() + (firstState.containsKey(entry.getKey()) ? " · " + firstState.get(entry.getKey()) : ""),
                "", 1, between(start, entry.getValue()[0]), between(entry.getValue()[0], entry.getValue()[1]),
                errors.get(entry.getKey()), List.of())));
        return steps;
    }

    /**
     * The path with loops folded: {@code Analyze → AnalysisComplete} entered twelve times in a row
     * reads as one pair ×12, so a long run's path stays a line or two.
     */
    static List<String[]> foldedPath(List<String> path) {
        List<String[]> folded = new ArrayList<>();
        int i = 0;
        while (i < path.size()) {
            int bestWidth = 1;
            int bestTimes = 1;
            for (int width = 1; width <= 3 && i + 2 * width <= path.size(); width++) {
                int times = 1;
                while (i + (times + 1) * width <= path.size()
                        && path.subList(i, i + width).equals(path.subList(i + times * width, i + (times + 1) * width))) {
                    times++;
                }
                if (times > 1 && times * width > bestTimes * bestWidth) {
                    bestWidth = width;
                    bestTimes = times;
                }
            }
            folded.add(new String[] {String.join(" → ", path.subList(i, i + bestWidth)), bestTimes > 1 ? "×" + bestTimes : ""});
            i += bestWidth * bestTimes;
        }
        return folded;
    }

    private static double between(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e9;
    }

    private static Instant instant(JsonNode node, Instant fallback) {
        if (node == null || !node.isTextual()) {
            return fallback;
        }
        try {
            return Instant.parse(node.asText());
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
