package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.aws.StsStub;
import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.faults.FaultProxy;
import dev.dmig.json.Json;
import dev.dmig.local.SharedStack;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SampleEnvironment;
import dev.dmig.sample.SamplePlan;
import dev.dmig.store.AwsClients;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.TableInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Source and target in two accounts: two DynamoDB Local servers, each its own account, and the run's
 * artifacts on the shared stack's S3 (the deployment's bucket). The source is reached through a role:
 * STS cannot run here, so {@link StsStub} (a stub of AssumeRole) issues its session credentials, and
 * a recording front ({@link FaultProxy}, no faults) before the source's server shows who signed each
 * request and what it asked. The process's own DynamoDB (the shared stack's) holds neither side's
 * tables, so a call that reached the wrong account would fail or find nothing.
 */
class CrossAccountIT {
    private static final String ROLE = "arn:aws:iam::111111111111:role/dmig-source-read";
    private static final String EXTERNAL_ID = "xacct-it-42";
    /** What a read-only role allows (infra/source-account-role.yaml). */
    private static final Set<String> READS = Set.of("DescribeTable", "Scan", "Query", "GetItem", "BatchGetItem", "ListTables",
            "DescribeTimeToLive", "DescribeContinuousBackups");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static EmbeddedStack sourceAccount;
    private static EmbeddedStack targetAccount;
    private static DynamoDbClient source;
    private static DynamoDbClient target;
    private static AwsCredentials own;

    @BeforeAll
    static void twoAccounts() {
        own = SharedStack.credentialsForTheCli();
        sourceAccount = EmbeddedStack.startInMemory("xacct-source");
        targetAccount = EmbeddedStack.startInMemory("xacct-target");
        source = client(sourceAccount);
        target = client(targetAccount);
    }

    @AfterAll
    static void close() {
        source.close();
        target.close();
        sourceAccount.close();
        targetAccount.close();
    }

    private static DynamoDbClient client(EmbeddedStack stack) {
        return AwsClients.dynamoDb(new AwsClients.Connection(stack.dynamoDbEndpoint(), stack.region(), stack.credentials(), 8));
    }

    /** The sample app's dev tables, loaded, in the source account; its prod tables, empty, in the target account. */
    private record App(String dev, String prod, MigrationPlan plan, Path planFile, Map<String, Integer> items) {}

    private static App app(String name, SampleData data, Path dir, String externalId) throws Exception {
        String tag = name + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
        String dev = "-" + tag + "-dev";
        String prod = "-" + tag + "-prod";
        SampleEnvironment.Created inSource = new SampleEnvironment(source).create(data, dev, prod, false);
        inSource.prodTables().forEach(table -> source.deleteTable(b -> b.tableName(table)));
        SampleEnvironment.Created inTarget = new SampleEnvironment(target).create(SampleData.scaled(0.01), dev, prod, false);
        inTarget.devTables().forEach(table -> target.deleteTable(b -> b.tableName(table)));
        ObjectNode plan = (ObjectNode) Json.tree(SamplePlan.json(dev, prod).getBytes(StandardCharsets.UTF_8));
        ((ObjectNode) plan.get("source")).put("region", "eu-west-1").put("roleArn", ROLE).put("externalId", externalId);
        Path planFile = dir.resolve(tag + ".json");
        SamplePlan.write(planFile, Json.pretty(plan));
        return new App(dev, prod, PlanParser.parse(Json.bytes(plan)), planFile, inSource.itemsPerModel());
    }

    /** Artifacts on the shared S3, the process's own DynamoDB the shared one, STS the stub. */
    private static List<String> where(StsStub sts) {
        List<String> where = new ArrayList<>(CliRun.embeddedStack());
        where.addAll(List.of("--sts-endpoint", sts.endpoint().toString()));
        return where;
    }

    /** The same, and each side's DynamoDB: the source's behind the recording front. */
    private static List<String> sides(StsStub sts, FaultProxy front) {
        List<String> sides = where(sts);
        sides.addAll(List.of("--source-dynamodb-endpoint", front.endpoint().toString(),
                "--target-dynamodb-endpoint", targetAccount.dynamoDbEndpoint().toString()));
        return sides;
    }

    @Test
    void aFullRun_readsTheSourceOnlyWithTheAssumedRole_andWritesTheOtherAccountExactly(@TempDir Path dir) throws Exception {
        App app = app("xfull", SampleData.scaled(0.1), dir, EXTERNAL_ID);
        try (StsStub sts = StsStub.start(ROLE, EXTERNAL_ID, Duration.ofHours(1));
             FaultProxy front = FaultProxy.start(sourceAccount.dynamoDbEndpoint(), 1)) {
            CliRun run = migrate(app, sts, front, "xacct-full");

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.lastLine()).startsWith("SUCCEEDED  run xacct-full (full): ");
            assertExact(app, "xacct-full");
            assertSourceOnlyReadWithTheRole(front, sts, "xacct-full");
            assertThat(run.out()).doesNotContain("stubsecret").doesNotContain("stubtoken");
        }
    }

    /** Sessions that end within the SDK's renewal window are renewed ahead of their end: a run may outlast many. */
    @Test
    void shortSessions_areRenewedBeforeTheyEnd(@TempDir Path dir) throws Exception {
        App app = app("xrenew", SampleData.scaled(0.05), dir, EXTERNAL_ID);
        try (StsStub sts = StsStub.start(ROLE, EXTERNAL_ID, Duration.ofSeconds(70));
             FaultProxy front = FaultProxy.start(sourceAccount.dynamoDbEndpoint(), 5)) {
            CliRun run = migrate(app, sts, front, "xacct-renew");

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertExact(app, "xacct-renew");
            assertThat(sts.calls()).as("renewed").hasSizeGreaterThan(1);
            assertSourceOnlyReadWithTheRole(front, sts, "xacct-renew");
        }
    }

    @Test
    void aRollback_undoesTheOtherAccountsTarget_andNeverWritesTheSource(@TempDir Path dir) throws Exception {
        App app = app("xrb", SampleData.scaled(0.1), dir, EXTERNAL_ID);
        Map<String, String> sourceBefore = digests(source, app, app.dev());
        try (StsStub sts = StsStub.start(ROLE, EXTERNAL_ID, Duration.ofHours(1));
             FaultProxy front = FaultProxy.start(sourceAccount.dynamoDbEndpoint(), 2)) {
            CliRun run = migrate(app, sts, front, "xacct-rb");
            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(digests(target, app, app.prod()).values()).anyMatch(d -> !d.startsWith("0:"));

            // The stored plan carries both sides: rollback needs no endpoint but STS's.
            CliRun rolledBack = CliRun.of(where(sts), "rollback", "--run", "xacct-rb", "--confirm");

            assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
            assertThat(rolledBack.lastLine()).startsWith("ROLLED BACK  run xacct-rb");
            assertThat(digests(target, app, app.prod()).values()).allMatch(d -> d.startsWith("0:"));
            assertThat(digests(source, app, app.dev())).isEqualTo(sourceBefore);
            assertSourceOnlyReadWithTheRole(front, sts, "xacct-rb");
        }
    }

    @Test
    void aRunKilledMidWay_resumesAcrossTheAccounts_exactly(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("dmig.jar", "target/dmig.jar"));
        assumeThat(jar).as("the shaded dmig.jar (built by mvn package)").exists();
        App app = app("xkill", SampleData.scaled(0.25), dir, EXTERNAL_ID);
        ObjectNode paced = (ObjectNode) Json.tree(Files.readAllBytes(app.planFile()));
        paced.put("writeRateLimit", 150);
        Files.writeString(app.planFile(), Json.pretty(paced));
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        try (StsStub sts = StsStub.start(ROLE, EXTERNAL_ID, Duration.ofHours(1));
             FaultProxy front = FaultProxy.start(sourceAccount.dynamoDbEndpoint(), 3)) {
            List<String> command = DmigProcess.java();
            command.addAll(List.of("-Daws.accessKeyId=" + own.accessKeyId(), "-Daws.secretAccessKey=" + own.secretAccessKey(),
                    "-jar", jar.toString(), "migrate", "--plan", app.planFile().toString(), "--confirm", "--no-backup",
                    "--run", "xacct-kill"));
            command.addAll(sides(sts, front));
            Path log = dir.resolve("killed.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (process.isAlive() && Instant.now().isBefore(deadline) && KillAndResumeIT.written(artifacts, "xacct-kill") < 100) {
                Thread.sleep(20); // polls the artifacts of another process: the signal is the count written, not the time
            }
            assertThat(process.isAlive()).as("still migrating when killed; log: %s", Files.readString(log)).isTrue();
            process.destroyForcibly();
            assertThat(process.waitFor()).isNotZero();
            assertThat(artifacts.getJson(RunLayout.manifest("xacct-kill"), RunManifest.class).orElseThrow().status())
                    .isEqualTo(RunStatus.MIGRATING);

            CliRun resumed = CliRun.of(where(sts), "resume", "--run", "xacct-kill");

            assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run xacct-kill (full): ");
            assertExact(app, "xacct-kill");
            assertSourceOnlyReadWithTheRole(front, sts, "xacct-kill");
            assertThat(sts.calls()).as("the killed process and the resuming one each assumed the role").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aRoleTheSourceAccountDoesNotGrant_isRefusedInOneLine_andNothingIsHeld(@TempDir Path dir) throws Exception {
        App app = app("xdenied", SampleData.scaled(0.01), dir, "not-the-agreed-id");
        try (StsStub sts = StsStub.start(ROLE, EXTERNAL_ID, Duration.ofHours(1));
             FaultProxy front = FaultProxy.start(sourceAccount.dynamoDbEndpoint(), 4)) {
            CliRun run = CliRun.of(sides(sts, front), "analyze", "--plan", app.planFile().toString(), "--run", "xacct-denied");

            assertThat(run.code()).as(run.out() + run.err()).isNotZero();
            assertThat(run.lastLine()).contains("STS refused the role for table ").contains("(AccessDenied: ")
                    .contains("the plan's externalId must match");
            assertThat(run.out() + run.err()).doesNotContain("\tat software.amazon");
            assertThat(front.signed()).as("no request reached the source account").isEmpty();
            // The target is free: a run with the right external ID opens at once.
            String fixed = Files.readString(app.planFile()).replace("not-the-agreed-id", EXTERNAL_ID);
            Files.writeString(app.planFile(), fixed);
            CliRun again = CliRun.of(sides(sts, front), "analyze", "--plan", app.planFile().toString(), "--run", "xacct-allowed");
            assertThat(again.code()).as(again.out() + again.err()).isZero();
        }
    }

    /** A full run of the app from one account to the other. */
    private static CliRun migrate(App app, StsStub sts, FaultProxy front, String runId) {
        return CliRun.of(sides(sts, front), "migrate", "--plan", app.planFile().toString(), "--confirm", "--no-backup",
                "--run", runId);
    }

    /** Every request the source account saw was signed with a key STS issued for the role, and only read. */
    private static void assertSourceOnlyReadWithTheRole(FaultProxy front, StsStub sts, String runId) {
        Map<String, Instant> issued = new java.util.HashMap<>();
        sts.calls().forEach(call -> {
            assertThat(call.signedWith()).as("STS was called with the process's own key").isEqualTo(own.accessKeyId());
            assertThat(call.roleArn()).isEqualTo(ROLE);
            assertThat(call.externalId()).isEqualTo(EXTERNAL_ID);
            // Each run assumes the role under a session name of its own: the source account's CloudTrail tells runs apart.
            assertThat(call.sessionName()).isEqualTo("dmig-" + runId);
            issued.put(call.issuedKey(), call.expires());
        });
        assertThat(issued).isNotEmpty();
        List<FaultProxy.Signed> requests = front.signed();
        assertThat(requests).isNotEmpty();
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.accessKeyId()).as(request.operation()).isIn(issued.keySet());
            assertThat(request.at()).as("%s signed with %s", request.operation(), request.accessKeyId())
                    .isBefore(issued.get(request.accessKeyId()));
            assertThat(request.sessionToken()).as(request.operation()).isTrue();
            assertThat(request.operation()).isIn(READS);
        });
        assertThat(requests).anyMatch(r -> r.operation().equals("Scan"));
    }

    /** Every target table holds exactly the source items run {@code runId} copies, transformed, read in each account directly. */
    private static void assertExact(App app, String runId) {
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        ItemTransformer transformer = new ItemTransformer(app.plan(), RunMappings.of(artifacts, runId, app.plan()));
        for (String model : app.plan().migratedModels()) {
            TableInfo targetTable = new DynamoDbItemStore(target).describe(model + app.prod()).orElseThrow();
            Map<String, String> expected = new TreeMap<>();
            for (Map<String, AttributeValue> item : scan(source, model + app.dev())) {
                if (!transformer.copies(model, item)) {
                    continue;
                }
                Map<String, AttributeValue> mapped = transformer.transform(model, item);
                expected.put(DynamoJson.item(targetTable.keyOf(mapped)).toString(), ContentDigest.itemHash(mapped));
            }
            Map<String, String> actual = new TreeMap<>();
            scan(target, model + app.prod()).forEach(item -> actual.put(DynamoJson.item(targetTable.keyOf(item)).toString(),
                    ContentDigest.itemHash(item)));
            assertThat(actual).as("target table %s", model).isEqualTo(expected);
        }
    }

    private static Map<String, String> digests(DynamoDbClient client, App app, String suffix) {
        Map<String, String> digests = new TreeMap<>();
        for (String model : app.items().keySet()) {
            ContentDigest digest = new ContentDigest();
            scan(client, model + suffix).forEach(digest::add);
            digests.put(model, digest.count() + ":" + digest.hex());
        }
        return digests;
    }

    private static List<Map<String, AttributeValue>> scan(DynamoDbClient client, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }
}
