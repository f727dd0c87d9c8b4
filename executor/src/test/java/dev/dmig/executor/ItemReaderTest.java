package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A Distributed Map reading its items from one JSON array in S3, as {@code ItemReader} with {@code s3:getObject}. */
class ItemReaderTest {
    /** Objects by "bucket/key": the executor's S3 stand-in (the embedded-stack tests read through a real S3). */
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> input);

    /** Map M reads its items with the given ReaderConfig fields and hands each, with the table, to Task W. */
    private static String reader(String readerConfig) {
        return """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ResultPath": "$.results", "End": true,
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"InputType": "JSON"%s},
                    "Parameters": {"Bucket.$": "$.list.bucket", "Key.$": "$.list.key"}},
                  "ItemSelector": {"table.$": "$.table", "segment.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "${Work}", "End": true}}}}}}
                """.formatted(readerConfig);
    }

    private static final String INPUT = "{\"table\": \"Contacts\", \"max\": 2, \"list\": {\"bucket\": \"b\", \"key\": \"runs/r/segments/Contacts.json\"}}";

    private Execution run(String definition, String input) {
        return run(definition, input, Executor.builder(tasks).objects((bucket, key) -> Optional.ofNullable(objects.get(bucket + "/" + key))));
    }

    private Execution run(String definition, String input, Executor.Builder executor) {
        StateMachine machine = StateMachine.parse(definition, tasks.resources());
        return executor.sleeper(new RecordingSleeper()).build().execute(machine, "exec-1", json(input));
    }

    private void store(String key, String body) {
        objects.put(key, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void itemsComeFromTheS3Object_namedByPathsInTheInput() {
        store("b/runs/r/segments/Contacts.json", "[0, 1, 2]");

        Execution execution = run(reader(""), INPUT);

        assertThat(execution.succeeded()).as("%s: %s", execution.error(), execution.cause()).isTrue();
        assertThat(execution.output().get("results")).isEqualTo(json("""
                [{"table": "Contacts", "segment": 0, "index": 0}, {"table": "Contacts", "segment": 1, "index": 1},
                 {"table": "Contacts", "segment": 2, "index": 2}]"""));
        assertThat(execution.childHistoryEvents()).as("one history per child execution").hasSize(3);
    }

    @Test
    void maxItems_andMaxItemsPath_keepTheFirstItems() {
        store("b/runs/r/segments/Contacts.json", "[0, 1, 2]");

        Execution fixed = run(reader(", \"MaxItems\": 1"), INPUT);
        Execution fromInput = run(reader(", \"MaxItemsPath\": \"$.max\""), INPUT);

        assertThat(fixed.output().get("results")).extracting(result -> result.get("segment")).containsExactly(IntNode.valueOf(0));
        assertThat(fromInput.output().get("results")).extracting(result -> result.get("segment"))
                .containsExactly(IntNode.valueOf(0), IntNode.valueOf(1));
    }

    @Test
    void aMissingObject_failsWithItemReaderFailed_whichACatchHandles() {
        String definition = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ResultPath": null, "Next": "Done",
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                    "Parameters": {"Bucket": "b", "Key": "missing.json"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "${Work}", "End": true}}},
                  "Catch": [{"ErrorEquals": ["States.ItemReaderFailed"], "ResultPath": "$.failure", "Next": "Caught"}]},
                  "Done": {"Type": "Succeed"},
                  "Caught": {"Type": "Succeed"}}}
                """;

        Execution execution = run(definition, "{}");

        assertThat(execution.path()).containsExactly("M", "Caught");
        assertThat(execution.output().get("failure")).isEqualTo(json("""
                {"Error": "States.ItemReaderFailed", "Cause": "The ItemReader of state 'M' found no object at s3://b/missing.json"}"""));
        assertThat(tasks.calls()).isEmpty();
    }

    @Test
    void anObjectThatIsNotAJsonArray_failsWithItemReaderFailed() {
        store("b/runs/r/segments/Contacts.json", "{\"segments\": [0, 1]}");

        Execution execution = run(reader(""), INPUT);

        assertThat(execution.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(execution.cause()).isEqualTo("The ItemReader of state 'M' needs a JSON array in s3://b/runs/r/segments/Contacts.json");
    }

    @Test
    void aFailingObjectSource_isReportedWithItsMessage() {
        Execution execution = run(reader(""), INPUT, Executor.builder(tasks).objects((bucket, key) -> {
            throw new IllegalStateException("bucket " + bucket + " is not the run's artifacts bucket");
        }));

        assertThat(execution.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(execution.cause()).isEqualTo("The ItemReader of state 'M' could not read s3://b/runs/r/segments/Contacts.json: "
                + "bucket b is not the run's artifacts bucket");
    }

    @Test
    void withoutAnObjectSource_theMapFails_sayingWhy() {
        Execution execution = run(reader(""), INPUT, Executor.builder(tasks));

        assertThat(execution.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(execution.cause()).isEqualTo("The ItemReader of state 'M' cannot read s3://b/runs/r/segments/Contacts.json: "
                + "the local executor was given no S3 object source");
        assertThat(List.copyOf(tasks.calls())).isEmpty();
    }
}
