package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmig infer --amplify DIR --from ENV --to ENV} refuses what cannot go together, and an environment the project
 * does not list, before anything is read from AWS: one line, exit code 2, nothing written. The DynamoDB and S3 endpoints
 * named here have nothing listening, and are never reached.
 */
class InferAmplifyOptionTest {
    /** A loopback port nothing listens on: reaching it would fail otherwise. */
    private static final String NOWHERE = "http://127.0.0.1:9";

    @TempDir
    Path dir;

    private Path project() throws IOException {
        Files.createDirectories(dir.resolve("app/amplify"));
        Files.writeString(dir.resolve("app/amplify/team-provider-info.json"), """
                {"dev": {"awscloudformation": {"Region": "eu-west-1", "DeploymentBucketName": "amplify-app-dev-1-deployment"}},
                 "prod": {"awscloudformation": {"Region": "eu-west-1", "DeploymentBucketName": "amplify-app-prod-2-deployment"}}}
                """);
        return dir.resolve("app");
    }

    private CliRun infer(String... args) {
        List<String> line = new ArrayList<>(List.of("infer"));
        line.addAll(List.of(args));
        line.addAll(List.of("--out", dir.resolve("plan.json").toString(), "--dynamodb-endpoint", NOWHERE, "--s3-endpoint", NOWHERE));
        return CliRun.execute(line, null);
    }

    private void refused(CliRun run, String line) {
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).isEqualTo("error: " + line + "\n");
        assertThat(run.out()).isEmpty();
        assertThat(dir.resolve("plan.json")).doesNotExist();
    }

    @Test
    void anEnvironmentTheProjectDoesNotList_isNamedWithTheOnesItHas() throws IOException {
        Path app = project();

        refused(infer("--amplify", app.toString(), "--from", "dev", "--to", "staging"), "--to staging:"
                + " amplify/team-provider-info.json has no environment staging (it has dev, prod): name one of them, or run amplify"
                + " env pull --envName staging in the project first");
        refused(infer("--amplify", dir.toString(), "--from", "dev", "--to", "prod"), "--amplify " + dir + ": no"
                + " amplify/team-provider-info.json there: give the folder of an Amplify Gen 1 project (the one holding amplify/),"
                + " with its environments pulled or initialized");
    }

    @Test
    void theOptionsAmplifyStandsIn_orItsEnvironmentsAlone_areRefused() throws IOException {
        Path app = project();

        refused(infer("--amplify", app.toString(), "--from", "dev", "--to", "prod", "--source-user-pool-id", "eu-west-1_x"),
                "--source-user-pool-id goes without --amplify: infer finds it in the project's environments; drop"
                        + " --source-user-pool-id, or infer without --amplify");
        refused(infer("--amplify", app.toString(), "--from", "dev"), "--amplify needs --from and --to: the environments to migrate"
                + " from and to (e.g. --from dev --to prod)");
        refused(infer("--amplify", app.toString(), "--from", "dev", "--to", "dev"), "--from and --to name the same environment dev:"
                + " migrate to another one");
        refused(infer("--from", "dev", "--to", "prod", "--source-suffix", "-dev"), "--from goes with --amplify: add the Amplify"
                + " project folder whose environments it names");
        refused(infer(), "--source-suffix is required: the environment to read (or --amplify DIR --from ENV --to ENV, which finds it)");
    }

    @Test
    void gen2OutputsAlone_withGen1Environments_withTheOptionsTheyStandIn_orWithoutASchema_areRefused() throws IOException {
        Path dev = Files.writeString(dir.resolve("dev.json"), "{\"data\": {\"url\": \"https://a/graphql\", \"aws_region\": \"eu-west-1\"}}");
        Path prod = Files.writeString(dir.resolve("prod.json"), "{\"data\": {\"url\": \"https://b/graphql\", \"aws_region\": \"eu-west-1\"}}");

        refused(infer("--from-outputs", dev.toString()), "--from-outputs goes with --to-outputs: give both branches' amplify_outputs.json");
        refused(infer("--from-outputs", dev.toString(), "--to-outputs", prod.toString(), "--from", "dev"), "--from names a Gen 1"
                + " environment: with --from-outputs and --to-outputs, drop it");
        refused(infer("--from-outputs", dev.toString(), "--to-outputs", dev.toString()), "--from-outputs and --to-outputs name the"
                + " same file " + dev + ": give the outputs of the branch to migrate to");
        refused(infer("--from-outputs", dev.toString(), "--to-outputs", prod.toString(), "--target-suffix", "-x-NONE"),
                "--target-suffix goes without --from-outputs: infer finds it in the outputs files; drop --target-suffix, or infer"
                        + " without --from-outputs");
        refused(infer("--from-outputs", dev.toString(), "--to-outputs", prod.toString()), "--from-outputs " + dev + " has no"
                + " data.model_introspection: add --amplify DIR, the folder of the app's schema");
        refused(infer("--source-suffix", "-dev", "--appsync-endpoint", NOWHERE), "--appsync-endpoint goes with --from-outputs: it is"
                + " where their APIs are listed");
    }
}
