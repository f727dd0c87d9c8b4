package dev.dmig.bench;

import dev.dmig.plan.PlanParser;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SampleEnvironment;
import dev.dmig.sample.SamplePlan;
import dev.dmig.sample.SampleSchema;
import dev.dmig.sample.SampleStorage;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The generated data of one benchmark size: source tables with data, empty dmig target tables and
 * empty raw-copy target tables of the same schema (indexes included), and the plan between them.
 * It is a pure function of (kind, items, tag, files), so the parent and each worker JVM build the same one. With files,
 * the sample app's Storage too: a dev and a prod bucket of its own, an avatar per user and a cover for a few hundred
 * projects in the dev one, and the plan's file references to them. The whole app ({@link Kind#APP}) is the sample with
 * {@value #APP_USERS} users, always with files ({@value #APP_COVERS} covers), and its two user pools ({@link AppPools}).
 */
final class Dataset {
    /**
     * {@code sample}: the demo's 31 Amplify tables in dependency levels; {@code wide}: one table of ~1 KB items; {@code app}:
     * the sample as a whole app, with its users in two user pools and its Storage files.
     */
    enum Kind {
        SAMPLE, WIDE, APP;

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
    /** The sample's Storage, its buckets and covers; null when the data set has no files. */
    final SampleStorage.Layout storage;

    /** Projects with a cover image when the data set has files: with the users' avatars, a few hundred objects. */
    static final int COVERS = 400;
    /** The whole app's users: a profile each, in both user pools. */
    static final int APP_USERS = 400;
    /** The whole app's covers: with an avatar per user, about a thousand objects once there are that many projects. */
    static final int APP_COVERS = 600;

    /** The whole app's user pools, which its plan names; null for the other kinds. */
    final AppPools pools;

    private Dataset(Kind kind, int requested, String tag, boolean files) {
        this(kind, requested, tag, files, null);
    }

    private Dataset(Kind kind, int requested, String tag, boolean files, AppPools pools) {
        this.pools = pools;
        this.tag = tag;
        this.kind = kind;
        this.requested = requested;
        this.devSuffix = "-" + tag + "-dev";
        this.prodSuffix = "-" + tag + "-prod";
        this.rawSuffix = "-" + tag + "-raw";
        this.peerSuffix = "-" + tag + "-peer";
        this.storage = kind == Kind.APP || files && kind == Kind.SAMPLE ? new SampleStorage.Layout("dmig-bench-" + tag + "-dev",
                "dmig-bench-" + tag + "-prod", kind == Kind.APP ? APP_COVERS : COVERS) : null;
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (kind == Kind.WIDE) {
            counts.put(WideTable.MODEL, requested);
        } else {
            SampleData data = data(kind, requested);
            for (String model : PlanParser.parse(SamplePlan.json(devSuffix, prodSuffix)).migratedModels()) {
                counts.put(model, data.count(model));
            }
        }
        this.counts = counts;
    }

    static Dataset of(Kind kind, int items, String tag) {
        return new Dataset(kind, items, tag, false);
    }

    /** The whole app of about {@code items} items, its plan naming {@code pools}, which hold {@link #appUsers}. */
    static Dataset app(int items, String tag, AppPools pools) {
        return new Dataset(Kind.APP, items, tag, true, pools);
    }

    /** The whole app's users at {@code items} items, to put in its pools before the data set is made. */
    static List<SampleData.User> appUsers(int items) {
        return data(Kind.APP, items).users();
    }

    /** The sample's data behind a sample or app data set of about {@code items} items. */
    private static SampleData data(Kind kind, int items) {
        SampleData data = SampleData.withAbout(items);
        return kind == Kind.APP ? data.withUsers(APP_USERS) : data;
    }

    private SampleData data() {
        return data(kind, requested);
    }

    /** The same with the sample's Storage files ({@code files} true and the kind {@code sample}). */
    static Dataset of(Kind kind, int items, String tag, boolean files) {
        return new Dataset(kind, items, tag, files);
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
        if (storage != null) {
            text = SampleStorage.plan(text, storage);
        }
        ObjectNode plan = (ObjectNode) Json.tree(text.getBytes(StandardCharsets.UTF_8));
        if (pools != null) {
            pools.name(plan);
        }
        if (segments != null) {
            plan.put("segments", segments);
        }
        if (rate != null) {
            plan.put("writeRateLimit", rate);
        }
        return plan;
    }

    /** The identity map the plan names (the sample's users, with their identity-pool IDs when it has files), or null when it names none. */
    byte[] identities() {
        if (kind == Kind.WIDE) {
            return null;
        }
        return storage != null ? SampleStorage.identities(data()) : SamplePlan.identities();
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
        setUp(dynamoDb, null);
    }

    /** The same, and the Storage files in the dev bucket when the data set has them ({@code s3} may be null when not). */
    void setUp(DynamoDbClient dynamoDb, S3Client s3) {
        if (kind != Kind.WIDE) {
            SampleData data = data();
            new SampleEnvironment(dynamoDb).create(data, devSuffix, prodSuffix, true);
            if (storage != null) {
                SampleStorage.create(data, dynamoDb, s3, devSuffix, storage);
            }
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
        List<String> models = kind != Kind.WIDE ? data().models() : models();
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

    /** Empties the destination before a copy: the target tables created again, and the prod bucket emptied when there are files. */
    void clearTarget(DynamoDbClient dynamoDb, S3Client s3) {
        recreate(dynamoDb, prodSuffix);
        if (storage != null) {
            SampleStorage.empty(s3, storage.prodBucket());
        }
    }

    /** Objects in the dev ({@code prod} false) or the prod bucket; 0 when the data set has no files. */
    long objects(S3Client s3, boolean prod) {
        if (storage == null) {
            return 0;
        }
        String bucket = prod ? storage.prodBucket() : storage.devBucket();
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().count();
    }

    /** Drops every table, and the buckets when there are files. */
    void tearDown(DynamoDbClient dynamoDb, S3Client s3) {
        tearDown(dynamoDb);
        if (storage != null) {
            for (String bucket : List.of(storage.devBucket(), storage.prodBucket())) {
                try {
                    SampleStorage.empty(s3, bucket);
                    s3.deleteBucket(b -> b.bucket(bucket));
                } catch (NoSuchBucketException gone) {
                    // Nothing to drop.
                }
            }
        }
    }

    void tearDown(DynamoDbClient dynamoDb) {
        List<String> models = kind != Kind.WIDE ? data().models() : models();
        for (String suffix : List.of(devSuffix, prodSuffix, rawSuffix, peerSuffix)) {
            for (String model : models) {
                drop(dynamoDb, model + suffix);
            }
        }
    }

    private static void drop(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.deleteTable(b -> b.tableName(table).overrideConfiguration(Clients.WHOLE_TABLE));
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
