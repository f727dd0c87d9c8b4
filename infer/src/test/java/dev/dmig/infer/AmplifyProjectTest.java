package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Amplify Gen 1 project's record of its environments as the Amplify CLI writes it: {@code team-provider-info.json}
 * (each environment's root stack) and the {@code amplify-meta.json} of a deployed backend's zip (each resource's outputs),
 * read into the values infer takes, each with where it was found; what they lack, refused in one line.
 */
class AmplifyProjectTest {
    private static final String TEAM_PROVIDER_INFO = """
            {"dev": {"awscloudformation": {"AuthRoleName": "amplify-notes-dev-1234-authRole", "Region": "eu-west-1",
                                           "DeploymentBucketName": "amplify-notes-dev-1234-deployment",
                                           "StackName": "amplify-notes-dev-1234", "AmplifyAppId": "d1x2y3"},
                     "categories": {"auth": {"notes": {}}}},
             "prod": {"awscloudformation": {"Region": "eu-central-1", "DeploymentBucketName": "amplify-notes-prod-5678-deployment",
                                            "StackName": "amplify-notes-prod-5678", "AmplifyAppId": "d1x2y3"}}}
            """;

    /** An amplify-meta.json as the CLI deploys it: providers, auth with its groups, one API, one bucket, a function. */
    static final String META = """
            {"providers": {"awscloudformation": {"Region": "eu-west-1", "DeploymentBucketName": "amplify-notes-dev-1234-deployment"}},
             "auth": {"notes1a2b": {"service": "Cognito", "output": {"UserPoolId": "eu-west-1_AbC123", "AppClientIDWeb": "3k1",
                                                                     "IdentityPoolId": "eu-west-1:0f1e2d3c-aaaa-bbbb-cccc-111122223333"}},
                      "userPoolGroups": {"service": "Cognito-UserPool-Groups", "output": {"adminGroupRole": "arn:aws:iam::1:role/x"}}},
             "api": {"notes": {"service": "AppSync", "output": {"GraphQLAPIIdOutput": "fvn7t5hbobaxjklhrqzdl4ac34",
                                                                "GraphQLAPIEndpointOutput": "https://abc.appsync-api.eu-west-1.amazonaws.com/graphql"}}},
             "storage": {"s3notes": {"service": "S3", "output": {"BucketName": "notes-storage-1234-dev", "Region": "eu-west-1"}}},
             "function": {"notesTrigger": {"service": "Lambda", "output": {"Name": "notesTrigger-dev"}}}}
            """;

    private static Path project(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("amplify/backend/api/notes"));
        Files.writeString(dir.resolve("amplify/team-provider-info.json"), TEAM_PROVIDER_INFO);
        return dir;
    }

    static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void eachEnvironmentIsItsRootStack_asTeamProviderInfoListsIt(@TempDir Path dir) throws IOException {
        AmplifyProject project = AmplifyProject.read(project(dir));

        assertThat(project.names()).containsExactly("dev", "prod");
        assertThat(project.environment("prod", "--to")).isEqualTo(new AmplifyProject.Environment("prod", "eu-central-1",
                "amplify-notes-prod-5678-deployment", "amplify-notes-prod-5678", "d1x2y3"));
        assertThat(project.environment("dev", "--from").field("DeploymentBucketName"))
                .isEqualTo("amplify/team-provider-info.json dev.awscloudformation.DeploymentBucketName");
        assertThat(project.apiFolder("notes")).isEqualTo(dir.resolve("amplify/backend/api/notes"));
    }

    @Test
    void anEnvironmentTheFileDoesNotHave_isOneLineNamingTheOnesItHas(@TempDir Path dir) throws IOException {
        AmplifyProject project = AmplifyProject.read(project(dir));

        assertThatThrownBy(() -> project.environment("staging", "--to")).isInstanceOf(AmplifyProjectException.class)
                .hasMessage("--to staging: amplify/team-provider-info.json has no environment staging (it has dev, prod): name one of"
                        + " them, or run amplify env pull --envName staging in the project first");
        assertThatThrownBy(() -> project.apiFolder("other")).hasMessageContaining("no amplify/backend/api/other/ (the API the"
                + " environments deployed)");
        assertThatThrownBy(() -> AmplifyProject.read(dir.resolve("nowhere"))).hasMessageStartingWith("--amplify "
                + dir.resolve("nowhere") + ": no amplify/team-provider-info.json there");
    }

    @Test
    void anEnvironmentNeverPushed_hasNoDeploymentBucket_andIsSaidSo(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("amplify"));
        Files.writeString(dir.resolve("amplify/team-provider-info.json"), "{\"test\": {\"awscloudformation\": {\"Region\": \"us-east-1\"}}}");

        assertThatThrownBy(() -> AmplifyProject.read(dir).environment("test", "--from"))
                .hasMessage("amplify/team-provider-info.json test.awscloudformation.DeploymentBucketName is missing: the environment was"
                        + " never pushed (amplify push --env test)");
    }

    @Test
    void theDeployedBackend_givesTheApiPoolsAndBucket_eachWithItsField_andTheTablesSuffix() throws IOException {
        DeployedBackend backend = DeployedBackend.read("dev", "s3://b/#current-cloud-backend.zip",
                zip(Map.of("api/notes/schema.graphql", "type Note @model { id: ID! }", "amplify-meta.json", META)));

        assertThat(backend.tableSuffix()).isEqualTo("-fvn7t5hbobaxjklhrqzdl4ac34-dev");
        assertThat(backend.found()).containsExactly(
                new DeployedBackend.Found("notes", "fvn7t5hbobaxjklhrqzdl4ac34", "amplify-meta.json api.notes.output.GraphQLAPIIdOutput"),
                new DeployedBackend.Found("notes1a2b", "eu-west-1_AbC123", "amplify-meta.json auth.notes1a2b.output.UserPoolId"),
                new DeployedBackend.Found("notes1a2b", "eu-west-1:0f1e2d3c-aaaa-bbbb-cccc-111122223333",
                        "amplify-meta.json auth.notes1a2b.output.IdentityPoolId"),
                new DeployedBackend.Found("s3notes", "notes-storage-1234-dev", "amplify-meta.json storage.s3notes.output.BucketName"),
                new DeployedBackend.Found("s3notes", "eu-west-1", "amplify-meta.json storage.s3notes.output.Region"));
    }

    @Test
    void anAppWithoutAuthOrStorage_hasNeither_andOneWithoutAnApi_isRefused() throws IOException {
        DeployedBackend bare = DeployedBackend.read("dev", "z", zip(Map.of("amplify-meta.json",
                "{\"api\": {\"a\": {\"output\": {\"GraphQLAPIIdOutput\": \"abc\"}}}}")));
        assertThat(bare.userPool()).isNull();
        assertThat(bare.storage()).isNull();

        assertThatThrownBy(() -> DeployedBackend.read("prod", "s3://p/#current-cloud-backend.zip", zip(Map.of("amplify-meta.json",
                "{\"auth\": {}}")))).isInstanceOf(AmplifyProjectException.class).hasMessage("s3://p/#current-cloud-backend.zip:"
                + " amplify-meta.json has no API with a GraphQLAPIIdOutput: environment prod deployed no GraphQL API, so it has no"
                + " model tables (amplify push --env prod)");
        assertThatThrownBy(() -> DeployedBackend.read("prod", "z", zip(Map.of("backend-config.json", "{}"))))
                .hasMessage("z: no amplify-meta.json at its root: not what the Amplify CLI deploys; push the environment again (amplify push)");
        assertThatThrownBy(() -> DeployedBackend.read("prod", "z", "not a zip".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("z: not a zip file");
        assertThatThrownBy(() -> DeployedBackend.read("prod", "z", zip(Map.of("amplify-meta.json", "{\"api\": {\"a\": {\"output\":"
                + " {\"GraphQLAPIIdOutput\": \"abc\"}}, \"b\": {\"output\": {\"GraphQLAPIIdOutput\": \"def\"}}}}"))))
                .hasMessageStartingWith("z: 2 resources of api have an output GraphQLAPIIdOutput (a, b)");
    }

    @Test
    void theTablesAnEnvironmentLacks_areTheSchemasModelsWithItsSuffix() throws IOException {
        DeployedBackend backend = DeployedBackend.read("prod", "z", zip(Map.of("amplify-meta.json",
                "{\"api\": {\"a\": {\"output\": {\"GraphQLAPIIdOutput\": \"xyz\"}}}}")));
        AppSchema schema = new AppSchema("schema.graphql", List.of(model("Note"), model("Tag")), List.of());

        assertThat(backend.missingTables(schema, "Note-xyz-prod"::equals)).containsExactly("Tag-xyz-prod");
        assertThat(backend.missingTables(schema, t -> true)).isEmpty();
    }

    @Test
    void aModelRenamedWithMapsTo_keepsItsOldTable_andTheKeysHoldingItsIdsNameThatTable(@TempDir Path dir) throws IOException {
        Path schemaFile = Files.writeString(dir.resolve("schema.graphql"), """
                type Board @model @mapsTo(name: "Project") {
                  id: ID!
                  cards: [Card] @hasMany(indexName: "byBoard", fields: ["id"])
                }
                type Card @model {
                  id: ID!
                  boardId: ID! @index(name: "byBoard")
                  board: Board @belongsTo(fields: ["boardId"])
                }
                """);
        AppSchema schema = AppSchema.read(schemaFile);
        DeployedBackend backend = DeployedBackend.read("dev", "z", zip(Map.of("amplify-meta.json",
                "{\"api\": {\"a\": {\"output\": {\"GraphQLAPIIdOutput\": \"xyz\"}}}}")));

        assertThat(schema.models()).extracting(AppSchema.Model::name).containsExactly("Project", "Card");
        assertThat(schema.model("Project").orElseThrow().where()).contains("@mapsTo(name: \"Project\"): type Board, table Project<suffix>");
        assertThat(schema.model("Card").orElseThrow().foreignKeys()).extracting(AppSchema.ForeignKey::attribute, AppSchema.ForeignKey::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("boardId", "Project"));
        assertThat(backend.missingTables(schema, java.util.Set.of("Project-xyz-dev", "Card-xyz-dev")::contains)).isEmpty();
        assertThat(backend.missingTables(schema, java.util.Set.of("Board-xyz-dev", "Card-xyz-dev")::contains))
                .containsExactly("Project-xyz-dev");
    }

    @Test
    void aGen2BranchsOutputs_giveItsApiUrlRegionPoolsAndBucket_eachWithItsFileAndField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("amplify_outputs.json"), """
                {"version": "1.3",
                 "auth": {"aws_region": "eu-west-1", "user_pool_id": "eu-west-1_AbC123", "user_pool_client_id": "c1",
                          "identity_pool_id": "eu-west-1:0b7e8f7d-0000-4000-8000-000000000001"},
                 "data": {"url": "https://abc.appsync-api.eu-west-1.amazonaws.com/graphql", "aws_region": "eu-west-1",
                          "model_introspection": {"version": 1, "models": {}}},
                 "storage": {"aws_region": "eu-west-1", "buckets": [{"name": "media", "bucket_name": "amplify-media-1", "aws_region": "eu-west-1"}]}}
                """);

        AmplifyOutputs outputs = AmplifyOutputs.read(file, "--from-outputs");

        assertThat(outputs.schema()).isTrue();
        assertThat(outputs.found()).containsExactly(
                new DeployedBackend.Found("data", "https://abc.appsync-api.eu-west-1.amazonaws.com/graphql", file + " data.url"),
                new DeployedBackend.Found("data", "eu-west-1", file + " data.aws_region"),
                new DeployedBackend.Found("auth", "eu-west-1_AbC123", file + " auth.user_pool_id"),
                new DeployedBackend.Found("auth", "eu-west-1:0b7e8f7d-0000-4000-8000-000000000001", file + " auth.identity_pool_id"),
                new DeployedBackend.Found("storage", "amplify-media-1", file + " storage.buckets[0].bucket_name"),
                new DeployedBackend.Found("storage", "eu-west-1", file + " storage.aws_region"));
    }

    @Test
    void outputsWithoutADataApi_orWithSeveralBucketsAndNoDefault_areOneLineEach(@TempDir Path dir) throws IOException {
        Path noData = Files.writeString(dir.resolve("a.json"), "{\"auth\": {\"user_pool_id\": \"p\"}}");
        Path buckets = Files.writeString(dir.resolve("b.json"), "{\"data\": {\"url\": \"https://x/graphql\", \"aws_region\": \"us-east-1\"},"
                + " \"storage\": {\"buckets\": [{\"bucket_name\": \"one\"}, {\"bucket_name\": \"two\"}]}}");

        assertThatThrownBy(() -> AmplifyOutputs.read(noData, "--from-outputs")).isInstanceOf(AmplifyProjectException.class)
                .hasMessage("--from-outputs " + noData + ": no data.url: the branch deployed no data API, so it has no model tables"
                        + " (deploy it, then npx ampx generate outputs again)");
        assertThatThrownBy(() -> AmplifyOutputs.read(buckets, "--to-outputs")).hasMessageStartingWith("--to-outputs " + buckets
                + ": storage.buckets lists 2 buckets and storage.bucket_name names no default");
        assertThatThrownBy(() -> AmplifyOutputs.read(dir.resolve("none.json"), "--to-outputs")).hasMessageStartingWith("--to-outputs "
                + dir.resolve("none.json") + ": no such file");
    }

    @Test
    void aGen2ApisTables_areItsDataSources_whoseSuffixFollowsEachModelsName() {
        AppSchema schema = new AppSchema("amplify_outputs.json", List.of(model("Note"), model("Tag")), List.of());
        AppSyncTables api = new AppSyncTables("source a.json", "abc", "amplifyData",
                Map.of("NoteTable", "Note-abc-NONE", "TagTable", "Tag-abc-NONE", "OtherTable", "Other-abc-NONE"));
        // A Gen 1 app migrated to Gen 2 keeps its Gen 1 tables, which its data sources name.
        AppSyncTables migrated = new AppSyncTables("source a.json", "abc", "amplifyData",
                Map.of("NoteTable", "Note-old1-prod", "TagTable", "Tag-old1-prod"));

        assertThat(api.tableSuffix(schema)).isEqualTo("-abc-NONE");
        assertThat(migrated.tableSuffix(schema)).isEqualTo("-old1-prod");
        assertThatThrownBy(() -> new AppSyncTables("target b.json", "def", "amplifyData", Map.of("NoteTable", "Note-def-NONE"))
                .tableSuffix(schema)).isInstanceOf(AmplifyProjectException.class).hasMessage("target b.json: the API def has no DynamoDB"
                + " data source for model Tag (ListDataSources: TagTable), which amplify_outputs.json declares: the branch deployed"
                + " another schema; deploy this one to it, or give the schema it has (--amplify)");
        assertThatThrownBy(() -> new AppSyncTables("a", "abc", "d", Map.of("NoteTable", "Note-abc-NONE", "TagTable", "Tag-old1-prod"))
                .tableSuffix(schema)).hasMessageStartingWith("a: model Note's table is Note-abc-NONE and model Tag's is Tag-old1-prod");
        assertThatThrownBy(() -> new AppSyncTables("a", "abc", "d", Map.of("NoteTable", "Notes", "TagTable", "Tag-abc-NONE"))
                .tableSuffix(schema)).hasMessageStartingWith("a: model Note's table is Notes (ListDataSources, NoteTable), not Note-<apiId>-<env>");
    }

    private static AppSchema.Model model(String name) {
        return new AppSchema.Model(name, "schema.graphql", "id", null, List.of(), List.of(), List.of(), AppSchema.Sync.UNKNOWN_CONFIG,
                Map.of());
    }
}
