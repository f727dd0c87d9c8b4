package dev.dmig.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.executor.Execution;
import dev.dmig.handler.AnalyzeHandler;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.local.LocalEnvironment;
import dev.dmig.local.LocalRunner;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.RunLock;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SampleEnvironment;
import dev.dmig.sample.SamplePlan;
import dev.dmig.sample.SampleSchema;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.S3ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code dmig bench --cold-start}: each Lambda handler's init (class loading, clients from the
 * environment) and first request, in a fresh JVM on {@code functions.jar} against the embedded
 * stack, with the sample app (about 1,000 items) prepared in this JVM; then the SDK clients'
 * init on each HTTP client.
 */
final class ColdStart {
    /** The identity map the sample plan names, uploaded once for every run the probes start. */
    private static final String IDENTITIES_KEY = "config/cold-start.identities.csv";
    private static final List<String> HANDLERS = List.of("Analyze", "MigrateSegment", "TestRecords", "Validate", "Finalize", "Rollback");
    private static final Map<String, List<String>> JVMS = new LinkedHashMap<>();
    /** The sample app's source, its scratch target the probed runs are prepared for, and the target of the finished full run. */
    private static final String DEV = "-cs-dev";
    private static final String PROD = "-cs-prod";
    private static final String FULL = "-cs-full";

    static {
        JVMS.put("default", List.of());
        JVMS.put("C1 only (-XX:TieredStopAtLevel=1)", List.of("-XX:TieredStopAtLevel=1"));
    }

    private final Path functionsJar;
    private final int repeat;
    private final PrintWriter out;
    private final Path dir;

    private ColdStart(Path functionsJar, int repeat, PrintWriter out) throws IOException {
        this.functionsJar = functionsJar;
        this.repeat = repeat;
        this.out = out;
        this.dir = Files.createTempDirectory("dmig-coldstart");
    }

    static ObjectNode run(Path functionsJar, int repeat, List<String> httpClients, PrintWriter out) {
        if (!Files.isRegularFile(functionsJar)) {
            throw new IllegalArgumentException("no Lambda jar at " + functionsJar + " (build it with mvn package, or pass --functions-jar)");
        }
        try {
            return new ColdStart(functionsJar, repeat, out).run(httpClients);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode run(List<String> httpClients) throws IOException {
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("functionsJar", functionsJar.toString());
        report.put("functionsJarBytes", Files.size(functionsJar));
        out.printf(Locale.ROOT, "%nLambda cold start, in process: %s is %.1f MB%n", functionsJar, Files.size(functionsJar) / 1048576.0);
        Path probeClasses = writeProbeClasses();
        try (EmbeddedStack stack = EmbeddedStack.startInMemory(LocalEnvironment.EMBEDDED_BUCKET);
             DynamoDbClient dynamoDb = Clients.dynamoDb(Clients.Http.APACHE, stack.dynamoDbEndpoint(), stack.region(), stack.credentials(), 32);
             S3Client s3 = Clients.s3(Clients.Http.APACHE, stack.s3Endpoint(), stack.region(), stack.credentials(), 32);
             Services services = new Services(new DynamoDbItemStore(dynamoDb), new S3ArtifactStore(s3, stack.bucket()),
                     Settings.defaults(stack.bucket()), FaultInjector.NONE)) {
            JsonNode plan = prepare(dynamoDb, services);
            Map<String, String> env = lambdaEnvironment(stack);
            ArrayNode results = report.putArray("handlers");
            probeHandlers(probeClasses, env, plan, results);
            printHandlers(results);
            probeClients(stack, env, httpClients, report.putArray("httpClients"));
        }
        return report;
    }

    /**
     * The sample app in the embedded stack, and the runs the handlers' probes act on: a full run and a test run per probe,
     * analyzed in this JVM and let go, and a finished full run into a third environment. Returns the plan the probes' runs
     * follow.
     */
    private JsonNode prepare(DynamoDbClient dynamoDb, Services services) {
        SampleData data = SampleData.scaled(0.25);
        new SampleEnvironment(dynamoDb).create(data, DEV, PROD, true);
        for (String model : data.models()) {
            dynamoDb.createTable(SampleSchema.table(model).createTableRequest(FULL));
        }
        // The identity map the sample plan names, where every run's input finds it.
        services.artifacts().put(IDENTITIES_KEY, SamplePlan.identities(), "text/csv");
        JsonNode planA = Json.tree(SamplePlan.json(DEV, PROD).getBytes(StandardCharsets.UTF_8));
        JsonNode planB = Json.tree(SamplePlan.json(DEV, FULL).getBytes(StandardCharsets.UTF_8));
        AnalyzeHandler analyze = new AnalyzeHandler(services);
        RunLock lock = new RunLock(services.artifacts());
        int probes = repeat * JVMS.size();
        for (int r = 1; r <= probes; r++) {
            // Each prepared run is only probed, never finished: its run lock on the scratch target is let go at once.
            analyzeInProcess(analyze, runInput("full", "cs-mig-" + r, planA, Map.of()));
            lock.release(PROD, "cs-mig-" + r);
            analyzeInProcess(analyze, runInput("test", "cs-test-" + r, planA, Map.of("table", "Requests", "limit", 1, "withParents", true)));
            lock.release(PROD, "cs-test-" + r);
        }
        ObjectNode fullInput = runInput("full", "cs-full", planB, Map.of());
        fullInput.put("confirm", true);
        Execution execution = new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 16, List.of())
                .run("cs-full", "cs-full", fullInput);
        if (!execution.succeeded()) {
            throw new IllegalStateException("preparing the cold-start runs failed: " + execution.error() + " " + execution.cause());
        }
        return planA;
    }

    /** What a Lambda function of the stack would be given: its bucket, region, keys and the stores' endpoints. */
    private static Map<String, String> lambdaEnvironment(EmbeddedStack stack) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Settings.BUCKET, stack.bucket());
        env.put("AWS_REGION", stack.region().id());
        env.put("AWS_ACCESS_KEY_ID", stack.credentials().resolveCredentials().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", stack.credentials().resolveCredentials().secretAccessKey());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", stack.dynamoDbEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_S3", stack.s3Endpoint().toString());
        return env;
    }

    /** Each handler in a fresh JVM of each kind, {@code repeat} times, into {@code results}. */
    private void probeHandlers(Path probeClasses, Map<String, String> env, JsonNode plan, ArrayNode results) throws IOException {
        int probe = 0;
        for (int r = 1; r <= repeat; r++) {
            for (Map.Entry<String, List<String>> jvm : JVMS.entrySet()) {
                probe++;
                for (String handler : HANDLERS) {
                    if (handler.equals("Rollback")) {
                        continue;
                    }
                    JsonNode result = probe(probeClasses, jvm.getValue(), env, handler, input(handler, probe, plan), second(handler, probe, plan));
                    record(results, result, jvm.getKey(), r);
                }
            }
        }
        // Rolling back changes the target, so it goes last: the first undoes cs-full, the later ones find nothing left to do.
        probe = 0;
        for (int r = 1; r <= repeat; r++) {
            for (Map.Entry<String, List<String>> jvm : JVMS.entrySet()) {
                probe++;
                record(results, probe(probeClasses, jvm.getValue(), env, "Rollback", input("Rollback", probe, plan), null), jvm.getKey(), r);
            }
        }
    }

    /** The SDK clients' init on each HTTP client, {@code repeat} times, into {@code clients}; prints them. */
    private void probeClients(EmbeddedStack stack, Map<String, String> env, List<String> httpClients, ArrayNode clients) throws IOException {
        for (int r = 1; r <= repeat; r++) {
            for (String http : httpClients) {
                List<String> command = java(List.of(), System.getProperty("java.class.path"));
                command.add(ClientInitProbe.class.getName());
                command.addAll(List.of(http, stack.dynamoDbEndpoint().toString(), stack.s3Endpoint().toString(), stack.bucket(),
                        env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), "Contacts" + DEV));
                ObjectNode result = (ObjectNode) execute(command, Map.of());
                result.put("repetition", r);
                clients.add(result);
            }
        }
        out.println("  SDK clients on each HTTP client (fresh JVM on dmig.jar; build both clients, first DescribeTable, first S3 "
                + "ListObjectsV2, then 200 small requests):");
        for (JsonNode c : clients) {
            out.printf(Locale.ROOT, "    %-15s #%d  build %6.1f ms  first DynamoDB %6.1f ms  first S3 %6.1f ms  init+first %6.1f ms  "
                            + "next 200 requests %6.1f ms%n", c.path("http").asText(), c.path("repetition").asInt(),
                    c.path("buildClientsMs").asDouble(), c.path("firstDynamoDbMs").asDouble(), c.path("firstS3Ms").asDouble(),
                    c.path("initPlusFirstMs").asDouble(), c.path("next200RequestsMs").asDouble());
        }
    }

    private void record(ArrayNode results, JsonNode result, String jvm, int repetition) {
        ObjectNode node = (ObjectNode) result;
        node.put("jvm", jvm);
        node.put("repetition", repetition);
        results.add(node);
    }

    private void printHandlers(ArrayNode results) {
        out.println("  handler                JVM                                  #  class load  constructor  init ms  first request ms  "
                + "init+first ms  2nd request ms  classes");
        for (JsonNode r : results) {
            out.printf(Locale.ROOT, "  %-22s %-36s %d  %10.1f  %11.1f  %7.1f  %16.1f  %13.1f  %14s  %7d%n", r.path("handler").asText(),
                    r.path("jvm").asText(), r.path("repetition").asInt(), r.path("classLoadMs").asDouble(), r.path("constructorMs").asDouble(),
                    r.path("initMs").asDouble(), r.path("firstRequestMs").asDouble(), r.path("initPlusFirstMs").asDouble(),
                    r.path("secondRequestMs").asDouble() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.path("secondRequestMs").asDouble()),
                    r.path("classesLoaded").asInt());
        }
        out.flush();
    }

    private ObjectNode input(String handler, int probe, JsonNode plan) {
        ObjectNode in = Json.MAPPER.createObjectNode();
        switch (handler) {
            case "Analyze" -> {
                in.set("input", runInput("dry-run", "cs-dry-" + probe, plan, Map.of()));
                in.put("executionName", "cs-dry-" + probe);
            }
            case "MigrateSegment" -> {
                in.put("runId", "cs-mig-" + probe);
                in.put("table", "Contacts");
                in.put("segment", 0);
                in.put("totalSegments", 1);
            }
            case "TestRecords" -> in.put("runId", "cs-test-" + probe);
            case "Validate" -> {
                in.put("runId", "cs-full");
                in.put("executionName", "cs-validate-" + probe);
            }
            case "Finalize" -> {
                in.put("runId", "cs-full");
                in.put("outcome", "succeeded");
            }
            case "Rollback" -> {
                in.put("runId", "cs-full");
                in.put("executionName", "cs-rollback-" + probe);
            }
            default -> throw new IllegalArgumentException(handler);
        }
        return in;
    }

    /** A second, different request where one is cheap to make: how much of the first was warm-up. */
    private ObjectNode second(String handler, int probe, JsonNode plan) {
        return switch (handler) {
            case "Analyze" -> {
                ObjectNode in = Json.MAPPER.createObjectNode();
                in.set("input", runInput("dry-run", "cs-dry2-" + probe, plan, Map.of()));
                in.put("executionName", "cs-dry2-" + probe);
                yield in;
            }
            case "Finalize" -> input(handler, probe, plan);
            case "Validate" -> {
                ObjectNode in = input(handler, probe, plan);
                in.put("executionName", "cs-validate2-" + probe);
                yield in;
            }
            default -> null;
        };
    }

    private static ObjectNode runInput(String mode, String runId, JsonNode plan, Map<String, Object> extra) {
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.put("mode", mode);
        in.put("runId", runId);
        in.set("config", plan);
        in.put("identitiesKey", IDENTITIES_KEY);
        if (mode.equals("full")) {
            in.put("backup", false); // DynamoDB Local has no backups
        }
        extra.forEach((k, v) -> in.set(k, Json.MAPPER.valueToTree(v)));
        return in;
    }

    private static void analyzeInProcess(AnalyzeHandler analyze, ObjectNode runInput) {
        if (runInput.path("mode").asText().equals("full")) {
            runInput.put("confirm", true);
        }
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.set("input", runInput);
        payload.put("executionName", runInput.get("runId").asText());
        for (int pass = 0; pass < 100; pass++) {
            Map<String, Object> state = analyze.handleRequest(Json.toMap(payload), new ColdStartProbe.ProbeContext());
            if (!Boolean.FALSE.equals(state.get("done"))) {
                return;
            }
            payload.set("input", Json.MAPPER.valueToTree(state));
        }
        throw new IllegalStateException("analysis of " + runInput.get("runId") + " did not finish");
    }

    private JsonNode probe(Path probeClasses, List<String> flags, Map<String, String> env, String handler, JsonNode input, JsonNode second)
            throws IOException {
        Path inputFile = dir.resolve(handler + "-" + System.nanoTime() + ".json");
        Files.write(inputFile, Json.bytes(input));
        List<String> command = java(flags, functionsJar.toAbsolutePath() + java.io.File.pathSeparator + probeClasses);
        command.add(ColdStartProbe.class.getName());
        command.add("dev.dmig.handler." + handler + "Handler");
        command.add(inputFile.toString());
        if (second != null) {
            Path secondFile = dir.resolve(handler + "-2-" + System.nanoTime() + ".json");
            Files.write(secondFile, Json.bytes(second));
            command.add(secondFile.toString());
        }
        return execute(command, env);
    }

    private static List<String> java(List<String> flags, String classPath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(flags);
        command.add("-cp");
        command.add(classPath);
        return command;
    }

    private JsonNode execute(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        // Nothing from this machine's AWS set-up may leak into the probe: only what a Lambda function would get.
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("DMIG_"));
        builder.environment().putAll(env);
        Path log = dir.resolve("probe-" + System.nanoTime() + ".log");
        builder.redirectError(log.toFile());
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int code = process.waitFor();
            String last = stdout.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
            if (code != 0 || last == null) {
                throw new IllegalStateException("cold-start probe failed (exit " + code + "): " + String.join(" ", command.subList(command.size() - 3, command.size()))
                        + "; log " + log + "\n" + stdout);
            }
            return Json.tree(last.getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The probe's classes, copied out of this jar, so the probe JVM sees functions.jar and nothing else of dmig's. */
    private Path writeProbeClasses() throws IOException {
        Path classes = dir.resolve("probe-classes");
        for (String name : List.of("ColdStartProbe", "ColdStartProbe$ProbeContext", "ColdStartProbe$ProbeContext$1")) {
            String resource = "dev/dmig/bench/" + name + ".class";
            try (InputStream in = ColdStart.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("class " + resource + " is not on the class path");
                }
                Path target = classes.resolve(resource);
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
            }
        }
        return classes;
    }
}
