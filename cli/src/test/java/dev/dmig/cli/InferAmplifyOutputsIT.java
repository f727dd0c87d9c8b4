package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.aws.AppSyncStub;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import dev.dmig.plan.PlanParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmig infer --from-outputs dev.json --to-outputs prod.json}: {@link TasksApp}, which {@link InferAmplifyProjectIT}
 * deploys as Gen 1, as an Amplify Gen 2 app, two branches each with its {@code amplify_outputs.json} (user pool in
 * cognito-local, Storage bucket on the S3 server the tests start, {@code data.url}, and the models' introspection), each
 * branch's tables {@code <Model>-<apiId>-NONE} in DynamoDB Local. The outputs name no API ID and no table: infer finds them with AppSync's
 * ListGraphqlApis and ListDataSources, which here a stub answers ({@link AppSyncStub}: AppSync's control plane is AWS's
 * only, nothing runs it locally), one item a page so that both listings are paged with nextToken. The plan infer writes
 * migrates, unedited, every item and object to what the test computes on its own; an API AppSync refuses to list is
 * one line naming the permission, exit 2, nothing written.
 */
class InferAmplifyOutputsIT {
    private static CognitoLocal cognito;

    @BeforeAll
    static void start() {
        SharedStack.credentialsForTheCli();
        cognito = CognitoLocal.shared();
    }

    /** The app as two Gen 2 branches: their outputs files, and their APIs as the stub lists them (among another app's). */
    private record Branches(TasksApp project, Path devOutputs, Path prodOutputs, AppSyncStub appSync) {}

    private static Branches branches(Path folder, String name) throws IOException {
        TasksApp project = TasksApp.deploy(name, cognito, env -> env.apiId() + "-NONE");
        String tag = AppTables.tag(name).toLowerCase(Locale.ROOT);
        AppSyncStub appSync = AppSyncStub.start()
                .api(new AppSyncStub.Api(tag + "otherapi", "other-app", url("other" + tag), AppSyncStub.amplify(Map.of("Note",
                        "Note-" + tag + "otherapi-NONE"))));
        for (TasksApp.Env env : List.of(project.dev(), project.prod())) {
            Map<String, String> models = new LinkedHashMap<>();
            models.put("Project", "Project-" + env.apiId() + "-NONE");
            models.put("Task", "Task-" + env.apiId() + "-NONE");
            appSync.api(new AppSyncStub.Api(env.apiId(), "amplifyData", url(env.apiId()), AppSyncStub.amplify(models)));
        }
        return new Branches(project, outputs(folder.resolve("dev"), project.dev()), outputs(folder.resolve("prod"), project.prod()),
                appSync);
    }

    private static String url(String host) {
        return "https://" + host + ".appsync-api.us-east-1.amazonaws.com/graphql";
    }

    /** amplify_outputs.json as npx ampx generate outputs writes it for the branch: auth, data with its models, storage. */
    private static Path outputs(Path folder, TasksApp.Env env) throws IOException {
        String region = SharedStack.stack().region().id();
        ObjectNode root = Json.MAPPER.createObjectNode().put("version", "1.3");
        root.putObject("auth").put("aws_region", region).put("user_pool_id", env.userPool()).put("user_pool_client_id", "client" + env.name())
                .put("identity_pool_id", TasksApp.identityPool(region, env));
        ObjectNode data = root.putObject("data").put("url", url(env.apiId())).put("aws_region", region)
                .put("default_authorization_type", "AMAZON_COGNITO_USER_POOLS");
        data.putArray("authorization_types").add("AWS_IAM");
        try (InputStream mis = InferAmplifyOutputsIT.class.getResourceAsStream("/gen2-outputs/model_introspection.json")) {
            data.set("model_introspection", Json.MAPPER.readTree(mis));
        }
        ObjectNode storage = root.putObject("storage").put("aws_region", region).put("bucket_name", env.storageBucket());
        storage.putArray("buckets").addObject().put("name", "covers").put("bucket_name", env.storageBucket()).put("aws_region", region);
        Path file = Files.createDirectories(folder).resolve("amplify_outputs.json");
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return file;
    }

    @Test
    void fromTwoBranchesOutputs_inferFindsTheirApisAndTables_saysWhere_andARunOfItsPlanWritesExactlyWhatTheTestComputes(
            @TempDir Path dir) throws Exception {
        Branches branches = branches(dir, "gen2app");
        TasksApp project = branches.project();
        try (AppTables tables = project.tables(); StorageBuckets buckets = project.buckets(); AppSyncStub appSync = branches.appSync()) {
            Map<String, String> devBefore = tables.digests(tables.devSuffix);
            Map<String, StorageBuckets.Stored> devObjects = buckets.objects(buckets.dev);
            Path plan = dir.resolve("plan.json");

            CliRun inferred = infer(branches, "--out", plan.toString());

            assertThat(inferred.code()).as(inferred.out() + inferred.err()).isZero();
            TasksApp.Env dev = project.dev();
            TasksApp.Env prod = project.prod();
            String region = SharedStack.stack().region().id();
            assertThat(inferred.err()).contains(
                    "amplify outputs: " + branches.devOutputs() + " (source) and " + branches.prodOutputs() + " (target)",
                    "  schema: " + branches.devOutputs() + " data.model_introspection: 2 models",
                    "  source: GraphQL API " + url(dev.apiId()) + " (" + branches.devOutputs() + " data.url)",
                    "  target: region " + region + " (" + branches.prodOutputs() + " data.aws_region)",
                    "  source: user pool " + dev.userPool() + " (" + branches.devOutputs() + " auth.user_pool_id)",
                    "  target: Storage bucket " + prod.storageBucket() + " (" + branches.prodOutputs() + " storage.bucket_name)",
                    "  source: identity pool " + TasksApp.identityPool(region, dev) + " ("
                            + branches.devOutputs() + " auth.identity_pool_id): not read",
                    "  source: API amplifyData, ID " + dev.apiId() + " (AppSync ListGraphqlApis: the one whose uris.GRAPHQL is"
                            + " data.url): tables <Model>-" + dev.apiId() + "-NONE (ListDataSources: 2 DynamoDB data sources)",
                    "  target: API amplifyData, ID " + prod.apiId() + " (AppSync ListGraphqlApis",
                    "  tables: each of the schema's 2 models has its table on both sides (DescribeTable)");
            // Both listings were paged: the APIs (the other app's first) and each API's data sources, one a page.
            assertThat(appSync.calls()).contains(new AppSyncStub.Call("/v1/apis", "nextToken=page-1"),
                    new AppSyncStub.Call("/v1/apis/" + dev.apiId() + "/datasources", "nextToken=page-2"),
                    new AppSyncStub.Call("/v1/apis/" + prod.apiId() + "/datasources", "nextToken=page-2"));
            JsonNode written = Json.MAPPER.readTree(Files.readString(plan));
            assertThat(written.at("/source/tableSuffix").asText()).isEqualTo("-" + dev.apiId() + "-NONE");
            assertThat(written.at("/target/tableSuffix").asText()).isEqualTo("-" + prod.apiId() + "-NONE");
            assertThat(written.at("/source/storageBucket").asText()).isEqualTo(dev.storageBucket());
            assertThat(written.at("/target/storageBucket").asText()).isEqualTo(prod.storageBucket());
            assertThat(written.at("/source/userPoolId").asText()).isEqualTo(dev.userPool());
            assertThat(written.at("/target/userPoolId").asText()).isEqualTo(prod.userPool());
            assertThat(InferIT.references(PlanParser.parse(Files.readString(plan)))).isEqualTo(Map.of(
                    "Project", Map.of("owner", "@owner"),
                    "Task", Map.of("projectId", "Project", "owner", "@owner", "assignee", "@sub")));
            assertThat(written.at("/tables/Project/files/coverKey")).isEqualTo(Json.MAPPER.readTree("{\"format\": \"key\","
                    + " \"pattern\": \"public/projects/{projectId}/cover.jpg\", \"projectId\": \"Project\"}"));

            CliRun migrate = CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", plan.toString(), "--confirm", "--no-backup",
                    "--run", "amplifyoutputs-" + dev.apiId());

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            TasksApp.Data expected = project.data(tables);
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
    void anApiAppSyncRefusesToList_isOneLineNamingThePermission_exit2_nothingWritten(@TempDir Path dir) throws Exception {
        Branches branches = branches(dir, "gen2denied");
        TasksApp project = branches.project();
        try (AppTables tables = project.tables(); StorageBuckets buckets = project.buckets(); AppSyncStub appSync = branches.appSync()) {
            Path plan = dir.resolve("plan.json");
            String prodApi = project.prod().apiId();
            appSync.deny("/v1/apis/" + prodApi + "/datasources");

            CliRun dataSources = infer(branches, "--out", plan.toString());

            InferAmplifyProjectIT.assertRefused(dataSources, plan, "error: target " + branches.prodOutputs() + ": AppSync refused"
                    + " ListDataSources of API " + prodApi + " (AccessDenied, HTTP 403, at " + appSync.endpoint() + "): infer"
                    + " needs appsync:ListDataSources");

            appSync.deny("/v1/apis");
            CliRun apis = infer(branches, "--out", plan.toString());

            InferAmplifyProjectIT.assertRefused(apis, plan, "error: source " + branches.devOutputs() + ": AppSync refused"
                    + " ListGraphqlApis (AccessDenied, HTTP 403, at " + appSync.endpoint() + "): infer needs"
                    + " appsync:ListGraphqlApis");
        }
    }

    private static CliRun infer(Branches branches, String... options) {
        List<String> args = new ArrayList<>(List.of("infer", "--from-outputs", branches.devOutputs().toString(), "--to-outputs",
                branches.prodOutputs().toString(), "--appsync-endpoint", branches.appSync().endpoint().toString(),
                "--cognito-endpoint", cognito.endpoint().toString()));
        args.addAll(List.of(options));
        return CliRun.of(CliRun.embeddedStack(), args.toArray(String[]::new));
    }
}
