package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.json.Json;
import dev.dmig.local.CloudFormationYaml;
import dev.dmig.local.FunctionTimeouts;
import dev.dmig.local.LocalRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The stack's failure alarm leaves out exactly the runs the state machine refused: the Fail states whose verdict is
 * INVALID or REFUSED (nothing was written), which its metric filter counts and the alarm takes off the failed
 * executions. A new refusal state, or a failure counted as a refusal, fails here.
 */
class RefusalAlarmContractTest {
    private static final Pattern STATE_NAME = Pattern.compile("\\$\\.details\\.name\\s*=\\s*\"(\\w+)\"");

    @Test
    void theAlarmsRefusals_areTheFailStatesWhoseVerdictIsInvalidOrRefused() throws IOException {
        Set<String> refusals = new TreeSet<>();
        JsonNode states = Json.tree(LocalRunner.bundledDefinition().getBytes(StandardCharsets.UTF_8)).get("States");
        states.properties().forEach(state -> {
            if (state.getValue().path("Type").asText().equals("Fail")) {
                String verdict = Outcome.of("FAILED", state.getKey(), null, null).verdict();
                if (verdict.equals("INVALID") || verdict.equals("REFUSED")) {
                    refusals.add(state.getKey());
                }
            }
        });

        Set<String> counted = new TreeSet<>();
        Matcher name = STATE_NAME.matcher(filterPattern());
        while (name.find()) {
            counted.add(name.group(1));
        }

        assertThat(refusals).as("refusal states of the definition").contains("ConfirmationRequired", "ConflictsFound", "PlanInvalid");
        assertThat(counted).as("the Fail states RefusedExecutionsMetric counts").isEqualTo(refusals);
        assertThat(filterPattern()).contains("$.type = \"FailStateEntered\"");
    }

    @SuppressWarnings("unchecked")
    private static String filterPattern() throws IOException {
        try (InputStream in = FunctionTimeouts.class.getResourceAsStream(FunctionTimeouts.TEMPLATE)) {
            assertThat(in).as("the bundled template").isNotNull();
            Map<String, Object> template = CloudFormationYaml.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, Object> filter = (Map<String, Object>) ((Map<String, Object>) template.get("Resources")).get("RefusedExecutionsMetric");
            assertThat(filter).as("resource RefusedExecutionsMetric").isNotNull();
            return String.valueOf(((Map<String, Object>) filter.get("Properties")).get("FilterPattern"));
        }
    }
}
