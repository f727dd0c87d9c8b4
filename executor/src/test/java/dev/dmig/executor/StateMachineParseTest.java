package dev.dmig.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateMachineParseTest {
    private static final Set<String> KNOWN = Set.of("AnalyzeFunctionArn", "MigrateSegmentFunctionArn");

    private static void assertRefused(String definition, String message) {
        assertThatThrownBy(() -> StateMachine.parse(definition, KNOWN))
                .isInstanceOf(UnsupportedDefinitionException.class)
                .hasMessage(message);
    }

    /** A one-state machine whose state P has the given JSON body. */
    private static String single(String body) {
        return "{\"StartAt\": \"P\", \"States\": {\"P\": " + body + "}}";
    }

    /** A Map state M over one Task, with extra Map fields. */
    private static String mapWith(String fields) {
        return """
                {"StartAt": "MigrateSegments", "States": {"MigrateSegments": {"Type": "Map", %s
                  "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Task",
                    "Resource": "${MigrateSegmentFunctionArn}", "End": true}}},
                  "End": true}}}
                """.formatted(fields);
    }

    @Test
    void validDefinition_parses_andListsTheResourcesItUses() {
        StateMachine machine = StateMachine.parse("Migration", """
                {"Comment": "c", "Version": "1.0", "QueryLanguage": "JSONPath", "StartAt": "Analyze", "States": {
                  "Analyze": {"Type": "Task", "Resource": "${AnalyzeFunctionArn}", "Comment": "c", "End": true}}}
                """, KNOWN);

        assertThat(machine.name()).isEqualTo("Migration");
        assertThat(machine.resources()).containsExactly("AnalyzeFunctionArn");
    }

    /** A Distributed Map over one Task whose ItemReader has the given JSON body. */
    private static String distributedWithReader(String reader) {
        return """
                {"StartAt": "MigrateSegments", "States": {"MigrateSegments": {"Type": "Map", "ItemReader": %s,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "${MigrateSegmentFunctionArn}", "End": true}}},
                  "End": true}}}
                """.formatted(reader);
    }

    @Test
    void s3JsonItemReader_parses() {
        StateMachine machine = StateMachine.parse(distributedWithReader("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItemsPath": "$.n"},
                 "Parameters": {"Bucket": "b", "Key.$": "$.key"}}"""), KNOWN);

        assertThat(machine.resources()).containsExactly("MigrateSegmentFunctionArn");
    }

    @Test
    void otherItemReaders_areRefused_namingTheField() {
        assertRefused(distributedWithReader("{\"Resource\": \"arn:aws:states:::s3:listObjectsV2\", \"Parameters\": {\"Bucket\": \"b\"}}"),
                "cannot run state machine: state 'MigrateSegments' uses field 'ItemReader.Resource' with value "
                        + "'arn:aws:states:::s3:listObjectsV2', which the local executor does not support "
                        + "(it reads JSON arrays with arn:aws:states:::s3:getObject)");
        assertRefused(distributedWithReader("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                 "Parameters": {"Bucket": "b", "Key": "k"}}"""),
                "cannot run state machine: state 'MigrateSegments' uses field 'ItemReader.ReaderConfig.CSVHeaderLocation', "
                        + "which the local executor does not support");
        assertRefused(distributedWithReader("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "MANIFEST"},
                 "Parameters": {"Bucket": "b", "Key": "k"}}"""),
                "cannot run state machine: state 'MigrateSegments' uses field 'ItemReader.ReaderConfig.InputType' with value "
                        + "'MANIFEST', which the local executor does not support (only JSON)");
        assertRefused(distributedWithReader("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                 "Parameters": {"Bucket": "b", "Key": "k", "VersionId": "v"}}"""),
                "cannot run state machine: state 'MigrateSegments' uses field 'ItemReader.Parameters.VersionId', "
                        + "which the local executor does not support");
    }

    @Test
    void itemReaderOnAnInlineMap_isRefused() {
        assertRefused(mapWith("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                  "Parameters": {"Bucket": "b", "Key": "k"}},"""),
                "cannot run state machine: state 'MigrateSegments' field 'ItemReader' is invalid: "
                        + "only a Map in DISTRIBUTED mode reads its items with an ItemReader");
    }

    @Test
    void itemReaderWithoutAKey_isRefused() {
        assertRefused(distributedWithReader("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                 "Parameters": {"Bucket": "b"}}"""),
                "cannot run state machine: state 'MigrateSegments' field 'ItemReader.Parameters.Key' is invalid: "
                        + "it needs exactly one of Key and Key.$");
    }

    @Test
    void maxConcurrencyWithMaxConcurrencyPath_isRefused() {
        assertRefused(mapWith("\"MaxConcurrency\": 2, \"MaxConcurrencyPath\": \"$.n\","),
                "cannot run state machine: state 'MigrateSegments' field 'MaxConcurrencyPath' is invalid: "
                        + "a Map state has MaxConcurrency or MaxConcurrencyPath, not both");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ResultWriter, '\"ResultWriter\": {},'",
            "ItemBatcher, '\"ItemBatcher\": {\"MaxItemsPerBatch\": 2},'",
            "ToleratedFailurePercentage, '\"ToleratedFailurePercentage\": 5,'",
            "ToleratedFailureCount, '\"ToleratedFailureCount\": 1,'",
            "Assign, '\"Assign\": {\"x\": 1},'",
            "Output, '\"Output\": {},'",
    })
    void unsupportedMapFields_areRefused(String field, String json) {
        assertRefused(mapWith(json), "cannot run state machine: state 'MigrateSegments' uses field '" + field
                + "', which the local executor does not support");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "Arguments, '\"Arguments\": {}'",
            "HeartbeatSeconds, '\"HeartbeatSeconds\": 60'",
            "TimeoutSecondsPath, '\"TimeoutSecondsPath\": \"$.t\"'",
            "Credentials, '\"Credentials\": {\"RoleArn\": \"r\"}'",
            "Output, '\"Output\": \"{% $x %}\"'",
    })
    void unsupportedTaskFields_areRefused(String field, String json) {
        assertRefused(single("{\"Type\": \"Task\", \"Resource\": \"${AnalyzeFunctionArn}\", " + json + ", \"End\": true}"),
                "cannot run state machine: state 'P' uses field '" + field + "', which the local executor does not support");
    }

    @Test
    void jsonataQueryLanguage_isRefused_atTheTopAndOnAState() {
        assertRefused("{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Succeed\"}}}",
                "cannot run state machine: the definition uses field 'QueryLanguage' with value 'JSONata', "
                        + "which the local executor does not support");
        assertRefused(single("{\"Type\": \"Succeed\", \"QueryLanguage\": \"JSONata\"}"),
                "cannot run state machine: state 'P' uses field 'QueryLanguage' with value 'JSONata', "
                        + "which the local executor does not support");
    }

    @Test
    void parallelState_isRefused() {
        assertRefused(single("{\"Type\": \"Parallel\", \"Branches\": [], \"End\": true}"),
                "cannot run state machine: state 'P' has Type 'Parallel', which the local executor does not support");
    }

    @Test
    void waitState_isRefused_whateverItWaitsFor() {
        assertRefused(single("{\"Type\": \"Wait\", \"Seconds\": 5, \"End\": true}"),
                "cannot run state machine: state 'P' has Type 'Wait', which the local executor does not support");
        assertRefused(single("{\"Type\": \"Wait\", \"TimestampPath\": \"$.until\", \"End\": true}"),
                "cannot run state machine: state 'P' has Type 'Wait', which the local executor does not support");
    }

    @Test
    void unknownStateType_isRefused() {
        assertRefused(single("{\"Type\": \"Magic\", \"End\": true}"),
                "cannot run state machine: state 'P' has Type 'Magic', which is not a state type");
    }

    @Test
    void executionTimeout_isRefused() {
        assertRefused("{\"TimeoutSeconds\": 60, \"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Succeed\"}}}",
                "cannot run state machine: the definition uses field 'TimeoutSeconds', which the local executor does not support");
    }

    @Test
    void nextNamingMissingState_isRefused() {
        assertRefused(single("{\"Type\": \"Pass\", \"Next\": \"Nowhere\"}"),
                "cannot run state machine: state 'P' field 'Next' names state 'Nowhere', which does not exist");
    }

    @Test
    void startAtNamingMissingState_isRefused() {
        assertRefused("{\"StartAt\": \"Nope\", \"States\": {\"P\": {\"Type\": \"Succeed\"}}}",
                "cannot run state machine: the definition field 'StartAt' names state 'Nope', which does not exist");
    }

    @Test
    void defaultAndCatchNamingMissingStates_areRefused() {
        assertRefused(single("""
                {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "P"}], "Default": "Gone"}
                """), "cannot run state machine: state 'P' field 'Default' names state 'Gone', which does not exist");
        assertRefused(single("""
                {"Type": "Task", "Resource": "${AnalyzeFunctionArn}", "End": true,
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Rollback"}]}
                """), "cannot run state machine: state 'P' field 'Catch.Next' names state 'Rollback', which does not exist");
    }

    @Test
    void transitionIntoAnotherScope_isRefused() {
        assertRefused("""
                {"StartAt": "M", "States": {
                  "M": {"Type": "Map", "ItemProcessor": {"StartAt": "W", "States": {
                      "W": {"Type": "Pass", "Next": "Done"}}}, "Next": "Done"},
                  "Done": {"Type": "Succeed"}}}
                """, "cannot run state machine: state 'W' field 'Next' names state 'Done', which does not exist in this scope");
    }

    @Test
    void unknownTaskResource_isRefused() {
        assertRefused(single("{\"Type\": \"Task\", \"Resource\": \"${ValidateFunctionArn}\", \"End\": true}"),
                "cannot run state machine: state 'P' field 'Resource' names '${ValidateFunctionArn}', "
                        + "which no local task runner provides");
    }

    @Test
    void serviceIntegrationResource_isRefused_evenWhenARunnerKnowsIt() {
        assertThatThrownBy(() -> StateMachine.parse(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}
                """), Set.of("arn:aws:states:::lambda:invoke")))
                .hasMessage("cannot run state machine: state 'P' field 'Resource' names the service integration "
                        + "'arn:aws:states:::lambda:invoke', which the local executor does not support");
    }

    @Test
    void intrinsicFunctionsTheStateMachineDoesNotUse_areRefused_namingTheOnesThatRun() {
        assertRefused(single("{\"Type\": \"Pass\", \"Parameters\": {\"r.$\": \"States.Format('{}', $.a)\"}, \"End\": true}"),
                "cannot run state machine: state 'P' field 'Parameters' uses intrinsic function 'States.Format', "
                        + "which the local executor does not support (it runs States.ArrayRange and States.MathAdd)");
        assertRefused(single("{\"Type\": \"Pass\", \"Parameters\": {\"r.$\": \"States.MathRandom(1, 9)\"}, \"End\": true}"),
                "cannot run state machine: state 'P' field 'Parameters' uses intrinsic function 'States.MathRandom', "
                        + "which the local executor does not support (it runs States.ArrayRange and States.MathAdd)");
    }

    @Test
    void nestedUnknownIntrinsicFunction_isRefused() {
        assertRefused(single("""
                {"Type": "Pass", "Parameters": {"r.$": "States.MathAdd(1, States.Nope($.a))"}, "End": true}
                """), "cannot run state machine: state 'P' field 'Parameters' uses intrinsic function 'States.Nope', "
                + "which the local executor does not support (it runs States.ArrayRange and States.MathAdd)");
    }

    @Test
    void intrinsicWithWrongArgumentCount_isRefused() {
        assertRefused(single("{\"Type\": \"Pass\", \"Parameters\": {\"r.$\": \"States.MathAdd($.a)\"}, \"End\": true}"),
                "cannot run state machine: state 'P' field 'Parameters' is invalid: States.MathAdd takes 2 arguments, not 1");
    }

    @Test
    void intrinsicInAFailStatesCausePath_isRefused() {
        assertRefused(single("{\"Type\": \"Fail\", \"CausePath\": \"States.Format('{} failed', $.table)\"}"),
                "cannot run state machine: state 'P' field 'CausePath' uses an intrinsic function, which the local "
                        + "executor does not support there (it reads a path)");
    }

    @Test
    void statesAllNotAlone_isRefused() {
        assertRefused(single("""
                {"Type": "Task", "Resource": "${AnalyzeFunctionArn}", "End": true,
                 "Catch": [{"ErrorEquals": ["States.ALL", "Boom"], "Next": "P"}]}
                """), "cannot run state machine: state 'P' field 'Catch' is invalid: "
                + "States.ALL must appear alone in ErrorEquals and only in the last catcher");
    }

    @Test
    void statesAllNotLast_isRefused() {
        assertRefused(single("""
                {"Type": "Task", "Resource": "${AnalyzeFunctionArn}", "End": true,
                 "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["Boom"]}]}
                """), "cannot run state machine: state 'P' field 'Retry' is invalid: "
                + "States.ALL must appear alone in ErrorEquals and only in the last retrier");
    }

    @Test
    void handlingATerminalError_isRefused() {
        assertRefused(single("""
                {"Type": "Task", "Resource": "${AnalyzeFunctionArn}", "End": true,
                 "Catch": [{"ErrorEquals": ["States.DataLimitExceeded"], "Next": "P"}]}
                """), "cannot run state machine: state 'P' field 'Catch.ErrorEquals' names 'States.DataLimitExceeded', "
                + "a terminal error the local executor never lets a catcher handle");
    }

    @Test
    void retryOnPassState_isRefused() {
        assertRefused(single("{\"Type\": \"Pass\", \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"]}], \"End\": true}"),
                "cannot run state machine: state 'P' uses field 'Retry', which the local executor does not support");
    }

    @Test
    void timestampComparison_isRefused() {
        assertRefused(single("""
                {"Type": "Choice", "Choices": [{"Variable": "$.t", "TimestampEquals": "2024-01-01T00:00:00Z", "Next": "P"}]}
                """), "cannot run state machine: state 'P' uses field 'TimestampEquals', which the local executor does not support");
    }

    @Test
    void ruleWithTwoOperators_isRefused() {
        assertRefused(single("""
                {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "NumericLessThan": 3, "Next": "P"}]}
                """), "cannot run state machine: state 'P' field 'Choices' is invalid: every rule needs exactly one of "
                + "And, Or, Not or a comparison operator, not [NumericEquals, NumericLessThan]");
    }

    @Test
    void operandOfWrongType_isRefused() {
        assertRefused(single("""
                {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": "1", "Next": "P"}]}
                """), "cannot run state machine: state 'P' field 'NumericEquals' is invalid: the value \"1\" is not a valid operand");
    }

    @Test
    void bothNextAndEnd_isRefused() {
        assertRefused(single("{\"Type\": \"Pass\", \"Next\": \"P\", \"End\": true}"),
                "cannot run state machine: state 'P' field 'Next' is invalid: a state needs exactly one of Next and End");
    }

    @Test
    void unreachableState_isRefused() {
        assertRefused("""
                {"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "Orphan": {"Type": "Succeed"}}}
                """, "cannot run state machine: state 'Orphan' is not reachable from 'StartAt'");
    }

    @Test
    void stateNameUsedInTwoScopes_isRefused() {
        assertRefused("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "M",
                  "States": {"M": {"Type": "Succeed"}}}, "End": true}}}
                """, "cannot run state machine: state 'M' is defined more than once; "
                + "state names must be unique in the whole state machine");
    }

    @Test
    void expressChildExecutions_areRefused() {
        assertRefused("""
                {"StartAt": "MigrateSegments", "States": {"MigrateSegments": {"Type": "Map",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "X", "States": {"X": {"Type": "Succeed"}}},
                  "End": true}}}
                """, "cannot run state machine: state 'MigrateSegments' uses field "
                + "'ItemProcessor.ProcessorConfig.ExecutionType' with value 'EXPRESS', which the local executor does not support");
    }

    @Test
    void mapItemContext_outsideItemSelector_isRefused() {
        assertRefused(single("{\"Type\": \"Pass\", \"Parameters\": {\"i.$\": \"$$.Map.Item.Index\"}, \"End\": true}"),
                "cannot run state machine: state 'P' field 'Parameters' is invalid: "
                        + "'$$.Map' can only be read in a Map state's ItemSelector");
    }

    @Test
    void contextFieldTheExecutorLacks_isRefused() {
        assertRefused(single("{\"Type\": \"Pass\", \"Parameters\": {\"t.$\": \"$$.Task.Token\"}, \"End\": true}"),
                "cannot run state machine: state 'P' field 'Parameters' is invalid: "
                        + "the context object field '$$.Task.Token' is not provided by the local executor");
    }

    @Test
    void executionContext_insideDistributedChild_isRefused() {
        assertRefused("""
                {"StartAt": "M", "States": {"M": {"Type": "Map",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "W", "States": {"W": {"Type": "Pass",
                      "Parameters": {"run.$": "$$.Execution.Name"}, "End": true}}},
                  "End": true}}}
                """, "cannot run state machine: state 'W' field 'Parameters' reads '$$.Execution' inside a distributed "
                + "Map's child execution, which the local executor does not support");
    }

    @Test
    void mapsLegacyFieldNames_areRefused_namingTheCurrentOnes() {
        assertRefused("""
                {"StartAt": "M", "States": {"M": {"Type": "Map",
                  "Iterator": {"StartAt": "W", "States": {"W": {"Type": "Pass", "End": true}}}, "End": true}}}
                """, "cannot run state machine: state 'M' uses field 'Iterator', the legacy name of ItemProcessor, "
                + "which the local executor does not support");
        assertRefused(mapWith("\"Parameters\": {\"v.$\": \"$$.Map.Item.Value\"},"),
                "cannot run state machine: state 'MigrateSegments' uses field 'Parameters', the legacy name of "
                        + "ItemSelector, which the local executor does not support");
    }

    @Test
    void mapWithoutItemProcessor_isRefused() {
        assertRefused(single("{\"Type\": \"Map\", \"End\": true}"),
                "cannot run state machine: state 'P' field 'ItemProcessor' is invalid: it is required");
    }

    @Test
    void resultPathThroughArrayIndex_isRefused() {
        assertRefused(single("{\"Type\": \"Pass\", \"ResultPath\": \"$.list[0]\", \"End\": true}"),
                "cannot run state machine: state 'P' uses field 'ResultPath' with an array index ('$.list[0]'), "
                        + "which the local executor does not support");
    }

    @Test
    void resultPathThatIsNotAReferencePath_isRefused() {
        assertRefused(single("{\"Type\": \"Pass\", \"ResultPath\": \"$.items[*]\", \"End\": true}"),
                "cannot run state machine: state 'P' field 'ResultPath' is invalid: '$.items[*]' is not a reference path: "
                        + "only '.name', ['name'] and [index] steps may follow '$'");
    }

    @Test
    void dynamicFieldThatIsNotAPath_isRefused() {
        assertRefused(single("{\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"plain\"}, \"End\": true}"),
                "cannot run state machine: state 'P' field 'Parameters' is invalid: 'plain' is not a JSONPath: it must start with '$'");
    }

    @Test
    void invalidJson_isRefused() {
        assertRefused("{\"StartAt\": ", "cannot run state machine: the definition is not valid JSON: "
                + "Unexpected end-of-input within/between Object entries");
    }

    @Test
    void duplicateKeys_areRefused() {
        assertRefused("{\"StartAt\": \"P\", \"StartAt\": \"Q\", \"States\": {\"P\": {\"Type\": \"Succeed\"}}}",
                "cannot run state machine: the definition is not valid JSON: Duplicate field 'StartAt'");
    }
}
