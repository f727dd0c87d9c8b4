package dev.dmig.bench;

import dev.dmig.identity.IdentityCsv;
import dev.dmig.identity.IdentityMap;
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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The script a team would write instead of dmig, as the reference a whole run is measured against: one pass over every
 * table of the plan at once (parallel Scan segments), each item mapped by dmig's own {@link ItemTransformer} (the same ID
 * function, references, identity map, patterns and DataStore fields) and written with BatchWriteItem, unprocessed items
 * again until none is left. No analysis, journal, checkpoint, level order or validation. Run in a JVM of its own:
 * {@code java -cp <bench jar> dev.dmig.bench.OnePass ENDPOINT REGION PLAN THREADS [ACCESS_KEY SECRET_KEY]}; prints the
 * items it wrote.
 */
final class OnePass {
    /** Scan segments per table: the small tables' extra segments cost an empty page each. */
    static final int SEGMENTS = 4;
    private static final int BATCH = 25;

    private final DynamoDbClient dynamoDb;
    private final MigrationPlan plan;
    private final ItemTransformer transformer;
    private final AtomicLong written = new AtomicLong();

    private OnePass(DynamoDbClient dynamoDb, MigrationPlan plan, IdentityMap identities) {
        this.dynamoDb = dynamoDb;
        this.plan = plan;
        this.transformer = new ItemTransformer(plan, new RunMappings(System.currentTimeMillis(), identities));
    }

    public static void main(String[] args) throws Exception {
        Path planFile = Path.of(args[2]);
        MigrationPlan plan = PlanParser.parse(Files.readAllBytes(planFile));
        IdentityMap identities = plan.identities() == null || plan.identities().csv() == null ? IdentityMap.EMPTY
                : IdentityCsv.parse(plan.identities().csv(), Files.readAllBytes(planFile.resolveSibling(plan.identities().csv())));
        int threads = Integer.parseInt(args[3]);
        try (DynamoDbClient dynamoDb = Clients.dynamoDb(Clients.Http.APACHE, URI.create(args[0]), Region.of(args[1]),
                Clients.credentials(args.length > 5 ? args[4] : null, args.length > 5 ? args[5] : null), threads)) {
            long items = new OnePass(dynamoDb, plan, identities).copy(threads);
            System.out.println("one pass: " + items + " items written");
        }
    }

    private long copy(int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (String model : plan.migratedModels()) {
                for (int segment = 0; segment < SEGMENTS; segment++) {
                    int s = segment;
                    tasks.add(pool.submit(() -> copySegment(model, s)));
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

    private void copySegment(String model, int segment) {
        String source = plan.sourceTable(model);
        String target = plan.targetTable(model);
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(b -> b.tableName(source).segment(segment).totalSegments(SEGMENTS).exclusiveStartKey(from));
            List<WriteRequest> batch = new ArrayList<>(BATCH);
            for (Map<String, AttributeValue> item : page.items()) {
                if (!transformer.copies(model, item)) {
                    continue;
                }
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

    private void write(String table, List<WriteRequest> batch) {
        List<WriteRequest> left = batch;
        int attempt = 0;
        while (!left.isEmpty()) {
            List<WriteRequest> sent = left;
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, sent)));
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
