package dev.dmig.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Sets up the sample app's two environments in DynamoDB: creates the dev and prod tables with the
 * same keys and indexes, and loads the sample data into the dev tables only. It names every table
 * as model + one of the two given suffixes, so no other table is ever described, deleted or written.
 */
public final class SampleEnvironment {

    /** BatchWriteItem's own limit. */
    static final int BATCH_SIZE = 25;
    static final int MAX_BATCH_ATTEMPTS = 12;

    /** Told after each batch lands, from the loading threads; for progress bars. */
    @FunctionalInterface
    public interface Progress {
        void written(String model, int items);
    }

    /** What {@link #create} made: the physical tables and the items loaded per dev table. */
    public record Created(List<String> devTables, List<String> prodTables, Map<String, Integer> itemsPerModel) {
        public long totalItems() {
            return itemsPerModel.values().stream().mapToLong(Integer::longValue).sum();
        }
    }

    /** Thrown before anything is touched when tables exist and replacing them was not asked for. */
    public static final class TablesExistException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TablesExistException(List<String> tables) {
            super("sample tables already exist (replace them to continue): " + String.join(", ", tables));
        }
    }

    private final DynamoDbClient dynamoDb;
    private final Duration pollInterval;
    private final Duration timeout;
    private final Duration retryBase;
    private final int loadThreads;

    public SampleEnvironment(DynamoDbClient dynamoDb) {
        this(dynamoDb, Duration.ofMillis(200), Duration.ofMinutes(10), Duration.ofMillis(50), 4);
    }

    SampleEnvironment(DynamoDbClient dynamoDb, Duration pollInterval, Duration timeout, Duration retryBase, int loadThreads) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.retryBase = retryBase;
        this.loadThreads = loadThreads;
    }

    public Created create(SampleData data, String devSuffix, String prodSuffix, boolean replaceExisting) {
        return create(data, devSuffix, prodSuffix, replaceExisting, (model, items) -> { });
    }

    /**
     * Creates both environments' tables (waiting until they and their indexes are ACTIVE) and loads
     * the dev tables. With {@code replaceExisting}, tables of exactly these names are deleted first;
     * without it, any existing one stops the call before a single change.
     */
    public Created create(SampleData data, String devSuffix, String prodSuffix, boolean replaceExisting,
                          Progress progress) {
        requireSuffixes(devSuffix, prodSuffix);
        List<SampleTable> tables = data.models().stream().map(SampleSchema::table).toList();
        List<String> devTables = tables.stream().map(t -> t.physicalName(devSuffix)).toList();
        List<String> prodTables = tables.stream().map(t -> t.physicalName(prodSuffix)).toList();
        List<String> all = new ArrayList<>(devTables);
        all.addAll(prodTables);

        List<String> existing = all.stream().filter(name -> describe(name).isPresent()).toList();
        if (!existing.isEmpty()) {
            if (!replaceExisting) {
                throw new TablesExistException(existing);
            }
            existing.forEach(this::delete);
            existing.forEach(name -> await(name, "deleted", Optional::isEmpty));
        }

        for (SampleTable table : tables) {
            createTable(table, devSuffix);
            createTable(table, prodSuffix);
        }
        all.forEach(name -> await(name, "ACTIVE", SampleEnvironment::isActive));

        Map<String, Integer> loaded = load(data, devSuffix, progress);
        return new Created(devTables, prodTables, loaded);
    }

    private static void requireSuffixes(String devSuffix, String prodSuffix) {
        // A blank suffix would make "Contacts" itself a target: refuse rather than guess.
        if (devSuffix == null || devSuffix.isBlank() || prodSuffix == null || prodSuffix.isBlank()) {
            throw new IllegalArgumentException("both table suffixes must be non-blank, were '"
                    + devSuffix + "' and '" + prodSuffix + "'");
        }
        if (devSuffix.equals(prodSuffix)) {
            throw new IllegalArgumentException("dev and prod table suffixes must differ, both were '" + devSuffix + "'");
        }
    }

    private Optional<TableDescription> describe(String table) {
        try {
            return Optional.of(dynamoDb.describeTable(r -> r.tableName(table)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private void delete(String table) {
        TableStatus status = describe(table).map(TableDescription::tableStatus).orElse(TableStatus.DELETING);
        if (status == TableStatus.DELETING) {
            return;
        }
        // DeleteTable refuses a table that is still being created or updated.
        if (status != TableStatus.ACTIVE) {
            await(table, "ACTIVE", SampleEnvironment::isActive);
        }
        try {
            dynamoDb.deleteTable(r -> r.tableName(table));
        } catch (ResourceNotFoundException alreadyGone) {
            // deleted by someone else meanwhile: the outcome asked for
        }
    }

    private void createTable(SampleTable table, String suffix) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                dynamoDb.createTable(table.createTableRequest(suffix));
                return;
            } catch (LimitExceededException e) {
                // Too many tables in CREATING at once: let earlier ones finish, then try again.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(pollInterval.multipliedBy(5));
            }
        }
    }

    private static boolean isActive(Optional<TableDescription> table) {
        return table.isPresent()
                && table.get().tableStatus() == TableStatus.ACTIVE
                && table.get().globalSecondaryIndexes().stream()
                        .map(GlobalSecondaryIndexDescription::indexStatus)
                        .allMatch(IndexStatus.ACTIVE::equals);
    }

    private void await(String table, String state, Predicate<Optional<TableDescription>> reached) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached.test(describe(table))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + table + " was not " + state + " within " + timeout);
            }
            sleep(pollInterval);
        }
    }

    private Map<String, Integer> load(SampleData data, String devSuffix, Progress progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, loadThreads), runnable -> {
            Thread thread = new Thread(runnable, "sample-load");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<String, Future<Integer>> futures = new LinkedHashMap<>();
            for (String model : data.models()) {
                String table = SampleSchema.table(model).physicalName(devSuffix);
                futures.put(model, pool.submit(() -> loadTable(data, model, table, progress)));
            }
            Map<String, Integer> loaded = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Integer>> entry : futures.entrySet()) {
                loaded.put(entry.getKey(), result(entry.getValue()));
            }
            return Collections.unmodifiableMap(loaded);
        } finally {
            pool.shutdownNow();
        }
    }

    private int loadTable(SampleData data, String model, String table, Progress progress) {
        int written = 0;
        List<WriteRequest> batch = new ArrayList<>(BATCH_SIZE);
        Iterator<Map<String, AttributeValue>> items = data.items(model).iterator();
        while (items.hasNext()) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(items.next()).build()).build());
            if (batch.size() == BATCH_SIZE || !items.hasNext()) {
                writeBatch(table, batch);
                written += batch.size();
                progress.written(model, batch.size());
                batch = new ArrayList<>(BATCH_SIZE);
            }
        }
        return written;
    }

    /** BatchWriteItem may accept only part of a batch; the rest comes back and is sent again, backing off. */
    private void writeBatch(String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt = 1; ; attempt++) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(r -> r.requestItems(request));
            pending = unprocessed(response);
            if (pending.isEmpty()) {
                return;
            }
            if (attempt == MAX_BATCH_ATTEMPTS) {
                int left = pending.values().stream().mapToInt(List::size).sum();
                throw new IllegalStateException("table " + table + ": " + left + " items still unprocessed after "
                        + MAX_BATCH_ATTEMPTS + " BatchWriteItem attempts");
            }
            sleep(retryBase.multipliedBy(1L << Math.min(attempt - 1, 6)));
        }
    }

    private static Map<String, List<WriteRequest>> unprocessed(BatchWriteItemResponse response) {
        Map<String, List<WriteRequest>> left = new LinkedHashMap<>();
        response.unprocessedItems().forEach((table, requests) -> {
            if (!requests.isEmpty()) {
                left.put(table, requests);
            }
        });
        return left;
    }

    private static int result(Future<Integer> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading sample data", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for DynamoDB", e);
        }
    }
}
