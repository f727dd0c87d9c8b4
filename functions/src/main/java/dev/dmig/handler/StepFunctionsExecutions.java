package dev.dmig.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import dev.dmig.rollback.Recovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** {@link Recovery.Executions} in AWS Step Functions: the stack's own state machine, described, listed and started. */
public final class StepFunctionsExecutions implements Recovery.Executions {
    private final SfnClient client;
    private final String stateMachineArn;

    public StepFunctionsExecutions(SfnClient client, String stateMachineArn) {
        this.client = client;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public String stateMachineArn() {
        return stateMachineArn;
    }

    @Override
    public void start(String name, JsonNode input) {
        try {
            client.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(Json.text(input)));
        } catch (ExecutionAlreadyExistsException e) {
            // Started by an earlier delivery of the same ending, with the same name and input: nothing to do.
        }
    }

    @Override
    public Optional<Recovery.Execution> describe(String executionArn) {
        try {
            DescribeExecutionResponse execution = client.describeExecution(r -> r.executionArn(executionArn));
            return Optional.of(new Recovery.Execution(execution.executionArn(), execution.stateMachineArn(), execution.name(),
                    execution.statusAsString(), execution.input(), execution.error(), execution.cause(), execution.stopDate()));
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        }
    }

    /** Every running execution, described for its input (which names the run it works on); a handful at a time. */
    @Override
    public List<Recovery.Execution> running() {
        List<Recovery.Execution> running = new ArrayList<>();
        for (ExecutionListItem item : client.listExecutionsPaginator(r -> r.stateMachineArn(stateMachineArn)
                .statusFilter(ExecutionStatus.RUNNING)).executions()) {
            describe(item.executionArn()).ifPresent(running::add);
        }
        return running;
    }
}
