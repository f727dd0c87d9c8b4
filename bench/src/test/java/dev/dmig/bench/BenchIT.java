package dev.dmig.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.TestFeatures;
import dev.dmig.faults.CognitoLocalServer;
import dev.dmig.json.Json;
import dev.dmig.sample.SampleData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmig bench} from the packaged dmig-bench.jar (on dmig.jar) at a tiny size: both copies run in their own JVMs, the
 * dmig run succeeds through the state machine, and the figures reach the output and the JSON.
 * It checks that the harness works, never how fast anything is.
 */
class BenchIT {
    @Test
    void bench_runsBothCopiesAndReportsEveryFigure(@TempDir Path dir) throws Exception {
        String jar = System.getProperty("dmig-bench.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "dmig-bench.jar is built by mvn package; run this test with mvn verify");
        Path json = dir.resolve("bench.json");
        Path stdout = dir.resolve("stdout");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", jar, "--items", "300", "--dataset", "wide",
                "--raw-configs", "1x2,2x4k", "--dmig-warm-up", "200", "--worker-heap", "256m",
                "--rate", "200", "--rate-items", "300", "--rate-segments", "2",
                "--throttled", "5", "--throttled-items", "300", "--throttled-segments", "4",
                "--json", json.toString())
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("bench finished").isTrue();
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("raw  select 1x2 ", "raw  select 2x4k ", "raw  #1 ", "dmig #1  SUCCEEDED", "ratio to raw", "achieved");

        JsonNode report = Json.tree(Files.readAllBytes(json));
        JsonNode row = report.get("summary").get(0);
        assertThat(row.get("dataset").asText()).isEqualTo("wide");
        assertThat(row.get("items").asLong()).isEqualTo(300);
        assertThat(row.at("/rawItemsPerSecond/median").asDouble()).isPositive();
        assertThat(row.at("/dmigMigrationItemsPerSecond/median").asDouble()).isPositive();
        assertThat(row.at("/dmigWholeRunItemsPerSecond/median").asDouble()).isPositive();
        assertThat(row.get("ratioMigrationToRaw").asDouble()).isPositive();
        assertThat(row.at("/dmigHeapPeakMb/median").asDouble()).isPositive();
        assertThat(row.at("/dmigRssPeakMb/median").asDouble()).isPositive();
        JsonNode dmig = null;
        for (JsonNode run : report.get("runs")) {
            if (run.get("mode").asText().equals("dmig")) {
                dmig = run;
            }
        }
        assertThat(dmig).isNotNull();
        JsonNode selection = null;
        for (JsonNode run : report.get("runs")) {
            if (run.path("selection").asBoolean()) {
                selection = run;
            }
        }
        assertThat(selection).as("the run that chose the raw settings").isNotNull();
        assertThat(selection.get("trials")).hasSize(2);
        assertThat(dmig.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(dmig.get("warmUpItems").asLong()).isEqualTo(200);
        assertThat(dmig.get("warmUpSeconds").asDouble()).isPositive();
        assertThat(dmig.at("/requests/dynamodb BatchWriteItem/units").asLong()).isEqualTo(300);
        assertThat(dmig.at("/requests/s3 PutObject journal/calls").asLong()).isPositive();
        assertThat(report.at("/rateLimit/limit").asInt()).isEqualTo(200);
        assertThat(report.at("/rateLimit/overallItemsPerSecond").asLong()).isPositive();
        // The throttled mode: a dmig migrate through the capacity-limited front, which no table can outrun.
        assertThat(out).contains("throttled: 5 write units/s per target table", "busiest table ");
        assertThat(report.at("/throttled/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(report.at("/throttled/throttled/busiestUnits").asLong()).isPositive();
        assertThat(report.at("/throttled/throttled/busiestShareOfOffered").asDouble()).isPositive().isLessThanOrEqualTo(1.01);
        assertThat(report.at("/throttled/throttled/throttledTablesShareOfOffered").asDouble()).isLessThanOrEqualTo(1.01);
    }

    /**
     * The follow mode: a dmig migrate --follow in its own JVM, a backlog and a steady writer from the bench, then dmig
     * cutover; the run succeeds, and the figures (changes/s catching up, the lag sampled) reach the output and the JSON.
     */
    @Test
    void bench_followsAWrittenSource_andReportsItsFigures(@TempDir Path dir) throws Exception {
        String jar = System.getProperty("dmig-bench.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "dmig-bench.jar is built by mvn package; run this test with mvn verify");
        Path json = dir.resolve("bench.json");
        Path stdout = dir.resolve("stdout");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", jar, "--phases", "none", "--worker-heap", "256m",
                "--follow", "20", "--follow-seconds", "2", "--follow-backlog", "200", "--follow-items", "300",
                "--json", json.toString())
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("bench finished").isTrue();
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("follow: dmig migrate --follow of the wide data set (300 items)", "  backlog      200 updates",
                "  steady       ");

        JsonNode report = Json.tree(Files.readAllBytes(json));
        assertThat(report.at("/follow/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(report.at("/follow/follow/catchUpSeconds").isNumber()).isTrue();
        assertThat(report.at("/follow/follow/steadyWritten").asLong()).isPositive();
        assertThat(report.at("/follow/follow/lagSamples").asLong()).isPositive();
        assertThat(report.at("/follow/follow/lagWriterMillis/max").isNumber()).isTrue();
    }

    /**
     * The whole app against the one-pass script: the sample data set with its Storage files, each copy in its own JVM; both
     * leave the same items and every object (each user's avatar and a cover per project, a few hundred at most) in the
     * prod bucket, and the figures reach the output and the JSON.
     */
    @Test
    void bench_againstTheOnePassScript_copiesTheAppsStorageObjectsInBoth(@TempDir Path dir) throws Exception {
        String jar = System.getProperty("dmig-bench.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "dmig-bench.jar is built by mvn package; run this test with mvn verify");
        Path json = dir.resolve("bench.json");
        Path stdout = dir.resolve("stdout");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", jar, "--items", "300", "--dataset", "sample", "--phases", "onepass",
                "--worker-heap", "256m", "--json", json.toString())
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("bench finished").isTrue();
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        long objects = SampleData.USERS + Math.min(Dataset.COVERS, SampleData.withAbout(300).count("Projects"));
        assertThat(out).contains(String.format(Locale.ROOT, "%d Storage objects in dmig-bench-", objects),
                String.format(Locale.ROOT, " items, %d objects)", objects), "one pass/dmig ", "[levels ", ", ID maps ");

        JsonNode report = Json.tree(Files.readAllBytes(json));
        int measured = 0;
        for (JsonNode run : report.get("runs")) {
            if (run.get("mode").asText().equals("onepass") || run.get("mode").asText().equals("migrate")) {
                assertThat(run.get("destinationObjects").asLong()).as(run.get("mode").asText()).isEqualTo(objects);
                assertThat(run.get("destinationItems").asLong()).isPositive();
                if (run.get("mode").asText().equals("migrate")) {
                    // The sample app's five dependency levels, written together into its empty target: one level, timed
                    // within the migration phase.
                    JsonNode levels = run.get("levelSeconds");
                    assertThat(levels).hasSize(1).allMatch(level -> level.asDouble() > 0);
                    double sum = 0;
                    for (JsonNode level : levels) {
                        sum += level.asDouble();
                    }
                    assertThat(sum).isLessThanOrEqualTo(run.get("migrateSeconds").asDouble() + 0.01);
                }
                measured++;
            }
        }
        assertThat(measured).isEqualTo(2);
    }

    /**
     * The whole app masked ({@code --masked}): a dmig migrate of the same data unmasked and masked, each in its own JVM,
     * through cognito-local's pools and the counting front; both copy every item and object, the masked one leaves every
     * copied contact's email on the reserved domain and the unmasked one none, and the ratio reaches the output and the JSON.
     */
    @Test
    void bench_wholeAppMaskedAndUnmasked_printsTheirRatio(@TempDir Path dir) throws Exception {
        TestFeatures.assumeHas("MaskFeature"); // the bench's masked row runs the masked plan
        String jar = System.getProperty("dmig-bench.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "dmig-bench.jar is built by mvn package; run this test with mvn verify");
        assumeTrue(CognitoLocalServer.node().isPresent() && CognitoLocalServer.script().isPresent(),
                "the whole app needs node and cognito-local (npm ci --prefix .ci)");
        Path json = dir.resolve("bench.json");
        Path stdout = dir.resolve("stdout");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", jar, "--items", "300", "--dataset", "app", "--masked", "--dmig-warm-up", "0",
                "--worker-heap", "256m", "--json", json.toString())
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("bench finished").isTrue();
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("dmig migrate, masked ", "median: masked ", " s, unmasked ", "×; ");

        JsonNode dmig = null;
        JsonNode masked = null;
        JsonNode ratio = null;
        for (JsonNode run : Json.tree(Files.readAllBytes(json)).get("app")) {
            switch (run.path("contender").asText()) {
                case "dmig" -> dmig = run;
                case "masked" -> masked = run;
                case "masked-against-unmasked" -> ratio = run;
                default -> { }
            }
        }
        assertThat(dmig).isNotNull();
        assertThat(masked).isNotNull();
        assertThat(masked.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(masked.get("destinationItems").asLong()).isPositive().isEqualTo(dmig.get("destinationItems").asLong());
        assertThat(masked.get("destinationObjects").asLong()).isPositive().isEqualTo(dmig.get("destinationObjects").asLong());
        assertThat(masked.get("contactEmails").asLong()).isPositive();
        assertThat(masked.get("contactEmailsMasked").asLong()).isEqualTo(masked.get("contactEmails").asLong());
        assertThat(dmig.get("contactEmailsMasked").asLong()).isZero();
        assertThat(ratio).isNotNull();
        assertThat(ratio.get("ratio").asDouble()).isPositive();
        assertThat(ratio.get("maskedItemsPerSecond").asDouble()).isPositive();
    }
}
