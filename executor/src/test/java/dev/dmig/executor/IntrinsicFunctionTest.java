package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static dev.dmig.executor.LocalRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two intrinsic functions the state machine uses, checked against the input validation and the
 * examples of the Step Functions developer guide, "Intrinsic functions for JSONPath states"
 * (quoted in the test names and comments).
 */
class IntrinsicFunctionTest {
    private static final String INPUT = """
            {"value1": 111, "step": -1, "table": {"segments": 4}, "name": "Contacts"}
            """;

    /** Evaluates {@code expression} as a Parameters field of a Pass state over {@link #INPUT}. */
    private static Execution evaluate(String expression) {
        String definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"v.$": %s}, "End": true}}}
                """.formatted(LocalRun.MAPPER.valueToTree(expression).toString());
        return run(definition, INPUT);
    }

    private static JsonNode value(String expression) {
        Execution execution = evaluate(expression);
        assertThat(execution.succeeded()).as("%s: %s %s", expression, execution.error(), execution.cause()).isTrue();
        return execution.output().get("v");
    }

    private static void assertIntrinsicFailure(String expression, String cause) {
        Execution execution = evaluate(expression);

        assertThat(execution.error()).isEqualTo("States.IntrinsicFailure");
        assertThat(execution.cause()).isEqualTo(cause);
    }

    @Test
    void arrayRange_guideExample_firstValue1_finalValue9_increment2() {
        assertThat(value("States.ArrayRange(1, 9, 2)")).isEqualTo(json("[1, 3, 5, 7, 9]"));
    }

    @Test
    void mathAdd_guideExample_subtractsOneFrom111() {
        assertThat(value("States.MathAdd($.value1, $.step)")).isEqualTo(json("110"));
    }

    @Test
    void nested_asTheStateMachineListsSegmentNumbers() {
        assertThat(value("States.ArrayRange(0, States.MathAdd($.table.segments, -1), 1)")).isEqualTo(json("[0, 1, 2, 3]"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "States.ArrayRange(1.2, 3.8, 1)     | [1, 2, 3, 4]",
            "States.ArrayRange(-1.7, 1, 0.9)    | [-2, -1, 0, 1]",
            "States.MathAdd(1.2, 2.7)           | 4",
            "States.MathAdd(-1.6, 0)            | -2",
    })
    void nonIntegerArguments_areRoundedToTheNearestInteger(String expression, String expected) {
        // "If you specify a non-integer value ..., Step Functions will round it off to the nearest integer."
        assertThat(value(expression)).isEqualTo(json(expected));
    }

    @Test
    void argumentHalfwayBetweenTwoIntegers_failsRatherThanGuessTheUndocumentedRounding() {
        assertIntrinsicFailure("States.MathAdd(2.5, 1)", "Invalid arguments in States.MathAdd for field 'v.$': "
                + "argument 1 is 2.5, halfway between two integers, and the rounding of a tie is not documented");
    }

    @Test
    void arrayRange_withAStepOfZero_fails() {
        // "You must specify a non-zero value for the third argument."
        assertIntrinsicFailure("States.ArrayRange(1, 9, 0)",
                "Invalid arguments in States.ArrayRange for field 'v.$': the step must not be zero");
    }

    @Test
    void arrayRange_ofMoreThan1000Items_fails() {
        // "The newly generated array can't contain more than 1000 items."
        assertThat(value("States.ArrayRange(1, 1000, 1)")).hasSize(1000);
        assertIntrinsicFailure("States.ArrayRange(0, 1000, 1)",
                "Invalid arguments in States.ArrayRange for field 'v.$': the range has 1001 items, more than 1000");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "States.ArrayRange(5, 1, -2)        | [5, 3, 1]",
            "States.ArrayRange(0, 0, 1)         | [0]",
            "States.ArrayRange(0, -1, 1)        | []",
            "States.ArrayRange(0, -1, 2)        | []",
    })
    void arrayRange_countsFromTheFirstValueByTheIncrement_neverPastTheFinalValue(String expression, String expected) {
        assertThat(value(expression)).isEqualTo(json(expected));
    }

    @Test
    void mathAdd_takesArgumentsFromMinus2147483648To2147483647() {
        // "You must specify integer values in the range of -2147483648 and 2147483647."
        assertThat(value("States.MathAdd(2147483647, -2147483648)")).isEqualTo(json("-1"));
        assertIntrinsicFailure("States.MathAdd(2147483648, 0)", "Invalid arguments in States.MathAdd for field 'v.$': "
                + "argument 1 is 2147483648, outside -2147483648 to 2147483647");
    }

    @Test
    void nonNumberArgument_fails_andQuotesIt() {
        // "You must specify integer values for all the arguments"; \' escapes a quote in a string literal.
        assertIntrinsicFailure("States.MathAdd('it\\'s', 1)",
                "Invalid arguments in States.MathAdd for field 'v.$': argument 1 must be a number, not \"it's\"");
        assertIntrinsicFailure("States.ArrayRange(0, $.name, 1)",
                "Invalid arguments in States.ArrayRange for field 'v.$': argument 2 must be a number, not \"Contacts\"");
    }

    @Test
    void missingPathArgument_failsWithStatesRuntime() {
        Execution execution = evaluate("States.MathAdd($.absent, 1)");

        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).isEqualTo("The JSONPath '$.absent' specified for the field 'v.$' could not be found "
                + "in the input '{\"value1\":111,\"step\":-1,\"table\":{\"segments\":4},\"name\":\"Contacts\"}'");
    }
}
