package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static dev.dmig.executor.LocalRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Choice rules against the Amazon States Language specification: every comparison operator and its
 * {@code ...Path} variant (the state machine uses BooleanEquals, StringEquals, NumericGreaterThan,
 * IsPresent and And; the rest are kept because this table checks them), a value of another type
 * never matching, {@code StringMatches} where "no characters other than '*' have any special
 * meaning" and "\\*" is a literal star, And/Or/Not, the first matching rule winning, and
 * {@code States.NoChoiceMatched} when nothing matches and there is no Default.
 */
class ChoiceStateTest {

    /** A Choice whose one rule leads to Yes, with Default No. */
    private static String choice(String rule) {
        String ruleWithNext = rule.substring(0, rule.lastIndexOf('}')) + ", \"Next\": \"Yes\"}";
        return """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [%s], "Default": "No"},
                  "Yes": {"Type": "Pass", "Result": "yes", "End": true},
                  "No": {"Type": "Pass", "Result": "no", "End": true}}}
                """.formatted(ruleWithNext);
    }

    private static String outcome(String rule, String input) {
        Execution execution = run(choice(rule), input);
        assertThat(execution.succeeded()).as("execution of %s on %s: %s %s", rule, input, execution.error(),
                execution.cause()).isTrue();
        return execution.output().textValue();
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"Variable\": \"$.s\", \"StringEquals\": \"abc\"}                | {\"s\": \"abc\"}            | yes",
            "{\"Variable\": \"$.s\", \"StringEquals\": \"abc\"}                | {\"s\": \"abd\"}            | no",
            "{\"Variable\": \"$.s\", \"StringEquals\": \"1\"}                  | {\"s\": 1}                  | no",
            "{\"Variable\": \"$.s\", \"StringEqualsPath\": \"$.t\"}            | {\"s\": \"x\", \"t\": \"x\"} | yes",
            "{\"Variable\": \"$.s\", \"StringLessThan\": \"b\"}                | {\"s\": \"a\"}              | yes",
            "{\"Variable\": \"$.s\", \"StringGreaterThanEquals\": \"b\"}       | {\"s\": \"b\"}              | yes",
            "{\"Variable\": \"$.s\", \"StringMatches\": \"log-*.txt\"}         | {\"s\": \"log-2024.txt\"}   | yes",
            "{\"Variable\": \"$.s\", \"StringMatches\": \"log-*.txt\"}         | {\"s\": \"log-2024.csv\"}   | no",
            "{\"Variable\": \"$.s\", \"StringMatches\": \"a\\\\*b\"}           | {\"s\": \"a*b\"}            | yes",
            "{\"Variable\": \"$.s\", \"StringMatches\": \"a\\\\*b\"}           | {\"s\": \"axxb\"}           | no",
            "{\"Variable\": \"$.n\", \"NumericEquals\": 1}                     | {\"n\": 1.0}                | yes",
            "{\"Variable\": \"$.n\", \"NumericEquals\": 1}                     | {\"n\": \"1\"}              | no",
            "{\"Variable\": \"$.n\", \"NumericLessThan\": 10}                  | {\"n\": 9.5}                | yes",
            "{\"Variable\": \"$.n\", \"NumericGreaterThan\": 10}               | {\"n\": 10}                 | no",
            "{\"Variable\": \"$.n\", \"NumericGreaterThanEquals\": 10}         | {\"n\": 10}                 | yes",
            "{\"Variable\": \"$.n\", \"NumericLessThanEquals\": 10}            | {\"n\": 11}                 | no",
            "{\"Variable\": \"$.n\", \"NumericEqualsPath\": \"$.m\"}           | {\"n\": 3, \"m\": 3}        | yes",
            "{\"Variable\": \"$.n\", \"NumericLessThanPath\": \"$.m\"}         | {\"n\": 3, \"m\": 2}        | no",
            "{\"Variable\": \"$.b\", \"BooleanEquals\": true}                  | {\"b\": true}               | yes",
            "{\"Variable\": \"$.b\", \"BooleanEquals\": true}                  | {\"b\": \"true\"}           | no",
            "{\"Variable\": \"$.b\", \"BooleanEqualsPath\": \"$.c\"}           | {\"b\": false, \"c\": false} | yes",
            "{\"Variable\": \"$.x\", \"IsPresent\": true}                      | {\"x\": null}               | yes",
            "{\"Variable\": \"$.x\", \"IsPresent\": true}                      | {}                          | no",
            "{\"Variable\": \"$.x\", \"IsPresent\": false}                     | {}                          | yes",
            "{\"Variable\": \"$.x\", \"IsNull\": true}                         | {\"x\": null}               | yes",
            "{\"Variable\": \"$.x\", \"IsNull\": false}                        | {\"x\": 0}                  | yes",
            "{\"Variable\": \"$.x\", \"IsString\": true}                       | {\"x\": \"s\"}              | yes",
            "{\"Variable\": \"$.x\", \"IsNumeric\": true}                      | {\"x\": \"1\"}              | no",
            "{\"Variable\": \"$.x\", \"IsBoolean\": true}                      | {\"x\": false}              | yes",
            "{\"Variable\": \"$$.Execution.Name\", \"StringEquals\": \"exec-1\"} | {}                        | yes",
    })
    void comparison(String rule, String input, String expected) {
        assertThat(outcome(rule, input)).isEqualTo(expected);
    }

    @Test
    void and_matchesOnlyWhenAllRulesMatch() {
        String rule = """
                {"And": [{"Variable": "$.a", "NumericGreaterThan": 0}, {"Variable": "$.b", "StringEquals": "x"}]}
                """;

        assertThat(outcome(rule, "{\"a\": 1, \"b\": \"x\"}")).isEqualTo("yes");
        assertThat(outcome(rule, "{\"a\": 1, \"b\": \"y\"}")).isEqualTo("no");
    }

    @Test
    void and_stopsAtFirstFalseRule_soIsPresentGuardsAMissingVariable() {
        String rule = """
                {"And": [{"Variable": "$.a", "IsPresent": true}, {"Variable": "$.a", "StringEquals": "x"}]}
                """;

        assertThat(outcome(rule, "{}")).isEqualTo("no");
    }

    @Test
    void or_matchesWhenAnyRuleMatches() {
        String rule = """
                {"Or": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.a", "NumericEquals": 2}]}
                """;

        assertThat(outcome(rule, "{\"a\": 2}")).isEqualTo("yes");
        assertThat(outcome(rule, "{\"a\": 3}")).isEqualTo("no");
    }

    @Test
    void not_invertsItsRule() {
        String rule = """
                {"Not": {"Variable": "$.mode", "StringEquals": "full"}}
                """;

        assertThat(outcome(rule, "{\"mode\": \"dry-run\"}")).isEqualTo("yes");
        assertThat(outcome(rule, "{\"mode\": \"full\"}")).isEqualTo("no");
    }

    @Test
    void rules_areTriedInOrder_firstMatchWins() {
        Execution execution = run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                      {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "First"},
                      {"Variable": "$.n", "NumericGreaterThan": 5, "Next": "Second"}]},
                  "First": {"Type": "Succeed"},
                  "Second": {"Type": "Succeed"}}}
                """, "{\"n\": 9}");

        assertThat(execution.path()).containsExactly("C", "First");
    }

    @Test
    void noMatchWithoutDefault_failsWithNoChoiceMatched() {
        Execution execution = run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Done"}]},
                  "Done": {"Type": "Succeed"}}}
                """, "{\"n\": 2}");

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.NoChoiceMatched");
    }

    @Test
    void missingVariable_failsWithStatesRuntime() {
        Execution execution = run(choice("{\"Variable\": \"$.absent\", \"StringEquals\": \"x\"}"), "{}");

        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).isEqualTo(
                "Invalid path '$.absent': The choice state's condition path references an invalid value.");
    }

    @Test
    void choiceOutput_isItsInputThroughInputAndOutputPath() {
        Execution execution = run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "InputPath": "$.a", "OutputPath": "$.b",
                        "Choices": [{"Variable": "$.b", "NumericEquals": 1, "Next": "Done"}]},
                  "Done": {"Type": "Succeed"}}}
                """, "{\"a\": {\"b\": 1}}");

        assertThat(execution.output()).isEqualTo(json("1"));
    }
}
