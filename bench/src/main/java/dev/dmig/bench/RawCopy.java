package dev.dmig.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The ceiling: a plain parallel Scan + BatchWriteItem copy with no mapping, no journal and no
 * checkpoint. Scanner threads read 1 MB pages and hand 25-item batches to a pool of writer
 * threads; a semaphore bounds the batches in flight so memory stays flat.
 */
final class RawCopy {
    /**
     * {@code segments}: scan segments over all tables (each table at least one), run by as many threads;
     * {@code writers}: BatchWriteItem threads; {@code pageLimit}: Scan's Limit (0: none, pages of 1 MB).
     * Written {@code 4x16} or, with a limit, {@code 4x16l500}. {@code newKeys} (suffix {@code k}): each item's partition
     * key is replaced by another of the same length, derived from it, as dmig's new IDs replace the source's: the
     * store then inserts in an order unrelated to its scan order, as it does for dmig. No other change.
     */
    record Config(int segments, int writers, int pageLimit, boolean newKeys) {
        Config(int segments, int writers) {
            this(segments, writers, 0, false);
        }

        static Config parse(String text) {
            String trimmed = text.trim();
            boolean newKeys = trimmed.endsWith("k");
            String[] limit = (newKeys ? trimmed.substring(0, trimmed.length() - 1) : trimmed).split("l");
            String[] parts = limit[0].split("x");
            return new Config(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), limit.length > 1 ? Integer.parseInt(limit[1]) : 0,
                    newKeys);
        }

        String text() {
            return segments + "x" + writers + (pageLimit > 0 ? "l" + pageLimit : "") + (newKeys ? "k" : "");
        }
    }

    record Table(String source, String target, long items) {
    }

    record Result(Config config, long items, long nanos, long unprocessedRetries, int scanTasks, long scanCalls, long scanNanos,
                  long writeCalls, long writeNanos) {
        double itemsPerSecond() {
            return items / (nanos / 1e9);
        }
    }

    private RawCopy() {
    }

    static Result copy(DynamoDbClient dynamoDb, List<Table> tables, Config config) {
        return copy(dynamoDb, tables, config, Long.MAX_VALUE);
    }

    /** Copies at most about {@code maxItems} (whole pages): a warm-up needs no more. */
    static Result copy(DynamoDbClient dynamoDb, List<Table> tables, Config config, long maxItems) {
        return new Copy(dynamoDb, config, maxItems).run(tables);
    }

    /** One copy under way: its writer threads, the batches in flight, what it counted, and the first failure. */
    private static final class Copy {
        private final DynamoDbClient dynamoDb;
        private final Config config;
        private final long maxItems;
        private final AtomicLong copied = new AtomicLong();
        private final AtomicLong retries = new AtomicLong();
        /** Scan calls and their nanoseconds summed, then BatchWriteItem calls and theirs. */
        private final long[] timing = new long[4];
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final ExecutorService writers;
        private final Semaphore inFlight;

        Copy(DynamoDbClient dynamoDb, Config config, long maxItems) {
            this.dynamoDb = dynamoDb;
            this.config = config;
            this.maxItems = maxItems;
            this.writers = Executors.newFixedThreadPool(config.writers());
            this.inFlight = new Semaphore(config.writers() * 2);
        }

        Result run(List<Table> tables) {
            long total = Math.max(1, tables.stream().mapToLong(Table::items).sum());
            List<Runnable> scans = new ArrayList<>();
            for (Table table : tables) {
                int segments = (int) Math.max(1, Math.round((double) config.segments() * table.items() / total));
                String newKey = config.newKeys() ? partitionKey(dynamoDb, table.target()) : null;
                for (int s = 0; s < segments; s++) {
                    int segment = s;
                    scans.add(() -> scanSegment(table, segment, segments, newKey));
                }
            }
            ExecutorService scanners = Executors.newFixedThreadPool(Math.min(config.segments(), scans.size()));
            long started = System.nanoTime();
            try {
                List<Future<?>> futures = new ArrayList<>();
                scans.forEach(scan -> futures.add(scanners.submit(scan)));
                for (Future<?> future : futures) {
                    future.get();
                }
                // Every batch holds a permit until written: taking them all means every write is done.
                inFlight.acquire(config.writers() * 2);
            } catch (Exception e) {
                throw new IllegalStateException("raw copy failed: " + e, e);
            } finally {
                scanners.shutdownNow();
                writers.shutdownNow();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("raw copy failed: " + failure.get(), failure.get());
            }
            synchronized (timing) {
                return new Result(config, copied.get(), System.nanoTime() - started, retries.get(), scans.size(), timing[0], timing[1],
                        timing[2], timing[3]);
            }
        }

        private void scanSegment(Table table, int segment, int segments, String newKey) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                long scanStart = System.nanoTime();
                ScanResponse page = dynamoDb.scan(b -> {
                    b.tableName(table.source());
                    if (config.pageLimit() > 0) {
                        b.limit(config.pageLimit());
                    }
                    if (segments > 1) {
                        b.segment(segment).totalSegments(segments);
                    }
                    if (from != null) {
                        b.exclusiveStartKey(from);
                    }
                });
                add(timing, 0, System.nanoTime() - scanStart);
                List<Map<String, AttributeValue>> items = page.items();
                for (int i = 0; i < items.size(); i += 25) {
                    List<WriteRequest> batch = new ArrayList<>(25);
                    for (Map<String, AttributeValue> item : items.subList(i, Math.min(items.size(), i + 25))) {
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(newKey == null ? item : withNewKey(item, newKey))
                                .build()).build());
                    }
                    try {
                        inFlight.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    writers.execute(() -> write(table, batch));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null && failure.get() == null && copied.get() < maxItems);
        }

        /** On a writer thread: one batch, its permit given back whatever happens. */
        private void write(Table table, List<WriteRequest> batch) {
            try {
                long writeStart = System.nanoTime();
                retries.addAndGet(writeFully(dynamoDb, table.target(), batch));
                add(timing, 2, System.nanoTime() - writeStart);
                copied.addAndGet(batch.size());
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                inFlight.release();
            }
        }
    }

    private static String partitionKey(DynamoDbClient dynamoDb, String table) {
        return dynamoDb.describeTable(b -> b.tableName(table)).table().keySchema().stream()
                .filter(k -> k.keyType() == KeyType.HASH).findFirst().orElseThrow().attributeName();
    }

    /** The item with its (string) partition key replaced by a name-based UUID of it: same length, unrelated order. */
    private static Map<String, AttributeValue> withNewKey(Map<String, AttributeValue> item, String key) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        String old = item.get(key).s();
        copy.put(key, AttributeValue.fromS(UUID.nameUUIDFromBytes(("new/" + old).getBytes(StandardCharsets.UTF_8)).toString()));
        return copy;
    }

    private static void add(long[] timing, int index, long nanos) {
        synchronized (timing) {
            timing[index]++;
            timing[index + 1] += nanos;
        }
    }

    /** Writes one batch, re-sending unprocessed items with a short backoff; returns how many re-sends it took. */
    static int writeFully(DynamoDbClient dynamoDb, String table, List<WriteRequest> batch) {
        List<WriteRequest> pending = batch;
        for (int attempt = 0; ; attempt++) {
            List<WriteRequest> request = pending;
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, request)));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            if (pending.isEmpty()) {
                return attempt;
            }
            if (attempt == 12) {
                throw new IllegalStateException(table + ": " + pending.size() + " items unprocessed after 12 attempts");
            }
            Dataset.sleep(Math.min(1_000, 10L << attempt));
        }
    }
}
