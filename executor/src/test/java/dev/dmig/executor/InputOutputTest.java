package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static dev.dmig.executor.LocalRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputOutputTest {

    private static String pass(String fields) {
        return """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", %s "End": true}}}
                """.formatted(fields);
    }

    @Test
    void pass_withoutFields_outputsItsInput() {
        Execution execution = run(pass(""), "{\"a\": 1}");

        assertThat(execution.output()).isEqualTo(json("{\"a\": 1}"));
    }

    @Test
    void passResult_replacesInput() {
        Execution execution = run(pass("\"Result\": {\"x\": true},"), "{\"a\": 1}");

        assertThat(execution.output()).isEqualTo(json("{\"x\": true}"));
    }

    @Test
    void resultPath_addsResultBesideInput() {
        Execution execution = run(pass("\"Result\": 7, \"ResultPath\": \"$.r\","), "{\"a\": 1}");

        assertThat(execution.output()).isEqualTo(json("{\"a\": 1, \"r\": 7}"));
    }

    @Test
    void resultPath_createsMissingIntermediateObjects() {
        Execution execution = run(pass("\"Result\": 7, \"ResultPath\": \"$.x.y['z']\","), "{\"a\": 1, \"x\": {\"k\": 2}}");

        assertThat(execution.output()).isEqualTo(json("{\"a\": 1, \"x\": {\"k\": 2, \"y\": {\"z\": 7}}}"));
    }

    @Test
    void resultPathNull_discardsResultAndKeepsInput() {
        Execution execution = run(pass("\"Result\": 7, \"ResultPath\": null,"), "{\"a\": 1}");

        assertThat(execution.output()).isEqualTo(json("{\"a\": 1}"));
    }

    @Test
    void resultPath_intoNonObject_failsWithResultPathMatchFailure() {
        Execution execution = run(pass("\"Result\": 7, \"ResultPath\": \"$.a.b\","), "{\"a\": \"text\"}");

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.ResultPathMatchFailure");
        assertThat(execution.cause()).isEqualTo("Unable to apply ResultPath \"$.a.b\" to input \"{\"a\":\"text\"}\"");
    }

    @Test
    void inputPath_selectsPartOfInput_andResultPathStillUsesWholeInput() {
        Execution execution = run(pass("\"InputPath\": \"$.inner\", \"ResultPath\": \"$.copy\","),
                "{\"inner\": {\"v\": 1}, \"other\": 2}");

        assertThat(execution.output()).isEqualTo(json("{\"inner\": {\"v\": 1}, \"other\": 2, \"copy\": {\"v\": 1}}"));
    }

    @Test
    void inputPathNull_givesEmptyObject() {
        Execution execution = run(pass("\"InputPath\": null,"), "{\"a\": 1}");

        assertThat(execution.output()).isEqualTo(json("{}"));
    }

    @Test
    void outputPath_selectsPartOfOutput() {
        Execution execution = run(pass("\"Result\": {\"keep\": 1, \"drop\": 2}, \"OutputPath\": \"$.keep\","), "{}");

        assertThat(execution.output()).isEqualTo(json("1"));
    }

    @Test
    void outputPathNull_givesEmptyObject() {
        Execution execution = run(pass("\"OutputPath\": null,"), "{\"a\": 1}");

        assertThat(execution.output()).isEqualTo(json("{}"));
    }

    @Test
    void missingInputPath_failsWithStatesRuntime() {
        Execution execution = run(pass("\"InputPath\": \"$.missing\","), "{\"a\": 1}");

        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).isEqualTo("Invalid path '$.missing' : No results for path: $['missing']");
    }

    @Test
    void parameters_mixLiteralsPathsContextAndIntrinsics() {
        Execution execution = run(pass("""
                "Parameters": {
                  "literal": "x",
                  "nested": {"id.$": "$.id", "list": [{"n.$": "$.n"}]},
                  "state.$": "$$.State.Name",
                  "execution.$": "$$.Execution.Name",
                  "next.$": "States.MathAdd($.n, 1)"
                },
                """), "{\"id\": \"a1\", \"n\": 3}");

        assertThat(execution.output()).isEqualTo(json("""
                {"literal": "x", "nested": {"id": "a1", "list": [{"n": 3}]},
                 "state": "P", "execution": "exec-1", "next": 4}
                """));
    }

    @Test
    void parameters_withIndefinitePath_yieldArray() {
        Execution execution = run(pass("\"Parameters\": {\"ids.$\": \"$.items[*].id\"},"),
                "{\"items\": [{\"id\": 1}, {\"id\": 2}]}");

        assertThat(execution.output()).isEqualTo(json("{\"ids\": [1, 2]}"));
    }

    @Test
    void parameters_withMissingPath_failWithStatesRuntime() {
        Execution execution = run(pass("\"Parameters\": {\"x.$\": \"$.missing\"},"), "{\"a\": 1}");

        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).isEqualTo(
                "The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{\"a\":1}'");
    }

    @Test
    void taskResultSelector_shapesResultBeforeResultPath() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> json("{\"count\": 5, \"noise\": [1, 2]}"));

        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Work}",
                  "ResultSelector": {"n.$": "$.count", "from.$": "$$.State.Name"},
                  "ResultPath": "$.result", "End": true}}}
                """, tasks, "{\"keep\": true}");

        assertThat(execution.output()).isEqualTo(json("{\"keep\": true, \"result\": {\"n\": 5, \"from\": \"T\"}}"));
    }

    @Test
    void taskParameters_areWhatTheRunnerReceives() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> json("{}"));

        run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Work}", "InputPath": "$.job",
                  "Parameters": {"table.$": "$.table", "fixed": 1}, "End": true}}}
                """, tasks, "{\"job\": {\"table\": \"Contacts\"}}");

        assertThat(tasks.calls()).singleElement()
                .satisfies(call -> assertThat(call.input()).isEqualTo(json("{\"table\": \"Contacts\", \"fixed\": 1}")));
    }

    @Test
    void succeed_appliesInputAndOutputPath() {
        Execution execution = run("""
                {"StartAt": "S", "States": {"S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}}}
                """, "{\"a\": {\"b\": 42}}");

        assertThat(execution.succeeded()).isTrue();
        assertThat(execution.output()).isEqualTo(json("42"));
    }
}
