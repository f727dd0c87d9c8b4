package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.cli.runs.Ending;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.cli.runs.StateNames;
import dev.dmig.json.Json;
import dev.dmig.local.LocalRunner;
import dev.dmig.rollback.Recovery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
        assertThat(terminal).as("the ASL's terminal states are Ending's, no more, no fewer").containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(Ending.values()).filter(Ending::inStateMachine).map(ending -> ending.state).toList());
    }

    /**
     * An execution that ended in a refusal wrote nothing: the recovery path knows those endings by their error, and leaves
     * a refused rollback request's run as it was. Each refusal of the state machine (a Fail state whose verdict is REFUSED
     * or INVALID) gives an error the recovery path knows, and it knows no other.
     */
    @Test
    void theRefusalsTheRecoveryPathKnows_areTheStateMachinesRefusals() {
        JsonNode states = Json.tree(LocalRunner.bundledDefinition().getBytes(StandardCharsets.UTF_8)).get("States");
        Set<String> refusals = new TreeSet<>();
        states.fields().forEachRemaining(state -> {
            String verdict = Outcome.of("FAILED", state.getKey(), null, null).verdict();
            if (state.getValue().get("Type").asText().equals("Fail") && (verdict.equals("REFUSED") || verdict.equals("INVALID"))) {
                assertThat(state.getValue().path("Error").isTextual()).as("%s names its error", state.getKey()).isTrue();
                refusals.add(state.getValue().get("Error").asText());
            }
        });
        assertThat(refusals).as("the state machine's refusals").contains("TargetLocked", "ConfirmationRequired", "InputInvalid");
        assertThat(refusals).isEqualTo(new TreeSet<>(Recovery.REFUSALS));
    }

    @Test
    void theStatesTheCommandLineFollows_areStatesOfTheStateMachine() {
        String definition = LocalRunner.bundledDefinition();
        assertThat(StateNames.ALL).allSatisfy(name -> assertThat(definition).contains("\"" + name + "\": {"));
    }

    @Test
    void anEndingNobodyDeclared_isDmigsOwnFailure_notAGuess() {
        Outcome outcome = Outcome.of("SUCCEEDED", "SomeNewState", null, null);
        assertThat(outcome.verdict()).isEqualTo("SUCCEEDED (unknown ending SomeNewState)");
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(Outcome.of("FAILED", null, "States.Runtime", "x").exitCode()).isEqualTo(ExitCode.FAILED);
    }
}
