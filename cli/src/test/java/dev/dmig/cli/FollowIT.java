package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.RunTrail;
import dev.dmig.cli.runs.StateNames;
import dev.dmig.faults.FaultProxy;
import dev.dmig.local.SharedStack;
import dev.dmig.local.SpecIds;
import dev.dmig.local.StorageBuckets;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.TableValidation;
import dev.dmig.validate.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * {@code dmig migrate --follow} against DynamoDB Local's streams, with a writer changing the source for the whole run
 * (new records pointing at new and old ones, reference changes, updates of copied items, deletes, a delete then a
 * re-insert of the same ID, a burst while the target is throttled): after {@code dmig cutover} the target holds exactly
 * the source's final state mapped by the ID function (written again here from the spec), the run's validation says so
 * item by item, and a rollback puts the target back exactly as it was. Storage files of items changed while following
 * are copied, and removed by the rollback. A source table without a stream is refused in one line, nothing written.
 */
class FollowIT {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final DynamoDbClient dynamoDb = SharedStack.dynamoDb();

    @org.junit.jupiter.api.BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    /** One test's tables: Contacts and Requests (whose agentContactId points at a contact) on both sides. */
    private final class App {
        final String dev;
        final String prod;
        final String plan;

        App() {
            int n = COUNTER.incrementAndGet();
            this.dev = "-flw" + n + "dev-NONE";
            this.prod = "-flw" + n + "prod-NONE";
            for (String suffix : List.of(dev, prod)) {
                create("Contacts" + suffix);
                create("Requests" + suffix);
            }
            this.plan = """
                    {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"},
                     "tables": {"Contacts": {}, "Requests": {"references": {"agentContactId": "Contacts"}}}}
                    """.formatted(dev, prod);
        }

        Path planFile(Path dir) throws java.io.IOException {
            Path file = dir.resolve("plan.json");
            Files.writeString(file, plan, StandardCharsets.UTF_8);
            return file;
        }

        String namespace() {
            return PlanParser.parse(plan).idNamespace();
        }
    }

    private void create(String table) {
        dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    }

    /** Documents d0..d(count-1) in the dev table, each naming its PDF, put in the dev bucket first; returns their IDs. */
    private List<String> docs(StorageBuckets buckets, String table, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            buckets.put(buckets.dev, "public/docs/d" + i + ".pdf", bytes("d" + i), "application/pdf", Map.of());
            put(table, Map.of("id", AttributeValue.fromS("d" + i), "fileKey", AttributeValue.fromS("docs/d" + i + ".pdf"),
                    "title", AttributeValue.fromS("doc " + i)));
            ids.add("d" + i);
        }
        return ids;
    }

    private void put(String table, Map<String, AttributeValue> item) {
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    private void delete(String table, String id) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id))));
    }

    private static Map<String, AttributeValue> contact(String id, String name) {
        return Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS(name));
    }

    private static Map<String, AttributeValue> request(String id, String agent, String note) {
        return Map.of("id", AttributeValue.fromS(id), "agentContactId", AttributeValue.fromS(agent), "note", AttributeValue.fromS(note));
    }

    private Set<Map<String, AttributeValue>> scan(String table) {
        Set<Map<String, AttributeValue>> items = new HashSet<>();
        dynamoDb.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
                .items().forEach(items::add);
        return items;
    }

    /** The target as the spec says the source maps: new IDs from the ID function, the reference mapped the same way. */
    private Map<String, Set<Map<String, AttributeValue>>> mapped(App app, Set<Map<String, AttributeValue>> prodContactsBefore) {
        String ns = app.namespace();
        Set<Map<String, AttributeValue>> contacts = new HashSet<>(prodContactsBefore);
        for (Map<String, AttributeValue> item : scan("Contacts" + app.dev)) {
            Map<String, AttributeValue> target = new HashMap<>(item);
            target.put("id", AttributeValue.fromS(SpecIds.newId(ns, "Contacts", item.get("id").s())));
            contacts.add(target);
        }
        Set<Map<String, AttributeValue>> requests = new HashSet<>();
        for (Map<String, AttributeValue> item : scan("Requests" + app.dev)) {
            Map<String, AttributeValue> target = new HashMap<>(item);
            target.put("id", AttributeValue.fromS(SpecIds.newId(ns, "Requests", item.get("id").s())));
            target.put("agentContactId", AttributeValue.fromS(SpecIds.newId(ns, "Contacts", item.get("agentContactId").s())));
            requests.add(target);
        }
        return Map.of("Contacts", contacts, "Requests", requests);
    }

    private Map<String, Set<Map<String, AttributeValue>>> targets(App app) {
        return Map.of("Contacts", scan("Contacts" + app.prod), "Requests", scan("Requests" + app.prod));
    }

    /**
     * What a live app does to the source, one step at a time: new contacts and requests pointing at new and old ones,
     * reference changes, updates of items, deletes, and deletes followed by a re-insert of the same ID.
     */
    private final class Writer {
        private final App app;
        private final Random random = new Random(49);
        private final List<String> contacts = new ArrayList<>();
        private final List<String> requests = new ArrayList<>();
        private int next;
        int steps;

        Writer(App app) {
            this.app = app;
            for (int i = 0; i < 40; i++) {
                contacts.add("c" + i);
                requests.add("r" + i);
            }
        }

        void step() {
            steps++;
            String contacts = "Contacts" + app.dev;
            String requests = "Requests" + app.dev;
            switch (random.nextInt(7)) {
                case 0 -> {
                    String id = "c-new" + next++;
                    put(contacts, contact(id, "new " + steps));
                    this.contacts.add(id);
                    String request = "r-new" + next++;
                    put(requests, request(request, id, "points at a new contact"));
                    this.requests.add(request);
                }
                case 1 -> {
                    String request = "r-new" + next++;
                    put(requests, request(request, pick(this.contacts), "points at an old contact"));
                    this.requests.add(request);
                }
                case 2 -> put(requests, request(pick(this.requests), pick(this.contacts), "reference changed at " + steps));
                case 3 -> put(contacts, contact(pick(this.contacts), "renamed at " + steps));
                case 4 -> {
                    String request = pick(this.requests);
                    delete(requests, request);
                    this.requests.remove(request);
                }
                case 5 -> {
                    String id = pick(this.contacts);
                    delete(contacts, id);
                    put(contacts, contact(id, "re-inserted at " + steps));
                }
                default -> {
                    String id = pick(this.requests);
                    delete(requests, id);
                    put(requests, request(id, pick(this.contacts), "re-inserted at " + steps));
                }
            }
        }

        private String pick(List<String> ids) {
            return ids.get(random.nextInt(ids.size()));
        }
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }

    /**
     * Also: once following has begun, the target's puts are throttled (the faults module's front before DynamoDB Local
     * refuses most of them as a table over its capacity does) while the writer makes a burst of changes; following slows
     * down and loses nothing.
     */
    @Test
    void aRunThatFollowsALiveSource_endsAtTheCutOverWithTheTargetExactlyTheSourceMapped_andRollsBackExactly(@TempDir Path dir)
            throws Exception {
        try (FaultProxy proxy = FaultProxy.start(SharedStack.stack().dynamoDbEndpoint(), 49)) {
            followsALiveSource(dir, proxy);
        }
    }

    private void followsALiveSource(Path dir, FaultProxy proxy) throws Exception {
        App app = new App();
        for (int i = 0; i < 40; i++) {
            put("Contacts" + app.dev, contact("c" + i, "contact " + i));
            put("Requests" + app.dev, request("r" + i, "c" + (i % 7), "request " + i));
        }
        put("Contacts" + app.prod, contact("prod-only", "prod's own"));
        var before = targets(app);
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        String runId = "follow-" + COUNTER.get();
        Writer writer = new Writer(app);
        // Following writes each change by a conditional PutItem (or DeleteItem): those are what a table short of capacity refuses.
        FaultProxy.Rule throttled = proxy.inject(FaultProxy.Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("PutItem")
                .probability(0.7).disarmed();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger burst = new AtomicInteger();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            // Through the analysis and the copy, and on into following: until following has applied changes, and then some.
            int after = 0;
            while (!stop.get() && after < 60 && writer.steps < 20_000) {
                writer.step();
                if (FollowStatus.read(artifacts, runId).map(FollowStatus::applied).orElse(0L) > 0) {
                    after++;
                    if (burst.get() == 0) {
                        // Following has begun: the target is throttled, and the app writes a burst at once.
                        throttled.arm();
                        for (int i = 0; i < 200; i++) {
                            writer.step();
                            burst.incrementAndGet();
                        }
                    }
                }
            }
            // Throttled until following has applied the burst (or gave up trying: the run then fails and says so).
            long target = FollowStatus.read(artifacts, runId).map(FollowStatus::applied).orElse(0L) + burst.get();
            java.time.Instant until = java.time.Instant.now().plusSeconds(60);
            while (FollowStatus.read(artifacts, runId).map(FollowStatus::applied).orElse(0L) < target
                    && java.time.Instant.now().isBefore(until)) {
                pause();
            }
            throttled.lift();
        });
        // The run's tables are reached through the front: the commands after it go where the run's record says.
        List<String> endpoints = new ArrayList<>(List.of("--dynamodb-endpoint", proxy.endpoint().toString()));
        endpoints.addAll(CliRun.embeddedS3());
        String planFile = app.planFile(dir).toString();
        CompletableFuture<CliRun> migrating = CompletableFuture.supplyAsync(() -> CliRun.of(endpoints, "migrate", "--plan",
                planFile, "--confirm", "--no-backup", "--run", runId, "--follow", "--enable-streams"));

        writing.join();
        CliRun cutover = cutOver(migrating, endpoints, artifacts, runId, "--max-lag", "2s");
        assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
        assertThat(throttled.fired()).as("puts the front refused while following: the target was throttled").isPositive();
        assertThat(burst.get()).isEqualTo(200);
        CliRun migrated = migrating.join();

        assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
        assertThat(migrated.out()).contains("turned on the stream of source table Contacts" + app.dev + " (NEW_AND_OLD_IMAGES)");
        assertThat(migrated.lastLine()).startsWith("SUCCEEDED  run " + runId + " (full): ");
        assertThat(cutover.lastLine()).startsWith("SUCCEEDED  run " + runId + ": cut over; ");
        assertThat(writer.steps).as("the writer wrote through the run").isGreaterThan(60);
        assertThat(targets(app)).isEqualTo(mapped(app, before.get("Contacts")));
        assertThat(CliRun.of(endpoints, "status", "--run", runId).out()).contains("following: lag 0");
        // The cut-over's check is the run's validation, item by item against the source as it is now, as any run's.
        ValidationReport validation = artifacts.getJson(RunLayout.validation(runId), ValidationReport.class).orElseThrow();
        assertThat(validation.passed()).as(validation.failures().toString()).isTrue();
        assertThat(validation.tables()).extracting(TableValidation::model, TableValidation::byDigest, TableValidation::sourceItems)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Contacts", false, (long) scan("Contacts" + app.dev).size()),
                        org.assertj.core.groups.Tuple.tuple("Requests", false, (long) scan("Requests" + app.dev).size()));
        assertThat(validation.tables()).allSatisfy(t -> assertThat(t.matched()).isEqualTo(t.sourceItems()));
        assertThat(CliRun.of(endpoints, "report", "--run", runId).out()).contains("Validation: passed");
        CliRun validatedAgain = CliRun.of(endpoints, "validate", "--run", runId);
        assertThat(validatedAgain.code()).as(validatedAgain.out() + validatedAgain.err()).isZero();

        CliRun rolledBack = CliRun.of(endpoints, "rollback", "--run", runId, "--confirm");

        assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
        assertThat(targets(app)).isEqualTo(before);
    }

    private static byte[] bytes(String key) {
        return ("the file at " + key + " ").repeat(20).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A followed app whose Docs name Storage files: while the run follows, the writer adds docs with new files, points
     * docs at new files, renames docs and deletes some. After the cut-over every doc's file is in the target's bucket
     * with its bytes (and the run's validation compared them); a rollback leaves the bucket as it was before the run.
     */
    @Test
    void aFollowedRunWithFiles_copiesTheObjectsOfChangedItems_andARollbackRemovesThoseItCreated(@TempDir Path dir) throws Exception {
        int n = COUNTER.incrementAndGet();
        String dev = "-flwf" + n + "dev-NONE";
        String prod = "-flwf" + n + "prod-NONE";
        create("Doc" + dev);
        create("Doc" + prod);
        try (StorageBuckets buckets = new StorageBuckets("flwf" + n, false)) {
            List<String> docs = docs(buckets, "Doc" + dev, 10);
            buckets.put(buckets.prod, "public/prod-only.pdf", bytes("prod"), "application/pdf", Map.of());
            var objectsBefore = buckets.objects(buckets.prod);
            Path planFile = docsPlan(dir, dev, prod, buckets, "abort");
            S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
            String runId = "follow-files-" + n;
            Random random = new Random(7);
            AtomicInteger steps = new AtomicInteger();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                int after = 0;
                while (after < 30 && steps.get() < 3_000) {
                    int step = steps.incrementAndGet();
                    String id = docs.get(random.nextInt(docs.size()));
                    String file = "docs/s" + step + ".pdf";
                    switch (random.nextInt(4)) {
                        case 0 -> {
                            // A new doc: its file uploaded first, as Amplify's Storage then API do.
                            buckets.put(buckets.dev, "public/" + file, bytes(file), "application/pdf", Map.of());
                            put("Doc" + dev, Map.of("id", AttributeValue.fromS("n" + step), "fileKey", AttributeValue.fromS(file),
                                    "title", AttributeValue.fromS("new " + step)));
                            docs.add("n" + step);
                        }
                        case 1 -> {
                            buckets.put(buckets.dev, "public/" + file, bytes(file), "application/pdf", Map.of());
                            put("Doc" + dev, Map.of("id", AttributeValue.fromS(id), "fileKey", AttributeValue.fromS(file),
                                    "title", AttributeValue.fromS("new file at " + step)));
                        }
                        case 2 -> dynamoDb.updateItem(b -> b.tableName("Doc" + dev).key(Map.of("id", AttributeValue.fromS(id)))
                                .updateExpression("SET title = :t").expressionAttributeValues(Map.of(":t",
                                        AttributeValue.fromS("renamed at " + step))));
                        default -> {
                            if (docs.size() > 3) {
                                delete("Doc" + dev, id);
                                docs.remove(id);
                            }
                        }
                    }
                    if (applied(artifacts, runId) > 0) {
                        after++;
                    }
                }
                // A last doc naming a new file, added while the run follows (it has applied changes): only following can
                // copy that file, with its record.
                buckets.put(buckets.dev, "public/docs/last.pdf", bytes("docs/last.pdf"), "application/pdf", Map.of());
                put("Doc" + dev, Map.of("id", AttributeValue.fromS("last"), "fileKey", AttributeValue.fromS("docs/last.pdf"),
                        "title", AttributeValue.fromS("the last")));
            });
            CompletableFuture<CliRun> migrating = CompletableFuture.supplyAsync(() -> dmig("migrate", "--plan",
                    planFile.toString(), "--confirm", "--no-backup", "--run", runId, "--follow", "--enable-streams"));

            writing.join();
            CliRun cutover = cutOver(migrating, CliRun.embeddedStack(), artifacts, runId);
            assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
            CliRun migrated = migrating.join();

            assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
            assertThat(applied(artifacts, runId)).isPositive();
            var objects = buckets.objects(buckets.prod);
            for (Map<String, AttributeValue> doc : scan("Doc" + dev)) {
                String key = "public/" + doc.get("fileKey").s();
                assertThat(objects).as(key).containsKey(key);
                assertThat(objects.get(key)).isEqualTo(buckets.get(buckets.dev, key));
            }
            // Every record the target holds after the cut-over names an object there, equal to its source's: the last doc,
            // which only following wrote, among them.
            Set<Map<String, AttributeValue>> targetDocs = scan("Doc" + prod);
            assertThat(targetDocs).extracting(doc -> doc.get("fileKey").s()).contains("docs/last.pdf");
            for (Map<String, AttributeValue> doc : targetDocs) {
                String key = "public/" + doc.get("fileKey").s();
                assertThat(objects).as("the target's doc " + doc.get("id").s() + " names " + key).containsKey(key);
                assertThat(objects.get(key)).as(key).isEqualTo(buckets.get(buckets.dev, key));
            }
            ValidationReport validation = artifacts.getJson(RunLayout.validation(runId), ValidationReport.class).orElseThrow();
            assertThat(validation.passed()).as(validation.failures().toString()).isTrue();
            assertThat(validation.tables().get(0).objectsChecked()).isEqualTo(scan("Doc" + dev).size());

            CliRun rolledBack = dmig("rollback", "--run", runId, "--confirm");

            assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
            assertThat(buckets.objects(buckets.prod)).isEqualTo(objectsBefore);
            assertThat(scan("Doc" + prod)).isEmpty();
        }
    }

    /**
     * A followed app that replaces files in place after the copy copied them (the same key, new bytes, the doc's record
     * changed alongside, as an app saving a new version of a doc does), one of them twice: following copies the new bytes
     * over the run's own objects (under onConflict abort, the default, as under overwrite: they are the run's, no
     * conflict), and a rollback after the cut-over leaves the production bucket exactly as it was before the run, byte for
     * byte (versioned: its versions too), but for a user's upload made after the cut-over at one of those keys, which is
     * kept and named.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "versioned production bucket: {0}, onConflict {1}")
    @org.junit.jupiter.params.provider.CsvSource({"false,abort", "true,abort", "false,overwrite", "true,overwrite"})
    void filesReplacedInPlaceWhileFollowing_areCopiedAgain_andARollbackPutsTheBucketBackExactly_keepingALaterUpload(boolean versioned,
            String onConflict, @TempDir Path dir) throws Exception {
        int n = COUNTER.incrementAndGet();
        String dev = "-flwr" + n + "dev-NONE";
        String prod = "-flwr" + n + "prod-NONE";
        create("Doc" + dev);
        create("Doc" + prod);
        try (StorageBuckets buckets = new StorageBuckets("flwr" + n, versioned)) {
            docs(buckets, "Doc" + dev, 3);
            buckets.put(buckets.prod, "public/prod-only.pdf", bytes("prod"), "application/pdf", Map.of());
            var objectsBefore = buckets.objects(buckets.prod);
            List<String> versionsBefore = buckets.versions(buckets.prod);
            Path planFile = docsPlan(dir, dev, prod, buckets, onConflict);
            S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
            String runId = "follow-replaced-" + n;
            CompletableFuture<CliRun> migrating = CompletableFuture.supplyAsync(() -> dmig("migrate", "--plan",
                    planFile.toString(), "--confirm", "--no-backup", "--run", runId, "--follow", "--enable-streams"));
            // The copy has copied every doc (its objects before its items); what the app does from here, following applies.
            awaitUntil(migrating, () -> scan("Doc" + prod).size() == 3);
            replace(buckets, dev, "d0", "d0, second version");
            replace(buckets, dev, "d1", "d1, second version");
            awaitUntil(migrating, () -> applied(artifacts, runId) >= 2);
            replace(buckets, dev, "d0", "d0, third version");
            awaitUntil(migrating, () -> applied(artifacts, runId) >= 3);
            CliRun cutover = cutOver(migrating, CliRun.embeddedStack(), artifacts, runId);
            CliRun migrated = migrating.join();

            assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
            assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
            for (int i = 0; i < 3; i++) {
                String key = "public/docs/d" + i + ".pdf";
                assertThat(buckets.get(buckets.prod, key)).as(key).isEqualTo(buckets.get(buckets.dev, key));
            }
            assertThat(buckets.get(buckets.prod, "public/docs/d0.pdf").bytes()).as("following copied the third version")
                    .isEqualTo(bytesOf(bytes("d0, third version")));

            // After the cut-over, a user uploads at a key following wrote again: theirs is kept.
            buckets.put(buckets.prod, "public/docs/d1.pdf", "a user's later upload".getBytes(StandardCharsets.UTF_8), "application/pdf",
                    Map.of("origin", "user"));
            var upload = buckets.get(buckets.prod, "public/docs/d1.pdf");
            List<String> uploaded = buckets.versions(buckets.prod).stream().filter(v -> v.startsWith("public/docs/d1.pdf ")).toList();
            List<String> versionsBeforeRollback = buckets.versions(buckets.prod);
            CliRun rolledBack = dmig("rollback", "--run", runId, "--confirm");

            assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
            assertThat(rolledBack.out()).contains("  1 object the run wrote changed by someone else since: left as is\n")
                    .contains("  changed by someone else, left as is: " + buckets.prod + "/public/docs/d1.pdf\n");
            Map<String, StorageBuckets.Stored> expected = new java.util.TreeMap<>(objectsBefore);
            expected.put("public/docs/d1.pdf", upload);
            // Said when it fails: what the rollback printed and what the bucket held before it (each version of the run's).
            assertThat(buckets.objects(buckets.prod)).as("the bucket as before the run, and the user's upload; the rollback"
                    + " said:%n%s%nthe bucket's versions before it: %s", rolledBack.out(), versionsBeforeRollback).isEqualTo(expected);
            if (versioned) {
                List<String> kept = new ArrayList<>(versionsBefore);
                kept.add(uploaded.get(0));
                assertThat(uploaded).as("the user's upload is the key's newest version").isNotEmpty();
                assertThat(buckets.versions(buckets.prod)).as("the run's versions gone, every one, the user's kept")
                        .containsExactlyInAnyOrderElementsOf(kept);
            }
            assertThat(scan("Doc" + prod)).isEmpty();
        }
    }

    /**
     * A file replaced in place while its doc's record is left as it was makes no change in the stream: following does not
     * see it, the cut-over's validation finds the target's copy different and names it, and the run rolls itself back,
     * leaving the production bucket and table as they were.
     */
    @Test
    void aFileReplacedInPlaceWithItsRecordUnchanged_isFoundByTheCutOversValidation_andTheRunRollsBack(@TempDir Path dir)
            throws Exception {
        int n = COUNTER.incrementAndGet();
        String dev = "-flwu" + n + "dev-NONE";
        String prod = "-flwu" + n + "prod-NONE";
        create("Doc" + dev);
        create("Doc" + prod);
        try (StorageBuckets buckets = new StorageBuckets("flwu" + n, false)) {
            docs(buckets, "Doc" + dev, 2);
            var objectsBefore = buckets.objects(buckets.prod);
            Path planFile = docsPlan(dir, dev, prod, buckets, "abort");
            S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
            String runId = "follow-unseen-" + n;
            CompletableFuture<CliRun> migrating = CompletableFuture.supplyAsync(() -> dmig("migrate", "--plan",
                    planFile.toString(), "--confirm", "--no-backup", "--run", runId, "--follow", "--enable-streams"));
            awaitUntil(migrating, () -> scan("Doc" + prod).size() == 2);
            buckets.put(buckets.dev, "public/docs/d0.pdf", bytes("d0, replaced unseen"), "application/pdf", Map.of());
            // A change following sees, so that it is known to have gone past the file's replacement.
            replace(buckets, dev, "d1", "d1, second version");
            awaitUntil(migrating, () -> applied(artifacts, runId) >= 1);
            CliRun cutover = cutOver(migrating, CliRun.embeddedStack(), artifacts, runId);
            CliRun migrated = migrating.join();

            String failed = "ValidationFailed: the target does not match the transformed source, still names the source's users"
                    + " or records, or does not name what the source named; the run's report names each difference";
            assertThat(cutover.code()).as(cutover.out() + cutover.err()).isNotZero();
            assertThat(cutover.lastLine()).isEqualTo("ROLLED BACK  run " + runId + ": " + failed);
            assertThat(migrated.code()).as(migrated.out() + migrated.err()).isNotZero();
            assertThat(migrated.out()).contains("    table Doc: object public/docs/d0.pdf in bucket " + buckets.prod + " differs from "
                    + buckets.dev + "/public/docs/d0.pdf (size " + bytes("d0").length + " ≠ " + bytes("d0, replaced unseen").length + ")\n")
                    .contains("ROLLED BACK  run " + runId + " (full): " + failed + "\n");
            assertThat(buckets.objects(buckets.prod)).isEqualTo(objectsBefore);
            assertThat(scan("Doc" + prod)).isEmpty();
        }
    }

    /** The app saves a new version of a doc's file in place, under its key, and the doc's record with it. */
    private void replace(StorageBuckets buckets, String dev, String doc, String version) {
        buckets.put(buckets.dev, "public/docs/" + doc + ".pdf", bytes(version), "application/pdf", Map.of());
        dynamoDb.updateItem(b -> b.tableName("Doc" + dev).key(Map.of("id", AttributeValue.fromS(doc)))
                .updateExpression("SET title = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromS(version))));
    }

    private static List<Byte> bytesOf(byte[] bytes) {
        List<Byte> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }

    /** Waits until {@code done} holds; fails, saying what the run printed, if the run ends or two minutes pass first. */
    private static void awaitUntil(CompletableFuture<CliRun> run, java.util.function.BooleanSupplier done) {
        java.time.Instant until = java.time.Instant.now().plusSeconds(120);
        while (!done.getAsBoolean()) {
            if (run.isDone()) {
                CliRun ended = run.join();
                throw new AssertionError("the run ended first: " + ended.out() + ended.err());
            }
            if (java.time.Instant.now().isAfter(until)) {
                throw new AssertionError("still waiting after two minutes");
            }
            pause();
        }
    }

    /**
     * The dashboard (the real dmig.jar, in real Chromium) on a run that follows a live source: while it follows, the run's
     * page shows the lag and, per source table, the changes applied and pending in dmig status's words; after the
     * cut-over, every table caught up with the changes its checkpoint counts, and no lag.
     */
    @Test
    void theDashboard_showsAFollowingRunsLagAndPendingChangesPerTable(@TempDir Path dir) throws Exception {
        java.util.Optional<Path> browser = dev.dmig.browser.Chromium.find();
        java.util.Optional<Path> driverBinary = dev.dmig.browser.Chromium.findDriver();
        if ((browser.isEmpty() || driverBinary.isEmpty()) && System.getenv(ReportPageIT.REQUIRE) != null) {
            org.assertj.core.api.Assertions.fail(ReportPageIT.REQUIRE + " is set but chromium or chromedriver was not found");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(browser.isPresent() && driverBinary.isPresent(),
                "no chromium and chromedriver installed: apt-get install chromium chromium-driver");
        App app = new App();
        for (int i = 0; i < 40; i++) {
            put("Contacts" + app.dev, contact("c" + i, "contact " + i));
            put("Requests" + app.dev, request("r" + i, "c" + (i % 7), "request " + i));
        }
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        String runId = "follow-dashboard-" + COUNTER.get();
        Writer writer = new Writer(app);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            while (!stop.get() && writer.steps < 20_000) {
                writer.step();
            }
        });
        String planFile = app.planFile(dir).toString();
        CompletableFuture<CliRun> migrating = CompletableFuture.supplyAsync(() -> dmig("migrate", "--plan",
                planFile, "--confirm", "--no-backup", "--run", runId, "--follow", "--enable-streams"));
        DmigProcess dashboard = DmigProcess.start(dir, DmigProcess.credentials(), "dashboard",
                "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                "--region", SharedStack.stack().region().id());
        org.openqa.selenium.WebDriver driver = null;
        try {
            String printed = dashboard.awaitOutLine(line -> line.startsWith("dmig dashboard: "));
            String url = printed.substring("dmig dashboard: ".length()).trim();
            driver = DashboardIT.chrome(browser.get(), driverBinary.get(), dir);
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofMinutes(3),
                    java.time.Duration.ofMillis(100));
            driver.get(url + "#run/" + runId);
            java.util.regex.Pattern table = java.util.regex.Pattern.compile("(Contacts|Requests)" + java.util.regex.Pattern.quote(app.dev)
                    + ": [\\d,]+ applied( \\([\\d,]+ older than the copy, skipped\\))?, (caught up|(at least [\\d,]+ pending|pending not read yet)(, [\\d.]+ s behind)?)");
            // While it follows, the writer writing: a lag, and a line per source table in status's words.
            wait.until(d -> applied(artifacts, runId) > 0 && followingShown(d).size() == 2);
            assertThat(shown(driver, "following"))
                    .matches("lag [\\d.]+ s · [\\d,]+ changes applied");
            assertThat(followingShown(driver)).allMatch(line -> table.matcher(line).matches(), "in status's words");

            stop.set(true);
            writing.join();
            CliRun cutover = cutOver(migrating, CliRun.embeddedStack(), artifacts, runId);
            assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
            assertThat(migrating.join().code()).isZero();

            FollowStatus ended = FollowStatus.read(artifacts, runId).orElseThrow();
            List<String> expected = ended.tables().stream().map(t -> t.table() + ": "
                    + String.format(java.util.Locale.ROOT, "%,d", t.applied()) + " applied"
                    + (t.older() > 0 ? String.format(java.util.Locale.ROOT, " (%,d older than the copy, skipped)", t.older()) : "")
                    + ", caught up").toList();
            assertThat(ended.applied()).as("changes followed").isPositive();
            wait.until(d -> followingShown(d).equals(expected));
            assertThat(shown(driver, "following")).isEqualTo("lag 0.0 s · "
                    + String.format(java.util.Locale.ROOT, "%,d", ended.applied()) + " changes applied · cut-over asked");
        } finally {
            stop.set(true);
            if (driver != null) {
                driver.quit();
            }
            dashboard.signal("TERM");
            dashboard.waitFor();
        }
    }

    /** The lines the run's page shows under "Following the source", one per source table. */
    private static List<String> followingShown(org.openqa.selenium.WebDriver driver) {
        return redrawn(() -> driver.findElements(org.openqa.selenium.By.cssSelector("#following-tables li")).stream()
                .map(org.openqa.selenium.WebElement::getText).toList());
    }

    /** The text of the element {@code id} of the page. */
    private static String shown(org.openqa.selenium.WebDriver driver, String id) {
        return redrawn(() -> driver.findElement(org.openqa.selenium.By.id(id)).getText());
    }

    /**
     * What {@code read} reads of the page, read again when the page redrew the section between finding an element and
     * reading it (it redraws as the run's artifacts change while it follows).
     */
    private static <T> T redrawn(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    /** An app whose dev side holds 40 contacts and 40 requests, as the {@link Writer} knows them. */
    private App appOf40() {
        App app = new App();
        for (int i = 0; i < 40; i++) {
            put("Contacts" + app.dev, contact("c" + i, "contact " + i));
            put("Requests" + app.dev, request("r" + i, "c" + (i % 7), "request " + i));
        }
        return app;
    }

    /** The command line of the real dmig.jar migrating {@code app} as run {@code runId}, following; skips without the jar. */
    private static List<String> followingJar(App app, Path dir, String runId) throws java.io.IOException {
        Path jar = Path.of(System.getProperty("dmig.jar", "target/dmig.jar"));
        org.assertj.core.api.Assumptions.assumeThat(jar).as("the shaded dmig.jar (built by mvn package)").exists();
        var credentials = SharedStack.credentialsForTheCli();
        List<String> command = DmigProcess.java();
        command.addAll(List.of("-Daws.accessKeyId=" + credentials.accessKeyId(), "-Daws.secretAccessKey=" + credentials.secretAccessKey(),
                "-jar", jar.toString(), "migrate", "--plan", app.planFile(dir).toString(), "--confirm", "--no-backup", "--run",
                runId, "--follow", "--enable-streams"));
        command.addAll(CliRun.embeddedStack());
        return command;
    }

    /**
     * The real dmig.jar, following, killed with SIGKILL: {@code dmig resume} goes on from the checkpoints, the writer
     * still writing, and after the cut-over the target is exact; a rollback then restores it exactly.
     */
    @Test
    void aFollowingRunKilled_resumesFromItsCheckpoints_andCutsOverExactly(@TempDir Path dir) throws Exception {
        App app = appOf40();
        var before = targets(app);
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        String runId = "follow-killed-" + COUNTER.get();
        List<String> command = followingJar(app, dir, runId);
        Path log = dir.resolve(runId + ".log");
        Writer writer = new Writer(app);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            while (!stop.get() && writer.steps < 20_000) {
                writer.step();
            }
        });
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
        // Killed while following: once it has applied changes (the signal is what it applied, not the time).
        while (process.isAlive() && applied(artifacts, runId) == 0 && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(process.isAlive()).as("still following when killed; log: %s", Files.readString(log)).isTrue();
        // Stopped first, as MidRunKill does: what it had sent lands in the stores before the kill, not under the resume.
        MidRunKill.signal(process, "STOP");
        Thread.sleep(100);
        process.destroyForcibly();
        assertThat(process.waitFor()).isNotZero();
        long appliedWhenKilled = applied(artifacts, runId);
        CliRun early = dmig("cutover", "--run", runId);
        assertThat(early.code()).as(early.out() + early.err()).isEqualTo(2);
        String said = early.err().strip();
        assertThat(said).startsWith("error: run " + runId + " is not running: its dmig process (").endsWith(", then cut over");
        assertThat(artifacts.get(RunLayout.cutover(runId))).as("no cut-over asked of a run nothing runs").isEmpty();
        // The run is taken up again by the command the refusal printed, exactly as printed.
        String[] printed = said.substring(said.indexOf("take it up again with dmig ") + "take it up again with dmig ".length(),
                said.lastIndexOf(", then cut over")).split(" ");
        assertThat(printed).startsWith("resume", "--run", runId);

        CompletableFuture<CliRun> resuming = CompletableFuture.supplyAsync(() -> CliRun.of(List.of(), printed));
        while (applied(artifacts, runId) <= appliedWhenKilled + 20 && !resuming.isDone()
                && java.time.Instant.now().isBefore(deadline.plusSeconds(120))) {
            Thread.sleep(20);
        }
        stop.set(true);
        writing.join();
        CliRun cutover = cutOver(resuming, CliRun.embeddedStack(), artifacts, runId);
        CliRun resumed = resuming.join();

        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run " + runId + " (full): ");
        assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
        assertThat(applied(artifacts, runId)).as("the resumed run followed on").isGreaterThan(appliedWhenKilled);
        assertThat(targets(app)).isEqualTo(mapped(app, before.get("Contacts")));

        CliRun rolledBack = dmig("rollback", "--run", runId, "--confirm");

        assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
        assertThat(targets(app)).isEqualTo(before);
    }

    /**
     * The run's process is killed while the cut-over waits for it (stopped first, so that it cannot end): the cut-over
     * says so, with the command that takes the run up again, and stops waiting. That command, as printed, resumes the
     * run, which finds the cut-over still asked and cuts over; a rollback then leaves production as it was.
     */
    @Test
    void aCutOverWhoseRunsProcessEndsWhileItWaits_saysSo_andThePrintedResumeCutsTheRunOver(@TempDir Path dir) throws Exception {
        App app = appOf40();
        var before = targets(app);
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        String runId = "follow-gone-" + COUNTER.get();
        List<String> command = followingJar(app, dir, runId);
        Path log = dir.resolve(runId + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Writer writer = new Writer(app);
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
        // In its Follow state (its copy done), then one change applied and caught up: the signals are what the run says.
        while (process.isAlive() && !RunTrail.current(artifacts, runId).filter(StateNames::following).isPresent()
                && java.time.Instant.now().isBefore(deadline)) {
            pause();
        }
        writer.step();
        while (process.isAlive() && !FollowStatus.read(artifacts, runId).filter(status -> status.applied() > 0
                && status.tables().stream().allMatch(FollowStatus.Table::caughtUp)).isPresent() && java.time.Instant.now().isBefore(deadline)) {
            pause();
        }
        assertThat(process.isAlive()).as("still following; log: %s", Files.readString(log)).isTrue();
        MidRunKill.signal(process, "STOP");
        CompletableFuture<CliRun> cutting = CompletableFuture.supplyAsync(() -> dmig("cutover", "--run", runId));
        while (artifacts.get(RunLayout.cutover(runId)).isEmpty() && !cutting.isDone() && java.time.Instant.now().isBefore(deadline)) {
            pause();
        }
        assertThat(cutting).as("the cut-over waits for the stopped run").isNotDone();
        process.destroyForcibly();
        assertThat(process.waitFor()).isNotZero();
        CliRun cutover = cutting.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(cutover.code()).as(cutover.out() + cutover.err()).isEqualTo(1);
        String said = cutover.lastLine();
        assertThat(said).startsWith("STOPPED  run " + runId + ": its dmig process ended before the cut-over did; the cut-over stays"
                + " asked: dmig resume --run " + runId).endsWith(" takes the run up again, and it cuts over");
        String[] printed = said.substring(said.indexOf("dmig resume ") + "dmig ".length(), said.indexOf(" takes the run up again"))
                .split(" ");
        CliRun resumed = CliRun.of(List.of(), printed);
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run " + runId + " (full): ");
        assertThat(targets(app)).isEqualTo(mapped(app, before.get("Contacts")));

        CliRun rolledBack = dmig("rollback", "--run", runId, "--confirm");
        assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
        assertThat(targets(app)).isEqualTo(before);
    }

    /**
     * {@code dmig cutover} on the run, which waits for the run ({@code running}: the command running it) to end. None of
     * this class's runs meets a record of production's, so following never holds one for a decision: if it does, this
     * fails at once, naming the records, rather than wait with the command; and if the command running the run ends
     * while the cut-over still waits, this fails with what that command printed.
     */
    private static CliRun cutOver(CompletableFuture<CliRun> running, List<String> endpoints, S3ArtifactStore artifacts, String runId,
                                  String... options) {
        List<String> args = new ArrayList<>(List.of("cutover", "--run", runId));
        args.addAll(List.of(options));
        CompletableFuture<CliRun> cutting = CompletableFuture.supplyAsync(() -> CliRun.of(endpoints, args.toArray(String[]::new)));
        // Polls after the run's command ended that the cut-over may take to read the run's end: ten seconds' worth.
        int afterTheRun = 0;
        try {
            while (!cutting.isDone()) {
                FollowStatus.read(artifacts, runId).filter(FollowStatus::holding).ifPresent(status -> {
                    throw new AssertionError("following holds records for a decision: " + status.tables().stream()
                            .filter(table -> !table.held().isEmpty()).map(table -> table.table() + " " + table.held()).toList());
                });
                if (running.isDone() && ++afterTheRun > 200) {
                    CliRun ended = running.join();
                    throw new AssertionError("the run's command ended (exit " + ended.code() + ") and the cut-over still waits: "
                            + ended.out() + ended.err());
                }
                pause();
            }
        } catch (AssertionError failed) {
            // The run stopped, so that its command ends rather than follow on beside the tests after this one.
            CliRun.of(endpoints, "stop", "--run", runId);
            throw failed;
        }
        return cutting.join();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for following", e);
        }
    }

    private static long applied(S3ArtifactStore artifacts, String runId) {
        return FollowStatus.read(artifacts, runId).map(FollowStatus::applied).orElse(0L);
    }

    @Test
    void aSourceTableWithoutAStream_isRefusedInOneLine_namingTheCommand_andNothingIsWritten(@TempDir Path dir) throws Exception {
        App app = new App();
        put("Contacts" + app.dev, contact("c1", "one"));
        // Requests has its stream: Contacts alone is refused, named with its own command.
        dynamoDb.updateTable(b -> b.tableName("Requests" + app.dev).streamSpecification(spec -> spec.streamEnabled(true)
                .streamViewType(software.amazon.awssdk.services.dynamodb.model.StreamViewType.NEW_AND_OLD_IMAGES)));
        var before = targets(app);

        CliRun refused = dmig("migrate", "--plan", app.planFile(dir).toString(), "--confirm", "--no-backup", "--run",
                "follow-refused-" + COUNTER.get(), "--follow");

        assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.lastLine()).isEqualTo("REFUSED  run follow-refused-" + COUNTER.get() + " (full): StreamNotReady: table "
                + "Contacts" + app.dev + " has no stream; following its writes needs one with the item before and after each "
                + "change: aws dynamodb update-table --table-name Contacts" + app.dev + " --stream-specification "
                + "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES (or, for a run from your machine, add --enable-streams); nothing was written");
        assertThat(targets(app)).isEqualTo(before);
    }

    /** A plan of the Doc table between {@code dev} and {@code prod}, its {@code fileKey}s Storage files of the buckets. */
    private static Path docsPlan(Path dir, String dev, String prod, StorageBuckets buckets, String onConflict) throws java.io.IOException {
        Path planFile = dir.resolve("plan.json");
        Files.writeString(planFile, """
                {"source": {"tableSuffix": "%s", "storageBucket": "%s"}, "target": {"tableSuffix": "%s", "storageBucket": "%s"},
                 "onConflict": "%s", "tables": {"Doc": {"files": {"fileKey": {"prefix": "public/"}}}}}
                """.formatted(dev, buckets.dev, prod, buckets.prod, onConflict));
        return planFile;
    }
}
