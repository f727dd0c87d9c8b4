package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.DenyingS3Front;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import dev.dmig.plan.PlanParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmig infer --amplify DIR --from dev --to prod} on an Amplify Gen 1 project folder of the test's own
 * ({@link AmplifyGen1Project}, with {@link TasksApp} deployed as its two environments): its
 * {@code amplify/team-provider-info.json} names two environments, each with its deployment bucket on the S3 server the
 * tests start, holding the {@code #current-cloud-backend.zip} whose {@code amplify-meta.json} gives the environment's API
 * ID, user pool (cognito-local) and Storage bucket; the tables are {@code <Model>-<apiId>-<env>} in DynamoDB Local. Infer
 * finds every one of them by itself, says where, and the plan it writes migrates, unedited, every item and object to
 * what the test computes on its own (the spec's ID function, the pools' users as the test made them). A project that
 * lacks an environment, a deployment bucket that cannot be read and a table the schema declares that one environment
 * lacks are each one line, exit 2, nothing written.
 */
class InferAmplifyProjectIT {
    private static final String API = TasksApp.API;
    private static CognitoLocal cognito;

    @BeforeAll
    static void start() {
        SharedStack.credentialsForTheCli();
        cognito = CognitoLocal.shared();
    }

    /** The user pools' server the projects of these tests name. */
    static CognitoLocal cognito() {
        start();
        return cognito;
    }

    /** The app deployed as two Gen 1 environments, and its project folder, whose environments say so. */
    record Project(TasksApp app, AmplifyGen1Project gen1, AmplifyGen1Project.Environment dev, AmplifyGen1Project.Environment prod) {}

    static Project project(Path folder, String name) throws IOException {
        TasksApp app = TasksApp.deploy(name, cognito, env -> env.apiId() + "-" + env.name());
        AmplifyGen1Project project = new AmplifyGen1Project(folder, API);
        Files.copy(schema(), project.apiFolder().resolve("schema.graphql"));
        String region = SharedStack.stack().region().id();
        String tag = AppTables.tag(name).toLowerCase(Locale.ROOT);
        List<AmplifyGen1Project.Environment> environments = new ArrayList<>();
        for (TasksApp.Env env : List.of(app.dev(), app.prod())) {
            environments.add(new AmplifyGen1Project.Environment(env.name(), region, env.apiId(), "amplify-" + tag + "-" + env.name()
                    + "-deployment", env.userPool(), TasksApp.identityPool(region, env), env.storageBucket()));
        }
        project.write(app.buckets().s3, environments.toArray(AmplifyGen1Project.Environment[]::new));
        return new Project(app, project, environments.get(0), environments.get(1));
    }

    private static Path schema() {
        try {
            return Path.of(InferAmplifyProjectIT.class.getResource("/gen1-project/schema.graphql").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fromTheProjectAlone_inferFindsBothEnvironments_saysWhere_andARunOfItsPlanWritesExactlyWhatTheTestComputes(@TempDir Path dir)
            throws Exception {
        Project project = project(Files.createDirectories(dir.resolve("app")), "gen1app");
        try (AppTables tables = project.app().tables(); StorageBuckets buckets = project.app().buckets()) {
            Map<String, String> devBefore = tables.digests(tables.devSuffix);
            Map<String, StorageBuckets.Stored> devObjects = buckets.objects(buckets.dev);
            Path plan = dir.resolve("plan.json");

            CliRun inferred = infer(project, "--out", plan.toString());

            assertThat(inferred.code()).as(inferred.out() + inferred.err()).isZero();
            AmplifyGen1Project.Environment dev = project.dev();
            AmplifyGen1Project.Environment prod = project.prod();
            assertThat(inferred.err()).contains(
                    "amplify project " + project.gen1().folder + ": environments dev (source) and prod (target), from"
                            + " amplify/team-provider-info.json",
                    "  prod: region " + SharedStack.stack().region().id() + " (amplify/team-provider-info.json"
                            + " prod.awscloudformation.Region), deployment bucket " + prod.deploymentBucket(),
                    "  dev: read s3://" + dev.deploymentBucket() + "/#current-cloud-backend.zip (not amplify/backend/amplify-meta.json",
                    "  dev: API " + API + ", ID " + dev.apiId() + " (amplify-meta.json api." + API + ".output.GraphQLAPIIdOutput): tables"
                            + " <Model>-" + dev.apiId() + "-dev",
                    "  prod: user pool " + prod.userPool() + " (amplify-meta.json auth." + API + "auth.output.UserPoolId)",
                    "  prod: Storage bucket " + prod.storageBucket() + " (amplify-meta.json storage." + API + "files.output.BucketName)",
                    "  dev: identity pool " + dev.identityPool() + " (amplify-meta.json auth." + API + "auth.output"
                            + ".IdentityPoolId): not read, identity-pool IDs are the data's and identities.csv's",
                    "  schema: amplify/backend/api/" + API + "/ (the API dev deployed, " + API + "): 2 models",
                    "  tables: each of the schema's 2 models has its table in dev and prod (DescribeTable)");
            JsonNode written = Json.MAPPER.readTree(Files.readString(plan));
            assertThat(written.at("/source/tableSuffix").asText()).isEqualTo("-" + dev.apiId() + "-dev");
            assertThat(written.at("/target/tableSuffix").asText()).isEqualTo("-" + prod.apiId() + "-prod");
            assertThat(written.at("/source/storageBucket").asText()).isEqualTo(dev.storageBucket());
            assertThat(written.at("/target/storageBucket").asText()).isEqualTo(prod.storageBucket());
            assertThat(written.at("/source/userPoolId").asText()).isEqualTo(dev.userPool());
            assertThat(written.at("/target/userPoolId").asText()).isEqualTo(prod.userPool());
            assertThat(InferIT.references(PlanParser.parse(Files.readString(plan)))).isEqualTo(Map.of(
                    "Project", Map.of("owner", "@owner"),
                    "Task", Map.of("projectId", "Project", "owner", "@owner", "assignee", "@sub")));
            assertThat(written.at("/tables/Project/files/coverKey")).isEqualTo(Json.MAPPER.readTree("{\"format\": \"key\","
                    + " \"pattern\": \"public/projects/{projectId}/cover.jpg\", \"projectId\": \"Project\"}"));
            assertThat(tables.digests(tables.devSuffix)).isEqualTo(devBefore);

            String run = "amplifyproject-" + dev.apiId();
            CliRun migrate = CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", plan.toString(), "--confirm", "--no-backup",
                    "--run", run);

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            TasksApp.Data expected = project.app().data(tables);
            for (String model : expected.items().keySet()) {
                assertThat(tables.byKey(model, tables.scan(tables.target(model)))).as(model)
                        .isEqualTo(tables.byKey(model, expected.items().get(model)));
            }
            assertThat(buckets.objects(buckets.prod)).isEqualTo(TasksApp.stored(expected));
            assertThat(tables.digests(tables.devSuffix)).isEqualTo(devBefore);
            assertThat(buckets.objects(buckets.dev)).isEqualTo(devObjects);
        }
    }

    @Test
    void aMissingEnvironment_anUnreadableDeploymentBucket_andAMissingTable_areOneLineEach_exit2_nothingWritten(@TempDir Path dir)
            throws Exception {
        Project project = project(Files.createDirectories(dir.resolve("app")), "gen1bad");
        try (AppTables tables = project.app().tables(); StorageBuckets buckets = project.app().buckets()) {
            Path plan = dir.resolve("plan.json");

            CliRun staging = CliRun.of(CliRun.embeddedStack(), "infer", "--amplify", project.gen1().folder.toString(), "--from", "dev",
                    "--to", "staging", "--out", plan.toString());
            assertRefused(staging, plan, "error: --to staging: amplify/team-provider-info.json has no environment staging (it has dev,"
                    + " prod): name one of them, or run amplify env pull --envName staging in the project first");

            String gone = project.prod().deploymentBucket();
            buckets.s3.deleteObject(b -> b.bucket(gone).key("#current-cloud-backend.zip"));
            buckets.s3.deleteBucket(b -> b.bucket(gone));
            CliRun unreadable = infer(project, "--out", plan.toString());
            assertRefused(unreadable, plan, "error: environment prod: cannot read s3://" + gone + "/#current-cloud-backend.zip"
                    + " (NoSuchBucket, HTTP 404, at " + SharedStack.stack().s3Endpoint() + "): infer needs s3:GetObject on " + gone
                    + "/#current-cloud-backend.zip");

            project.gen1().deploy(buckets.s3, project.prod());
            tables.dynamoDb.deleteTable(b -> b.tableName(tables.target("Task")));
            CliRun missing = infer(project, "--out", plan.toString());
            assertRefused(missing, plan, "error: table " + tables.target("Task") + ", which the schema declares, does not"
                    + " exist in environment prod: push the API to it (amplify push --env prod), or migrate to an environment that has it");
            assertThat(missing.err()).contains("  prod: API " + API + ", ID " + project.prod().apiId());
        }
    }

    @Test
    void aDeploymentZipS3DeniesTheReadOf_isOneLineNamingS3GetObjectOnIt_exit2_nothingWritten(@TempDir Path dir) throws Exception {
        Project project = project(Files.createDirectories(dir.resolve("app")), "gen1denied");
        String bucket = project.prod().deploymentBucket();
        // S3Proxy has no IAM: a front before it answers 403 AccessDenied to the GET of prod's zip, as S3 does without the grant.
        try (AppTables tables = project.app().tables(); StorageBuckets buckets = project.app().buckets();
             DenyingS3Front front = DenyingS3Front.start(SharedStack.stack().s3Endpoint(), bucket, "#current-cloud-backend.zip")) {
            Path plan = dir.resolve("plan.json");

            CliRun denied = infer(project, "--target-s3-endpoint", front.endpoint().toString(), "--out", plan.toString());

            assertRefused(denied, plan, "error: environment prod: cannot read s3://" + bucket + "/#current-cloud-backend.zip"
                    + " (AccessDenied, HTTP 403, at " + front.endpoint() + "): infer needs s3:GetObject on " + bucket
                    + "/#current-cloud-backend.zip");
            assertThat(denied.err()).contains("  dev: API " + API + ", ID " + project.dev().apiId());
        }
    }

    /** Exit 2, the error as the last line of stderr, nothing on stdout and no plan written. */
    static void assertRefused(CliRun run, Path plan, String line) {
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err().strip().lines().toList()).last().isEqualTo(line);
        assertThat(run.out()).isEmpty();
        assertThat(plan).doesNotExist();
    }

    static CliRun infer(Project project, String... options) {
        List<String> args = new ArrayList<>(List.of("infer", "--amplify", project.gen1().folder.toString(), "--from", "dev", "--to", "prod",
                "--cognito-endpoint", cognito.endpoint().toString()));
        args.addAll(List.of(options));
        return CliRun.of(CliRun.embeddedStack(), args.toArray(String[]::new));
    }
}
