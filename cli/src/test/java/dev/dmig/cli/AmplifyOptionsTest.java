package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code dmig infer --amplify} finds of environments whose deployed {@code amplify-meta.json} names an API and no
 * auth or Storage (the README's tour is such a project): the tables, and no pool or bucket, each value printed with
 * where it was found. The zips are read from memory here; {@link InferAmplifyProjectIT} reads them from S3.
 */
class AmplifyOptionsTest {
    @TempDir
    Path dir;

    @Test
    void environmentsWithAnApiAlone_giveTheirTablesAndNoPoolOrBucket_eachValueSaidWhere() throws IOException {
        AmplifyGen1Project project = new AmplifyGen1Project(dir.resolve("app"), "notes");
        Files.writeString(project.apiFolder().resolve("schema.graphql"), "type Note @model { id: ID! title: String }\n");
        AmplifyGen1Project.Environment dev = environment("dev", "abc");
        AmplifyGen1Project.Environment prod = environment("prod", "xyz");
        project.list(dev, prod);
        AmplifyOptions options = new AmplifyOptions();
        options.project = project.folder;
        options.from = "dev";
        options.to = "prod";
        StringWriter printed = new StringWriter();

        AmplifyOptions.Discovered found = AmplifyOptions.discover(options.environments(Map.of()),
                (environment, source) -> zip(project, source ? dev : prod), new PrintWriter(printed, true));

        assertThat(found.source().tableSuffix()).isEqualTo("-abc-dev");
        assertThat(found.target().tableSuffix()).isEqualTo("-xyz-prod");
        assertThat(found.source().userPool()).isNull();
        assertThat(found.target().storage()).isNull();
        assertThat(printed.toString().lines()).containsExactly(
                "amplify project " + project.folder + ": environments dev (source) and prod (target), from amplify/team-provider-info.json",
                "  dev: region eu-west-1 (amplify/team-provider-info.json dev.awscloudformation.Region), deployment bucket"
                        + " amplify-notes-dev-1-deployment (…dev.awscloudformation.DeploymentBucketName)",
                "  dev: read s3://amplify-notes-dev-1-deployment/#current-cloud-backend.zip (not amplify/backend/amplify-meta.json:"
                        + " both environments from their deployment)",
                "  dev: API notes, ID abc (amplify-meta.json api.notes.output.GraphQLAPIIdOutput): tables <Model>-abc-dev",
                "  prod: region eu-west-1 (amplify/team-provider-info.json prod.awscloudformation.Region), deployment bucket"
                        + " amplify-notes-prod-1-deployment (…prod.awscloudformation.DeploymentBucketName)",
                "  prod: read s3://amplify-notes-prod-1-deployment/#current-cloud-backend.zip (not amplify/backend/amplify-meta.json:"
                        + " both environments from their deployment)",
                "  prod: API notes, ID xyz (amplify-meta.json api.notes.output.GraphQLAPIIdOutput): tables <Model>-xyz-prod",
                "  schema: amplify/backend/api/notes/ (the API dev deployed, notes): 1 models");
    }

    private static AmplifyGen1Project.Environment environment(String name, String apiId) {
        return new AmplifyGen1Project.Environment(name, "eu-west-1", apiId, "amplify-notes-" + name + "-1-deployment", null, null, null);
    }

    private static byte[] zip(AmplifyGen1Project project, AmplifyGen1Project.Environment environment) {
        try {
            return project.currentCloudBackend(environment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
