package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.DenyingS3Front;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import dev.dmig.plan.PlanParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code dmig infer --amplify DIR --from dev --to prod} on an Amplify Gen 1 project folder of the test's own: its
 * {@code amplify/team-provider-info.json} names two environments, each with its deployment bucket on the S3 server the
 * tests start, holding the {@code #current-cloud-backend.zip} whose {@code amplify-meta.json} gives the environment's API
 * ID, user pool (cognito-local) and Storage bucket; the tables are {@code <Model>-<apiId>-<env>} in DynamoDB Local. Infer
 * finds every one of them by itself, says where, and the plan it writes migrates, unedited, every item and object to
 * what the test computes on its own (the spec's ID function, the pools' users as the test made them). A project that
 * lacks an environment, a deployment bucket that cannot be read and a table the schema declares that one environment
 * lacks are each one line, exit 2, nothing written.
 */
class InferAmplifyProjectIT {
    static final String API = "tasks";
    private static final int PROJECTS = 6;
    private static final int TASKS = 18;
    private static CognitoLocal cognito;

    @BeforeAll
    static void start() {
        SharedStack.credentialsForTheCli();
        cognito = CognitoLocal.shared();
    }

    /** A user in both pools: development's signs in by username, production's by email (its username is the user's sub). */
    record User(String devSub, String devUsername, String prodSub, String prodUsername) {}

    /** One environment as deployed: its API's ID, its deployment bucket, its user pool and Storage bucket. */
    record Env(String name, String apiId, String deploymentBucket, String userPool, String storageBucket) {}

    /** The project: its folder, both environments, their users, tables and buckets. */
    record Project(Path folder, Env dev, Env prod, List<User> users, AppTables tables, StorageBuckets buckets) {}

    private static Project project(Path folder, String name) throws IOException {
        String tag = AppTables.tag(name).toLowerCase(Locale.ROOT);
        String devPool = cognito.createPool(tag + "-dev", false);
        String prodPool = cognito.createPool(tag + "-prod", true);
        List<User> users = new ArrayList<>();
        for (String username : List.of("alice", "bob", "erin")) {
            String email = username + "@example.com";
            String[] dev = cognito.createUser(devPool, username, Map.of("email", email));
            String[] prod = cognito.createUser(prodPool, email, Map.of("email", email));
            users.add(new User(dev[1], dev[0], prod[1], prod[0]));
        }
        StorageBuckets buckets = new StorageBuckets(tag, false);
        Env dev = new Env("dev", tag + "devapi", "amplify-" + tag + "-dev-deployment", devPool, buckets.dev);
        Env prod = new Env("prod", tag + "prodapi", "amplify-" + tag + "-prod-deployment", prodPool, buckets.prod);
        AppTables tables = new AppTables(dev.apiId() + "-dev", prod.apiId() + "-prod").table("Project", "id", null)
                .table("Task", "id", null, new AppTables.Index("byProject", "projectId", null));
        Files.createDirectories(folder.resolve("amplify/backend/api/" + API));
        Files.copy(schema(), folder.resolve("amplify/backend/api/" + API + "/schema.graphql"));
        Files.writeString(folder.resolve("amplify/team-provider-info.json"), teamProviderInfo(dev, prod));
        for (Env env : List.of(dev, prod)) {
            buckets.s3.createBucket(b -> b.bucket(env.deploymentBucket()));
            buckets.s3.putObject(b -> b.bucket(env.deploymentBucket()).key("#current-cloud-backend.zip"),
                    RequestBody.fromBytes(currentCloudBackend(env)));
        }
        Project project = new Project(folder, dev, prod, List.copyOf(users), tables, buckets);
        Data data = data(project, null);
        data.items().forEach((model, items) -> tables.load(tables.source(model), items));
        data.objects().forEach((key, text) -> buckets.put(buckets.dev, key, text.getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of()));
        return project;
    }

    private static Path schema() {
        try {
            return Path.of(InferAmplifyProjectIT.class.getResource("/gen1-project/schema.graphql").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** team-provider-info.json as the Amplify CLI writes it, one root stack per environment. */
    private static String teamProviderInfo(Env... envs) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        for (Env env : envs) {
            String stack = env.deploymentBucket().replace("-deployment", "");
            ObjectNode cloud = root.putObject(env.name()).putObject("awscloudformation");
            cloud.put("AuthRoleName", stack + "-authRole").put("UnauthRoleName", stack + "-unauthRole")
                    .put("Region", SharedStack.stack().region().id()).put("DeploymentBucketName", env.deploymentBucket())
                    .put("StackName", stack).put("StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/" + stack + "/1")
                    .put("AmplifyAppId", "d1amplifyapp");
            root.with(env.name()).putObject("categories").putObject("auth").putObject(API + "auth");
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /** The deployed backend folder, zipped: amplify-meta.json at its root (auth with its groups, the API, Storage), the API's schema. */
    private static byte[] currentCloudBackend(Env env) throws IOException {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.putObject("providers").putObject("awscloudformation").put("DeploymentBucketName", env.deploymentBucket());
        ObjectNode auth = meta.putObject("auth");
        auth.putObject(API + "auth").put("service", "Cognito").putObject("output").put("UserPoolId", env.userPool())
                .put("AppClientIDWeb", "client" + env.name()).put("IdentityPoolId", "us-east-1:" + uuid("identity-pool-" + env.name()));
        auth.putObject("userPoolGroups").put("service", "Cognito-UserPool-Groups").putObject("output")
                .put("adminsGroupRole", "arn:aws:iam::123456789012:role/admins");
        meta.putObject("api").putObject(API).put("service", "AppSync").putObject("output").put("GraphQLAPIIdOutput", env.apiId())
                .put("GraphQLAPIEndpointOutput", "https://" + env.name() + "host.appsync-api.us-east-1.amazonaws.com/graphql");
        meta.putObject("storage").putObject("covers").put("service", "S3").putObject("output").put("BucketName", env.storageBucket())
                .put("Region", SharedStack.stack().region().id());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("amplify-meta.json"));
            zip.write(Json.MAPPER.writeValueAsBytes(meta));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("api/" + API + "/schema.graphql"));
            zip.write(Files.readAllBytes(schema()));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** One side's items, model by model, and Storage objects (key → text). */
    record Data(Map<String, List<Map<String, AttributeValue>>> items, Map<String, String> objects) {}

    /**
     * The app's records and covers as development holds them ({@code prod} null), or as a run must write them to production
     * ({@code prod}: the tables, whose namespace the spec's ID function takes): new IDs, each owner and assignee the same
     * person's production identity, each cover at its project's new ID.
     */
    static Data data(Project project, AppTables prod) {
        Data data = new Data(new TreeMap<>(), new TreeMap<>());
        List<Map<String, AttributeValue>> projects = data.items().computeIfAbsent("Project", m -> new ArrayList<>());
        for (int i = 0; i < PROJECTS; i++) {
            String id = id(prod, "Project", uuid("project-" + project.dev().apiId() + "-" + i));
            String cover = "public/projects/" + id + "/cover.jpg";
            projects.add(record("Project", id, i, "name", s("Project " + i), "owner", s(owner(project, i, prod != null)),
                    "coverKey", s(cover)));
            data.objects().put(cover, "cover of project " + i);
        }
        List<Map<String, AttributeValue>> tasks = data.items().computeIfAbsent("Task", m -> new ArrayList<>());
        for (int i = 0; i < TASKS; i++) {
            User assignee = project.users().get((i + 1) % project.users().size());
            tasks.add(record("Task", id(prod, "Task", uuid("task-" + project.dev().apiId() + "-" + i)), i,
                    "projectId", s(id(prod, "Project", uuid("project-" + project.dev().apiId() + "-" + i % PROJECTS))),
                    "title", s("task " + i), "owner", s(owner(project, i, prod != null)),
                    "assignee", s(prod == null ? assignee.devSub() : assignee.prodSub())));
        }
        return data;
    }

    private static String id(AppTables prod, String model, String devId) {
        return prod == null ? devId : prod.newId(model, devId);
    }

    private static String owner(Project project, int i, boolean prod) {
        User user = project.users().get(i % project.users().size());
        return prod ? user.prodSub() + "::" + user.prodUsername() : user.devSub() + "::" + user.devUsername();
    }

    private static Map<String, AttributeValue> record(String model, String id, int i, Object... attributes) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", s(id));
        item.put("__typename", s(model));
        String at = "2024-05-%02dT10:%02d:00.000Z".formatted(1 + i % 28, i % 60);
        item.put("createdAt", s(at));
        item.put("updatedAt", s(at));
        for (int a = 0; a < attributes.length; a += 2) {
            item.put((String) attributes[a], (AttributeValue) attributes[a + 1]);
        }
        return item;
    }

    static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void fromTheProjectAlone_inferFindsBothEnvironments_saysWhere_andARunOfItsPlanWritesExactlyWhatTheTestComputes(@TempDir Path dir)
            throws Exception {
        Project project = project(Files.createDirectories(dir.resolve("app")), "gen1app");
        try (AppTables tables = project.tables(); StorageBuckets buckets = project.buckets()) {
            Map<String, String> devBefore = tables.digests(tables.devSuffix);
            Map<String, StorageBuckets.Stored> devObjects = buckets.objects(buckets.dev);
            Path plan = dir.resolve("plan.json");

            CliRun inferred = infer(project, "--out", plan.toString());

            assertThat(inferred.code()).as(inferred.out() + inferred.err()).isZero();
            Env dev = project.dev();
            Env prod = project.prod();
            assertThat(inferred.err()).contains(
                    "amplify project " + project.folder() + ": environments dev (source) and prod (target), from"
                            + " amplify/team-provider-info.json",
                    "  prod: region " + SharedStack.stack().region().id() + " (amplify/team-provider-info.json"
                            + " prod.awscloudformation.Region), deployment bucket " + prod.deploymentBucket(),
                    "  dev: read s3://" + dev.deploymentBucket() + "/#current-cloud-backend.zip (not amplify/backend/amplify-meta.json",
                    "  dev: API " + API + ", ID " + dev.apiId() + " (amplify-meta.json api." + API + ".output.GraphQLAPIIdOutput): tables"
                            + " <Model>-" + dev.apiId() + "-dev",
                    "  prod: user pool " + prod.userPool() + " (amplify-meta.json auth." + API + "auth.output.UserPoolId)",
                    "  prod: Storage bucket " + prod.storageBucket() + " (amplify-meta.json storage.covers.output.BucketName)",
                    "  dev: identity pool us-east-1:" + uuid("identity-pool-dev") + " (amplify-meta.json auth." + API + "auth.output"
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
            Data expected = data(project, tables);
            for (String model : expected.items().keySet()) {
                assertThat(tables.byKey(model, tables.scan(tables.target(model)))).as(model)
                        .isEqualTo(tables.byKey(model, expected.items().get(model)));
            }
            Map<String, StorageBuckets.Stored> objects = new TreeMap<>();
            expected.objects().forEach((key, text) -> objects.put(key, stored(text)));
            assertThat(buckets.objects(buckets.prod)).isEqualTo(objects);
            assertThat(tables.digests(tables.devSuffix)).isEqualTo(devBefore);
            assertThat(buckets.objects(buckets.dev)).isEqualTo(devObjects);
        }
    }

    @Test
    void aMissingEnvironment_anUnreadableDeploymentBucket_andAMissingTable_areOneLineEach_exit2_nothingWritten(@TempDir Path dir)
            throws Exception {
        Project project = project(Files.createDirectories(dir.resolve("app")), "gen1bad");
        try (AppTables tables = project.tables(); StorageBuckets buckets = project.buckets()) {
            Path plan = dir.resolve("plan.json");

            CliRun staging = CliRun.of(CliRun.embeddedStack(), "infer", "--amplify", project.folder().toString(), "--from", "dev",
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

            buckets.s3.createBucket(b -> b.bucket(gone));
            buckets.s3.putObject(b -> b.bucket(gone).key("#current-cloud-backend.zip"), RequestBody.fromBytes(currentCloudBackend(
                    project.prod())));
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
        try (AppTables tables = project.tables(); StorageBuckets buckets = project.buckets();
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

    static StorageBuckets.Stored stored(String text) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b);
        }
        return new StorageBuckets.Stored(bytes, "image/jpeg", Map.of());
    }

    private static CliRun infer(Project project, String... options) {
        List<String> args = new ArrayList<>(List.of("infer", "--amplify", project.folder().toString(), "--from", "dev", "--to", "prod",
                "--cognito-endpoint", cognito.endpoint().toString()));
        args.addAll(List.of(options));
        return CliRun.of(CliRun.embeddedStack(), args.toArray(String[]::new));
    }
}
