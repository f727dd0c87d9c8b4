package dev.dmig.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.Dmig;
import dev.dmig.run.FollowStatus;
import dev.dmig.store.S3ArtifactStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The follow mode of the bench: a whole {@code dmig migrate --follow --enable-streams} (a fresh JVM, as a user runs it)
 * of the wide data set against the store's streams (DynamoDB Local's), with this JVM writing to the source: a backlog
 * of {@code burst} updates written as fast as it can right after the streams' marks (during the copy), then, once
 * following has applied them, a steady writer of {@code rate} updates a second for {@code seconds}; then
 * {@code dmig cutover}. Prints the changes applied per second catching up with the backlog, and the lag (as
 * {@code dmig status} reads it from the checkpoints, sampled twice a second) under the steady writer.
 */
final class FollowRun {
    /** How often the checkpoints are read for the lag and the changes applied. */
    private static final long SAMPLE_MILLIS = 500;
    /** How often they are read while following catches up with the backlog. */
    private static final long CATCH_UP_MILLIS = 20;

    /** What the command line asked for: changes/s of the steady writer, for how long, the backlog, the data set's items. */
    record Options(int rate, int seconds, int burst, int items) {}

    private FollowRun() {
    }

    /**
     * Runs it against {@code stores}; {@code migrate} starts the dmig process with the options given and returns its
     * figures when it ends. Returns the figures, which it also prints.
     */
    static ObjectNode measure(Options options, DynamoDbClient dynamoDb, S3Client s3, Bench.Stores stores, Migrate migrate,
                              PrintWriter out) {
        Dataset dataset = Dataset.of(Dataset.Kind.WIDE, options.items(), "bflw" + ProcessHandle.current().pid());
        out.printf(Locale.ROOT, "%nfollow: dmig migrate --follow of the wide data set (%,d items); a backlog of %,d updates written "
                + "during the copy, then a steady writer of %,d updates/s for %d s; then dmig cutover%n", dataset.items(),
                options.burst(), options.rate(), options.seconds());
        out.flush();
        dataset.setUp(dynamoDb);
        S3ArtifactStore artifacts = new S3ArtifactStore(s3, stores.bucket());
        String runId = "bench-follow-" + System.currentTimeMillis();
        String table = WideTable.MODEL + dataset.devSuffix;
        try {
            CompletableFuture<ObjectNode> running = CompletableFuture.supplyAsync(() -> migrate.run(dataset, runId,
                    List.of("--follow", "--enable-streams")));
            // The marks are taken at the end of the analysis: what is written after them is following's to apply.
            await(running, SAMPLE_MILLIS, () -> FollowStatus.read(artifacts, runId).isPresent());
            long burstStart = System.nanoTime();
            Writer writer = new Writer(dynamoDb, table, options.items());
            CompletableFuture<Long> burst = CompletableFuture.supplyAsync(() -> {
                writer.burst(options.burst());
                return System.nanoTime();
            });
            // From the first checkpoint that shows changes applied to the one that shows the backlog all applied, read often
            // from the moment the backlog is being written: a checkpoint is stored a page (up to 1,000 changes) at a time.
            await(running, CATCH_UP_MILLIS, () -> applied(artifacts, runId) > 0);
            long firstSeen = System.nanoTime();
            long firstApplied = applied(artifacts, runId);
            await(running, CATCH_UP_MILLIS, () -> applied(artifacts, runId) >= options.burst());
            double catchUp = (System.nanoTime() - firstSeen) / 1e9;
            long caughtUp = applied(artifacts, runId);
            long burstEnd = burst.join();
            double burstWritten = (burstEnd - burstStart) / 1e9;
            // Negative: the backlog was whole before following stored its first checkpoint; else the writer was still at it.
            double writtenAfter = (burstEnd - firstSeen) / 1e9;

            List<long[]> lags = Collections.synchronizedList(new ArrayList<>());
            long steadyStart = System.nanoTime();
            long appliedBefore = caughtUp;
            long written = writer.steady(options.rate(), options.seconds(), () -> {
                long shown = lag(artifacts, runId);
                lags.add(new long[] {shown, writer.lagMillis(applied(artifacts, runId) - appliedBefore)});
            });
            await(running, SAMPLE_MILLIS, () -> applied(artifacts, runId) >= appliedBefore + written);
            double steady = (System.nanoTime() - steadyStart) / 1e9;

            if (stores.accessKey() != null) {
                // The embedded stack's keys, for the cutover this JVM runs as a user would, in the SDK's default chain.
                System.setProperty("aws.accessKeyId", stores.accessKey());
                System.setProperty("aws.secretAccessKey", stores.secretKey());
            }
            StringWriter said = new StringWriter();
            int code = Dmig.execute(new String[] {"cutover", "--run", runId, "--dynamodb-endpoint", stores.dynamoDbEndpoint(),
                    "--s3-endpoint", stores.s3Endpoint(), "--bucket", stores.bucket(), "--region", stores.region()},
                    new PrintWriter(said, true), new PrintWriter(said, true));
            ObjectNode run = running.join();
            if (code != 0) {
                throw new IllegalStateException("dmig cutover failed (exit " + code + "): " + said);
            }
            return figures(options, run, new Measured(burstWritten, writtenAfter, caughtUp - firstApplied, catchUp, written, steady, lags), out);
        } finally {
            dataset.tearDown(dynamoDb);
        }
    }

    /**
     * What the bench saw: the backlog's seconds to write, and how long after following's first checkpoint its last update
     * was written (negative: before it); the changes applied between the first checkpoint that showed
     * any and the first that showed the backlog applied, and the seconds between them; the steady writer's updates, the
     * seconds until all were applied; the lags sampled meanwhile, each as dmig status shows it and as the writer's
     * clock says (the first update not applied yet, how long ago it was written).
     */
    private record Measured(double burstWritten, double writtenAfter, long seen, double catchUp, long written, double steady,
                            List<long[]> lags) {}

    private static ObjectNode figures(Options options, ObjectNode run, Measured measured, PrintWriter out) {
        List<Long> shown = new ArrayList<>();
        List<Long> actual = new ArrayList<>();
        measured.lags().forEach(sample -> {
            shown.add(sample[0]);
            actual.add(sample[1]);
        });
        double rate = measured.catchUp() > 0 ? measured.seen() / measured.catchUp() : Double.NaN;
        ObjectNode figures = run.putObject("follow");
        figures.put("backlog", options.burst());
        figures.put("backlogWrittenSeconds", Worker.round(measured.burstWritten()));
        figures.put("catchUpChangesSeen", measured.seen());
        figures.put("catchUpSeconds", Worker.round(measured.catchUp()));
        figures.put("changesPerSecondCatchingUp", Double.isNaN(rate) ? 0 : Math.round(rate));
        figures.put("steadyRate", options.rate());
        figures.put("steadyWritten", measured.written());
        figures.put("steadySeconds", Worker.round(measured.steady()));
        figures.put("lagSamples", shown.size());
        figures.set("lagShownMillis", percentiles(shown));
        figures.set("lagWriterMillis", percentiles(actual));
        out.printf(Locale.ROOT, "  dmig migrate --follow %s in %.1f s, fresh JVM (copy %.1f s)%n", run.get("status").asText(),
                run.get("processSeconds").asDouble(), run.get("migrateSeconds").asDouble());
        figures.put("backlogLastWrittenAfterFirstCheckpointSeconds", Worker.round(measured.writtenAfter()));
        out.printf(Locale.ROOT, "  backlog      %,d updates written in %.1f s, the last %s; %,d of them applied in %.2f s between two "
                + "reads of the checkpoints: %,.0f changes/s%n", options.burst(), measured.burstWritten(), measured.writtenAfter() <= 0
                ? "before following stored its first checkpoint" : String.format(Locale.ROOT, "%.1f s after following's first "
                + "checkpoint (until then the writer set the pace)", measured.writtenAfter()), measured.seen(), measured.catchUp(), rate);
        out.printf(Locale.ROOT, "  steady       %,d updates at %,d/s, all applied %.1f s after the first%n", measured.written(),
                options.rate(), measured.steady());
        out.printf(Locale.ROOT, "  lag          by the writer's clock median %.1f s, p95 %.1f s, max %.1f s; as dmig status shows it "
                + "(the stream's record times) median %.1f s, p95 %.1f s, max %.1f s; %d samples%n",
                figures.at("/lagWriterMillis/median").asLong() / 1000.0, figures.at("/lagWriterMillis/p95").asLong() / 1000.0,
                figures.at("/lagWriterMillis/max").asLong() / 1000.0, figures.at("/lagShownMillis/median").asLong() / 1000.0,
                figures.at("/lagShownMillis/p95").asLong() / 1000.0, figures.at("/lagShownMillis/max").asLong() / 1000.0, shown.size());
        return run;
    }

    private static ObjectNode percentiles(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        ObjectNode node = dev.dmig.json.Json.MAPPER.createObjectNode();
        node.put("median", sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2));
        node.put("p95", sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)));
        node.put("max", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
        return node;
    }

    private static long applied(S3ArtifactStore artifacts, String runId) {
        return FollowStatus.read(artifacts, runId).map(FollowStatus::applied).orElse(0L);
    }

    private static long lag(S3ArtifactStore artifacts, String runId) {
        return FollowStatus.read(artifacts, runId).map(s -> s.lag(java.time.Instant.now()).toMillis()).orElse(0L);
    }

    /** Waits for {@code condition}, reading it every {@code millis}; fails if the dmig process ends first. */
    private static void await(CompletableFuture<ObjectNode> running, long millis, java.util.function.BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (running.isDone()) {
                throw new IllegalStateException("dmig migrate --follow ended before following did what the bench waits for: "
                        + running.join().path("status").asText());
            }
            LockSupport.parkNanos(millis * 1_000_000L);
        }
    }

    /** Updates of the source's items, as a live app makes them: each a PutItem of an item with a new revision note. */
    private static final class Writer {
        private final DynamoDbClient dynamoDb;
        private final String table;
        private final int items;
        private long next;
        /** When each update of the steady writer was written (System.nanoTime), in order. */
        private final List<Long> writtenAt = Collections.synchronizedList(new ArrayList<>());

        Writer(DynamoDbClient dynamoDb, String table, int items) {
            this.dynamoDb = dynamoDb;
            this.table = table;
            this.items = items;
        }

        private Map<String, AttributeValue> change() {
            Map<String, AttributeValue> item = new HashMap<>(WideTable.item((int) (next % items), items));
            item.put("note", AttributeValue.fromS("changed " + next++));
            return item;
        }

        /** How long ago the steady writer wrote its first update not applied yet, of which {@code applied} are; 0 when none is left. */
        long lagMillis(long applied) {
            synchronized (writtenAt) {
                return applied >= writtenAt.size() ? 0 : (System.nanoTime() - writtenAt.get((int) Math.max(0, applied))) / 1_000_000;
            }
        }

        /** {@code count} updates, 25 a BatchWriteItem, as fast as the store takes them. */
        void burst(int count) {
            for (int done = 0; done < count; ) {
                List<WriteRequest> batch = new ArrayList<>();
                for (int i = 0; i < 25 && done < count; i++, done++) {
                    batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(change()).build()).build());
                }
                Map<String, List<WriteRequest>> left = Map.of(table, batch);
                while (!left.isEmpty()) {
                    Map<String, List<WriteRequest>> request = left;
                    left = dynamoDb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
                }
            }
        }

        /** {@code rate} updates a second for {@code seconds}, one PutItem each, {@code sample} run twice a second; returns the count. */
        long steady(int rate, int seconds, Runnable sample) {
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long nextSample = start;
            long written = 0;
            while (System.nanoTime() < end) {
                long due = start + written * 1_000_000_000L / rate;
                long now = System.nanoTime();
                if (now >= nextSample) {
                    sample.run();
                    nextSample = now + SAMPLE_MILLIS * 1_000_000L;
                }
                if (now < due) {
                    LockSupport.parkNanos(Math.min(due - now, nextSample - now));
                    continue;
                }
                Map<String, AttributeValue> item = change();
                dynamoDb.putItem(b -> b.tableName(table).item(item));
                writtenAt.add(System.nanoTime());
                written++;
            }
            return written;
        }
    }

    /** A whole dmig migrate of a data set, with options after its own, as the bench runs it elsewhere. */
    interface Migrate {
        ObjectNode run(Dataset dataset, String runId, List<String> options);
    }
}
