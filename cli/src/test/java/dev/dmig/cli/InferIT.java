package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.infer.InferredPlan;
import dev.dmig.infer.PlanInference;
import dev.dmig.infer.StoreTableReader;
import dev.dmig.infer.Thresholds;
import dev.dmig.json.Json;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.TablePlan;
import dev.dmig.sample.SampleData;
import dev.dmig.store.DynamoDbItemStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code dmig infer} on the shipped sample app in DynamoDB Local: the references it proposes are
 * exactly the hand-written plan's, its plan is one dmig accepts, and it writes nothing.
 *
 * <p>Where the inferred plan differs from the shipped one, it is by design: {@code Auth} (skipped by
 * the shipped plan) and {@code AppPreferences} (kept IDs there) are ordinary tables to infer, since
 * skipping and keeping UUIDs are decisions, not facts in the data; {@code SecureConfig}, keyed by
 * {@code key} (S), is marked preserve because its keys are names ({@code stripe.secretKey}), which
 * code looks up by name; {@code ContactAuditLog}'s composite key (id, createdAt) keeps sha256 like
 * the shipped plan, because its partition key is a UUID of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferIT {
    private SampleApp app;


    @BeforeAll
    void setUp() {
        SharedStack.credentialsForTheCli();
        app = new SampleApp("infer", SampleData.standard());
    }

    @AfterAll
    void tearDown() {
        app.close();
    }

    /** Only a DynamoDB endpoint: infer needs no S3. */
    private CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedDynamoDb(), args);
    }

    @Test
    void infer_proposesExactlyTheShippedPlansReferences_andWritesNothing(@TempDir Path dir) throws IOException {
        Map<String, String> devBefore = app.digests(app.devSuffix);
        Map<String, String> prodBefore = app.digests(app.prodSuffix);
        Path evidence = dir.resolve("evidence.json");

        CliRun result = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix,
                "--evidence", evidence.toString());

        assertThat(result.code()).as(result.err()).isZero();
        MigrationPlan inferred = PlanParser.parse(result.out());
        assertThat(inferred.sourceSuffix()).isEqualTo(app.devSuffix);
        assertThat(inferred.targetSuffix()).isEqualTo(app.prodSuffix);
        assertThat(inferred.tables().keySet()).containsExactlyInAnyOrderElementsOf(app.plan.tables().keySet());
        assertThat(references(inferred)).isEqualTo(references(app.plan));

        // The only table whose IDs are kept: its keys are names. No sample table has a numeric key.
        Map<String, IdStrategy> ids = new TreeMap<>();
        inferred.tables().forEach((model, table) -> ids.put(model, table.ids()));
        assertThat(ids).containsEntry("SecureConfig", IdStrategy.PRESERVE)
                .containsEntry("AppPreferences", IdStrategy.SHA256)
                .containsEntry("ContactAuditLog", IdStrategy.SHA256);
        assertThat(ids.values().stream().filter(IdStrategy.PRESERVE::equals)).hasSize(1);
        assertThat(inferred.table("SecureConfig").idAttribute()).isEqualTo("key");
        assertThat(inferred.tables().values()).allSatisfy(t -> assertThat(t.skip()).isFalse());

        assertThat(app.digests(app.devSuffix)).isEqualTo(devBefore);
        assertThat(app.digests(app.prodSuffix)).isEqualTo(prodBefore);

        JsonNode tables = Json.tree(Files.readAllBytes(evidence)).get("tables");
        JsonNode agent = reference(tables, "Requests", "agentContactId");
        assertThat(agent.get("matched").asInt()).isEqualTo(agent.get("checked").asInt() - SampleData.ORPHAN_REQUEST_AGENT_CONTACTS);
        assertThat(agent.get("unresolved")).hasSize(SampleData.ORPHAN_REQUEST_AGENT_CONTACTS);
        assertThat(agent.get("method").asText()).isEqualTo("sample");
        JsonNode address = reference(tables, "Projects", "addressId");
        assertThat(address.get("checked").asInt() - address.get("matched").asInt()).isEqualTo(SampleData.ORPHAN_PROJECT_ADDRESSES);
        assertThat(result.err()).contains("dmig infer: 31 tables end with " + app.devSuffix,
                "35 references proposed in 17 tables", "1 table keeps its IDs",
                "not inferred, left at their defaults: skip, set, remove, rename, unique, idNamespace");
    }

    @Test
    void aSmallSample_looksValuesUp_andFindsTheSameReferences() {
        CliRun result = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix, "--sample", "100");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(references(PlanParser.parse(result.out()))).isEqualTo(references(app.plan));
        assertThat(result.err()).containsPattern("looked up [1-9][0-9,]* values");
    }

    @Test
    void anUnknownSuffix_isAOneLineError() {
        CliRun result = dmig("infer", "--source-suffix", "-no-such-env");

        assertThat(result.code()).isEqualTo(ExitCode.INVALID);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip()).startsWith("error: no table name ends with '-no-such-env' (")
                .endsWith("tables listed): check --source-suffix and where dmig looks (--dynamodb-endpoint, --region)")
                .doesNotContain("\n");
    }

    @Test
    void infer_sendsOnlyReadRequests() {
        Set<String> operations = ConcurrentHashMap.newKeySet();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .endpointOverride(SharedStack.stack().dynamoDbEndpoint())
                .region(SharedStack.stack().region())
                .credentialsProvider(SharedStack.stack().credentials())
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder))
                .build()) {
            InferredPlan plan = PlanInference.infer(new StoreTableReader(new DynamoDbItemStore(dynamoDb)),
                    new PlanInference.Options(app.devSuffix, app.prodSuffix, 100, Thresholds.DEFAULT), line -> { });
            assertThat(plan.references()).isNotEmpty();
        }
        assertThat(operations).contains("ListTables", "DescribeTable", "Scan", "BatchGetItem")
                .isSubsetOf("ListTables", "DescribeTable", "Scan", "BatchGetItem", "Query");
    }

    @Test
    void theInferredPlan_passesAnalysis() throws IOException {
        CliRun inferred = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix);
        Path plan = Files.createTempFile("inferred", ".json");
        Files.writeString(plan, inferred.out());
        List<String> args = new ArrayList<>(List.of("analyze", "--plan", plan.toString(), "--run", "infer-analyze",
                "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                "--region", SharedStack.stack().region().id()));
        CliRun run = CliRun.execute(args, null);
        assertThat(run.code()).as(run.out() + "\n" + run.err()).isZero();
        assertThat(run.out()).contains("SUCCEEDED  run infer-analyze (dry-run)");
        Files.delete(plan);
    }

    private static Map<String, Map<String, String>> references(MigrationPlan plan) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (TablePlan table : plan.tables().values()) {
            Map<String, String> references = new TreeMap<>();
            table.references().forEach((path, model) -> references.put(path.text(), model));
            all.put(table.model(), references);
        }
        return all;
    }

    private static JsonNode reference(JsonNode tables, String model, String path) {
        for (JsonNode table : tables) {
            if (table.get("model").asText().equals(model)) {
                for (JsonNode reference : table.get("references")) {
                    if (reference.get("path").asText().equals(path)) {
                        return reference;
                    }
                }
            }
        }
        throw new AssertionError("no evidence for " + model + "." + path);
    }
}
