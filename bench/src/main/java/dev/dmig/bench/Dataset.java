package dev.dmig.bench;

import dev.dmig.plan.PlanParser;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SampleEnvironment;
import dev.dmig.sample.SamplePlan;
import dev.dmig.sample.SampleSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The generated data of one benchmark size: source tables with data, empty dmig target tables and
 * empty raw-copy target tables of the same schema (indexes included), and the plan between them.
 * It is a pure function of (kind, items, tag), so the parent and each worker JVM build the same one.
 */
final class Dataset {
    /** {@code sample}: the demo's 31 Amplify tables in dependency levels; {@code wide}: one table of ~1 KB items. */
    enum Kind {
        SAMPLE, WIDE;

        String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    final Kind kind;
    final int requested;
    final String tag;
    final String devSuffix;
    final String prodSuffix;
    final String rawSuffix;
    /** The destination of the peer's copy (copy-dynamodb-table): the source's schema, empty before each copy. */
    final String peerSuffix;
    /** Migrated models (the plan's skipped ones are left out of both copies) and their item counts. */
    final Map<String, Integer> counts;

    private Dataset(Kind kind, int requested, String tag) {
        this.tag = tag;
        this.kind = kind;
        this.requested = requested;
        this.devSuffix = "-" + tag + "-dev";
        this.prodSuffix = "-" + tag + "-prod";
        this.rawSuffix = "-" + tag + "-raw";
        this.peerSuffix = "-" + tag + "-peer";
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (kind == Kind.WIDE) {
            counts.put(WideTable.MODEL, requested);
        } else {
            SampleData data = SampleData.withAbout(requested);
            for (String model : PlanParser.parse(SamplePlan.json(devSuffix, prodSuffix)).migratedModels()) {
                counts.put(model, data.count(model));
            }
        }
        this.counts = counts;
    }

    static Dataset of(Kind kind, int items, String tag) {
        return new Dataset(kind, items, tag);
    }

    long items() {
        return counts.values().stream().mapToLong(Integer::longValue).sum();
    }

    List<String> models() {
        return new ArrayList<>(counts.keySet());
    }

    /** The plan as dmig's execution input takes it; {@code segments} and {@code rate} are optional top-level overrides. */
    ObjectNode plan(Integer segments, Integer rate) {
        String text = kind == Kind.WIDE ? WideTable.plan(devSuffix, prodSuffix) : SamplePlan.json(devSuffix, prodSuffix);
        ObjectNode plan = (ObjectNode) Json.tree(text.getBytes(StandardCharsets.UTF_8));
        if (segments != null) {
            plan.put("segments", segments);
        }
        if (rate != null) {
            plan.put("writeRateLimit", rate);
        }
        return plan;
    }

    /** The identity map the plan names (the sample's users), or null when it names none. */
    byte[] identities() {
        return kind == Kind.WIDE ? null : SamplePlan.identities();
    }

    /** Writes the plan's identity map beside {@code planFile}, where a run of the plan reads it. */
    void writeIdentitiesBeside(Path planFile) {
        if (identities() != null) {
            try {
                Files.write(planFile.resolveSibling(SamplePlan.IDENTITIES_FILE), identities());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    CreateTableRequest createTable(String model, String suffix) {
        return kind == Kind.WIDE ? WideTable.createTableRequest(model + suffix) : SampleSchema.table(model).createTableRequest(suffix);
    }

    /** Creates every table and loads the source; any table of these names is replaced. */
    void setUp(DynamoDbClient dynamoDb) {
        if (kind == Kind.SAMPLE) {
            new SampleEnvironment(dynamoDb).create(SampleData.withAbout(requested), devSuffix, prodSuffix, true);
            recreate(dynamoDb, rawSuffix);
            return;
        }
        recreate(dynamoDb, devSuffix);
        recreate(dynamoDb, prodSuffix);
        recreate(dynamoDb, rawSuffix);
        loadWide(dynamoDb);
    }

    /** Deletes and creates again the tables of one suffix, so a copy starts from empty tables. */
    void recreate(DynamoDbClient dynamoDb, String suffix) {
        List<String> models = kind == Kind.SAMPLE ? SampleData.withAbout(requested).models() : models();
        for (String model : models) {
            drop(dynamoDb, model + suffix);
        }
        for (String model : models) {
            dynamoDb.createTable(createTable(model, suffix));
        }
        for (String model : models) {
            awaitActive(dynamoDb, model + suffix);
        }
    }

    void tearDown(DynamoDbClient dynamoDb) {
        List<String> models = kind == Kind.SAMPLE ? SampleData.withAbout(requested).models() : models();
        for (String suffix : List.of(devSuffix, prodSuffix, rawSuffix, peerSuffix)) {
            for (String model : models) {
                drop(dynamoDb, model + suffix);
            }
        }
    }

    private static void drop(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.deleteTable(b -> b.tableName(table));
        } catch (ResourceNotFoundException absent) {
            return;
        }
        for (int i = 0; i < 600; i++) {
            try {
                dynamoDb.describeTable(b -> b.tableName(table));
            } catch (ResourceNotFoundException gone) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("table " + table + " was not deleted within a minute");
    }

    private static void awaitActive(DynamoDbClient dynamoDb, String table) {
        for (int i = 0; i < 600; i++) {
            if (dynamoDb.describeTable(b -> b.tableName(table)).table().tableStatus() == TableStatus.ACTIVE) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("table " + table + " was not ACTIVE within a minute");
    }

    private void loadWide(DynamoDbClient dynamoDb) {
        String table = WideTable.MODEL + devSuffix;
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    List<WriteRequest> batch = new ArrayList<>(25);
                    for (int i = first; i < requested; i += threads) {
                        Map<String, AttributeValue> item = WideTable.item(i, requested);
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                        if (batch.size() == 25) {
                            RawCopy.writeFully(dynamoDb, table, batch);
                            batch = new ArrayList<>(25);
                        }
                    }
                    if (!batch.isEmpty()) {
                        RawCopy.writeFully(dynamoDb, table, batch);
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("loading " + table + " failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
