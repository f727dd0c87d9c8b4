package dev.dmig.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.Settings;
import dev.dmig.handler.RecoverHandler;
import dev.dmig.handler.Services;
import dev.dmig.handler.StepFunctionsExecutions;
import dev.dmig.handler.TestContext;
import dev.dmig.json.Json;
import dev.dmig.local.SharedStack;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.rollback.Recovery;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunStatus;
import dev.dmig.store.AwsClients;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The recover function as deployed, its Step Functions calls made by the SDK to {@link StepFunctionsStub} — a stub,
 * because Step Functions cannot run here — and its runs in the embedded S3: an event is acted on only as Step
 * Functions describes the execution, and the scheduled sweep finds a run whose ending no event brought.
 */
class RecoverHandlerStubIT {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    /** Two hours after the stub's scripted executions ended: well past the sweep's wait for their events. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    private final List<String> log = new CopyOnWriteArrayList<>();
    private StepFunctionsStub stub;
    private SfnClient client;
    private S3ArtifactStore artifacts;
    private Services services;
    private RecoverHandler handler;

    @BeforeEach
    void start() throws Exception {
        stub = new StepFunctionsStub();
        client = AwsClients.stepFunctions(new AwsClients.Connection(stub.endpoint(), Region.of(StepFunctionsStub.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")), 2));
        // A bucket of its own: the sweep reads every run in it.
        String bucket = "dmig-recover-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        SharedStack.s3().createBucket(b -> b.bucket(bucket));
        artifacts = new S3ArtifactStore(SharedStack.s3(), bucket);
        services = new Services(new DynamoDbItemStore(SharedStack.dynamoDb()), artifacts, Settings.defaults(bucket),
                FaultInjector.NONE);
        handler = new RecoverHandler(services, new StepFunctionsExecutions(client, StepFunctionsStub.STATE_MACHINE_ARN), CLOCK);
    }

    @AfterEach
    void stop() {
        services.close();
        client.close();
        stub.close();
    }

    /** A full run left migrating by its execution {@code runId}, as a run past its own failure path is. */
    private RunManifest migrating(String runId) {
        RunManifest manifest = RunManifest.opened(runId, RunMode.FULL, runId, "sha256:00", "-dev", "-prod", null, null, null)
                .with(RunStatus.MIGRATING);
        artifacts.putJson(RunLayout.manifest(runId), manifest);
        return artifacts.getJson(RunLayout.manifest(runId), RunManifest.class).orElseThrow();
    }

    private static String fullInput(String runId) {
        return "{\"mode\":\"full\",\"runId\":\"" + runId + "\",\"confirm\":true}";
    }

    private static HistoryScript running(String input) {
        HistoryScript script = new HistoryScript();
        script.started(input);
        return script;
    }

    private static HistoryScript failed(String input) {
        HistoryScript script = new HistoryScript();
        script.fail(script.started(input), "MigrateLevels", "States.Runtime", "The execution reached the maximum number of history events");
        return script;
    }

    private static Map<String, Object> statusChange(String executionArn, String stateMachineArn, String name, String status) {
        return Map.of("source", "aws.states", "detail-type", "Step Functions Execution Status Change", "detail",
                Map.of("executionArn", executionArn, "stateMachineArn", stateMachineArn, "name", name, "status", status,
                        "input", fullInput(name), "error", "States.Runtime", "cause", "forged"));
    }

    @Test
    void forgedEvents_areIgnoredWithTheirReason_andNothingIsStarted() {
        RunManifest before = migrating("stub-live");
        stub.existing("stub-live", fullInput("stub-live"), running(fullInput("stub-live")));
        String live = StepFunctionsStub.executionArn("stub-live");
        String other = "arn:aws:states:us-east-1:123456789012:stateMachine:someone-elses";

        List<Map<String, Object>> results = List.of(
                handler.handleRequest(statusChange(live, StepFunctionsStub.STATE_MACHINE_ARN, "stub-live", "FAILED"), context()),
                handler.handleRequest(statusChange(StepFunctionsStub.executionArn("stub-never"),
                        StepFunctionsStub.STATE_MACHINE_ARN, "stub-live", "FAILED"), context()),
                handler.handleRequest(statusChange("arn:aws:states:us-east-1:123456789012:execution:someone-elses:stub-live", other,
                        "stub-live", "TIMED_OUT"), context()));

        assertThat(results).extracting(r -> r.get("action")).containsOnly("IGNORED");
        assertThat(results).extracting(r -> r.get("reason")).containsExactly(
                "the event says execution " + live + " ended FAILED, Step Functions says it is RUNNING (state machine "
                        + StepFunctionsStub.STATE_MACHINE_ARN + ")",
                "Step Functions has no execution " + StepFunctionsStub.executionArn("stub-never"),
                "the event names execution arn:aws:states:us-east-1:123456789012:execution:someone-elses:stub-live of state"
                        + " machine " + other + ", not one of this stack's " + StepFunctionsStub.STATE_MACHINE_ARN);
        assertThat(log).hasSize(3).allMatch(line -> line.startsWith("Recover runId=stub-live action=IGNORED reason="));
        assertThat(stub.calls()).extracting(StepFunctionsStub.Call::operation).containsExactly("DescribeExecution", "DescribeExecution");
        assertThat(artifacts.getJson(RunLayout.manifest("stub-live"), RunManifest.class)).contains(before);
        assertThat(artifacts.get(RunLayout.recovery("stub-live"))).isEmpty();
        assertThat(stub.problems()).isEmpty();
    }

    @Test
    void theScheduledSweep_rollsBackARunLeftMigratingWithNoRunningExecution_andLeavesOneAnExecutionWorksOn() {
        migrating("stub-lost");
        migrating("stub-busy");
        stub.existing("stub-lost", fullInput("stub-lost"), failed(fullInput("stub-lost")));
        stub.existing("stub-busy", fullInput("stub-busy"), failed(fullInput("stub-busy")));
        String manualRollback = "{\"mode\":\"rollback\",\"rollbackRunId\":\"stub-busy\"}";
        stub.existing("stub-busy-rollback", manualRollback, running(manualRollback));
        stub.scripts((name, input) -> name.equals("stub-lost-recover-1") ? running(input.toString()) : null);
        Map<String, Object> scheduled = Map.of("version", "0", "source", "aws.events", "detail-type", "Scheduled Event",
                "resources", List.of("arn:aws:events:us-east-1:123456789012:rule/dmig-RecoverSweep"), "detail", Map.of());

        Map<String, Object> result = handler.handleRequest(scheduled, context());

        assertThat(result).containsEntry("swept", 1).containsEntry("acted", 1L);
        List<StepFunctionsStub.Call> started = stub.calls("StartExecution");
        assertThat(started).hasSize(1);
        assertThat(started.get(0).body().get("name").asText()).isEqualTo("stub-lost-recover-1");
        JsonNode input = Json.tree(started.get(0).body().get("input").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(input.get("mode").asText()).isEqualTo("rollback");
        assertThat(input.get("rollbackRunId").asText()).isEqualTo("stub-lost");
        Recovery.Record record = new Recovery(artifacts).record("stub-lost").orElseThrow();
        assertThat(record.action()).isEqualTo("rolling-back");
        assertThat(record.reason()).isEqualTo("execution stub-lost ended FAILED with States.Runtime");
        assertThat(artifacts.get(RunLayout.recovery("stub-busy"))).as("its rollback is running").isEmpty();
        assertThat(stub.calls("ListExecutions")).allSatisfy(call ->
                assertThat(call.body().get("statusFilter").asText()).isEqualTo("RUNNING"));
        assertThat(stub.problems()).isEmpty();

        handler.handleRequest(scheduled, context());
        assertThat(stub.calls("StartExecution")).as("the next sweep finds the rollback running").hasSize(1);
    }

    /** A Lambda context with a logger that keeps its lines, and a recover function's two minutes. */
    private Context context() {
        return TestContext.withRemaining(120_000, log);
    }
}
