package dev.dmig.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.Settings;
import dev.dmig.local.CloudFormationYaml;
import dev.dmig.handler.Deployment;
import dev.dmig.json.Json;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SampleEnvironment;
import dev.dmig.sample.SamplePlan;
import dev.dmig.store.AwsClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The LocalStack tier: deploys {@code functions.jar} as the template's functions (handler, runtime,
 * memory, timeout, environment as {@code infra/template.yaml} sets them) and the state machine file
 * bound to them as the template's DefinitionSubstitutions bind it, into LocalStack (Lambda, Step
 * Functions, DynamoDB, S3) started by Testcontainers; then runs the sample app's dry run, a refused
 * and a confirmed full run end to end. It runs only under {@code -Plocalstack} with a Docker engine,
 * and skips with the reason otherwise. Not exercised by it: the template's CloudFormation resources
 * themselves (IAM, SnapStart, aliases, the bucket's settings), which LocalStack does not enforce.
 */
class MigrationLocalStackIT {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");
    private static final String BUCKET = "dmig-artifacts";
    private static final String IDENTITIES_KEY = "config/sample-identities.csv";
    private static final String ROLE = "arn:aws:iam::000000000000:role/dmig-localstack";
    private static final Duration EXECUTION_LIMIT = Duration.ofMinutes(20);

    private static LocalStackContainer localStack;
    private static AwsJsonApi api;
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;
    private static String stateMachineArn;
    private static MigrationPlan plan;
    private static SampleEnvironment.Created sample;

    /** Why this tier cannot run here, or null; each test is reported skipped with it. */
    private static String skipped;

    @BeforeAll
    static void deploy() throws IOException {
        if (!Boolean.getBoolean("dmig.localstack")) {
            skipped = "the LocalStack tier runs only under its Maven profile: mvn -B -Plocalstack -pl cli -am verify";
            return;
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            skipped = "no Docker engine is reachable (Testcontainers found none), so LocalStack cannot start";
            return;
        }
        Path functionsJar = Path.of(System.getProperty("functions.jar", "../functions/target/functions.jar"));
        assertThat(functionsJar).as("functions.jar, built by the functions module").exists();

        localStack = new LocalStackContainer(DockerImageName.parse(System.getProperty("localstack.image", "localstack/localstack:4.4")))
                .withServices("lambda", "stepfunctions", "dynamodb", "s3", "iam", "logs", "sts")
                .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "120");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null) {
            localStack.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        localStack.start();

        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(localStack.getAccessKey(), localStack.getSecretKey()));
        var connection = new AwsClients.Connection(localStack.getEndpoint(), Region.of(localStack.getRegion()), credentials, 16);
        dynamoDb = AwsClients.dynamoDb(connection);
        s3 = AwsClients.s3(connection);
        api = new AwsJsonApi(localStack.getEndpoint(), localStack.getRegion(), localStack.getAccessKey(), localStack.getSecretKey());

        String planJson = SamplePlan.json();
        plan = PlanParser.parse(planJson);
        sample = new SampleEnvironment(dynamoDb).create(SampleData.standard(), plan.sourceSuffix(), plan.targetSuffix(), false);
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key(RunLayout.DEFAULT_CONFIG_KEY), RequestBody.fromString(planJson));
        // The identity map the plan names, where the command line would upload it; each input names it.
        s3.putObject(b -> b.bucket(BUCKET).key(IDENTITIES_KEY), RequestBody.fromBytes(SamplePlan.identities()));
        s3.putObject(b -> b.bucket(BUCKET).key("deploy/functions.jar"), RequestBody.fromFile(functionsJar));

        Path root = projectRoot();
        Map<String, Object> template = CloudFormationYaml.read(root.resolve("infra/template.yaml"));
        Map<String, String> functionArns = createFunctions(template);
        stateMachineArn = createStateMachine(Files.readString(root.resolve("statemachine/migration.asl.json")), template, functionArns);
    }

    @BeforeEach
    void requireLocalStack() {
        assumeTrue(skipped == null, skipped);
    }

    @AfterAll
    static void stop() {
        if (localStack != null) {
            localStack.stop();
        }
    }

    @Test
    void emptyInput_isADryRunThatWritesTheAnalysisAndNoItem() {
        JsonNode execution = run("dry-run-1", "{\"identitiesKey\": \"" + IDENTITIES_KEY + "\"}");

        assertThat(execution.path("status").asText()).as("execution %s", execution).isEqualTo("SUCCEEDED");
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(RunLayout.prefix("dry-run-1"))).contents())
                .extracting(o -> o.key()).contains(RunLayout.analysis("dry-run-1"));
        assertThat(targetItems()).isZero();
    }

    @Test
    void fullRun_withoutConfirmation_failsAndWritesNothing() {
        JsonNode execution = run("full-unconfirmed", "{\"mode\": \"full\", \"identitiesKey\": \"" + IDENTITIES_KEY + "\"}");

        assertThat(execution.path("status").asText()).isEqualTo("FAILED");
        assertThat(execution.path("error").asText()).isEqualTo("ConfirmationRequired");
        assertThat(targetItems()).isZero();
    }

    @Test
    void confirmedFullRun_migratesAndValidatesEveryItem() {
        JsonNode execution = run("full-1", "{\"mode\": \"full\", \"confirm\": true, \"identitiesKey\": \"" + IDENTITIES_KEY + "\"}");

        assertThat(execution.path("status").asText()).as("execution %s", execution).isEqualTo("SUCCEEDED");
        JsonNode report = Json.tree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(RunLayout.prefix("full-1") + "report.json")).asByteArray());
        assertThat(report.toString()).contains("succeeded");
        // Auth is skipped by the plan; soft-deleted DataStore rows stay behind.
        assertThat(targetItems()).isEqualTo(plan.migratedModels().stream()
                .mapToLong(model -> sample.itemsPerModel().get(model) - SampleData.softDeleted(model)).sum());
    }

    /** Functions as the template defines them: names, handlers, sizes and environment. */
    private static Map<String, String> createFunctions(Map<String, Object> template) {
        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        Map<String, String> parameters = Map.of("ArtifactsBucket", BUCKET, "PlanKey", RunLayout.DEFAULT_CONFIG_KEY,
                "SourceTableSuffix", plan.sourceSuffix(), "TargetTableSuffix", plan.targetSuffix(), "IdNamespace", plan.idNamespace(),
                // Both sides in LocalStack's one account: no role to assume, as the parameters' default.
                "SourceRoleArn", "", "TargetRoleArn", "");
        // LocalStack runs a function in a container of the host's architecture; the template's arm64 needs emulation elsewhere.
        String architecture = System.getProperty("os.arch").contains("aarch64") ? "arm64" : "x86_64";
        Map<String, String> arns = new LinkedHashMap<>();
        for (var entry : map(template.get("Resources")).entrySet()) {
            Map<String, Object> resource = map(entry.getValue());
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                continue;
            }
            Map<String, Object> properties = map(resource.get("Properties"));
            Map<String, String> environment = new LinkedHashMap<>();
            map(map(globals.get("Environment")).get("Variables")).forEach((name, value) -> environment.put(name, resolve(value, parameters)));
            map(map(properties.get("Environment")).get("Variables")).forEach((name, value) -> environment.put(name, resolve(value, parameters)));
            assertThat(environment).containsKeys(Settings.BUCKET, Deployment.PLAN_KEY);
            String name = "dmig-" + entry.getKey();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("FunctionName", name);
            request.put("Runtime", globals.get("Runtime"));
            request.put("Handler", properties.get("Handler"));
            request.put("Role", ROLE);
            request.put("Code", Map.of("S3Bucket", BUCKET, "S3Key", "deploy/functions.jar"));
            request.put("MemorySize", properties.getOrDefault("MemorySize", globals.get("MemorySize")));
            request.put("Timeout", properties.getOrDefault("Timeout", globals.get("Timeout")));
            request.put("Architectures", List.of(architecture));
            request.put("Environment", Map.of("Variables", environment));
            arns.put(entry.getKey(), api.lambda(SdkHttpMethod.POST, "/2015-03-31/functions", request).path("FunctionArn").asText());
        }
        for (String function : arns.keySet()) {
            awaitActive("dmig-" + function);
        }
        return arns;
    }

    /** The state machine file with each placeholder bound to the function the template binds it to. */
    private static String createStateMachine(String definition, Map<String, Object> template, Map<String, String> functionArns) {
        Map<String, Object> substitutions = Map.of();
        for (Object resource : map(template.get("Resources")).values()) {
            if ("AWS::Serverless::StateMachine".equals(map(resource).get("Type"))) {
                substitutions = map(map(map(resource).get("Properties")).get("DefinitionSubstitutions"));
            }
        }
        Matcher placeholder = PLACEHOLDER.matcher(definition);
        StringBuilder bound = new StringBuilder();
        while (placeholder.find()) {
            String reference = String.valueOf(map(substitutions.get(placeholder.group(1))).get("Ref"));
            String function = reference.replaceFirst("\\.Alias$", "");
            assertThat(functionArns).as("function bound to ${%s}", placeholder.group(1)).containsKey(function);
            placeholder.appendReplacement(bound, Matcher.quoteReplacement(functionArns.get(function)));
        }
        placeholder.appendTail(bound);
        return api.states("CreateStateMachine", Map.of("name", "dmig-migration", "definition", bound.toString(), "roleArn", ROLE))
                .path("stateMachineArn").asText();
    }

    private static JsonNode run(String name, String input) {
        String executionArn = api.states("StartExecution", Map.of("stateMachineArn", stateMachineArn, "name", name, "input", input))
                .path("executionArn").asText();
        Instant limit = Instant.now().plus(EXECUTION_LIMIT);
        while (true) {
            JsonNode execution = api.states("DescribeExecution", Map.of("executionArn", executionArn));
            if (!"RUNNING".equals(execution.path("status").asText())) {
                return execution;
            }
            if (Instant.now().isAfter(limit)) {
                throw new IllegalStateException("execution " + name + " still running after " + EXECUTION_LIMIT);
            }
            pause(Duration.ofSeconds(2));
        }
    }

    private static void awaitActive(String function) {
        Instant limit = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            JsonNode configuration = api.lambda(SdkHttpMethod.GET, "/2015-03-31/functions/" + function, null).path("Configuration");
            String state = configuration.path("State").asText();
            if (state.equals("Active")) {
                return;
            }
            if (state.equals("Failed") || Instant.now().isAfter(limit)) {
                throw new IllegalStateException("function " + function + " is " + state + ": " + configuration);
            }
            pause(Duration.ofSeconds(1));
        }
    }

    private static long targetItems() {
        long count = 0;
        for (String table : sample.prodTables()) {
            count += dynamoDb.scanPaginator(b -> b.tableName(table).select(Select.COUNT)).stream().mapToLong(p -> p.count()).sum();
        }
        return count;
    }

    private static String resolve(Object value, Map<String, String> parameters) {
        if (value instanceof Map<?, ?> function && function.get("Ref") instanceof String ref) {
            assertThat(parameters).as("a value for !Ref %s", ref).containsKey(ref);
            return parameters.get(ref);
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("statemachine/migration.asl.json"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("project root").isNotNull();
        return dir;
    }

    /** Between two looks at LocalStack, which runs in its container and says nothing when a state changes. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
