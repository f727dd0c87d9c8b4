package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An Amplify Gen 1 project folder of a test's own, as the Amplify CLI leaves it after {@code amplify push} in each
 * environment: {@code amplify/team-provider-info.json} naming each environment's root stack (its region and deployment
 * bucket), the API's folder {@code amplify/backend/api/<api>/} (the test writes its schema there), and, in each
 * environment's deployment bucket on the S3 server the test names, the {@code #current-cloud-backend.zip} whose
 * {@code amplify-meta.json} holds that environment's outputs: the API's ID, and the user pool, identity pool and Storage
 * bucket when the environment has them. What {@code dmig infer --amplify} reads, for {@link InferAmplifyProjectIT} and
 * the README's tour ({@link ReadmeTourIT}), and, read from memory, {@link AmplifyOptionsTest}.
 */
final class AmplifyGen1Project {
    private static final String ZIP = "#current-cloud-backend.zip";

    /**
     * One environment as deployed, as its outputs name it.
     *
     * @param userPool      its user pool's ID, null for an app without auth (then its identity pool is null too)
     * @param identityPool  its identity pool's ID, null when none
     * @param storageBucket its Storage bucket, null for an app without Storage
     */
    record Environment(String name, String region, String apiId, String deploymentBucket, String userPool, String identityPool,
                       String storageBucket) {}

    final Path folder;
    final String api;

    /** The project in {@code folder}, whose one GraphQL API is named {@code api}. */
    AmplifyGen1Project(Path folder, String api) throws IOException {
        this.folder = folder;
        this.api = api;
        Files.createDirectories(apiFolder());
    }

    /** {@code amplify/backend/api/<api>/}: where the test writes the API's schema, before {@link #write}. */
    Path apiFolder() {
        return folder.resolve("amplify/backend/api/" + api);
    }

    /** The auth resource's name in {@code amplify-meta.json}: its outputs are at {@code auth.<name>.output}. */
    String auth() {
        return api + "auth";
    }

    /** The Storage resource's name in {@code amplify-meta.json}: its outputs are at {@code storage.<name>.output}. */
    String storage() {
        return api + "files";
    }

    /** Writes {@code team-provider-info.json} listing the environments, and deploys each one ({@link #deploy}). */
    AmplifyGen1Project write(S3Client s3, Environment... environments) throws IOException {
        list(environments);
        for (Environment environment : environments) {
            deploy(s3, environment);
        }
        return this;
    }

    /** Writes {@code team-provider-info.json} listing the environments, as {@code amplify env add} does. */
    void list(Environment... environments) throws IOException {
        Files.writeString(folder.resolve("amplify/team-provider-info.json"), teamProviderInfo(environments));
    }

    /** Creates the environment's deployment bucket and puts its {@code #current-cloud-backend.zip} there. */
    void deploy(S3Client s3, Environment environment) throws IOException {
        s3.createBucket(b -> b.bucket(environment.deploymentBucket()));
        s3.putObject(b -> b.bucket(environment.deploymentBucket()).key(ZIP), RequestBody.fromBytes(currentCloudBackend(environment)));
    }

    /** team-provider-info.json as the Amplify CLI writes it, one root stack per environment. */
    private String teamProviderInfo(Environment... environments) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        for (Environment environment : environments) {
            String stack = environment.deploymentBucket().replace("-deployment", "");
            ObjectNode node = root.putObject(environment.name());
            ObjectNode cloud = node.putObject("awscloudformation");
            cloud.put("AuthRoleName", stack + "-authRole").put("UnauthRoleName", stack + "-unauthRole")
                    .put("Region", environment.region()).put("DeploymentBucketName", environment.deploymentBucket())
                    .put("StackName", stack).put("StackId", "arn:aws:cloudformation:" + environment.region() + ":123456789012:stack/"
                            + stack + "/1")
                    .put("AmplifyAppId", "d1amplifyapp");
            ObjectNode categories = node.putObject("categories");
            if (environment.userPool() != null) {
                categories.putObject("auth").putObject(auth());
            }
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /**
     * The deployed backend folder, zipped: {@code amplify-meta.json} at its root (the API; auth with its groups and
     * Storage when the environment has them), and the API's folder as the project holds it.
     */
    byte[] currentCloudBackend(Environment environment) throws IOException {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.putObject("providers").putObject("awscloudformation").put("DeploymentBucketName", environment.deploymentBucket());
        if (environment.userPool() != null) {
            ObjectNode auth = meta.putObject("auth");
            ObjectNode output = auth.putObject(auth()).put("service", "Cognito").putObject("output")
                    .put("UserPoolId", environment.userPool()).put("AppClientIDWeb", "client" + environment.name());
            if (environment.identityPool() != null) {
                output.put("IdentityPoolId", environment.identityPool());
            }
            auth.putObject("userPoolGroups").put("service", "Cognito-UserPool-Groups").putObject("output")
                    .put("adminsGroupRole", "arn:aws:iam::123456789012:role/admins");
        }
        meta.putObject("api").putObject(api).put("service", "AppSync").putObject("output")
                .put("GraphQLAPIIdOutput", environment.apiId())
                .put("GraphQLAPIEndpointOutput", "https://" + environment.name() + "host.appsync-api." + environment.region()
                        + ".amazonaws.com/graphql");
        if (environment.storageBucket() != null) {
            meta.putObject("storage").putObject(storage()).put("service", "S3").putObject("output")
                    .put("BucketName", environment.storageBucket()).put("Region", environment.region());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("amplify-meta.json"));
            zip.write(Json.MAPPER.writeValueAsBytes(meta));
            zip.closeEntry();
            for (Path file : apiFiles()) {
                zip.putNextEntry(new ZipEntry("api/" + api + "/" + apiFolder().relativize(file).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private List<Path> apiFiles() throws IOException {
        try (Stream<Path> files = Files.walk(apiFolder())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
