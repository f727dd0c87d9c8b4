package dev.dmig.bench;

import dev.dmig.identity.IdentityCsv;
import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.FileObjects;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The script a team would write instead of dmig, as the reference a whole run is measured against: one pass over every
 * table of the plan at once (parallel Scan segments), each item mapped by dmig's own {@link ItemTransformer} (the same ID
 * function, references, identity map, patterns and DataStore fields) and written with BatchWriteItem, unprocessed items
 * again until none is left; the objects its file references name copied (CopyObject) to their new keys in the target's
 * bucket, one after the other in the item's thread. No analysis, journal, checkpoint, level order or validation. A table
 * over its capacity is waited for and asked again, as DynamoDB's guidance says, also when the SDK's retries of a throttled
 * call outlast the call's time. Run in a JVM of its own: {@code java -cp
 * <bench jar> dev.dmig.bench.OnePass DYNAMODB_ENDPOINT S3_ENDPOINT REGION PLAN THREADS parallel|sequential [ACCESS_KEY
 * SECRET_KEY]}; {@code parallel} copies every table at once ({@value #SEGMENTS} segments each: new IDs are computed, so
 * no order is needed), {@code sequential} one table after another, each in THREADS segments. Prints the items and
 * objects it wrote.
 */
final class OnePass {
    /** Scan segments per table: the small tables' extra segments cost an empty page each. */
    static final int SEGMENTS = 4;
    private static final int BATCH = 25;

    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final MigrationPlan plan;
    private final ItemTransformer transformer;
    private final FileObjects files;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong objects = new AtomicLong();

    private OnePass(DynamoDbClient dynamoDb, S3Client s3, MigrationPlan plan, IdentityMap identities) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.plan = plan;
        this.transformer = new ItemTransformer(plan, new RunMappings(System.currentTimeMillis(), identities));
        this.files = FileObjects.of(transformer);
    }

    public static void main(String[] args) throws Exception {
        Path planFile = Path.of(args[3]);
        MigrationPlan plan = PlanParser.parse(Files.readAllBytes(planFile));
        IdentityMap identities = plan.identities() == null || plan.identities().csv() == null ? IdentityMap.EMPTY
                : IdentityCsv.parse(plan.identities().csv(), Files.readAllBytes(planFile.resolveSibling(plan.identities().csv())));
        int threads = Integer.parseInt(args[4]);
        boolean sequential = args[5].equals("sequential");
        Region region = Region.of(args[2]);
        var credentials = Clients.credentials(args.length > 7 ? args[6] : null, args.length > 7 ? args[7] : null);
        try (DynamoDbClient dynamoDb = Clients.dynamoDb(Clients.Http.APACHE, URI.create(args[0]), region, credentials, threads);
             S3Client s3 = Clients.s3(Clients.Http.APACHE, URI.create(args[1]), region, credentials, threads)) {
            OnePass copier = new OnePass(dynamoDb, s3, plan, identities);
            long items = sequential ? copier.copyOneAfterAnother(threads) : copier.copy(threads);
            System.out.println("one pass: " + items + " items written, " + copier.objects.get() + " objects copied");
        }
    }

    private long copy(int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (String model : plan.migratedModels()) {
                for (int segment = 0; segment < SEGMENTS; segment++) {
                    int s = segment;
                    tasks.add(pool.submit(() -> copySegment(model, s, SEGMENTS)));
                }
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdown();
        }
        return written.get();
    }

    /** Each table in turn, in the plan's order, its {@code threads} segments at once. */
    private long copyOneAfterAnother(int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (String model : plan.migratedModels()) {
                List<Future<?>> tasks = new ArrayList<>();
                for (int segment = 0; segment < threads; segment++) {
                    int s = segment;
                    tasks.add(pool.submit(() -> copySegment(model, s, threads)));
                }
                for (Future<?> task : tasks) {
                    task.get();
                }
            }
        } finally {
            pool.shutdown();
        }
        return written.get();
    }

    private void copySegment(String model, int segment, int segments) {
        String source = plan.sourceTable(model);
        String target = plan.targetTable(model);
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(b -> b.tableName(source).segment(segment).totalSegments(segments).exclusiveStartKey(from));
            List<WriteRequest> batch = new ArrayList<>(BATCH);
            for (Map<String, AttributeValue> item : page.items()) {
                if (!transformer.copies(model, item)) {
                    continue;
                }
                // The objects before the item that names them, as a careful script would.
                files.forEach(model, item, (path, sourceKey, targetKey) -> copyObject(sourceKey, targetKey));
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(transformer.transform(model, item)).build()).build());
                if (batch.size() == BATCH) {
                    write(target, batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
            if (!batch.isEmpty()) {
                write(target, batch);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private void copyObject(String from, String to) {
        s3.copyObject(b -> b.sourceBucket(plan.storage().sourceBucket()).sourceKey(from)
                .destinationBucket(plan.storage().targetBucket()).destinationKey(to));
        objects.incrementAndGet();
    }

    private void write(String table, List<WriteRequest> batch) {
        List<WriteRequest> left = batch;
        int attempt = 0;
        while (!left.isEmpty()) {
            List<WriteRequest> sent = left;
            BatchWriteItemResponse response;
            try {
                response = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, sent)));
            } catch (ProvisionedThroughputExceededException | ApiCallTimeoutException over) {
                // Nothing of the batch admitted after the SDK's own retries (their backoff may outlast the call's time):
                // wait, and send it all again (a put written twice leaves the same item).
                sleep(Math.min(1000, 25L << Math.min(attempt++, 5)));
                continue;
            }
            left = response.unprocessedItems().getOrDefault(table, List.of());
            written.addAndGet(sent.size() - left.size());
            if (!left.isEmpty()) {
                sleep(Math.min(1000, 25L << Math.min(attempt++, 5)));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
