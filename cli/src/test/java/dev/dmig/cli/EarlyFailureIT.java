package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.faults.FaultProxy;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * A run that cannot start, for a reason waiting does not heal, fails in seconds with one line
 * saying the cause and the fix, is recorded as failed, leaves the target unlocked and untouched,
 * and does not stand in the way of the next run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EarlyFailureIT {
    /**
     * Far more than a failure that gives up at once needs on a loaded machine, far less than the
     * minutes the retrying path took (2 min 27 s against a refused endpoint): a guard against retries,
     * not a speed measurement.
     */
    private static final Duration GIVES_UP_WITHIN = Duration.ofSeconds(30);

    private SampleApp app;
    private Path planFile;
    private S3ArtifactStore artifacts;
    private AwsCredentials credentials;

    @BeforeAll
    void setUp(@TempDir Path dir) throws IOException {
        credentials = SharedStack.credentialsForTheCli();
        app = new SampleApp("early", SampleData.withAbout(300));
        planFile = dir.resolve("plan.json");
        app.writePlan(planFile);
        artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
    }

    @AfterAll
    void tearDown() {
        app.close();
    }

    @Test
    void connectionRefused_isRefusedBeforeTheRun_andNamesTheEndpointAndItsOption() throws IOException {
        String endpoint = "http://127.0.0.1:" + closedPort();
        CliRun result = migrate("early-refused", endpoint);
        assertRefusedBeforeTheRun(result, "early-refused", "error: no DynamoDB answers at " + endpoint + " (named by "
                + "--dynamodb-endpoint): nothing listens there (connection refused); start DynamoDB there, or fix "
                + "--dynamodb-endpoint; nothing was written");
    }

    /**
     * A plan whose side names a wrong endpoint (here the S3 store's, which answers HTTP but is no DynamoDB): before,
     * analyze retried it for a minute, rolled back and exited 1 with the SDK's words, and infer at the same endpoint
     * exited 5 calling it a dmig bug. Both are the setup's: refused at once, exit 2, in one line naming who named it.
     */
    @Test
    void aWrongEndpoint_inThePlan_orGivenToInfer_isRefusedAlike_inOneLine(@TempDir Path dataDir) throws IOException {
        String s3 = SharedStack.stack().s3Endpoint().toString();
        Path plan = planFile.resolveSibling("wrong-endpoint-plan.json");
        Files.writeString(plan, app.planJson
                .replaceFirst("\"source\"\\s*:\\s*\\{", "\"source\": { \"endpoint\": \"" + SharedStack.stack().dynamoDbEndpoint() + "\",")
                .replaceFirst("\"target\"\\s*:\\s*\\{", "\"target\": { \"endpoint\": \"" + s3 + "\","));
        // As a user runs a plan infer wrote: no --dynamodb-endpoint (the plan names its sides'), the artifacts on S3.
        CliRun analyze = CliRun.of(List.of("--s3-endpoint", s3, "--bucket", SharedStack.BUCKET, "--region",
                SharedStack.stack().region().id(), "--data-dir", dataDir.toString()), "analyze", "--plan", plan.toString(), "--run",
                "early-wrong-endpoint");
        assertRefusedBeforeTheRun(analyze, "early-wrong-endpoint", "error: no DynamoDB answers at " + s3 + " (named by the plan's "
                + "target.endpoint in " + plan + "): the server there answers, but not as DynamoDB (HTTP 403); start DynamoDB "
                + "there, or fix the plan's target.endpoint; nothing was written");

        CliRun infer = CliRun.of(List.of(), "infer", "--source-suffix", app.devSuffix, "--dynamodb-endpoint", s3,
                "--region", SharedStack.stack().region().id());
        assertThat(infer.code()).as(infer.err()).isEqualTo(ExitCode.INVALID);
        assertThat(infer.out()).isEmpty();
        assertThat(infer.err()).isEqualTo("error: no DynamoDB answers at " + s3 + " (named by --dynamodb-endpoint): the server "
                + "there answers, but not as DynamoDB (HTTP 403); start DynamoDB there, or fix --dynamodb-endpoint; nothing was"
                + " written\n");
    }

    /** Before, --dynamodb-endpoint lost silently to the plan's endpoint; now one names a side's endpoint, or is refused. */
    @Test
    void aDynamoDbEndpoint_thatContradictsThePlans_isRefused() throws IOException {
        String endpoint = SharedStack.stack().dynamoDbEndpoint().toString();
        String other = "http://127.0.0.1:" + closedPort();
        Path plan = planFile.resolveSibling("endpoint-plan.json");
        Files.writeString(plan, app.planJson.replaceFirst("\"source\"\\s*:\\s*\\{", "\"source\": { \"endpoint\": \"" + endpoint + "\","));
        CliRun result = dmig("analyze", "--plan", plan.toString(), "--run", "early-contradicts", "--dynamodb-endpoint", other);
        assertRefusedBeforeTheRun(result, "early-contradicts", "error: --dynamodb-endpoint " + other + " contradicts the plan's "
                + "source.endpoint " + endpoint + " (" + plan + "): a side's endpoint is named once; leave the option out to use "
                + "the plan's, or edit the plan");

        CliRun same = dmig("analyze", "--plan", plan.toString(), "--run", "early-same-endpoint", "--dynamodb-endpoint", endpoint);
        assertThat(same.code()).as(same.out() + same.err()).isZero();
    }

    @Test
    void s3ConnectionRefused_failsAtOnce_inOneLine_withoutRetrying() throws IOException {
        String endpoint = "http://127.0.0.1:" + closedPort();
        CliRun result = CliRun.of(List.of("--s3-endpoint", endpoint, "--bucket", "early-no-s3", "--dynamodb-endpoint",
                SharedStack.stack().dynamoDbEndpoint().toString()), "status");
        System.out.printf("s3 refused: exit %d after %.1f s: %s%n", result.code(), result.took().toMillis() / 1000.0, result.err());
        assertThat(result.code()).isEqualTo(ExitCode.INVALID);
        assertThat(result.took()).as("gave up instead of retrying").isLessThan(GIVES_UP_WITHIN);
        assertThat(result.err().strip()).doesNotContain("\n").startsWith("error: cannot reach DynamoDB or S3: ")
                .contains("nothing listens at " + endpoint.substring("http://".length()) + " (connection refused)")
                .doesNotContain("SDK")
                .endsWith("(check --dynamodb-endpoint / --s3-endpoint, and that those servers are running)");
    }

    @Test
    void unknownHost_isRefusedBeforeTheRun_andNamesTheHost() {
        CliRun result = migrate("early-unknown-host", "http://dmig-no-such-host.invalid:8000");
        assertRefusedBeforeTheRun(result, "early-unknown-host", "error: no DynamoDB answers at http://dmig-no-such-host.invalid:8000"
                + " (named by --dynamodb-endpoint): its host dmig-no-such-host.invalid is unknown; start DynamoDB there, or fix "
                + "--dynamodb-endpoint; nothing was written");
    }

    @Test
    void accessDeniedByTheServer_failsAtOnce_andNamesTheAction() {
        // IAM cannot run here: the front answers every call as DynamoDB does for a policy without the action.
        try (FaultProxy proxy = FaultProxy.start(SharedStack.stack().dynamoDbEndpoint(), 7)) {
            proxy.inject(FaultProxy.Fault.ACCESS_DENIED);
            CliRun result = migrate("early-denied", proxy.endpoint().toString());
            assertFailedEarly(result, "early-denied", "DynamoDB denied access to table");
            assertThat(result.lastLine()).contains("grant dynamodb:DescribeTable");
            // The endpoint's check before the run (DynamoDB answered: the run goes on to say why) and the run's first call.
            assertThat(proxy.injected(FaultProxy.Kind.DENIED)).as("calls denied: none retried").isEqualTo(2);
        }
    }

    @Test
    void missingSourceTable_isNamed_andNothingIsHeld() throws IOException {
        Path plan = planFile.resolveSibling("ghost-plan.json");
        Files.writeString(plan, app.planJson.replaceFirst("\"tables\"\\s*:\\s*\\{", "\"tables\": { \"Ghost\": {},"));
        CliRun result = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "early-ghost",
                "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString());
        assertThat(result.code()).isEqualTo(ExitCode.INVALID);
        assertThat(result.out()).contains("table Ghost: source table Ghost" + app.devSuffix + " does not exist");
        assertThat(result.lastLine()).isEqualTo("INVALID  run early-ghost (full): nothing was written");
        assertNothingHeld("early-ghost", RunStatus.REFUSED);
        assertNextRunIsNotRefused();
    }

    /**
     * Without credentials the SDK's chain is asked in a process of its own, whose environment has no
     * AWS variables, no profile files and no instance metadata; its run artifacts go to an embedded
     * S3 store in a directory of its own, which the later commands read.
     */
    @Test
    void noCredentials_failsAtOnce_andSaysWhatToSet(@TempDir Path dataDir) throws Exception {
        Path jar = Path.of(System.getProperty("dmig.jar", "target/dmig.jar"));
        assumeThat(jar).as("the shaded dmig.jar (built by mvn package)").exists();
        long started = System.nanoTime();
        Process process = dmigProcess(jar, dataDir, false, "migrate", "--plan", planFile.toString(), "--confirm",
                "--no-backup", "--run", "early-no-credentials",
                "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString());
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("no credentials: exit %d after %.1f s%n", process.exitValue(), took.toMillis() / 1000.0);
        CliRun result = new CliRun(process.exitValue(), out, "", took);
        assertThat(result.code()).isEqualTo(ExitCode.FAILED);
        assertOneLine(result, "early-no-credentials", "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");

        Process status = dmigProcess(jar, dataDir, true, "status");
        String listed = new String(status.getInputStream().readAllBytes());
        assertThat(status.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(listed.lines().filter(line -> line.startsWith("early-no-credentials")))
                .singleElement().asString().contains(" failed ").contains("no AWS credentials found");

        Process next = dmigProcess(jar, dataDir, true, "migrate", "--plan", planFile.toString(), "--confirm", "--no-backup",
                "--run", "early-after-no-credentials", "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString());
        String nextOut = new String(next.getInputStream().readAllBytes());
        assertThat(next.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(next.exitValue()).as(nextOut).isEqualTo(ExitCode.OK);
        rollBack("early-after-no-credentials", dataDir, jar);
    }

    private void assertFailedEarly(CliRun result, String runId, String cause) {
        System.out.printf("%s: exit %d after %.1f s: %s%n", runId, result.code(), result.took().toMillis() / 1000.0,
                result.lastLine());
        assertThat(result.code()).isEqualTo(ExitCode.FAILED);
        assertOneLine(result, runId, cause);
        assertNothingHeld(runId, RunStatus.FAILED);
        assertNextRunIsNotRefused();
    }

    /** One line on stderr and exit 2, nothing on stdout; no run recorded, the target unlocked and untouched. */
    private void assertRefusedBeforeTheRun(CliRun result, String runId, String line) {
        System.out.printf("%s: exit %d after %.1f s: %s%n", runId, result.code(), result.took().toMillis() / 1000.0, result.err());
        assertThat(result.took()).as("gave up instead of retrying").isLessThan(GIVES_UP_WITHIN);
        assertThat(result.code()).as(result.err()).isEqualTo(ExitCode.INVALID);
        assertThat(result.err()).isEqualTo(line + "\n");
        assertThat(result.out()).isEmpty();
        assertThat(artifacts.getJson(RunLayout.manifest(runId), RunManifest.class)).as("no run recorded").isEmpty();
        assertThat(new RunLock(artifacts).holder(app.prodSuffix)).as("target lock").isEmpty();
        for (String model : app.models()) {
            assertThat(app.scan(app.target(model))).as("target table %s", model).isEmpty();
        }
        assertNextRunIsNotRefused();
    }

    private static void assertOneLine(CliRun result, String runId, String cause) {
        assertThat(result.took()).as("gave up instead of retrying").isLessThan(GIVES_UP_WITHIN);
        assertThat(result.lastLine()).startsWith("FAILED  run " + runId + " (full): " + cause);
        assertThat(result.lastLine().length()).as(result.lastLine()).isLessThan(200);
        assertThat(result.out() + result.err()).as("no stack trace, no SDK dump")
                .doesNotContain("\tat ").doesNotContain("Exception:").doesNotContain("providers in the chain");
        // The runs of the jar in a process too: CliRun.of checks those in this JVM.
        CliRun.assertPlain(List.of("migrate", "--run", runId), result.out() + result.err());
    }

    /** Recorded as failed, not as analyzing; the target's lock released; no table written. */
    private void assertNothingHeld(String runId, RunStatus recorded) {
        RunManifest manifest = artifacts.getJson(RunLayout.manifest(runId), RunManifest.class).orElseThrow();
        assertThat(manifest.status()).isEqualTo(recorded);
        assertThat(new RunLock(artifacts).holder(app.prodSuffix)).as("target lock").isEmpty();
        // --all: a refused attempt is counted, not listed, without it.
        CliRun status = dmig("status", "--all", "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString());
        assertThat(status.out().lines().filter(line -> line.startsWith(runId + " "))).singleElement().asString()
                .doesNotContain("analyzing");
        for (String model : app.models()) {
            assertThat(app.scan(app.target(model))).as("target table %s", model).isEmpty();
        }
    }

    /** The next run against the same target starts and ends; it is rolled back for the next case. */
    private void assertNextRunIsNotRefused() {
        String runId = "early-next-" + System.nanoTime();
        CliRun next = migrate(runId, SharedStack.stack().dynamoDbEndpoint().toString());
        assertThat(next.code()).as(next.out()).isEqualTo(ExitCode.OK);
        CliRun rollback = dmig("rollback", "--run", runId, "--confirm",
                "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString());
        assertThat(rollback.code()).as(rollback.out()).isEqualTo(ExitCode.OK);
    }

    private void rollBack(String runId, Path dataDir, Path jar) throws Exception {
        Process rollback = dmigProcess(jar, dataDir, true, "rollback", "--run", runId, "--confirm",
                "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString());
        String out = new String(rollback.getInputStream().readAllBytes());
        assertThat(rollback.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(rollback.exitValue()).as(out).isEqualTo(ExitCode.OK);
    }

    private CliRun migrate(String runId, String dynamoDbEndpoint) {
        return dmig("migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run", runId,
                "--dynamodb-endpoint", dynamoDbEndpoint);
    }

    private Process dmigProcess(Path jar, Path dataDir, boolean withCredentials, String... args) throws IOException {
        List<String> command = DmigProcess.java();
        if (withCredentials) {
            command.add("-Daws.accessKeyId=" + credentials.accessKeyId());
            command.add("-Daws.secretAccessKey=" + credentials.secretAccessKey());
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.toString(), "--region", SharedStack.stack().region().id()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_SHARED_CREDENTIALS_FILE", dataDir.resolve("no-credentials").toString());
        env.put("AWS_CONFIG_FILE", dataDir.resolve("no-config").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return builder.start();
    }


    /** With the embedded S3: each test names the DynamoDB endpoint it means. */
    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedS3(), args);
    }

    /** A loopback port nothing listens on: taken from the system, then given back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
