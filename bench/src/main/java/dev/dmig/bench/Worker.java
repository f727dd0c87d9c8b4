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

    private ObjectNode dmig() {
        dataset.recreate(dynamoDb, dataset.prodSuffix);
        Integer segments = args.containsKey("segments") ? Integer.valueOf(args.get("segments")) : null;
        Integer rate = args.containsKey("rate") ? Integer.valueOf(args.get("rate")) : null;
        Settings d = Settings.defaults(args.get("bucket"));
        Settings settings = new Settings(d.bucket(), intArg("pageSize", d.pageSize()), intArg("writeConcurrency", d.writeConcurrency()),
                intArg("scanConcurrency", d.scanConcurrency()), d.safetyMarginMillis(), d.maxWriteAttempts(), d.itemsPerSegment(),
                d.distributedMapSegments());
        int parallelism = intArg("mapParallelism", 16);
        String runId = args.get("runId");
        double warmUpSeconds = 0;
        if (args.containsKey("warmUpTag")) {
            // Like the raw ceiling, dmig is measured warm: a whole run of a smaller copy first, so the measured run pays no JIT.
            Dataset warmUp = Dataset.of(dataset.kind, Integer.parseInt(args.get("warmUpItems")), args.get("warmUpTag"));
            warmUp.recreate(dynamoDb, warmUp.prodSuffix);
            long warmStart = System.nanoTime();
            Execution warm;
            try (Services services = services(settings, new Requests())) {
                warm = runner(services, parallelism).run(runId + "-warm", runId + "-warm", input(runId + "-warm", warmUp, segments, rate));
            }
            if (!warm.succeeded()) {
                throw new IllegalStateException("the warm-up run failed: " + warm.error() + ": " + warm.cause());
            }
            warmUpSeconds = (System.nanoTime() - warmStart) / 1e9;
        }
        Requests requests = new Requests();
        ObjectNode input = input(runId, dataset, segments, rate);
        MemoryWatch watch;
        Execution execution;
        double wall;
        try (Services services = services(settings, requests)) {
            LocalRunner runner = runner(services, parallelism);
            watch = MemoryWatch.start(Long.parseLong(args.getOrDefault("liveHeapProbeMs", "0")));
            long started = System.nanoTime();
            try {
                execution = runner.run(runId, runId, input);
            } finally {
                watch.close();
            }
            wall = (System.nanoTime() - started) / 1e9;
        }
        MemoryWatch.Figures memory = watch.stop();

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
        long items = dataset.items();
        out.put("items", items);
        double whole = seconds(execution.startTime(), execution.endTime());
        double analyze = span(execution, "Analyze");
        double migrate = span(execution, "MigrateLevels");
        double validate = span(execution, "Validate");
        out.put("wholeSeconds", round(whole));
        out.put("wallSeconds", round(wall));
        out.put("analyzeSeconds", round(analyze));
        out.put("migrateSeconds", round(migrate));
        out.put("validateSeconds", round(validate));
        out.put("migrateItemsPerSecond", Math.round(items / migrate));
        out.put("wholeItemsPerSecond", Math.round(items / whole));
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
        out.set("memory", Json.MAPPER.valueToTree(memory));
        ObjectNode calls = out.putObject("requests");
        requests.totals().forEach((op, t) -> calls.set(op, Json.MAPPER.valueToTree(t)));
        if (rate != null) {
            long[] perSecond = requests.writtenPerSecond();
            ArrayNode timeline = out.putArray("writtenPerSecond");
            for (long n : perSecond) {
                timeline.add(n);
            }
        }
        ObjectNode used = out.putObject("settings");
        used.put("pageSize", settings.pageSize());
        used.put("writeConcurrency", settings.writeConcurrency());
        used.put("mapParallelism", parallelism);
        if (segments != null) {
            used.put("segments", segments);
        }
        if (rate != null) {
            used.put("writeRateLimit", rate);
        }
        return out;
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
