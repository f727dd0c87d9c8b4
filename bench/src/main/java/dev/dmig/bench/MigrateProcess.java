package dev.dmig.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.Dmig;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One {@code dmig migrate} as a user runs it: {@code ./dmig migrate --plan ... --confirm} (the launcher of the checkout
 * that built dmig.jar, with the JVM options it chooses; {@code java -jar dmig.jar} where there is none) in a fresh JVM,
 * against the bench's store, timed from process start to exit. Its phases come
 * from the execution history the run stores with its artifacts.
 */
final class MigrateProcess {
    private MigrateProcess() {
    }

    /**
     * Runs it against {@code stores} and returns the process's seconds and CPU-seconds, the execution's seconds, and those
     * of its top-level states. Keys null leave credentials to the environment, as for any user.
     */
    static ObjectNode run(List<String> jvmOptions, Path plan, String runId, Bench.Stores stores, S3Client s3, Path log) {
        return run(jvmOptions, plan, runId, stores, s3, log, List.of());
    }

    /** As above, with {@code options} after the command's own (such as {@code --follow}). */
    static ObjectNode run(List<String> jvmOptions, Path plan, String runId, Bench.Stores stores, S3Client s3, Path log,
                          List<String> options) {
        return dmig(jvmOptions, migrate(plan, runId, stores, options), runId, stores, s3, log, Map.of());
    }

    /** As the first, with {@code environment} added to the process's (a masked plan's key, which no argument may carry). */
    static ObjectNode run(List<String> jvmOptions, Path plan, String runId, Bench.Stores stores, S3Client s3, Path log,
                          Map<String, String> environment) {
        return dmig(jvmOptions, migrate(plan, runId, stores, List.of()), runId, stores, s3, log, environment);
    }

    private static List<String> migrate(Path plan, String runId, Bench.Stores stores, List<String> options) {
        List<String> arguments = new ArrayList<>(List.of("migrate", "--plan", plan.toString(), "--run", runId, "--confirm", "--no-backup"));
        arguments.addAll(stores(stores));
        arguments.addAll(options);
        return arguments;
    }

    /** A {@code dmig analyze} of {@code plan} (a dry run: the analysis alone, nothing written), its figures as above. */
    static ObjectNode analyze(List<String> jvmOptions, Path plan, String runId, Bench.Stores stores, S3Client s3, Path log) {
        List<String> arguments = new ArrayList<>(List.of("analyze", "--plan", plan.toString(), "--run", runId));
        arguments.addAll(stores(stores));
        return dmig(jvmOptions, arguments, runId, stores, s3, log, Map.of());
    }

    private static List<String> stores(Bench.Stores stores) {
        return List.of("--dynamodb-endpoint", stores.dynamoDbEndpoint(), "--s3-endpoint", stores.s3Endpoint(), "--bucket", stores.bucket(),
                "--region", stores.region());
    }

    /** One dmig command with {@code arguments}, run {@code runId}, as a user runs it; its figures. */
    private static ObjectNode dmig(List<String> jvmOptions, List<String> arguments, String runId, Bench.Stores stores, S3Client s3,
                                   Path log, Map<String, String> environment) {
        Path dmig = codeSource(Dmig.class);
        Path launcher = launcher(dmig);
        List<String> command = java(dmig, launcher, jvmOptions);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(ProcessCpu.measured(command, log)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (launcher != null) {
            builder.environment().put("DMIG_JAVA_OPTIONS", String.join(" ", jvmOptions));
            // The jar just measured, as it is: the launcher would otherwise rebuild it under a bench when a source was edited.
            builder.environment().put("DMIG_SKIP_BUILD", "1");
            // Its java is the one on the PATH: make it this JVM's, as for the other copies.
            builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                    + builder.environment().getOrDefault("PATH", ""));
        }
        builder.environment().putAll(environment);
        if (stores.accessKey() != null) {
            builder.environment().put("AWS_ACCESS_KEY_ID", stores.accessKey());
            builder.environment().put("AWS_SECRET_ACCESS_KEY", stores.secretKey());
        }
        long start = System.nanoTime();
        int code = exitCode(builder, log);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("dmig " + arguments.get(0) + " failed (exit " + code + "); its log: " + log);
        }
        JsonNode history = Json.tree(s3.getObject(b -> b.bucket(stores.bucket()).key(RunLayout.history(runId)),
                ResponseTransformer.toBytes()).asByteArray());
        return figures(runId, command, seconds, history, log);
    }

    /** How {@code dmig} is started: the launcher when there is one, else java on its jar or on this class path. */
    private static List<String> java(Path dmig, Path launcher, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        if (launcher != null) {
            // The launcher a user runs (./dmig), which chooses the JVM's options; the bench's go after them.
            command.add(launcher.toString());
        } else if (dmig.toString().endsWith(".jar")) {
            // dmig-bench.jar's manifest names dmig.jar: run that jar, the one a user has.
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(dmig.toString());
        } else {
            // Not started from the jars (a test on target/classes): the same main class on the same class path.
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Dmig.class.getName()));
        }
        return command;
    }

    /** Starts the process and waits for it, an hour at most. */
    private static int exitCode(ProcessBuilder builder, Path log) {
        try {
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("dmig migrate did not end within an hour; its log: " + log);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The run's figures: the process's {@code seconds} and CPU-seconds (from its {@code log}), and the execution's from its history. */
    private static ObjectNode figures(String runId, List<String> command, double seconds, JsonNode history, Path log) {
        double execution = seconds(history.get("start").asText(), history.get("end").asText());
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("kind", "migrate");
        out.put("runId", runId);
        out.put("command", String.join(" ", command));
        out.put("status", history.path("status").asText());
        out.put("processSeconds", Worker.round(seconds));
        ProcessCpu.childSeconds(log).ifPresent(cpu -> out.put("cpuSeconds", Worker.round(cpu)));
        out.put("executionSeconds", Worker.round(execution));
        // JVM start, opening the clients, reading the plan before the execution; the summary printed after it.
        out.put("outsideExecutionSeconds", Worker.round(seconds - execution));
        out.put("analyzeSeconds", Worker.round(span(history, "Analyze")));
        // Within it: each call of Analyze (the first reads the pools and the buckets' checks, the last sums up), and the
        // segments' scan between them.
        ArrayNode calls = out.putArray("analyzeCallSeconds");
        for (JsonNode event : history.path("events")) {
            if (event.path("name").asText().equals("Analyze") && event.path("iteration").isEmpty() && event.has("end")) {
                calls.add(Worker.round(seconds(event.get("start").asText(), event.get("end").asText())));
            }
        }
        out.put("analyzeSegmentsSeconds", Worker.round(span(history, "AnalyzeSegments")));
        out.put("migrateSeconds", Worker.round(span(history, "MigrateLevels")));
        out.put("validateSeconds", Worker.round(span(history, "Validate")));
        out.put("finalizeSeconds", Worker.round(span(history, "Finalize")));
        out.put("idMapsSeconds", Worker.round(span(history, "ExportIdMaps")));
        ArrayNode levels = out.putArray("levelSeconds");
        levels(history).forEach(level -> levels.add(Worker.round(level)));
        return out;
    }

    /** Each dependency level's seconds, in order: the migration's {@code MigrateTables} iteration of that level. */
    private static List<Double> levels(JsonNode history) {
        java.util.SortedMap<Integer, Double> levels = new java.util.TreeMap<>();
        for (JsonNode event : history.path("events")) {
            JsonNode iteration = event.path("iteration");
            if (event.path("name").asText().equals("MigrateTables") && iteration.size() == 1 && event.has("end")) {
                levels.put(iteration.get(0).asInt(), seconds(event.get("start").asText(), event.get("end").asText()));
            }
        }
        return List.copyOf(levels.values());
    }

    /** From the first start to the last end of a top-level state, as {@link Worker} measures it. */
    private static double span(JsonNode history, String state) {
        String first = null;
        String last = null;
        for (JsonNode event : history.path("events")) {
            if (event.path("name").asText().equals(state) && event.path("iteration").isEmpty()) {
                if (first == null) {
                    first = event.path("start").asText();
                }
                if (event.has("end")) {
                    last = event.get("end").asText();
                }
            }
        }
        return first == null || last == null ? Double.NaN : seconds(first, last);
    }

    private static double seconds(String from, String to) {
        return Duration.between(Instant.parse(from), Instant.parse(to)).toNanos() / 1e9;
    }

    static void writePlan(Path file, JsonNode plan) {
        try {
            Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(plan));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code dmig} launcher of the checkout that built {@code jar} ({@code cli/target/dmig.jar}), or null when the jar
     * is not in one (copied elsewhere, or classes rather than a jar).
     */
    static Path launcher(Path jar) {
        Path target = jar.getParent();
        Path module = target == null ? null : target.getParent();
        Path root = module == null ? null : module.getParent();
        if (!jar.toString().endsWith(".jar") || root == null) {
            return null;
        }
        Path launcher = root.resolve("dmig");
        return Files.isRegularFile(launcher) && Files.isExecutable(launcher) ? launcher : null;
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }
}
