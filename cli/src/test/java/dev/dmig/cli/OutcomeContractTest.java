package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import dev.dmig.local.LocalRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way the real state machine can end has its verdict and exit code in {@link Outcome}: none is guessed. */
class OutcomeContractTest {
    @Test
    void everyTerminalStateOfTheStateMachine_hasItsOwnVerdict() {
        JsonNode states = Json.tree(LocalRunner.bundledDefinition().getBytes(StandardCharsets.UTF_8)).get("States");
        List<String> terminal = new ArrayList<>();
        states.fields().forEachRemaining(state -> {
            String type = state.getValue().get("Type").asText();
            if (type.equals("Succeed") || type.equals("Fail")) {
                terminal.add(state.getKey());
            }
        });
        assertThat(terminal).as("terminal states of the bundled ASL").hasSizeGreaterThan(10);
        assertThat(terminal).allSatisfy(name -> assertThat(Outcome.knows(name)).as("Outcome knows %s", name).isTrue());
    }

    @Test
    void anEndingNobodyDeclared_isDmigsOwnFailure_notAGuess() {
        Outcome outcome = Outcome.of("SUCCEEDED", "SomeNewState", null, null);
        assertThat(outcome.verdict()).isEqualTo("SUCCEEDED (unknown ending SomeNewState)");
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(Outcome.of("FAILED", null, "States.Runtime", "x").exitCode()).isEqualTo(ExitCode.FAILED);
    }
}
