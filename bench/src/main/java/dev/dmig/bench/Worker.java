package dev.dmig.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.executor.StateRecord;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import dev.dmig.local.LocalRunner;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.S3ArtifactStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One measurement in a fresh JVM, started by {@code dmig bench}: either raw copies (one per
 * scan-segments × writers configuration) or one full dmig migration through the state machine.
 * Arguments are {@code key=value}; the result is one JSON object written to {@code out=FILE}.
 */
public final class Worker {
    private final Map<String, String> args;
    private final Dataset dataset;
    private final Clients.Http http;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;

    private Worker(Map<String, String> args) {
        this.args = args;
        this.dataset = Dataset.of(Dataset.Kind.valueOf(args.get("dataset")), Integer.parseInt(args.get("items")), args.get("tag"));
        this.http = Clients.Http.parse(args.getOrDefault("http", "apache"));
        AwsCredentialsProvider credentials = Clients.credentials(args.get("accessKey"), args.get("secretKey"));
        Region region = Region.of(args.getOrDefault("region", "us-east-1"));
        int connections = Integer.parseInt(args.getOrDefault("connections", "64"));
        this.dynamoDb = Clients.dynamoDb(http, URI.create(args.get("dynamodb")), region, credentials, connections);
        this.s3 = Clients.s3(http, URI.create(args.get("s3")), region, credentials, connections);
    }

    public static void main(String[] argv) throws IOException {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int code = 0;
        ObjectNode result;
        try {
            Worker worker = new Worker(args);
            result = "raw".equals(args.get("mode")) ? worker.raw() : worker.dmig();
        } catch (RuntimeException e) {
            result = Json.MAPPER.createObjectNode();
            result.put("error", e.toString());
            e.printStackTrace();
            code = 1;
        }
        Files.write(Path.of(args.get("out")), Json.bytes(result));
        System.out.flush();
        // DynamoDB Local is not in this JVM, but the SDK's idle-connection reaper threads are: end here.
        System.exit(code);
    }

    private ObjectNode raw() {
        List<RawCopy.Table> tables = new ArrayList<>();
        dataset.counts.forEach((model, count) -> tables.add(new RawCopy.Table(model + dataset.devSuffix, model + dataset.rawSuffix, count)));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("kind", "raw");
        out.put("http", http.text());
        out.put("items", dataset.items());
        ArrayNode trials = out.putArray("trials");
        // The ceiling is measured warm: one short copy first, so that no trial pays for JIT compilation.
        long warmStart = System.nanoTime();
        long warmed = RawCopy.copy(dynamoDb, tables, RawCopy.Config.parse("2x16l500"), Math.min(dataset.items(), 10_000)).items();
        out.put("warmUpItems", warmed);
        out.put("warmUpSeconds", round((System.nanoTime() - warmStart) / 1e9));
        for (String text : args.get("configs").split(",")) {
            RawCopy.Config config = RawCopy.Config.parse(text);
            dataset.recreate(dynamoDb, dataset.rawSuffix);
            MemoryWatch watch = MemoryWatch.start();
            RawCopy.Result result;
            try {
                result = RawCopy.copy(dynamoDb, tables, config);
            } finally {
                watch.close();
            }
            MemoryWatch.Figures memory = watch.stop();
            if (result.items() != dataset.items()) {
                throw new IllegalStateException("raw copy " + config.text() + " copied " + result.items() + " of " + dataset.items() + " items");
            }
            ObjectNode trial = trials.addObject();
            trial.put("config", config.text());
            trial.put("scanSegments", config.segments());
            trial.put("scanTasks", result.scanTasks());
            trial.put("writers", config.writers());
            trial.put("seconds", round(result.nanos() / 1e9));
            trial.put("itemsPerSecond", Math.round(result.itemsPerSecond()));
            trial.put("unprocessedRetries", result.unprocessedRetries());
            trial.put("pageLimit", config.pageLimit());
            trial.put("scanCalls", result.scanCalls());
            trial.put("scanSecondsSummed", round(result.scanNanos() / 1e9));
            trial.put("batchWriteCalls", result.writeCalls());
            trial.put("batchWriteSecondsSummed", round(result.writeNanos() / 1e9));
            trial.set("memory", Json.MAPPER.valueToTree(memory));
        }
        return out;
    }

    /** What a dmig run is run with: the handlers' settings, the Map's parallelism, the plan's segments and write rate (null: the plan's own). */
    private record Setup(Settings settings, int parallelism, Integer segments, Integer rate) {}

    /** The measured run: its execution, its wall-clock seconds, and the JVM's memory while it ran. */
    private record Measured(Execution execution, double wall, MemoryWatch.Figures memory) {}

    private ObjectNode dmig() {
        dataset.recreate(dynamoDb, dataset.prodSuffix);
        Setup setup = setup();
        String runId = args.get("runId");
        double warmUpSeconds = args.containsKey("warmUpTag") ? warmUp(setup, runId) : 0;
        Requests requests = new Requests();
        Measured measured = measure(setup, runId, requests);
        Execution execution = measured.execution();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("kind", "dmig");
        out.put("http", http.text());
        out.put("runId", runId);
        out.put("warmUpItems", args.containsKey("warmUpTag") ? Long.parseLong(args.get("warmUpItems")) : 0);
        out.put("warmUpSeconds", round(warmUpSeconds));
        out.put("status", execution.status().name());
        if (!execution.succeeded()) {
            out.put("error", execution.error() + ": " + execution.cause());
        }
        out.put("items", dataset.items());
        putPhases(out, measured);
        putStates(out, execution);
        out.set("memory", Json.MAPPER.valueToTree(measured.memory()));
        ObjectNode calls = out.putObject("requests");
        requests.totals().forEach((op, t) -> calls.set(op, Json.MAPPER.valueToTree(t)));
        if (setup.rate() != null) {
            ArrayNode timeline = out.putArray("writtenPerSecond");
            for (long n : requests.writtenPerSecond()) {
                timeline.add(n);
            }
        }
        ObjectNode used = out.putObject("settings");
        used.put("pageSize", setup.settings().pageSize());
        used.put("writeConcurrency", setup.settings().writeConcurrency());
        used.put("mapParallelism", setup.parallelism());
        if (setup.segments() != null) {
            used.put("segments", setup.segments());
        }
        if (setup.rate() != null) {
            used.put("writeRateLimit", setup.rate());
        }
        return out;
    }

    /** The defaults, with what the arguments override. */
    private Setup setup() {
        Integer segments = args.containsKey("segments") ? Integer.valueOf(args.get("segments")) : null;
        Integer rate = args.containsKey("rate") ? Integer.valueOf(args.get("rate")) : null;
        Settings d = Settings.defaults(args.get("bucket"));
        Settings settings = new Settings(d.bucket(), intArg("pageSize", d.pageSize()), intArg("writeConcurrency", d.writeConcurrency()),
                intArg("scanConcurrency", d.scanConcurrency()), d.safetyMarginMillis(), d.maxWriteAttempts(), d.itemsPerSegment(),
                d.distributedMapSegments());
        return new Setup(settings, intArg("mapParallelism", 16), segments, rate);
    }

    /**
     * Like the raw ceiling, dmig is measured warm: a whole run of a smaller copy first, so the measured run pays no JIT.
     * Returns its seconds.
     */
    private double warmUp(Setup setup, String runId) {
        Dataset warmUp = Dataset.of(dataset.kind, Integer.parseInt(args.get("warmUpItems")), args.get("warmUpTag"));
        warmUp.recreate(dynamoDb, warmUp.prodSuffix);
        long warmStart = System.nanoTime();
        Execution warm;
        try (Services services = services(setup.settings(), new Requests())) {
            warm = runner(services, setup.parallelism()).run(runId + "-warm", runId + "-warm",
                    input(runId + "-warm", warmUp, setup.segments(), setup.rate()));
        }
        if (!warm.succeeded()) {
            throw new IllegalStateException("the warm-up run failed: " + warm.error() + ": " + warm.cause());
        }
        return (System.nanoTime() - warmStart) / 1e9;
    }

    /** The measured run, its calls counted into {@code requests}. */
    private Measured measure(Setup setup, String runId, Requests requests) {
        ObjectNode input = input(runId, dataset, setup.segments(), setup.rate());
        MemoryWatch watch;
        Execution execution;
        double wall;
        try (Services services = services(setup.settings(), requests)) {
            LocalRunner runner = runner(services, setup.parallelism());
            watch = MemoryWatch.start(Long.parseLong(args.getOrDefault("liveHeapProbeMs", "0")));
            long started = System.nanoTime();
            try {
                execution = runner.run(runId, runId, input);
            } finally {
                watch.close();
            }
            wall = (System.nanoTime() - started) / 1e9;
        }
        return new Measured(execution, wall, watch.stop());
    }

    /** The run's seconds, whole and by phase, and its items per second. */
    private void putPhases(ObjectNode out, Measured measured) {
        Execution execution = measured.execution();
        long items = dataset.items();
        double whole = seconds(execution.startTime(), execution.endTime());
        double migrate = span(execution, "MigrateLevels");
        out.put("wholeSeconds", round(whole));
        out.put("wallSeconds", round(measured.wall()));
        out.put("analyzeSeconds", round(span(execution, "Analyze")));
        out.put("migrateSeconds", round(migrate));
        out.put("validateSeconds", round(span(execution, "Validate")));
        out.put("migrateItemsPerSecond", Math.round(items / migrate));
        out.put("wholeItemsPerSecond", Math.round(items / whole));
    }

    /** What the history shows: each level's seconds, each table's segments, the segment tasks and the events. */
    private static void putStates(ObjectNode out, Execution execution) {
        ArrayNode levels = out.putArray("levelSeconds");
        for (StateRecord record : execution.history()) {
            if (record.stateName().equals("MigrateTables") && record.iterationPath().size() == 1 && record.end() != null) {
                levels.add(round(seconds(record.start(), record.end())));
            }
        }
        ObjectNode segmentCounts = out.putObject("segments");
        long segmentTasks = 0;
        for (StateRecord record : execution.history()) {
            if (record.stateType().equals("Task") && record.stateName().startsWith("Migrate")) {
                segmentTasks++;
                if (record.input() != null && record.input().has("table")) {
                    segmentCounts.put(record.input().get("table").asText(), record.input().get("totalSegments").asInt());
                }
            }
        }
        out.put("segmentTaskInvocations", segmentTasks);
        out.put("historyEvents", execution.history().size());
    }

    private Services services(Settings settings, Requests requests) {
        return new Services(new CountingItemStore(new DynamoDbItemStore(dynamoDb), requests),
                new CountingArtifactStore(new S3ArtifactStore(s3, args.get("bucket")), requests), settings, FaultInjector.NONE);
    }

    private static LocalRunner runner(Services services, int parallelism) {
        return new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), parallelism, List.of());
    }

    private ObjectNode input(String runId, Dataset dataset, Integer segments, Integer rate) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", "full");
        input.put("runId", runId);
        input.set("config", dataset.plan(segments, rate));
        if (dataset.identities() != null) {
            // The identity map the plan names, uploaded as the command line does.
            String key = RunLayout.identitiesUpload(runId);
            new S3ArtifactStore(s3, args.get("bucket")).put(key, dataset.identities(), "text/csv");
            input.put("identitiesKey", key);
        }
        input.put("confirm", true);
        input.put("backup", false); // DynamoDB Local has no backups; an endpoint under test is a scratch store
        return input;
    }

    /** From the first start to the last end of a top-level state (a looping Task counts from its first pass to its last). */
    private static double span(Execution execution, String state) {
        Instant first = null;
        Instant last = null;
        for (StateRecord record : execution.history()) {
            if (record.stateName().equals(state) && record.iterationPath().isEmpty()) {
                if (first == null) {
                    first = record.start();
                }
                if (record.end() != null) {
                    last = record.end();
                }
            }
        }
        return first == null || last == null ? Double.NaN : seconds(first, last);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private int intArg(String name, int fallback) {
        return args.containsKey(name) ? Integer.parseInt(args.get(name)) : fallback;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
