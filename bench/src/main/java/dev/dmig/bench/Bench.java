package dev.dmig.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.faults.LatencyFront;
import dev.dmig.json.Json;
import dev.dmig.local.LocalEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code dmig bench}: for each data set and size, generates the source once, then, in fresh JVMs
 * and interleaved, the raw ceiling copy and a full dmig migration, and prints items/s, the ratio,
 * heap and RSS; with the peer phase, also the npm peer and a whole {@code dmig migrate}, each a fresh
 * process timed from start to exit. This JVM only hosts the embedded stack and loads the data; it is never measured.
 */
final class Bench {
    /** What the command line asked for. Null endpoints mean the embedded stack (in memory unless {@code dataDir}). */
    record Options(List<Integer> sizes, List<String> datasets, int repeat, List<String> rawConfigs, String http,
                          Integer segments, Integer pageSize, Integer writeConcurrency, Integer rate, int rateItems,
                          int rateSegments, Path dataDir, URI dynamoDbEndpoint, URI s3Endpoint, String bucket, String region,
                          String workerHeap, List<String> workerJavaOptions, Path jfrDir, Path json, List<String> phases,
                          long liveHeapProbeMs, int dmigWarmUp, Latency latency, ThrottledRun.Options throttled,
                          FollowRun.Options follow, Integer wcu, double wcuBurst, boolean masked) {
    }

    /** Milliseconds added to each round trip of the peer and onepass phases' processes, by a front before each store. */
    record Latency(int dynamoDbMillis, int s3Millis) {
    }

    /** Where a process of the bench reaches the stores, and with which keys (null: the environment's). */
    record Stores(String dynamoDbEndpoint, String s3Endpoint, String bucket, String region, String accessKey, String secretKey) {
        /** The same stores reached at other endpoints: fronts before them. */
        Stores at(String dynamoDb, String s3) {
            return new Stores(dynamoDb, s3, bucket, region, accessKey, secretKey);
        }
    }

    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Path workDir;
    private final ObjectNode report = Json.MAPPER.createObjectNode();
    private final ArrayNode runs = report.putArray("runs");

    private Stores stores;
    /**
     * Where the processes the peer and onepass phases time reach the stores: the stores themselves, or the latency fronts
     * before them.
     */
    private Stores toolStores;
    /** True when the stores run in this JVM (the embedded stack): then its CPU while a tool runs is theirs. */
    private boolean storesHere;
    /** The npm peer, once installed; null when the peer phase is not asked for or cannot run here. */
    private PeerCopy peer;

    private Bench(Options options, PrintWriter out, PrintWriter err) throws IOException {
        this.options = options;
        this.out = out;
        this.err = err;
        this.workDir = Files.createTempDirectory("dmig-bench");
    }

    static int run(Options options, PrintWriter out, PrintWriter err) {
        try {
            return new Bench(options, out, err).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int run() throws IOException {
        for (String config : options.rawConfigs()) {
            try {
                RawCopy.Config.parse(config);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--raw-configs: '" + config + "' is not SEGMENTSxWRITERS[lLIMIT][k], such as 2x16l500");
            }
        }
        EmbeddedStack stack = null;
        if (options.dynamoDbEndpoint() == null) {
            stack = options.dataDir() == null ? EmbeddedStack.startInMemory(LocalEnvironment.EMBEDDED_BUCKET)
                    : EmbeddedStack.start(options.dataDir(), LocalEnvironment.EMBEDDED_BUCKET);
        }
        String store = reachStores(stack);
        List<LatencyFront> fronts = new ArrayList<>();
        toolStores = stores;
        if (options.latency() != null) {
            store += startFronts(fronts);
        }
        printHeader(store);
        if (options.phases().contains("peer")) {
            preparePeer();
        }
        out.flush();
        try (DynamoDbClient dynamoDb = Clients.dynamoDb(Clients.Http.APACHE, URI.create(stores.dynamoDbEndpoint()),
                Region.of(stores.region()), Clients.credentials(stores.accessKey(), stores.secretKey()), 32);
             S3Client s3 = Clients.s3(Clients.Http.APACHE, URI.create(stores.s3Endpoint()), Region.of(stores.region()),
                     Clients.credentials(stores.accessKey(), stores.secretKey()), 4)) {
            measure(dynamoDb, s3);
        } finally {
            fronts.forEach(LatencyFront::close);
            if (stack != null) {
                stack.close();
            }
        }
        printSummary();
        if (options.json() != null) {
            Files.write(options.json(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
            out.println("JSON: " + options.json());
        }
        return 0;
    }

    /** The stores the command line names, or the embedded {@code stack}'s when it names none; returns how the report names them. */
    private String reachStores(EmbeddedStack stack) {
        if (stack == null) {
            if (options.s3Endpoint() == null || options.bucket() == null) {
                throw new IllegalArgumentException("--dynamodb-endpoint needs --s3-endpoint and --bucket too");
            }
            stores = new Stores(options.dynamoDbEndpoint().toString(), options.s3Endpoint().toString(), options.bucket(),
                    options.region() != null ? options.region() : "us-east-1", null, null);
            return "DynamoDB at " + stores.dynamoDbEndpoint() + ", S3 at " + stores.s3Endpoint() + "/" + stores.bucket();
        }
        storesHere = true;
        stores = new Stores(stack.dynamoDbEndpoint().toString(), stack.s3Endpoint().toString(), stack.bucket(), stack.region().id(),
                stack.credentials().resolveCredentials().accessKeyId(), stack.credentials().resolveCredentials().secretAccessKey());
        return "embedded DynamoDB Local 2.6.1 + S3Proxy " + (options.dataDir() == null ? "(in memory)" : "(on disk in " + options.dataDir() + ")")
                + ", in the parent JVM";
    }

    /** The fronts that add --latency before each store for the timed processes; returns what the report says of them. */
    private String startFronts(List<LatencyFront> fronts) {
        fronts.add(LatencyFront.start(URI.create(stores.dynamoDbEndpoint()), options.latency().dynamoDbMillis()));
        fronts.add(LatencyFront.start(URI.create(stores.s3Endpoint()), options.latency().s3Millis()));
        toolStores = stores.at(fronts.get(0).endpoint().toString(), fronts.get(1).endpoint().toString());
        report.put("latencyDynamoDbMs", options.latency().dynamoDbMillis());
        report.put("latencyS3Ms", options.latency().s3Millis());
        return String.format(Locale.ROOT, "; the peer and onepass phases through fronts adding %d ms per DynamoDB round trip and %d ms per S3 one",
                options.latency().dynamoDbMillis(), options.latency().s3Millis());
    }

    /** What is measured where: into the report, and its first line. */
    private void printHeader(String store) {
        report.put("started", Instant.now().toString());
        report.put("store", store);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        report.put("workerJvm", String.join(" ", workerJvm()) + " (default GC), one fresh JVM per measurement");
        report.put("dmigWarmUpItems", options.dmigWarmUp());
        report.put("http", options.http());
        out.println("dmig bench: " + store + "; " + Runtime.getRuntime().availableProcessors() + " cores; workers "
                + String.join(" ", workerJvm()) + ", one fresh JVM per measurement"
                + ((options.phases().contains("raw") || options.phases().contains("dmig")) && !List.of("app").containsAll(options.datasets())
                ? "; raw and dmig measured warm ("
                + (options.dmigWarmUp() > 0 ? "dmig after a full run of " + String.format(Locale.ROOT, "%,d", options.dmigWarmUp()) + " items"
                : "dmig cold: its first run in the JVM") + ")" : ""));
    }

    /** Every measurement asked for: the copies at each data set and size, the write-rate limit, the throttled run. */
    private void measure(DynamoDbClient dynamoDb, S3Client s3) {
        boolean copies = options.phases().contains("raw") || options.phases().contains("dmig") || options.phases().contains("peer")
                || options.phases().contains("onepass");
        if (options.datasets().contains("app")) {
            measureApp(dynamoDb, s3);
        }
        for (String kindText : copies ? options.datasets() : List.<String>of()) {
            if (kindText.equals("app")) {
                continue;
            }
            Dataset.Kind kind = Dataset.Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
            List<String> rawConfigs = new ArrayList<>(options.rawConfigs());
            for (int size : options.sizes()) {
                rawConfigs = measureSize(dynamoDb, s3, kind, size, rawConfigs);
            }
        }
        if (options.rate() != null) {
            measureRate(dynamoDb);
        }
        if (options.throttled() != null) {
            report.set("throttled", ThrottledRun.measure(options.throttled(), dynamoDb, s3, stores.dynamoDbEndpoint(),
                    (dataset, segments, endpoint, label) -> migrate(dynamoDb, s3, dataset, segments,
                            stores.at(endpoint, stores.s3Endpoint()), label, StoreCpu.NONE), out));
        }
        if (options.follow() != null) {
            report.set("follow", FollowRun.measure(options.follow(), dynamoDb, s3, stores,
                    (dataset, runId, more) -> migrateFollowing(s3, dataset, runId, more), out));
        }
    }

    /** The whole app, dmig against the one-pass script sequential and parallel, through the metering front ({@link AppRun}). */
    private void measureApp(DynamoDbClient dynamoDb, S3Client s3) {
        report.set("app", AppRun.measure(new AppRun.Options(options.wcu(), options.repeat(), options.dmigWarmUp() > 0, options.wcuBurst(),
                options.masked()), options.sizes(), dynamoDb, s3,
                URI.create(stores.dynamoDbEndpoint()), new AppRun.Tools() {
                    @Override
                    public ObjectNode migrate(Dataset dataset, String endpoint, String label, boolean masked) {
                        ObjectNode plan = dataset.plan(options.segments(), null);
                        return Bench.this.migrate(dynamoDb, s3, dataset, masked ? new Planned(AppMask.masked(plan), AppMask.ENVIRONMENT)
                                : new Planned(plan, Map.of()), stores.at(endpoint, stores.s3Endpoint()), label, StoreCpu.NONE);
                    }

                    @Override
                    public ObjectNode onePass(Dataset dataset, String endpoint, boolean sequential, String label) {
                        return Bench.this.onePass(dynamoDb, s3, dataset, stores.at(endpoint, stores.s3Endpoint()), sequential, label);
                    }

                    @Override
                    public ObjectNode analyze(Dataset dataset, ObjectNode plan, String endpoint, String label) {
                        String name = dataset.kind.text() + "-" + dataset.requested + "-" + label;
                        Path file = workDir.resolve(name + "-plan.json");
                        MigrateProcess.writePlan(file, plan);
                        dataset.writeIdentitiesBeside(file);
                        return MigrateProcess.analyze(options.workerJavaOptions(), file, "bench-" + name + "-" + System.currentTimeMillis(),
                                stores.at(endpoint, stores.s3Endpoint()), s3, workDir.resolve(name + ".log"));
                    }
                }, out));
    }

    /** A whole dmig migrate of the data set with {@code more} options (--follow), in a fresh JVM; its figures. */
    private ObjectNode migrateFollowing(S3Client s3, Dataset dataset, String runId, List<String> more) {
        String name = dataset.kind.text() + "-" + dataset.requested + "-follow";
        Path plan = workDir.resolve(name + "-plan.json");
        MigrateProcess.writePlan(plan, dataset.plan(null, null));
        ObjectNode node = MigrateProcess.run(options.workerJavaOptions(), plan, runId, stores, s3, workDir.resolve(name + ".log"),
                more);
        node.put("dataset", dataset.kind.text());
        node.put("size", dataset.requested);
        node.put("mode", "follow");
        runs.add(node);
        return node;
    }

    /** Returns the raw configurations worth trying at the next size: the best three of this one's selection. */
    private List<String> measureSize(DynamoDbClient dynamoDb, S3Client s3, Dataset.Kind kind, int size, List<String> rawConfigs) {
        // Against the one-pass script, the whole app with its Storage files.
        Dataset dataset = Dataset.of(kind, size, "b" + kind.text().charAt(0) + size + "p" + ProcessHandle.current().pid(),
                options.phases().contains("onepass"));
        out.printf(Locale.ROOT, "%n%s, about %,d items: loading %,d items into %d source tables ...%n", kind.text(), size,
                dataset.items(), dataset.counts.size());
        out.flush();
        long loadStart = System.nanoTime();
        dataset.setUp(dynamoDb, s3);
        out.printf(Locale.ROOT, "  loaded in %.1f s%s%n", (System.nanoTime() - loadStart) / 1e9,
                dataset.storage == null ? "" : String.format(Locale.ROOT, "; %,d Storage objects in %s", dataset.objects(s3, false),
                        dataset.storage.devBucket()));
        List<String> next = rawConfigs;
        // dmig is measured warm, as the raw ceiling is: each dmig JVM first runs a whole migration of a smaller copy.
        Dataset warmUp = options.phases().contains("dmig") && options.dmigWarmUp() > 0
                ? Dataset.of(kind, options.dmigWarmUp(), "bw" + kind.text().charAt(0) + size + "p" + ProcessHandle.current().pid())
                : null;
        try {
            if (warmUp != null) {
                warmUp.setUp(dynamoDb);
            }
            if (options.phases().contains("raw") && rawConfigs.size() > 1) {
                // Choosing the settings is not measuring them: the fastest of several trials is lucky, and a JVM's
                // later trials run warmer than its first. The best setting is then measured alone in each repetition,
                // in a fresh JVM after the same warm-up, as dmig is.
                ObjectNode selection = worker(dataset, "raw", 0, Map.of("configs", String.join(",", rawConfigs)));
                selection.put("selection", true);
                next = printRawTrials(selection, "select");
                rawConfigs = List.of(next.get(0));
            }
            for (int rep = 1; rep <= options.repeat(); rep++) {
                if (options.phases().contains("raw")) {
                    printRawTrials(worker(dataset, "raw", rep, Map.of("configs", String.join(",", rawConfigs))), "#" + rep);
                }
                if (options.phases().contains("dmig")) {
                    measureDmig(dataset, warmUp, rep);
                }
                if (options.phases().contains("onepass")) {
                    measureAgainstOnePass(dynamoDb, s3, dataset, rep);
                }
                if (options.phases().contains("peer")) {
                    if (rep == 1 && peer != null) {
                        warmStore(dynamoDb, s3, dataset);
                    }
                    measureAsUsersRun(dynamoDb, s3, dataset, rep);
                }
            }
        } finally {
            dataset.tearDown(dynamoDb, s3);
            if (warmUp != null) {
                warmUp.tearDown(dynamoDb);
            }
        }
        return next;
    }

    /** One dmig migration in a worker JVM, after a whole run of {@code warmUp} when there is one; prints its figures. */
    private void measureDmig(Dataset dataset, Dataset warmUp, int rep) {
        Map<String, String> extra = new LinkedHashMap<>();
        if (options.segments() != null) {
            extra.put("segments", options.segments().toString());
        }
        if (options.pageSize() != null) {
            extra.put("pageSize", options.pageSize().toString());
        }
        if (options.liveHeapProbeMs() > 0) {
            extra.put("liveHeapProbeMs", Long.toString(options.liveHeapProbeMs()));
        }
        if (options.writeConcurrency() != null) {
            extra.put("writeConcurrency", options.writeConcurrency().toString());
        }
        if (warmUp != null) {
            extra.put("warmUpItems", Integer.toString(warmUp.requested));
            extra.put("warmUpTag", warmUp.tag);
        }
        ObjectNode dmig = worker(dataset, "dmig", rep, extra);
        out.printf(Locale.ROOT, "  dmig #%d  %s  migration %,8d items/s (%.1f s)  whole run %,6d items/s (%.1f s: analysis %.1f, "
                        + "migration %.1f, validation %.1f)  heap peak %6.1f MB (after GC %6.1f)  RSS peak %6.1f MB%n",
                rep, dmig.path("status").asText(), dmig.path("migrateItemsPerSecond").asLong(), dmig.path("migrateSeconds").asDouble(),
                dmig.path("wholeItemsPerSecond").asLong(), dmig.path("wholeSeconds").asDouble(),
                dmig.path("analyzeSeconds").asDouble(), dmig.path("migrateSeconds").asDouble(),
                dmig.path("validateSeconds").asDouble(), dmig.at("/memory/heapPeakMb").asDouble(),
                dmig.at("/memory/heapAfterGcMaxMb").asDouble(), dmig.at("/memory/rssPeakMb").asDouble());
        if (options.liveHeapProbeMs() > 0) {
            out.printf(Locale.ROOT, "           live heap (full GC every %d ms) at most %.1f MB%n", options.liveHeapProbeMs(),
                    dmig.at("/memory/heapLiveMaxMb").asDouble());
        }
        out.flush();
    }

    /**
     * Installs the npm peer once, or says in one line why the peer phase goes without it; {@code dmig migrate}
     * in a fresh JVM is measured either way.
     */
    private void preparePeer() {
        report.put("peerPackage", PeerCopy.PACKAGE + "@" + PeerCopy.VERSION + " with aws-sdk@" + PeerCopy.AWS_SDK_VERSION);
        try {
            peer = PeerCopy.prepare(Path.of(System.getProperty("user.home"), ".cache", "dmig-bench", "peer"));
            report.put("node", peer.nodeVersion);
            out.println("peer: " + PeerCopy.PACKAGE + " " + PeerCopy.VERSION + " (aws-sdk " + PeerCopy.AWS_SDK_VERSION + ") on node "
                    + peer.nodeVersion + ", and ./dmig migrate: each a fresh process per repetition (a fresh JVM for dmig), timed from "
                    + "start to exit, after one uncounted run of each");
        } catch (PeerCopy.UnavailableException e) {
            report.put("peerSkipped", e.getMessage());
            out.println("peer phase skipped: " + e.getMessage() + " (dmig migrate in a fresh JVM is still measured)");
        }
    }

    /**
     * The comparison a user sees: the npm peer's copy and a whole {@code dmig migrate}, each a fresh process
     * timed from start to exit. Their order alternates between repetitions, so that neither always runs second.
     */
    private void measureAsUsersRun(DynamoDbClient dynamoDb, S3Client s3, Dataset dataset, int rep) {
        ObjectNode peerRun = null;
        ObjectNode migrate;
        if (rep % 2 == 0) {
            migrate = measureMigrate(dynamoDb, s3, dataset, rep);
            peerRun = peer == null ? null : measurePeer(dynamoDb, dataset, rep);
        } else {
            peerRun = peer == null ? null : measurePeer(dynamoDb, dataset, rep);
            migrate = measureMigrate(dynamoDb, s3, dataset, rep);
        }
        double dmigSeconds = migrate.get("processSeconds").asDouble();
        String ratio = "";
        if (peerRun != null) {
            double value = peerRun.get("seconds").asDouble() / dmigSeconds;
            migrate.put("peerToDmig", Worker.round(value));
            ratio = String.format(Locale.ROOT, "   peer/dmig %.2f", value);
        }
        out.printf(Locale.ROOT, "  dmig migrate #%d  fresh JVM, start to exit %6.1f s (%s)%s%s%n", rep, dmigSeconds, phasesText(migrate),
                ratio, cpuText(migrate));
        out.flush();
    }

    /**
     * One copy by each tool, not counted, before the first measured pair. The store has only just been loaded, and
     * whichever copy ran first paid for its warming up (the peer's first copy took 4.8–5.3 s, its later ones 3.5–3.7).
     * And a user's first {@code ./dmig} command after a build leaves the class archive the later ones start from (it
     * took ~2 s more): the measured runs are those of a tool that has run before, as the peer's are.
     */
    private void warmStore(DynamoDbClient dynamoDb, S3Client s3, Dataset dataset) {
        dataset.recreate(dynamoDb, dataset.peerSuffix);
        Map<String, String> tables = new LinkedHashMap<>();
        dataset.models().forEach(model -> tables.put(model + dataset.devSuffix, model + dataset.peerSuffix));
        StoreCpu beforePeer = storeCpu();
        PeerCopy.Result result = peer.copy(toolStores.dynamoDbEndpoint(), stores.region(), stores.accessKey(), stores.secretKey(),
                tables, workDir.resolve(dataset.kind.text() + "-" + dataset.requested + "-store-warm-up.log"));
        ObjectNode peerRun = Json.MAPPER.createObjectNode();
        putCpu(peerRun, result, beforePeer, storeCpu());
        dataset.recreate(dynamoDb, dataset.prodSuffix);
        ObjectNode first = migrate(dynamoDb, s3, dataset, options.segments(), toolStores, "migrate-warm-up", storeCpu());
        out.printf(Locale.ROOT, "  warm-up: one copy by the peer (%.1f s%s) and one dmig migrate (%.1f s%s), not counted%n", result.seconds(),
                cpuText(peerRun), first.get("processSeconds").asDouble(), cpuText(first));
        out.flush();
    }

    /** This JVM's CPU-seconds and compiler seconds so far, when it hosts the stores; empty otherwise. */
    private StoreCpu storeCpu() {
        return storesHere ? new StoreCpu(ProcessCpu.ownSeconds(), ProcessCpu.ownCompileSeconds()) : StoreCpu.NONE;
    }

    /** What this JVM, the stores', had used at one moment: CPU-seconds, and its compilers' seconds. */
    private record StoreCpu(OptionalDouble cpu, OptionalDouble compile) {
        static final StoreCpu NONE = new StoreCpu(OptionalDouble.empty(), OptionalDouble.empty());

        /**
         * Puts the stores' CPU-seconds and compiler seconds from this moment to {@code after} into {@code run}, where both
         * were read. {@code after} is read as soon as the tool's process has ended: the bench's own count of the copied
         * items, which follows, is work of the store's too (at 100,000 items, minutes of it).
         */
        void until(StoreCpu after, ObjectNode run) {
            delta(cpu, after.cpu).ifPresent(v -> run.put("storeCpuSeconds", Worker.round(v)));
            delta(compile, after.compile).ifPresent(v -> run.put("storeCompileSeconds", Worker.round(v)));
        }

        private static OptionalDouble delta(OptionalDouble before, OptionalDouble after) {
            return before.isPresent() && after.isPresent() ? OptionalDouble.of(after.getAsDouble() - before.getAsDouble())
                    : OptionalDouble.empty();
        }
    }

    /** Puts a peer copy's CPU-seconds into {@code run}, and the stores' from {@code before} to {@code after}. */
    private static void putCpu(ObjectNode run, PeerCopy.Result result, StoreCpu before, StoreCpu after) {
        result.cpuSeconds().ifPresent(cpu -> run.put("cpuSeconds", Worker.round(cpu)));
        before.until(after, run);
    }

    /** "; CPU-s: tool 9.8, store 5.1 (its compilers 0.4)", from a run's figures; empty without the tool's. */
    /** A {@code dmig migrate} run's phases, in seconds, from its execution's history ({@link MigrateProcess}). */
    private static String phasesText(JsonNode migrate) {
        return String.format(Locale.ROOT, "analysis %.1f, migration %.1f [levels %s], validation %.1f, finalize %.1f, ID maps %.1f; "
                        + "outside the execution %.1f", migrate.get("analyzeSeconds").asDouble(), migrate.get("migrateSeconds").asDouble(),
                levelsText(migrate), migrate.get("validateSeconds").asDouble(), migrate.get("finalizeSeconds").asDouble(),
                migrate.path("idMapsSeconds").asDouble(Double.NaN), migrate.get("outsideExecutionSeconds").asDouble());
    }

    /** A run's levels' seconds, {@code 1.1 / 1.4 / 0.7}. */
    private static String levelsText(JsonNode migrate) {
        List<String> levels = new ArrayList<>();
        migrate.path("levelSeconds").forEach(level -> levels.add(String.format(Locale.ROOT, "%.1f", level.asDouble())));
        return levels.isEmpty() ? "-" : String.join(" / ", levels);
    }

    private static String cpuText(JsonNode run) {
        if (!run.has("cpuSeconds")) {
            return "";
        }
        return String.format(Locale.ROOT, "; CPU-s: tool %.1f%s%s", run.get("cpuSeconds").asDouble(),
                run.has("storeCpuSeconds") ? String.format(Locale.ROOT, ", store %.1f", run.get("storeCpuSeconds").asDouble()) : "",
                run.has("storeCompileSeconds") ? String.format(Locale.ROOT, " (its compilers %.1f)", run.get("storeCompileSeconds").asDouble()) : "");
    }

    private ObjectNode measurePeer(DynamoDbClient dynamoDb, Dataset dataset, int rep) {
        dataset.recreate(dynamoDb, dataset.peerSuffix);
        Map<String, String> tables = new LinkedHashMap<>();
        dataset.models().forEach(model -> tables.put(model + dataset.devSuffix, model + dataset.peerSuffix));
        String name = dataset.kind.text() + "-" + dataset.requested + "-peer-" + rep;
        StoreCpu storeBefore = storeCpu();
        PeerCopy.Result result = peer.copy(toolStores.dynamoDbEndpoint(), stores.region(), stores.accessKey(), stores.secretKey(), tables,
                workDir.resolve(name + ".log"));
        StoreCpu storeAfter = storeCpu();
        long source = count(dynamoDb, dataset, dataset.devSuffix);
        long copied = count(dynamoDb, dataset, dataset.peerSuffix);
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("kind", "peer");
        node.put("dataset", dataset.kind.text());
        node.put("size", dataset.requested);
        node.put("repetition", rep);
        node.put("mode", "peer");
        node.put("items", source);
        node.put("seconds", Worker.round(result.seconds()));
        node.put("itemsPerSecond", Math.round(source / result.seconds()));
        node.put("copiedByItsCount", result.copied());
        putCpu(node, result, storeBefore, storeAfter);
        node.put("destinationItems", copied);
        runs.add(node);
        if (copied != source) {
            throw new IllegalStateException(PeerCopy.PACKAGE + " left " + copied + " items in the *" + dataset.peerSuffix + " tables where the "
                    + "source holds " + source + "; its log: " + workDir.resolve(name + ".log"));
        }
        out.printf(Locale.ROOT, "  peer #%d  %s %s, start to exit %6.1f s  %,8d items/s  (destination holds %,d of %,d items)%s%n", rep,
                PeerCopy.PACKAGE, PeerCopy.VERSION, result.seconds(), Math.round(source / result.seconds()), copied, source, cpuText(node));
        out.flush();
        return node;
    }

    /**
     * The one-pass copier a team would write ({@link OnePass}: dmig's own mapping, no journal, no checks) against a whole
     * {@code dmig migrate}, each a fresh process timed from start to exit, in alternating order; on the first repetition one
     * uncounted run of each first.
     */
    private void measureAgainstOnePass(DynamoDbClient dynamoDb, S3Client s3, Dataset dataset, int rep) {
        if (rep == 1) {
            ObjectNode first = measureOnePass(dynamoDb, s3, dataset, 0);
            dataset.clearTarget(dynamoDb, s3);
            ObjectNode migrate = migrate(dynamoDb, s3, dataset, options.segments(), toolStores, "migrate-warm-up", storeCpu());
            out.printf(Locale.ROOT, "  warm-up: one pass %.1f s, dmig migrate %.1f s, not counted%n", first.get("seconds").asDouble(),
                    migrate.get("processSeconds").asDouble());
        }
        ObjectNode onePass;
        ObjectNode migrate;
        if (rep % 2 == 0) {
            migrate = measureMigrate(dynamoDb, s3, dataset, rep);
            onePass = measureOnePass(dynamoDb, s3, dataset, rep);
        } else {
            onePass = measureOnePass(dynamoDb, s3, dataset, rep);
            migrate = measureMigrate(dynamoDb, s3, dataset, rep);
        }
        double ratio = onePass.get("seconds").asDouble() / migrate.get("processSeconds").asDouble();
        migrate.put("onePassToDmig", Worker.round(ratio));
        out.printf(Locale.ROOT, "  one pass #%d  fresh JVM, start to exit %6.1f s  (destination holds %,d items, %,d objects)%s%n", rep,
                onePass.get("seconds").asDouble(), onePass.get("destinationItems").asLong(), onePass.path("destinationObjects").asLong(),
                cpuText(onePass));
        out.printf(Locale.ROOT, "  dmig migrate #%d  fresh JVM, start to exit %6.1f s (%s)   one pass/dmig %.2f%s%n", rep,
                migrate.get("processSeconds").asDouble(), phasesText(migrate), ratio, cpuText(migrate));
        if (onePass.get("destinationItems").asLong() != migrate.get("destinationItems").asLong()
                || onePass.path("destinationObjects").asLong() != migrate.path("destinationObjects").asLong()) {
            throw new IllegalStateException("the one-pass copier wrote " + onePass.get("destinationItems").asLong() + " items and "
                    + onePass.path("destinationObjects").asLong() + " objects where dmig wrote " + migrate.get("destinationItems").asLong()
                    + " and " + migrate.path("destinationObjects").asLong() + ": they do not do the same work");
        }
        out.flush();
    }

    private ObjectNode measureOnePass(DynamoDbClient dynamoDb, S3Client s3, Dataset dataset, int rep) {
        dataset.clearTarget(dynamoDb, s3);
        String name = dataset.kind.text() + "-" + dataset.requested + "-onepass-" + rep;
        Path plan = workDir.resolve(name + "-plan.json");
        MigrateProcess.writePlan(plan, dataset.plan(null, null));
        dataset.writeIdentitiesBeside(plan);
        StoreCpu before = storeCpu();
        ObjectNode node;
        try (StoreRecording recording = StoreRecording.start(options.jfrDir(), name)) {
            node = OnePassProcess.run(StoreRecording.jvmOptions(List.of(), options.jfrDir(), name), plan, toolStores,
                    workDir.resolve(name + ".log"));
        }
        before.until(storeCpu(), node);
        node.put("dataset", dataset.kind.text());
        node.put("size", dataset.requested);
        node.put("repetition", rep);
        node.put("items", count(dynamoDb, dataset, dataset.devSuffix));
        node.put("destinationItems", count(dynamoDb, dataset, dataset.prodSuffix));
        node.put("destinationObjects", dataset.objects(s3, true));
        if (rep > 0) {
            runs.add(node);
        }
        return node;
    }

    /** One run of the one-pass copier against the stores {@code at}, its target emptied before by the caller; its figures. */
    private ObjectNode onePass(DynamoDbClient dynamoDb, S3Client s3, Dataset dataset, Stores at, boolean sequential, String label) {
        String name = dataset.kind.text() + "-" + dataset.requested + "-" + label;
        Path plan = workDir.resolve(name + "-plan.json");
        MigrateProcess.writePlan(plan, dataset.plan(null, null));
        dataset.writeIdentitiesBeside(plan);
        ObjectNode node = OnePassProcess.run(List.of(), plan, at, workDir.resolve(name + ".log"), sequential);
        node.put("dataset", dataset.kind.text());
        node.put("size", dataset.requested);
        node.put("items", count(dynamoDb, dataset, dataset.devSuffix));
        node.put("destinationItems", count(dynamoDb, dataset, dataset.prodSuffix));
        node.put("destinationObjects", dataset.objects(s3, true));
        return node;
    }

    private ObjectNode measureMigrate(DynamoDbClient dynamoDb, S3Client s3, Dataset dataset, int rep) {
        dataset.clearTarget(dynamoDb, s3);
        ObjectNode node = migrate(dynamoDb, s3, dataset, options.segments(), toolStores, "migrate-" + rep, storeCpu());
        // One mode for every measured run, which the summary gathers (the label names the run's files).
        node.put("mode", "migrate");
        node.put("repetition", rep);
        return node;
    }

    /**
     * A whole {@code dmig migrate} of the data set, as a user runs it, against the stores {@code at} (the stores, or
     * fronts before them); fails unless it ends SUCCEEDED. The target tables must be there, empty. The stores'
     * CPU from {@code storeBefore} goes into the run's figures ({@link StoreCpu#NONE}: none).
     */
    private ObjectNode migrate(DynamoDbClient dynamoDb, S3Client s3, Dataset dataset, Integer segments, Stores at, String label,
                               StoreCpu storeBefore) {
        return migrate(dynamoDb, s3, dataset, new Planned(dataset.plan(segments, null), Map.of()), at, label, storeBefore);
    }

    /** A plan to run, and what its process's environment needs besides the bench's (a masked plan's key). */
    private record Planned(ObjectNode plan, Map<String, String> environment) {
    }

    /** The same with {@code planned}'s plan in place of the data set's own, and its environment added to the process's. */
    private ObjectNode migrate(DynamoDbClient dynamoDb, S3Client s3, Dataset dataset, Planned planned, Stores at, String label,
                               StoreCpu storeBefore) {
        String name = dataset.kind.text() + "-" + dataset.requested + "-" + label;
        Path plan = workDir.resolve(name + "-plan.json");
        MigrateProcess.writePlan(plan, planned.plan());
        dataset.writeIdentitiesBeside(plan);
        ObjectNode node;
        try (StoreRecording recording = StoreRecording.start(options.jfrDir(), name)) {
            node = MigrateProcess.run(StoreRecording.jvmOptions(options.workerJavaOptions(), options.jfrDir(), name), plan,
                    "bench-" + name + "-" + System.currentTimeMillis(), at, s3, workDir.resolve(name + ".log"), planned.environment());
        }
        // Up to the run's history read back, before the counts below.
        storeBefore.until(storeCpu(), node);
        long source = count(dynamoDb, dataset, dataset.devSuffix);
        long copied = count(dynamoDb, dataset, dataset.prodSuffix);
        node.put("dataset", dataset.kind.text());
        node.put("size", dataset.requested);
        node.put("mode", label);
        node.put("items", source);
        node.put("destinationItems", copied);
        node.put("destinationObjects", dataset.objects(s3, true));
        runs.add(node);
        // The count is recorded, not required: the sample data set's plan may leave items behind by design; dmig's own validation passed.
        if (!node.get("status").asText().equals("SUCCEEDED")) {
            throw new IllegalStateException("dmig migrate ended " + node.get("status").asText() + "; its log: " + workDir.resolve(name + ".log"));
        }
        return node;
    }

    /** Items in the data set's tables of one suffix, counted by a full Scan (DynamoDB's ItemCount may lag). */
    private static long count(DynamoDbClient dynamoDb, Dataset dataset, String suffix) {
        long items = 0;
        for (String model : dataset.models()) {
            String table = model + suffix;
            for (ScanResponse page : dynamoDb.scanPaginator(b -> b.tableName(table).select(Select.COUNT).overrideConfiguration(Clients.WHOLE_TABLE))) {
                items += page.count();
            }
        }
        return items;
    }

    /** Prints a raw worker's trials; returns the best three settings, fastest first. */
    private List<String> printRawTrials(ObjectNode raw, String label) {
        List<JsonNode> trials = new ArrayList<>();
        raw.path("trials").forEach(trials::add);
        for (JsonNode trial : trials) {
            out.printf(Locale.ROOT, "  raw  %-6s %-10s segments x writers  %,8d items/s  %6.1f s  heap peak %6.1f MB (after GC %6.1f)  RSS peak %6.1f MB%n",
                    label, trial.get("config").asText(), trial.get("itemsPerSecond").asLong(), trial.get("seconds").asDouble(),
                    trial.at("/memory/heapPeakMb").asDouble(), trial.at("/memory/heapAfterGcMaxMb").asDouble(),
                    trial.at("/memory/rssPeakMb").asDouble());
        }
        out.flush();
        trials.sort(Comparator.comparingLong((JsonNode t) -> t.get("itemsPerSecond").asLong()).reversed());
        List<String> best = new ArrayList<>();
        trials.stream().limit(3).forEach(t -> best.add(t.get("config").asText()));
        return best;
    }

    private void measureRate(DynamoDbClient dynamoDb) {
        int limit = options.rate();
        Dataset dataset = Dataset.of(Dataset.Kind.WIDE, options.rateItems(), "brate" + ProcessHandle.current().pid());
        out.printf(Locale.ROOT, "%nwrite-rate limit: %,d items/s on one table of %,d items with %d segments%n", limit,
                dataset.items(), options.rateSegments());
        out.flush();
        dataset.setUp(dynamoDb);
        try {
            ObjectNode dmig = worker(dataset, "rate", 1, Map.of("rate", Integer.toString(limit),
                    "segments", Integer.toString(options.rateSegments())));
            List<Long> perSecond = new ArrayList<>();
            dmig.path("writtenPerSecond").forEach(n -> perSecond.add(n.asLong()));
            // The first and last seconds are partial: the steady rate is measured between them.
            List<Long> steady = perSecond.size() > 2 ? perSecond.subList(1, perSecond.size() - 1) : perSecond;
            double steadyRate = steady.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
            double overall = dmig.path("items").asDouble() / dmig.path("migrateSeconds").asDouble();
            long min = steady.stream().mapToLong(Long::longValue).min().orElse(0);
            long max = steady.stream().mapToLong(Long::longValue).max().orElse(0);
            ObjectNode rate = report.putObject("rateLimit");
            rate.put("limit", limit);
            rate.put("segments", options.rateSegments());
            rate.put("items", dataset.items());
            rate.put("migrateSeconds", dmig.path("migrateSeconds").asDouble());
            rate.put("overallItemsPerSecond", Math.round(overall));
            rate.put("steadyItemsPerSecond", Math.round(steadyRate));
            rate.put("steadyDeviation", Worker.round((steadyRate / limit - 1) * 100) / 100.0);
            rate.put("overallDeviation", Worker.round((overall / limit - 1) * 100) / 100.0);
            rate.put("minSecond", min);
            rate.put("maxSecond", max);
            out.printf(Locale.ROOT, "  achieved %,.0f items/s over the migration phase (%+.1f%%), %,.0f items/s in whole seconds "
                            + "(%+.1f%%; per second %,d to %,d)%n", overall, (overall / limit - 1) * 100, steadyRate,
                    (steadyRate / limit - 1) * 100, min, max);
        } finally {
            dataset.tearDown(dynamoDb);
        }
    }

    private List<String> workerJvm() {
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + options.workerHeap());
        jvm.addAll(options.workerJavaOptions());
        return jvm;
    }

    private ObjectNode worker(Dataset dataset, String mode, int rep, Map<String, String> extra) {
        String name = dataset.kind.text() + "-" + dataset.requested + "-" + mode + "-" + rep;
        Path result = workDir.resolve(name + ".json");
        Path log = workDir.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(workerJvm());
        if (options.jfrDir() != null) {
            command.add("-XX:StartFlightRecording=filename=" + options.jfrDir().resolve(name + ".jfr").toAbsolutePath()
                    + ",settings=profile");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Worker.class.getName());
        command.add("mode=" + ("rate".equals(mode) ? "dmig" : mode));
        command.add("dataset=" + dataset.kind.name());
        command.add("items=" + dataset.requested);
        command.add("tag=" + dataset.tag);
        command.add("dynamodb=" + stores.dynamoDbEndpoint());
        command.add("s3=" + stores.s3Endpoint());
        command.add("bucket=" + stores.bucket());
        command.add("region=" + stores.region());
        command.add("http=" + options.http());
        command.add("runId=bench-" + name + "-" + System.currentTimeMillis());
        command.add("out=" + result);
        if (stores.accessKey() != null) {
            command.add("accessKey=" + stores.accessKey());
            command.add("secretKey=" + stores.secretKey());
        }
        extra.forEach((k, v) -> command.add(k + "=" + v));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int code = process.waitFor();
            ObjectNode node = Files.exists(result) ? (ObjectNode) Json.tree(Files.readAllBytes(result)) : Json.MAPPER.createObjectNode();
            node.put("dataset", dataset.kind.text());
            node.put("size", dataset.requested);
            node.put("repetition", rep);
            node.put("mode", mode);
            runs.add(node);
            if (code != 0 || node.has("error")) {
                err.println("error: the " + mode + " worker for " + name + " failed (exit " + code + "): " + node.path("error").asText()
                        + "; its log: " + log);
                throw new IllegalStateException("the " + mode + " measurement failed; see " + log);
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void printSummary() {
        ArrayNode summary = report.putArray("summary");
        out.println();
        out.println("Summary (median of the repetitions, [min-max] when there are several)");
        for (String kind : options.datasets()) {
            for (int size : options.sizes()) {
                SizeRuns these = runsOf(kind, size);
                if (these.raw().isEmpty() && these.dmig().isEmpty() && these.migrates().isEmpty()) {
                    continue;
                }
                out.printf(Locale.ROOT, "%s, %,d items%n", kind, these.items());
                ObjectNode row = summary.addObject();
                row.put("dataset", kind);
                row.put("items", these.items());
                if (!these.migrates().isEmpty()) {
                    summarizeAsUsersRun(these.peers(), these.migrates(), row);
                }
                if (!these.raw().isEmpty() || !these.dmig().isEmpty()) {
                    summarizeCopies(these.raw(), these.dmig(), row);
                }
            }
        }
    }

    /**
     * The measured runs of one data set and size, by tool: each repetition's best raw trial, the dmig runs, the peer's
     * copies and the {@code dmig migrate} processes; and the data set's items.
     */
    private record SizeRuns(long items, List<JsonNode> raw, List<JsonNode> dmig, List<JsonNode> peers, List<JsonNode> migrates) {}

    private SizeRuns runsOf(String kind, int size) {
        List<JsonNode> raw = new ArrayList<>();
        List<JsonNode> dmig = new ArrayList<>();
        List<JsonNode> peers = new ArrayList<>();
        List<JsonNode> migrates = new ArrayList<>();
        long items = 0;
        for (JsonNode run : runs) {
            if (!run.path("dataset").asText().equals(kind.toLowerCase(Locale.ROOT)) || run.path("size").asInt() != size) {
                continue;
            }
            items = run.path("items").asLong();
            if (run.path("selection").asBoolean()) {
                continue;
            }
            if (run.path("mode").asText().equals("raw")) {
                // The best configuration of each repetition is that repetition's ceiling.
                JsonNode best = null;
                for (JsonNode trial : run.path("trials")) {
                    if (best == null || trial.get("itemsPerSecond").asLong() > best.get("itemsPerSecond").asLong()) {
                        best = trial;
                    }
                }
                if (best != null) {
                    raw.add(best);
                }
            } else if (run.path("mode").asText().equals("dmig")) {
                dmig.add(run);
            } else if (run.path("mode").asText().equals("peer")) {
                peers.add(run);
            } else if (run.path("mode").asText().equals("migrate")) {
                migrates.add(run);
            }
        }
        return new SizeRuns(items, raw, dmig, peers, migrates);
    }

    /** The raw ceiling against dmig's migration in its worker JVM: rates, their ratio, heap and RSS. */
    private void summarizeCopies(List<JsonNode> raw, List<JsonNode> dmig, ObjectNode row) {
        Range rawRate = Range.of(raw, "/itemsPerSecond");
        Range migrate = Range.of(dmig, "/migrateItemsPerSecond");
        Range whole = Range.of(dmig, "/wholeItemsPerSecond");
        double ratio = rawRate.median() > 0 ? migrate.median() / rawRate.median() : Double.NaN;
        // Each repetition's raw and dmig runs are neighbours in time: their ratio is the least affected by the machine's drift.
        List<Double> pairs = new ArrayList<>();
        for (int i = 0; i < Math.min(raw.size(), dmig.size()); i++) {
            pairs.add(Worker.round(dmig.get(i).path("migrateItemsPerSecond").asDouble() / raw.get(i).get("itemsPerSecond").asDouble()));
        }
        Range rawHeap = Range.of(raw, "/memory/heapPeakMb");
        Range dmigHeap = Range.of(dmig, "/memory/heapPeakMb");
        Range dmigAfterGc = Range.of(dmig, "/memory/heapAfterGcMaxMb");
        Range rawAfterGc = Range.of(raw, "/memory/heapAfterGcMaxMb");
        Range rawRss = Range.of(raw, "/memory/rssPeakMb");
        Range dmigRss = Range.of(dmig, "/memory/rssPeakMb");
        String bestConfig = raw.isEmpty() ? "" : "  best raw settings " + raw.get(raw.size() - 1).get("config").asText();
        Range dmigLive = Range.of(dmig, "/memory/heapLiveMaxMb");
        out.printf(Locale.ROOT, "  raw ceiling          %s items/s%s%n", rawRate.text(), bestConfig);
        out.printf(Locale.ROOT, "  dmig migration       %s items/s   ratio to raw %s%s%n", migrate.text(),
                Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio),
                pairs.size() < 2 ? "" : "   (by repetition " + pairs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r))
                        .collect(Collectors.joining(", ")) + ")");
        out.printf(Locale.ROOT, "  dmig whole run       %s items/s   (analysis + migration + validation)%n", whole.text());
        out.printf(Locale.ROOT, "  heap peak MB         raw %s   dmig %s%n", rawHeap.text(), dmigHeap.text());
        out.printf(Locale.ROOT, "  heap after GC MB     raw %s   dmig %s%s%n", rawAfterGc.text(), dmigAfterGc.text(),
                dmigLive.values().isEmpty() || dmigLive.median() < 0 ? "" : "   dmig live (full-GC probe) " + dmigLive.text());
        out.printf(Locale.ROOT, "  RSS peak MB          raw %s   dmig %s%n", rawRss.text(), dmigRss.text());
        row.set("rawItemsPerSecond", rawRate.json());
        row.set("dmigMigrationItemsPerSecond", migrate.json());
        row.set("dmigWholeRunItemsPerSecond", whole.json());
        row.put("ratioMigrationToRaw", Double.isNaN(ratio) ? null : Worker.round(ratio));
        pairs.forEach(row.putArray("ratioByRepetition")::add);
        row.set("rawHeapPeakMb", rawHeap.json());
        row.set("dmigHeapPeakMb", dmigHeap.json());
        row.set("rawHeapAfterGcMaxMb", rawAfterGc.json());
        row.set("dmigHeapAfterGcMaxMb", dmigAfterGc.json());
        row.set("dmigHeapLiveMaxMb", dmigLive.json());
        row.set("rawRssPeakMb", rawRss.json());
        row.set("dmigRssPeakMb", dmigRss.json());
    }

    /**
     * The peer against {@code dmig migrate}, both timed from process start to exit, with dmig's phases: what
     * a user waits for, and whether analysis and validation each stay within half the migration phase.
     */
    /** The one-pass copier against the same {@code dmig migrate} runs, when it ran: its seconds, and the pairs' ratio. */
    private void summarizeOnePass(List<JsonNode> migrates, ObjectNode row) {
        List<JsonNode> onePasses = new ArrayList<>();
        runs.forEach(run -> {
            if (run.path("mode").asText().equals("onepass") && run.path("dataset").asText().equals(row.path("dataset").asText())
                    && run.path("items").asLong() == row.path("items").asLong()) {
                onePasses.add(run);
            }
        });
        if (onePasses.isEmpty()) {
            return;
        }
        List<Double> pairs = ratios(migrates, "onePassToDmig");
        Range seconds = Range.of(onePasses, "/seconds");
        Range ratio = new Range(pairs.stream().sorted().toList());
        out.printf(Locale.ROOT, "  one pass, fresh JVM, start to exit              %s s%n", seconds.text());
        out.printf(Locale.ROOT, "  one pass time / dmig time                       %s   (1.0 or more: dmig at least as fast)%n", ratio.ratioText());
        row.set("onePassSeconds", seconds.json());
        row.set("onePassToDmig", ratio.json());
    }

    /** dmig migrate's seconds, and the peer's beside them when the peer phase ran. */
    private void printAgainstPeer(List<JsonNode> peers, Range peerSeconds, Range dmigSeconds, Range ratio, List<Double> pairs) {
        boolean peerRan = options.phases().contains("peer");
        if (peerRan) {
            out.printf(Locale.ROOT, "  peer (%s %s), start to exit %s s%s%n", PeerCopy.PACKAGE, PeerCopy.VERSION, peerSeconds.text(),
                    peers.isEmpty() ? "   (skipped: " + report.path("peerSkipped").asText("not run") + ")" : "");
        }
        out.printf(Locale.ROOT, "  dmig migrate, fresh JVM, start to exit          %s s%n", dmigSeconds.text());
        if (peerRan) {
            out.printf(Locale.ROOT, "  peer time / dmig time                           %s%s%n", ratio.ratioText(),
                    pairs.size() < 2 ? "" : "   (by repetition " + pairs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r))
                            .collect(Collectors.joining(", ")) + "; 1.0 or more: dmig at least as fast)");
        }
    }

    /** Each {@code dmig migrate} run's ratio to its neighbour in time ({@code field}), where it has one. */
    private static List<Double> ratios(List<JsonNode> migrates, String field) {
        return migrates.stream().filter(m -> m.has(field)).map(m -> m.get(field).asDouble()).toList();
    }

    private void summarizeAsUsersRun(List<JsonNode> peers, List<JsonNode> migrates, ObjectNode row) {
        Range peerSeconds = Range.of(peers, "/seconds");
        Range dmigSeconds = Range.of(migrates, "/processSeconds");
        Range analysis = Range.of(migrates, "/analyzeSeconds");
        Range migration = Range.of(migrates, "/migrateSeconds");
        Range validation = Range.of(migrates, "/validateSeconds");
        Range finalize = Range.of(migrates, "/finalizeSeconds");
        Range idMaps = Range.of(migrates, "/idMapsSeconds");
        Range outside = Range.of(migrates, "/outsideExecutionSeconds");
        Range peerCpu = Range.of(peers, "/cpuSeconds");
        Range peerStoreCpu = Range.of(peers, "/storeCpuSeconds");
        Range dmigCpu = Range.of(migrates, "/cpuSeconds");
        Range dmigStoreCpu = Range.of(migrates, "/storeCpuSeconds");
        // Each repetition's peer and dmig runs are neighbours in time, so their ratio is the least affected by the machine's drift.
        List<Double> pairs = ratios(migrates, "peerToDmig");
        Range ratio = new Range(pairs.stream().sorted().toList());
        List<JsonNode> shares = new ArrayList<>();
        for (JsonNode m : migrates) {
            ObjectNode share = Json.MAPPER.createObjectNode();
            share.put("analysis", Worker.round(m.get("analyzeSeconds").asDouble() / m.get("migrateSeconds").asDouble()));
            share.put("validation", Worker.round(m.get("validateSeconds").asDouble() / m.get("migrateSeconds").asDouble()));
            shares.add(share);
        }
        Range analysisShare = Range.of(shares, "/analysis");
        Range validationShare = Range.of(shares, "/validation");
        printAgainstPeer(peers, peerSeconds, dmigSeconds, ratio, pairs);
        summarizeOnePass(migrates, row);
        List<String> levels = new ArrayList<>();
        for (int level = 0; level < (migrates.isEmpty() ? 0 : migrates.get(0).path("levelSeconds").size()); level++) {
            levels.add(Range.of(migrates, "/levelSeconds/" + level).text());
        }
        out.printf(Locale.ROOT, "  dmig migrate phases s                           analysis %s, migration %s [levels %s], validation %s, finalize "
                + "%s, ID maps %s, outside the execution %s%n", analysis.text(), migration.text(), String.join(" / ", levels),
                validation.text(), finalize.text(), idMaps.text(), outside.text());
        out.printf(Locale.ROOT, "  phase / migration phase                         analysis %s, validation %s   (at most 0.5 each is the aim)%n",
                analysisShare.ratioText(), validationShare.ratioText());
        if (!dmigCpu.values().isEmpty()) {
            out.printf(Locale.ROOT, "  CPU-seconds, the tool's process (and the store) peer %s (%s), dmig %s (%s)%n", peerCpu.text(),
                    peerStoreCpu.values().isEmpty() ? "not measured" : peerStoreCpu.text(), dmigCpu.text(),
                    dmigStoreCpu.values().isEmpty() ? "not measured" : dmigStoreCpu.text());
        }
        row.set("peerSeconds", peerSeconds.json());
        row.set("dmigMigrateFreshJvmSeconds", dmigSeconds.json());
        row.set("peerToDmigRatio", ratio.json());
        row.set("dmigMigrateAnalysisSeconds", analysis.json());
        row.set("dmigMigrateMigrationSeconds", migration.json());
        row.set("dmigMigrateValidationSeconds", validation.json());
        row.set("dmigMigrateFinalizeSeconds", finalize.json());
        row.set("dmigMigrateOutsideExecutionSeconds", outside.json());
        row.set("analysisToMigration", analysisShare.json());
        row.set("validationToMigration", validationShare.json());
        row.set("peerCpuSeconds", peerCpu.json());
        row.set("peerStoreCpuSeconds", peerStoreCpu.json());
        row.set("dmigMigrateCpuSeconds", dmigCpu.json());
        row.set("dmigMigrateStoreCpuSeconds", dmigStoreCpu.json());
    }

    /** The median and range of one figure over repetitions. */
    private record Range(List<Double> values) {
        static Range of(List<JsonNode> nodes, String pointer) {
            List<Double> values = new ArrayList<>();
            nodes.forEach(n -> {
                JsonNode v = n.at(pointer);
                if (v.isNumber()) {
                    values.add(v.asDouble());
                }
            });
            values.sort(null);
            return new Range(values);
        }

        double median() {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            int n = values.size();
            return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        }

        String text() {
            return text(v -> v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v));
        }

        /** For ratios: two decimals. */
        String ratioText() {
            return text(v -> String.format(Locale.ROOT, "%.2f", v));
        }

        private String text(java.util.function.DoubleFunction<String> format) {
            if (values.isEmpty()) {
                return "-";
            }
            String median = format.apply(median());
            return values.size() == 1 ? median
                    : median + " [" + format.apply(values.get(0)) + "-" + format.apply(values.get(values.size() - 1)) + "]";
        }

        JsonNode json() {
            ObjectNode node = Json.MAPPER.createObjectNode();
            if (values.isEmpty()) {
                return node;
            }
            node.put("median", Worker.round(median()));
            node.put("min", values.get(0));
            node.put("max", values.get(values.size() - 1));
            ArrayNode all = node.putArray("values");
            values.forEach(all::add);
            return node;
        }
    }
}
