package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.WorkList;
import dev.dmig.executor.Execution;
import dev.dmig.executor.Executor;
import dev.dmig.executor.StateMachine;
import dev.dmig.executor.StateRecord;
import dev.dmig.executor.TaskRunner;
import dev.dmig.json.Json;
import dev.dmig.migrate.SegmentProgress;
import dev.dmig.report.FinalizeResult;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunState;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationProgress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Step Functions' limits at the largest run the design allows per level: 60 tables of 1,000 segments
 * each, through the real {@code statemachine/migration.asl.json}, with each Distributed Map reading its
 * segment list from S3 (S3Proxy) as on AWS. The functions are stood in for by a task runner that
 * answers as they do, without the work: 60,000 segments of real copying cannot run here, and the
 * limits depend only on the states' data and the number of state transitions, which are the real
 * ones. The Analyze and Validate stand-ins fan out, as the real ones do for a run this large, and build their lists
 * with the analysis's own {@link WorkList}.
 */
class StepFunctionsLimitsIT {
    private static final int TABLES = 60;
    private static final int MAX_CONCURRENCY = 8;

    /** One run of {@code TABLES} tables of {@code segments} segments each, in three levels of 30, 20 and 10 tables. */
    private static final class LimitsRun {
        final Execution execution;
        final Map<String, Set<Integer>> segmentsMigrated = new ConcurrentHashMap<>();
        final Map<String, Integer> totalSegmentsSeen = new ConcurrentHashMap<>();

        LimitsRun(int segments) {
            this(TABLES, segments);
        }

        /** {@code tableCount} tables in three levels: a half, a third and the rest. */
        LimitsRun(int tableCount, int segments) {
            String runId = String.format("limits-%d-%04d-%d", tableCount, segments, System.currentTimeMillis());
            S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
            int half = tableCount / 2;
            int third = tableCount / 3;
            List<List<String>> levels = List.of(tables(0, half), tables(half, half + third), tables(half + third, tableCount));
            Map<String, Integer> segmentCounts = new LinkedHashMap<>();
            Map<String, Integer> concurrency = new LinkedHashMap<>();
            levels.forEach(level -> level.forEach(model -> {
                segmentCounts.put(model, segments);
                concurrency.put(model, MAX_CONCURRENCY);
            }));
            Map<String, Integer> passes = new ConcurrentHashMap<>();
            AtomicBoolean validated = new AtomicBoolean();
            TaskRunner functions = (resource, input, context) -> switch (resource) {
                // The first call hands every (table, segment) to AnalyzeSegments; the call after it hands out the work list.
                case "AnalyzeFunctionArn" -> input.has("segment") ? Json.MAPPER.createObjectNode().put("done", true)
                        : !input.path("input").has("units") ? Json.MAPPER.valueToTree(new RunState(runId, RunMode.FULL, false, true, 0,
                                List.of(), null, WorkList.fanOut(artifacts, SharedStack.BUCKET, RunLayout.analysisUnits(runId, "limits"),
                                        models(levels), segmentCounts)))
                        : Json.MAPPER.valueToTree(new RunState(runId, RunMode.FULL, true, true, 0,
                                WorkList.of(artifacts, SharedStack.BUCKET, runId, levels, segmentCounts, concurrency, 32)));
                case "MigrateSegmentFunctionArn" -> {
                    String table = input.get("table").asText();
                    int segment = input.get("segment").asInt();
                    totalSegmentsSeen.put(table, input.get("totalSegments").asInt());
                    // Every segment needs two calls, as one that ran out of its time budget once.
                    boolean done = passes.merge(table + "/" + segment, 1, Integer::sum) == 2;
                    if (done) {
                        segmentsMigrated.computeIfAbsent(table, t -> ConcurrentHashMap.newKeySet()).add(segment);
                    }
                    yield Json.MAPPER.valueToTree(new SegmentProgress(done, 100_000, 99_000, 1_000));
                }
                case "ValidateFunctionArn" -> input.has("segment") ? Json.MAPPER.createObjectNode().put("done", true)
                        : validated.getAndSet(true) ? Json.MAPPER.valueToTree(new ValidationProgress(true, true, tableCount, 0))
                        : Json.MAPPER.valueToTree(new ValidationProgress(false, false, tableCount, 0, WorkList.fanOut(artifacts,
                                SharedStack.BUCKET, RunLayout.validationUnits(runId, "limits"), models(levels), segmentCounts)));
                case "FinalizeFunctionArn" -> Json.MAPPER.valueToTree(new FinalizeResult(runId, "succeeded",
                        "runs/" + runId + "/report.json"));
                default -> throw new IllegalStateException("no stand-in for " + resource);
            };
            String definition = LocalRunner.bundledDefinition();
            Set<String> resources = LocalRunner.functions(definition).stream().map(f -> f + "FunctionArn")
                    .collect(Collectors.toSet());
            StateMachine machine = StateMachine.parse("migration", definition, resources);
            Executor executor = Executor.builder(functions).objects(new ArtifactObjects(artifacts, SharedStack.BUCKET)).build();
            execution = executor.execute(machine, runId, Json.MAPPER.createObjectNode().put("mode", "full").put("confirm", true));
        }

        private static List<String> models(List<List<String>> levels) {
            return levels.stream().flatMap(List::stream).toList();
        }

        private static List<String> tables(int from, int to) {
            List<String> names = new ArrayList<>();
            for (int i = from; i < to; i++) {
                names.add(String.format("Model%03d", i));
            }
            return names;
        }

        /** The largest state input or output anywhere in the execution, children included, in UTF-8 bytes of JSON. */
        int largestPayload() {
            int largest = 0;
            for (StateRecord record : execution.history()) {
                largest = Math.max(largest, bytes(record.input()));
                if (record.output() != null) {
                    largest = Math.max(largest, bytes(record.output()));
                }
            }
            return largest;
        }

        String largestPayloadState() {
            return execution.history().stream()
                    .max((a, b) -> Integer.compare(Math.max(bytes(a.input()), bytes(a.output())),
                            Math.max(bytes(b.input()), bytes(b.output()))))
                    .map(StateRecord::stateName).orElseThrow();
        }

        private static int bytes(JsonNode node) {
            return node == null ? 0 : node.toString().getBytes(StandardCharsets.UTF_8).length;
        }
    }

    @Test
    void sixtyTablesOfAThousandSegments_stayUnder256KBPerState_and25000EventsPerExecution() {
        LimitsRun run = new LimitsRun(1_000);
        Execution execution = run.execution;

        assertThat(execution.succeeded()).as("%s: %s", execution.error(), execution.cause()).isTrue();
        assertThat(execution.path()).startsWith("Analyze", "AnalysisComplete", "AnalyzeSegments", "Analyze")
                .endsWith("MigrateLevels", "Validate", "ValidationComplete", "ValidateSegments", "SegmentsValidated", "Validate", "ValidationComplete",
                        "Finalize", "FinalizeComplete", "ExportIdMaps", "IdMapsExported", "Succeeded");
        // Every segment of every table ran, numbered from the lists in S3, knowing how many its table has.
        assertThat(run.segmentsMigrated).hasSize(TABLES);
        run.segmentsMigrated.values().forEach(segments -> assertThat(segments).hasSize(1_000));
        assertThat(run.totalSegmentsSeen.values()).containsOnly(1_000);

        int largest = run.largestPayload();
        long parentEvents = execution.historyEvents();
        List<Long> children = execution.childHistoryEvents();
        long largestChild = children.stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("%d tables x 1,000 segments: largest state payload %,d bytes (%s); parent history %,d events; "
                        + "%,d child executions, the largest %,d events%n", TABLES, largest, run.largestPayloadState(),
                parentEvents, children.size(), largestChild);

        assertThat(largest).isLessThan(Executor.MAX_PAYLOAD_BYTES);
        assertThat(parentEvents).isLessThan(25_000);
        // Each segment's analysis, migration and validation: a child execution each.
        assertThat(children).hasSize(3 * TABLES * 1_000);
        assertThat(largestChild).isLessThan(25_000);
    }

    @Test
    void fiveHundredTablesOfEightSegments_keepTheParentUnder25000Events() {
        // Every table is far below the Distributed Map threshold; inline, their 4,000 segments would cost the parent
        // ~48,000 events. The work list sends the tables with the most segments to Distributed Maps until at most
        // WorkList's budget of segments is left inline.
        LimitsRun run = new LimitsRun(500, 8);
        Execution execution = run.execution;

        assertThat(execution.succeeded()).as("%s: %s", execution.error(), execution.cause()).isTrue();
        assertThat(run.segmentsMigrated).hasSize(500);
        run.segmentsMigrated.values().forEach(segments -> assertThat(segments).hasSize(8));
        long parentEvents = execution.historyEvents();
        System.out.printf("500 tables x 8 segments: largest state payload %,d bytes (%s); parent history %,d events; "
                        + "%,d child executions%n", run.largestPayload(), run.largestPayloadState(), parentEvents,
                execution.childHistoryEvents().size());
        assertThat(parentEvents).isLessThan(25_000);
        assertThat(run.largestPayload()).isLessThan(Executor.MAX_PAYLOAD_BYTES);
    }

    @Test
    void noStatesPayloadGrowsWithTheSegmentCount() {
        LimitsRun hundred = new LimitsRun(100);
        LimitsRun fewer = new LimitsRun(40);

        assertThat(hundred.execution.succeeded()).as("%s: %s", hundred.execution.error(), hundred.execution.cause()).isTrue();
        assertThat(fewer.execution.succeeded()).as("%s: %s", fewer.execution.error(), fewer.execution.cause()).isTrue();
        // The counts themselves are the only difference: "100" against "40", once per table in the work list.
        assertThat(hundred.largestPayload() - fewer.largestPayload()).isBetween(0, TABLES);
        // The parent's history does not grow with the segments either: they run in the children.
        assertThat(hundred.execution.historyEvents()).isEqualTo(fewer.execution.historyEvents());
    }
}
