package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static dev.dmig.executor.LocalRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntrinsicFunctionTest {
    private static final String INPUT = """
            {"name": "Contacts", "n": 3, "list": [1, 2, 2, 3, 1], "obj": {"a": 1, "b": {"c": 2}},
             "other": {"b": 9, "d": 4}, "text": "{\\"k\\": [1, true]}", "csv": "a,b;;c", "template": "{} has {} items"}
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

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "States.Format('{} has {} items', $.name, $.n)                 | \"Contacts has 3 items\"",
            "States.Format($.template, $.name, 2.5)                        | \"Contacts has 2.5 items\"",
            "States.Format('\\{{}\\} {} {}', true, null, 'x')              | \"{true} null x\"",
            "States.Format('it\\'s {}', $.name)                            | \"it's Contacts\"",
            "States.StringToJson($.text)                                   | {\"k\": [1, true]}",
            "States.JsonToString($.obj)                                    | \"{\\\"a\\\":1,\\\"b\\\":{\\\"c\\\":2}}\"",
            "States.Array('a', 1, $.obj.a, null)                           | [\"a\", 1, 1, null]",
            "States.Array()                                                | []",
            "States.ArrayLength($.list)                                    | 5",
            "States.ArrayRange(1, 9, 2)                                    | [1, 3, 5, 7, 9]",
            "States.ArrayRange(5, 1, -2)                                   | [5, 3, 1]",
            "States.ArrayGetItem($.list, 3)                                | 3",
            "States.ArrayContains($.list, 2)                               | true",
            "States.ArrayContains($.list, 7)                               | false",
            "States.ArrayPartition($.list, 2)                              | [[1, 2], [2, 3], [1]]",
            "States.ArrayUnique($.list)                                    | [1, 2, 3]",
            "States.JsonMerge($.obj, $.other, false)                       | {\"a\": 1, \"b\": 9, \"d\": 4}",
            "States.MathAdd($.n, -5)                                       | -2",
            "States.StringSplit($.csv, ',;')                               | [\"a\", \"b\", \"c\"]",
            "States.Hash('input data', 'SHA-1')                            | \"aaff4a450a104cd177d28d18d74485e8cae074b7\"",
            "States.Base64Encode('Data to encode')                         | \"RGF0YSB0byBlbmNvZGU=\"",
            "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')                   | \"Data to encode\"",
            "States.ArrayGetItem(States.StringSplit('a/b/c', '/'), 2)      | \"c\"",
            "States.Format('{}', $$.State.Name)                            | \"P\"",
    })
    void evaluates(String expression, String expected) {
        assertThat(value(expression)).isEqualTo(json(expected));
    }

    @Test
    void uuid_isARandomVersion4Uuid() {
        String first = value("States.UUID()").textValue();
        String second = value("States.UUID()").textValue();

        assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(first).isNotEqualTo(second);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "States.ArrayGetItem($.list, 9)      | Invalid arguments in States.ArrayGetItem for field 'v.$': index 9 is outside an array of 5 items",
            "States.StringToJson($.name)         | Invalid arguments in States.StringToJson for field 'v.$': the string is not JSON text",
            "States.MathAdd($.n, 1.5)            | Invalid arguments in States.MathAdd for field 'v.$': argument 2 must be an integer, not 1.5",
            "States.ArrayRange(0, 2000, 1)       | Invalid arguments in States.ArrayRange for field 'v.$': the range has 2001 items, more than 1000",
            "States.Format('{}', $.obj)          | Invalid arguments in States.Format for field 'v.$': argument 2 is an array or object, not a string, number, boolean or null",
            "States.Hash($.name, 'SHA-3')        | Invalid arguments in States.Hash for field 'v.$': the algorithm 'SHA-3' is not one of [MD5, SHA-1, SHA-256, SHA-384, SHA-512]",
            "States.ArrayLength($.name)          | Invalid arguments in States.ArrayLength for field 'v.$': argument 1 must be an array, not \"Contacts\"",
            "States.Format($.template, 1)        | Invalid arguments in States.Format for field 'v.$': the template has 2 placeholders but 1 values follow it",
    })
    void badArguments_failWithIntrinsicFailure(String expression, String cause) {
        Execution execution = evaluate(expression);

        assertThat(execution.error()).isEqualTo("States.IntrinsicFailure");
        assertThat(execution.cause()).isEqualTo(cause);
    }

    @Test
    void missingPathArgument_failsWithStatesRuntime() {
        Execution execution = evaluate("States.ArrayLength($.absent)");

        assertThat(execution.error()).isEqualTo("States.Runtime");
    }
}
