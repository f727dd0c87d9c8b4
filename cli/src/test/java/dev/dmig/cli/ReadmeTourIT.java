package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StockS3Proxy;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SamplePlan;
import dev.dmig.sample.SampleEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The README's tour, "A migration, line by line", read from README.md itself and run line by line with bash, as a
 * newcomer runs it: in a fresh checkout (the launcher and the built jar, nothing else), through {@code ./dmig install}
 * and the {@code dmig} it puts on the PATH, against a DynamoDB Local the test starts that holds the tour's
 * {@code -abc-dev} and {@code -xyz-prod} tables, and a stock S3Proxy of its own that accepts the tour's keys and holds
 * the two environments' deployment buckets; the app's Amplify Gen 1 project in the home ({@link AmplifyGen1Project}:
 * {@code dev} and {@code prod}, API IDs {@code abc} and {@code xyz}, the sample's schema, no user pool or Storage), which
 * the tour's first command reads. The only changes to the text are the documented placeholders: the DynamoDB Local's URL
 * for {@code http://localhost:8000}, the S3 server's for {@code http://localhost:9000}, and the run ID that
 * {@code migrate} printed for {@code <run ID>}. A README that drifts from what dmig does fails here.
 */
class ReadmeTourIT {
    private static final String TOUR = "## A migration, line by line";
    private static final String ENDPOINT = "http://localhost:8000";
    private static final String S3_ENDPOINT = "http://localhost:9000";
    /** The keys the tour exports, which the S3 server the user runs was started with. */
    private static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("local", "local");
    private static final String REGION = "us-east-1";
    private static final Pattern RUN = Pattern.compile("^SUCCEEDED  run (\\S+) \\(full\\)", Pattern.MULTILINE);
    /** The command a dry run on the embedded store prints to show its analysis (no S3 tool reaches that store). */
    private static final Pattern SHOWS_ANALYSIS = Pattern.compile("; (cat \\S+) shows it$", Pattern.MULTILINE);
    /** What a rollback of the full run says of the test run's items it leaves, and the command that undoes them. */
    private static final Pattern TEST_LEFT = Pattern.compile("^left in \\*-xyz-prod: the items test run \\S+ wrote \\(this "
            + "rollback undoes run \\S+ only\\); (dmig rollback --run \\S+(?: --confirm)?) undoes them$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void theTour_runsAsWritten_fromTheAmplifyProject_againstYourOwnDynamoDbLocalAndS3Server() throws Exception {
        List<String> tour = tour(Files.readString(readme(), StandardCharsets.UTF_8));
        assertThat(tour).as("the tour's commands").hasSizeGreaterThanOrEqualTo(10)
                .anyMatch(line -> line.startsWith("./dmig install")).anyMatch(line -> line.contains(ENDPOINT));
        assertThat(tour.stream().filter(line -> line.startsWith("dmig ")).findFirst()).as("the tour starts from the project")
                .hasValueSatisfying(line -> assertThat(line).startsWith("dmig infer --amplify ~/app --from dev --to prod ")
                        .contains(S3_ENDPOINT));
        Path checkout = checkout();
        // The user's identity map, where the tour says they wrote it: the sample's users, dev sub to prod sub.
        Files.write(Files.createDirectories(dir.resolve("home")).resolve("identities.csv"), SamplePlan.identities());
        DynamoDbClient dynamoDb = SharedStack.dynamoDb();
        SampleEnvironment.Created tables = new SampleEnvironment(dynamoDb).create(SampleData.standard(), "-abc-dev", "-xyz-prod", true);
        try (StockS3Proxy s3 = StockS3Proxy.start(Files.createDirectories(dir.resolve("s3")), KEYS); S3Client client = s3.client()) {
            AmplifyGen1Project project = project(client);
            runTour(tour, checkout, dynamoDb, tables, s3.endpoint.toString(), project);
        }
    }

    /**
     * The app's Amplify project, where the tour says it is: the sample's schema, which declares its 30 API models, and two
     * environments whose API IDs make the tour's tables; each deployed to its bucket on {@code s3}.
     */
    private AmplifyGen1Project project(S3Client s3) throws IOException {
        AmplifyGen1Project project = new AmplifyGen1Project(dir.resolve("home/app"), "realtechee");
        SamplePlan.writeApi(project.apiFolder());
        return project.write(s3, environment("dev", "abc"), environment("prod", "xyz"));
    }

    private static AmplifyGen1Project.Environment environment(String name, String apiId) {
        return new AmplifyGen1Project.Environment(name, REGION, apiId, "amplify-realtechee-" + name + "-20240501-deployment", null, null,
                null);
    }

    /** Runs the tour's lines one by one, checking what each printed and did. */
    private void runTour(List<String> tour, Path checkout, DynamoDbClient dynamoDb, SampleEnvironment.Created tables, String s3,
                         AmplifyGen1Project project) throws Exception {
        List<String> exports = new ArrayList<>();
        String runId = null;
        Map<String, Integer> afterTest = Map.of();
        String undoTest = null;
        for (String written : tour) {
            String line = written.replace(ENDPOINT, SharedStack.stack().dynamoDbEndpoint().toString()).replace(S3_ENDPOINT, s3);
            if (line.contains("<run ID>")) {
                assertThat(runId).as("a run ID printed before: %s", written).isNotNull();
                line = line.replace("<run ID>", runId);
            }
            if (line.startsWith("export ")) {
                exports.add(line);
                continue;
            }
            Result result = bash(checkout, String.join("; ", exports) + (exports.isEmpty() ? "" : "; ") + line);
            assertThat(result.code()).as("%s\n%s", written, result.output()).isZero();
            Matcher run = RUN.matcher(result.output());
            if (run.find()) {
                runId = run.group(1);
            }
            if (written.startsWith("dmig infer")) {
                assertInferred(result.output(), project, checkout.resolve("plan.json"));
            }
            if (written.startsWith("dmig analyze")) {
                Matcher shows = SHOWS_ANALYSIS.matcher(result.output());
                assertThat(shows.find()).as("the dry run says how to see its analysis: %s", result.output()).isTrue();
                Result shown = bash(checkout, shows.group(1));
                assertThat(shown.code()).as(shows.group(1)).isZero();
                assertThat(shown.output()).contains("\"mode\":\"dry-run\"");
            }
            if (written.startsWith("dmig rollback")) {
                Matcher left = TEST_LEFT.matcher(result.output());
                assertThat(left.find()).as("the rollback names the test run's items it leaves: %s", result.output()).isTrue();
                undoTest = left.group(1);
            }
            if (written.startsWith("dmig test")) {
                afterTest = counts(dynamoDb, tables.prodTables());
                assertThat(afterTest.values().stream().mapToInt(Integer::intValue).sum()).as("the test run wrote").isPositive();
            }
            if (written.startsWith("dmig status")) {
                assertThat(result.output()).as("where the run ran").contains(runId + " ")
                        .contains(SharedStack.stack().dynamoDbEndpoint().getAuthority());
            }
        }
        assertThat(runId).as("migrate printed its run").isNotNull();
        assertThat(checkout.resolve("report.html")).isNotEmptyFile();
        // The tour rolls the full run back: the target is as the test run left it.
        assertThat(counts(dynamoDb, tables.prodTables())).isEqualTo(afterTest);
        // The command the rollback printed for the test run's items works as printed, and leaves the target empty.
        Result undone = bash(checkout, String.join("; ", exports) + "; " + undoTest);
        assertThat(undone.code()).as("%s\n%s", undoTest, undone.output()).isZero();
        assertThat(counts(dynamoDb, tables.prodTables()).values()).allMatch(count -> count == 0);
    }

    /**
     * What infer printed of the project (where it found each value) and the plan it wrote from it: the tour's tables, the
     * endpoint, and no user pool or Storage bucket, so the identity map is the user's file.
     */
    private static void assertInferred(String output, AmplifyGen1Project project, Path plan) throws IOException {
        String dev = "amplify-realtechee-dev-20240501-deployment";
        String prod = "amplify-realtechee-prod-20240501-deployment";
        assertThat(output).as("infer found the project's environments, and said where").contains(
                "amplify project " + project.folder + ": environments dev (source) and prod (target), from"
                        + " amplify/team-provider-info.json",
                "  dev: region " + REGION + " (amplify/team-provider-info.json dev.awscloudformation.Region), deployment bucket "
                        + dev + " (…dev.awscloudformation.DeploymentBucketName)",
                "  dev: read s3://" + dev + "/#current-cloud-backend.zip (not amplify/backend/amplify-meta.json",
                "  prod: read s3://" + prod + "/#current-cloud-backend.zip",
                "  dev: API realtechee, ID abc (amplify-meta.json api.realtechee.output.GraphQLAPIIdOutput): tables <Model>-abc-dev",
                "  prod: API realtechee, ID xyz (amplify-meta.json api.realtechee.output.GraphQLAPIIdOutput): tables <Model>-xyz-prod",
                "  schema: amplify/backend/api/realtechee/ (the API dev deployed, realtechee): 30 models",
                "  tables: each of the schema's 30 models has its table in dev and prod (DescribeTable)",
                "schema schema.graphql: 30 of 32 tables are its models; 61 proposals as it declares them");
        assertThat(output).as("the project names no user pool or Storage bucket").doesNotContain("  dev: user pool",
                "listing the users of pool", "  dev: Storage bucket", "listing the keys of bucket");
        JsonNode written = Json.MAPPER.readTree(Files.readString(plan));
        assertThat(written.at("/source/tableSuffix").asText()).isEqualTo("-abc-dev");
        assertThat(written.at("/target/tableSuffix").asText()).isEqualTo("-xyz-prod");
        assertThat(written.at("/source/endpoint").asText()).isEqualTo(SharedStack.stack().dynamoDbEndpoint().toString());
        assertThat(written.at("/identities/csv").asText()).as("the identity map the plan names").isEqualTo("identities.csv");
        assertThat(written.get("source").has("userPoolId") || written.get("source").has("storageBucket")).isFalse();
    }

    private static Map<String, Integer> counts(DynamoDbClient dynamoDb, List<String> tables) {
        Map<String, Integer> counts = new TreeMap<>();
        tables.forEach(table -> counts.put(table, dynamoDb.scan(b -> b.tableName(table).select(Select.COUNT)).count()));
        return counts;
    }

    /** The lines of the tour's first bash block, without comments. */
    static List<String> tour(String readme) {
        int section = readme.indexOf(TOUR);
        assertThat(section).as("the README has its tour").isNotNegative();
        int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
        int end = readme.indexOf("```", start);
        List<String> lines = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            int comment = line.indexOf(" #");
            String command = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!command.isEmpty()) {
                lines.add(command);
            }
        }
        return lines;
    }

    static Path readme() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("README.md")) || !Files.exists(dir.resolve("dmig"))) {
            dir = dir.getParent();
        }
        return dir.resolve("README.md");
    }

    /** A fresh clone as far as the tour goes: the launcher, and the jar a first ./dmig would build. */
    private Path checkout() throws IOException {
        String built = System.getProperty("dmig.jar");
        assumeTrue(built != null && Files.isRegularFile(Path.of(built)), "dmig.jar is built by mvn package; run this test with mvn verify");
        Path checkout = Files.createDirectories(dir.resolve("clone"));
        Path launcher = checkout.resolve("dmig");
        Files.copy(readme().resolveSibling("dmig"), launcher);
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
        Path jar = Files.createDirectories(checkout.resolve("cli/target")).resolve("dmig.jar");
        Files.copy(Path.of(built), jar, StandardCopyOption.COPY_ATTRIBUTES);
        return checkout;
    }

    private record Result(int code, String output) {}

    /**
     * One line in bash in the checkout, with a home of its own (where ./dmig install puts its link) whose ~/.local/bin
     * is on the PATH, as the install step asks, before the java of this JVM.
     */
    private Result bash(Path checkout, String line) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).directory(checkout.toFile()).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PATH", home.resolve(".local/bin") + ":" + Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        builder.environment().remove("AWS_ACCESS_KEY_ID");
        builder.environment().remove("AWS_SECRET_ACCESS_KEY");
        builder.environment().remove("DMIG_JAVA_OPTIONS");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(line).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
