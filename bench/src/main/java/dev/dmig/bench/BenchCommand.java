package dev.dmig.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.Dmig;
import dev.dmig.json.Json;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dmig bench}: the main class of dmig-bench.jar, which the {@code dmig} script runs for that command.
 * It lives outside dmig.jar, so the product carries no benchmark code; the jar's manifest puts dmig.jar on its
 * class path.
 */
@Command(name = "dmig bench", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measures dmig against the store's ceiling (a bare parallel copy) on the same generated data.",
        description = {"Measures dmig against the store's ceiling on the same generated data: for each data set and size, a "
                        + "plain parallel Scan + BatchWriteItem copy (no mapping, no journal; the best of several scan-segment "
                        + "x writer-thread settings) and a full dmig migration through the state machine, each in a fresh JVM, "
                        + "interleaved. Prints items/s of both (dmig: migration phase and whole run), their ratio, peak heap "
                        + "and RSS. With --phases peer, also what a user waits for: the npm package copy-dynamodb-table and a "
                        + "whole dmig migrate in a fresh JVM, each a fresh process timed from start to exit, their ratio and "
                        + "dmig's phases. Runs on an embedded DynamoDB Local + S3 in memory unless told otherwise; writes only "
                        + "its own tables."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--items", split = ",", paramLabel = "N1,N2", defaultValue = "10000,100000",
            description = "Sizes in items (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--dataset", split = ",", paramLabel = "wide,sample,app", defaultValue = "wide,sample",
            description = {"wide: one table of ~1 KB items with references (the fair throughput case); sample: the demo's "
                    + "32 tables in dependency levels, scaled; app: the sample as a whole app, " + Dataset.APP_USERS + " users in "
                    + "each of two cognito-local user pools paired by email and about a thousand Storage objects, copied by a "
                    + "whole dmig migrate and by a one-pass script one table after another and every table at once, each through "
                    + "one front that meters (--wcu) or counts each table's write units; needs node and cognito-local (npm ci "
                    + "--prefix .ci); --phases does not apply to it (default: ${DEFAULT-VALUE})."})
    List<String> datasets;

    @Option(names = "--wcu", paramLabel = "UNITS_PER_S",
            description = {"With --dataset app: each target table's writes metered at UNITS_PER_S write units/s, as provisioned "
                    + "capacity (unused capacity kept up to 300 s, from the table's creation); without it they are only counted."})
    Integer wcu;

    @Option(names = "--wcu-burst", paramLabel = "SECONDS", defaultValue = "300",
            description = "With --wcu: the seconds of unused capacity a table keeps (DynamoDB keeps 300; default: ${DEFAULT-VALUE}).")
    double wcuBurst;

    @Option(names = "--masked", description = {"With --dataset app: the whole app's dmig migrate unmasked and masked (the plan's "
            + "mask section with a rule for each of the sample's personal attributes, the key in the process's environment), "
            + "alternately, in place of the scripts and through the same front; prints both, their ratio and the write units of each."})
    boolean masked;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Repetitions of each measurement, raw and dmig interleaved (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--raw-configs", split = ",", paramLabel = "SxW", defaultValue = "2x8l500,2x16l500,4x16l500,8x16l500,2x32l500,2x16l250,2x16l1000,4x16",
            description = "Raw copy settings to try at the first size: scan segments x writer threads, l and Scan's Limit "
                    + "(none: 1 MB pages, which DynamoDB Local serves slowly and which stall its writes); later sizes try the "
                    + "best three, later repetitions the best one (default: ${DEFAULT-VALUE}).")
    List<String> rawConfigs;

    @Option(names = "--http", paramLabel = "CLIENT", defaultValue = "apache",
            description = "SDK HTTP client of both copies: apache (dmig's), apache5, url-connection (default: ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--segments", paramLabel = "N", description = "Plan override for the dmig run: scan segments per table.")
    Integer segments;

    @Option(names = "--page-size", paramLabel = "N", description = "Settings override for the dmig run: items per scan page.")
    Integer pageSize;

    @Option(names = "--write-concurrency", paramLabel = "N", description = "Settings override for the dmig run: BatchWriteItem threads.")
    Integer writeConcurrency;

    @Option(names = "--rate", paramLabel = "ITEMS_PER_S",
            description = "Also measure the plan's writeRateLimit: a dmig run limited to this rate on one table.")
    Integer rate;

    @Option(names = "--rate-items", paramLabel = "N", defaultValue = "10000", description = "Items of the rate-limit run (default: ${DEFAULT-VALUE}).")
    int rateItems;

    @Option(names = "--rate-segments", paramLabel = "N", defaultValue = "4", description = "Segments of the rate-limit run (default: ${DEFAULT-VALUE}).")
    int rateSegments;

    @Option(names = "--phases", split = ",", paramLabel = "raw,dmig,peer,onepass", defaultValue = "raw,dmig",
            description = {"Which copies to run (default: ${DEFAULT-VALUE}; none: only --rate, --throttled or --follow). peer: the npm package copy-dynamodb-table "
                    + "(installed once into ~/.cache/dmig-bench/peer; needs node and npm, skipped with a note without them) and "
                    + "a whole `java -jar dmig.jar migrate` in a fresh JVM, each a fresh process timed from start to exit, "
                    + "after one copy by the peer, not counted, that warms the store up. onepass: the script a team would write "
                    + "instead (one pass over every table at once, each item mapped by dmig's own mapping, no journal or checks; "
                    + "best with --dataset sample) against the same dmig migrate, alternately, after one uncounted run of each."})
    List<String> phases;

    @Option(names = "--latency", split = ",", paramLabel = "DYNAMODB_MS[,S3_MS]",
            description = {"With --phases peer or onepass: the peer, the one-pass copier and dmig migrate reach the store "
                    + "through fronts that add DYNAMODB_MS to each DynamoDB round trip and S3_MS (default: the same) to each S3 "
                    + "one, as a store across a network would; loading, clearing and counting go direct."})
    List<Integer> latency;

    @Option(names = "--throttled", paramLabel = "UNITS_PER_S",
            description = {"Also measure a whole dmig migrate (fresh JVM) of the sample data set through a front that meters "
                    + "each target table's writes as provisioned capacity of UNITS_PER_S write units/s with 10 s of burst "
                    + "(UnprocessedItems, ProvisionedThroughputExceededException), the plan not knowing it: prints items/s "
                    + "and the busiest table's units against the capacity offered."})
    Integer throttled;

    @Option(names = "--throttled-items", paramLabel = "N", defaultValue = "6000",
            description = "Items of the throttled run's sample data set (default: ${DEFAULT-VALUE}).")
    int throttledItems;

    @Option(names = "--throttled-segments", paramLabel = "N", defaultValue = "16",
            description = "Segments per table of the throttled run (default: ${DEFAULT-VALUE}).")
    int throttledSegments;

    @Option(names = "--follow", paramLabel = "CHANGES_PER_S",
            description = {"Also measure following: a whole dmig migrate --follow --enable-streams (fresh JVM) of the wide "
                    + "data set against the store's streams, with a backlog of --follow-backlog updates written during the copy "
                    + "and then a steady writer of CHANGES_PER_S updates/s for --follow-seconds; then dmig cutover. Prints the "
                    + "changes/s applied catching up with the backlog and the lag dmig status shows under the steady writer."})
    Integer follow;

    @Option(names = "--follow-seconds", paramLabel = "S", defaultValue = "30",
            description = "How long the follow run's steady writer writes (default: ${DEFAULT-VALUE}).")
    int followSeconds;

    @Option(names = "--follow-backlog", paramLabel = "N", defaultValue = "5000",
            description = "Updates the follow run writes during the copy, applied once following begins (default: ${DEFAULT-VALUE}).")
    int followBacklog;

    @Option(names = "--follow-items", paramLabel = "N", defaultValue = "40000",
            description = "Items of the follow run's wide data set (default: ${DEFAULT-VALUE}).")
    int followItems;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the embedded stack's data on disk here (default: in memory).")
    Path dataDir;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "Use a DynamoDB (Local) already running at URL.")
    URI dynamoDbEndpoint;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "Use an S3-compatible server already running at URL (needs --bucket).")
    URI s3Endpoint;

    @Option(names = "--bucket", paramLabel = "BUCKET", description = "The bucket for run artifacts on --s3-endpoint.")
    String bucket;

    @Option(names = "--region", paramLabel = "REGION", description = "Region for the endpoints above (default: us-east-1).")
    String region;

    @Option(names = "--worker-heap", paramLabel = "SIZE", defaultValue = "1g", description = "-Xmx of each measuring JVM (default: ${DEFAULT-VALUE}).")
    String workerHeap;

    @Option(names = "--worker-java-option", paramLabel = "OPTION",
            description = "A JVM option for each measuring JVM, such as -XX:TieredStopAtLevel=1 (repeatable).")
    List<String> workerJavaOptions = new ArrayList<>();

    @Option(names = "--dmig-warm-up", paramLabel = "N", defaultValue = "10000",
            description = {"Items of a whole dmig run each dmig JVM makes before the measured one, as the raw ceiling is "
                    + "measured after a warm-up copy (default: ${DEFAULT-VALUE}); 0 measures dmig's first run in a fresh JVM. With "
                    + "--dataset app, any number but 0 makes one uncounted, unmetered run of dmig and of the script first."})
    int dmigWarmUp;

    @Option(names = "--jfr", paramLabel = "DIR", description = {"Record each measuring JVM with Java Flight Recorder (profile settings) "
            + "into DIR: workers, dmig migrate and the one-pass copier (NAME.jfr), and this JVM, which hosts the stores, over each "
            + "of the last two (NAME-store.jfr). The first dmig migrate after a build writes the launcher's class archive and "
            + "records nothing (the JVM turns Flight Recorder off while it dumps one): the uncounted warm-up run."})
    Path jfrDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure as JSON to FILE.")
    Path json;

    @Option(names = "--live-heap-probe", paramLabel = "MS", defaultValue = "0",
            description = "For memory runs: a full GC in the dmig JVM every MS milliseconds, to measure its live set (slows it down).")
    long liveHeapProbeMs;

    @Option(names = "--cold-start", description = {"Instead: each Lambda handler's init and first request in a fresh JVM on "
            + "functions.jar against the embedded stack, and the SDK clients' init on each HTTP client."})
    boolean coldStart;

    @Option(names = "--functions-jar", paramLabel = "JAR", defaultValue = "functions/target/functions.jar",
            description = "The Lambda jar for --cold-start (default: ${DEFAULT-VALUE}).")
    Path functionsJar;

    @Option(names = "--http-clients", split = ",", paramLabel = "C1,C2", defaultValue = "apache,apache5,url-connection",
            description = "HTTP clients whose init --cold-start compares (default: ${DEFAULT-VALUE}).")
    List<String> httpClients;

    @Override
    public Integer call() {
        for (String dataset : datasets) {
            if (!List.of("wide", "sample", "app").contains(dataset)) {
                throw new IllegalArgumentException("--dataset takes wide, sample and app, not " + dataset);
            }
        }
        if (wcu != null && wcu < 1) {
            throw new IllegalArgumentException("--wcu takes 1 or more write units/s per table, not " + wcu);
        }
        if (wcuBurst < 0) {
            throw new IllegalArgumentException("--wcu-burst takes 0 or more seconds, not " + wcuBurst);
        }
        if (wcu != null && !datasets.contains("app")) {
            throw new IllegalArgumentException("--wcu applies to the whole app: add --dataset app");
        }
        if (masked && !datasets.contains("app")) {
            throw new IllegalArgumentException("--masked applies to the whole app: add --dataset app");
        }
        for (String phase : phases) {
            if (!List.of("raw", "dmig", "peer", "onepass", "none").contains(phase)) {
                throw new IllegalArgumentException("--phases takes raw, dmig, peer, onepass, or none (only --rate, --throttled, --follow), not " + phase);
            }
        }
        if (dmigWarmUp < 0) {
            throw new IllegalArgumentException("--dmig-warm-up must be 0 or more items");
        }
        if (latency != null && (latency.isEmpty() || latency.size() > 2 || latency.stream().anyMatch(ms -> ms < 0))) {
            throw new IllegalArgumentException("--latency takes DYNAMODB_MS or DYNAMODB_MS,S3_MS, each 0 or more, not " + latency);
        }
        if (latency != null && !phases.contains("peer") && !phases.contains("onepass")) {
            throw new IllegalArgumentException("--latency applies to the peer and onepass phases: add --phases peer or --phases onepass");
        }
        if (follow != null && (follow < 1 || followSeconds < 1 || followBacklog < 1 || followItems < 1)) {
            throw new IllegalArgumentException("--follow, --follow-seconds, --follow-backlog and --follow-items take 1 or more");
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1");
        }
        if (coldStart) {
            ObjectNode report = ColdStart.run(functionsJar, repeat, httpClients, spec.commandLine().getOut());
            if (json != null) {
                try {
                    Files.write(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                spec.commandLine().getOut().println("JSON: " + json);
            }
            return 0;
        }
        return Bench.run(new Bench.Options(sizes, datasets, repeat, rawConfigs, http, segments, pageSize, writeConcurrency, rate,
                rateItems, rateSegments, dataDir, dynamoDbEndpoint, s3Endpoint, bucket, region, workerHeap, workerJavaOptions, jfrDir, json, phases,
                liveHeapProbeMs, dmigWarmUp, latency == null ? null : new Bench.Latency(latency.get(0), latency.get(latency.size() - 1)),
                throttled == null ? null : new ThrottledRun.Options(throttled, throttledItems, throttledSegments),
                follow == null ? null : new FollowRun.Options(follow, followSeconds, followBacklog, followItems), wcu, wcuBurst, masked),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Dmig.configure(new CommandLine(new BenchCommand()), out, err).execute(args);
        out.flush();
        err.flush();
        // The embedded DynamoDB Local leaves non-daemon threads behind; the figures are printed, so end here.
        System.exit(code);
    }
}
