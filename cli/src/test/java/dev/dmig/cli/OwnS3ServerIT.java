package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StockS3Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Gen 1 app with user pools and photos whose Storage is a person's own S3 server: a stock S3Proxy in a process of its
 * own (the filesystem provider: no versions, no bucket owner header), with its own keys, which the environment's
 * credentials chain holds; the run's artifacts on it too. infer writes both sides' storageEndpoint; a test run with
 * parents copies the parent's photo; a full run copies every photo; a rollback leaves every record left in production
 * naming an object that exists. Items and objects are read back at each step and compared with what the source says
 * they must be, not with dmig's counts.
 */
class OwnS3ServerIT {
    private static final int SIGHTINGS = 9;
    private static final int NOTES = 12;
    private static final AtomicInteger APPS = new AtomicInteger();

    @TempDir
    static Path serverDir;
    private static StockS3Proxy server;
    private static CognitoLocal cognito;

    @BeforeAll
    static void start() throws Exception {
        cognito = CognitoLocal.shared();
        server = StockS3Proxy.start(serverDir);
        // The environment's credentials are the server's own keys (DynamoDB Local takes any).
        System.setProperty("aws.accessKeyId", server.keys.accessKeyId());
        System.setProperty("aws.secretAccessKey", server.keys.secretAccessKey());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        SharedStack.credentialsForTheCli();
    }

    /** Three users, in the development pool by username and in production's by email. */
    private record User(String devOwner, String prodOwner) {}

    /** One test's app: its tables, buckets and users, and what the source holds. */
    private record App(AppTables tables, String dev, String prod, String artifacts, String devPool, String prodPool, List<User> users,
                       List<Map<String, AttributeValue>> sightings, List<Map<String, AttributeValue>> notes) implements AutoCloseable {
        @Override
        public void close() {
            tables.close();
        }

        List<String> where() {
            return List.of("--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(), "--s3-endpoint",
                    server.endpoint.toString(), "--bucket", artifacts, "--region", SharedStack.stack().region().id(),
                    "--data-dir", CliRun.dataDir().toString());
        }

        String prodOwner(String devOwner) {
            return users.stream().filter(u -> u.devOwner().equals(devOwner)).findFirst().orElseThrow().prodOwner();
        }

        String photoOf(String sightingId) {
            return sightings.stream().filter(s -> s.get("id").s().equals(sightingId)).findFirst().orElseThrow().get("photoKey").s();
        }
    }

    private static App app(S3Client own) {
        int n = APPS.incrementAndGet();
        String devPool = cognito.createPool("owns3dev-" + n, false);
        String prodPool = cognito.createPool("owns3prod-" + n, true);
        List<User> users = new ArrayList<>();
        for (String name : List.of("alice", "bob", "erin")) {
            String[] d = cognito.createUser(devPool, name, Map.of("email", name + "@example.com"));
            String[] p = cognito.createUser(prodPool, name + "@example.com", Map.of("email", name + "@example.com"));
            users.add(new User(d[1] + "::" + d[0], p[1] + "::" + p[0]));
        }
        String dev = StockS3Proxy.bucket("birds-dev");
        String prod = StockS3Proxy.bucket("birds-prod");
        String artifacts = StockS3Proxy.bucket("dmig-artifacts");
        own.createBucket(b -> b.bucket(dev));
        own.createBucket(b -> b.bucket(prod));
        AppTables tables = new AppTables("owns3").table("Sighting", "id", null).table("Note", "id", null);
        List<Map<String, AttributeValue>> sightings = new ArrayList<>();
        for (int i = 0; i < SIGHTINGS; i++) {
            String id = UUID.nameUUIDFromBytes(("sighting" + n + "-" + i).getBytes(StandardCharsets.UTF_8)).toString();
            String photo = "public/photos/" + UUID.nameUUIDFromBytes(("photo" + n + "-" + i).getBytes(StandardCharsets.UTF_8)) + ".jpg";
            own.putObject(b -> b.bucket(dev).key(photo).contentType("image/jpeg"), RequestBody.fromString("a heron, " + photo,
                    StandardCharsets.UTF_8));
            sightings.add(Map.of("id", s(id), "owner", s(users.get(i % 3).devOwner()), "photoKey", s(photo), "species", s("heron")));
        }
        List<Map<String, AttributeValue>> notes = new ArrayList<>();
        for (int i = 0; i < NOTES; i++) {
            String id = UUID.nameUUIDFromBytes(("note" + n + "-" + i).getBytes(StandardCharsets.UTF_8)).toString();
            notes.add(Map.of("id", s(id), "sightingId", sightings.get(i % SIGHTINGS).get("id"),
                    "owner", s(users.get((i + 1) % 3).devOwner()), "text", s("seen at dawn " + i)));
        }
        tables.load(tables.source("Sighting"), sightings);
        tables.load(tables.source("Note"), notes);
        return new App(tables, dev, prod, artifacts, devPool, prodPool, users, sightings, notes);
    }

    /** Every object of a bucket, key → content, read with the server's own client. */
    private static Map<String, String> objects(S3Client own, String bucket) {
        Map<String, String> objects = new TreeMap<>();
        own.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o -> objects.put(o.key(),
                own.getObjectAsBytes(g -> g.bucket(bucket).key(o.key())).asString(StandardCharsets.UTF_8)));
        return objects;
    }

    /** Production's sightings: each as its photo key (which must name an object of the prod bucket) by its id. */
    private static Map<String, String> prodPhotos(App app) {
        Map<String, String> photos = new TreeMap<>();
        app.tables().scan(app.tables().target("Sighting")).forEach(s -> photos.put(s.get("id").s(), s.get("photoKey").s()));
        return photos;
    }

    /** What production's sightings and notes must be: the source's, with new IDs and production's owners. */
    private static void assertProdItemsAreTheSources(App app, List<Map<String, AttributeValue>> sightings,
                                                     List<Map<String, AttributeValue>> notes) {
        AppTables t = app.tables();
        assertThat(t.scan(t.target("Sighting"))).extracting(i -> i.get("id").s() + " " + i.get("owner").s() + " " + i.get("photoKey").s())
                .containsExactlyInAnyOrderElementsOf(sightings.stream().map(i -> t.newId("Sighting", i.get("id").s()) + " "
                        + app.prodOwner(i.get("owner").s()) + " " + i.get("photoKey").s()).toList());
        assertThat(t.scan(t.target("Note"))).extracting(i -> i.get("id").s() + " " + i.get("sightingId").s() + " " + i.get("owner").s())
                .containsExactlyInAnyOrderElementsOf(notes.stream().map(i -> t.newId("Note", i.get("id").s()) + " "
                        + t.newId("Sighting", i.get("sightingId").s()) + " " + app.prodOwner(i.get("owner").s())).toList());
    }

    /** Every photo production's sightings name is in the prod bucket, as the dev bucket holds it; and nothing else is. */
    private static void assertEveryRecordNamesItsObject(App app, S3Client own) {
        Map<String, String> dev = objects(own, app.dev());
        Map<String, String> expected = new TreeMap<>();
        prodPhotos(app).values().forEach(key -> expected.put(key, dev.get(key)));
        assertThat(objects(own, app.prod())).isEqualTo(expected);
    }

    @Test
    void inferTestMigrateRollback_onAStockS3Proxy_copyEveryPhotoWithItsRecord_andLeaveNoRecordNamingAMissingPhoto(@TempDir Path dir)
            throws Exception {
        try (S3Client own = server.client(); App app = app(own)) {
            Map<String, String> devBefore = objects(own, app.dev());
            Map<String, String> sourceTables = app.tables().digests(app.tables().devSuffix);

            CliRun inferred = CliRun.of(List.of("--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                            "--s3-endpoint", server.endpoint.toString(), "--region", SharedStack.stack().region().id()),
                    "infer", "--source-suffix", app.tables().devSuffix, "--target-suffix", app.tables().prodSuffix,
                    "--source-storage-bucket", app.dev(), "--target-storage-bucket", app.prod(), "--source-user-pool-id", app.devPool(),
                    "--target-user-pool-id", app.prodPool(), "--cognito-endpoint", cognito.endpoint().toString());
            assertThat(inferred.code()).as(inferred.err()).isZero();
            JsonNode plan = Json.MAPPER.readTree(inferred.out());
            assertThat(plan.at("/source/storageEndpoint").asText()).isEqualTo(server.endpoint.toString());
            assertThat(plan.at("/target/storageEndpoint").asText()).isEqualTo(server.endpoint.toString());
            assertThat(plan.at("/tables/Sighting/files/photoKey").isMissingNode()).as(inferred.out()).isFalse();
            assertThat(plan.at("/tables/Note/references/sightingId").asText()).as(inferred.out()).isEqualTo("Sighting");
            assertThat(plan.at("/tables/Sighting/references/owner").asText()).as(inferred.out()).isEqualTo("@owner");
            Path planFile = dir.resolve("plan.json");
            Files.writeString(planFile, inferred.out());

            String testRun = "owns3-test-" + app.tables().devSuffix.substring(1);
            Map<String, AttributeValue> picked = app.tables().scan(app.tables().source("Note")).get(0);
            CliRun tested = CliRun.of(app.where(), "test", "--plan", planFile.toString(), "--table", "Note", "--id",
                    picked.get("id").s(), "--with-parents", "--run", testRun);
            assertThat(tested.code()).as(tested.out() + tested.err()).isZero();
            Map<String, AttributeValue> parent = app.sightings().stream()
                    .filter(sg -> sg.get("id").equals(picked.get("sightingId"))).findFirst().orElseThrow();
            assertProdItemsAreTheSources(app, List.of(parent), List.of(picked));
            assertThat(objects(own, app.prod())).as("the parent's photo, copied by the test").containsOnlyKeys(parent.get("photoKey").s())
                    .containsEntry(parent.get("photoKey").s(), devBefore.get(parent.get("photoKey").s()));

            String fullRun = "owns3-full-" + app.tables().devSuffix.substring(1);
            CliRun migrated = CliRun.of(app.where(), "migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run", fullRun);
            assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
            assertProdItemsAreTheSources(app, app.sightings(), app.notes());
            assertThat(objects(own, app.prod())).isEqualTo(devBefore);

            CliRun rolledBack = CliRun.of(List.of("--data-dir", CliRun.dataDir().toString()), "rollback", "--run", fullRun, "--confirm");
            assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
            // The test's records are left (the full run took them over as they were); each names its photo, still there.
            assertProdItemsAreTheSources(app, List.of(parent), List.of(picked));
            assertEveryRecordNamesItsObject(app, own);
            assertThat(objects(own, app.dev())).isEqualTo(devBefore);
            assertThat(app.tables().digests(app.tables().devSuffix)).isEqualTo(sourceTables);
        }
    }

    /**
     * A test run's record left in production without its photo (as a dmig that copied no files in test runs left it): the
     * full run takes the record over and copies the photo; a note production writes after the run names another photo the
     * run copied. The rollback keeps both photos, which records left in production still name (the note in another table
     * than the photo's record), deletes every other, and says so.
     */
    @Test
    void aRollback_keepsThePhotosATestRunsRecordAndAnotherTablesRecordLeftInProductionStillName(@TempDir Path dir) throws Exception {
        try (S3Client own = server.client(); App app = app(own)) {
            Map<String, AttributeValue> sighting = app.sightings().get(0);
            String photo = sighting.get("photoKey").s();
            Path planFile = dir.resolve("plan.json");
            Files.writeString(planFile, """
                    {"source": {"tableSuffix": "%s", "storageBucket": "%s", "storageEndpoint": "%s", "userPoolId": "%s",
                                "userPoolEndpoint": "%s"},
                     "target": {"tableSuffix": "%s", "storageBucket": "%s", "storageEndpoint": "%s", "userPoolId": "%s",
                                "userPoolEndpoint": "%s"},
                     "identities": {"matchBy": "email"},
                     "tables": {"Sighting": {"references": {"owner": "@owner"}, "files": {"photoKey": {}}},
                                "Note": {"references": {"owner": "@owner", "sightingId": "Sighting"}, "files": {"attachment": {}}}}}
                    """.formatted(app.tables().devSuffix, app.dev(), server.endpoint, app.devPool(), cognito.endpoint(),
                    app.tables().prodSuffix, app.prod(), server.endpoint, app.prodPool(), cognito.endpoint()));
            String other = app.sightings().get(1).get("photoKey").s();
            String suffix = app.tables().devSuffix.substring(1);
            CliRun tested = CliRun.of(app.where(), "test", "--plan", planFile.toString(), "--table", "Sighting", "--id",
                    sighting.get("id").s(), "--run", "owns3-t-" + suffix);
            assertThat(tested.code()).as(tested.out() + tested.err()).isZero();
            own.deleteObject(b -> b.bucket(app.prod()).key(photo));

            CliRun migrated = CliRun.of(app.where(), "migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run",
                    "owns3-m-" + suffix);
            assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
            assertThat(objects(own, app.prod())).isEqualTo(objects(own, app.dev()));
            Map<String, AttributeValue> note = Map.of("id", s("prod-note"), "text", s("the same heron, seen again"),
                    "attachment", s(other));
            app.tables().load(app.tables().target("Note"), List.of(note));
            CliRun rolledBack = CliRun.of(List.of("--data-dir", CliRun.dataDir().toString()), "rollback", "--run", "owns3-m-" + suffix,
                    "--confirm");

            assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
            AppTables t = app.tables();
            assertThat(t.scan(t.target("Sighting"))).extracting(i -> i.get("id").s())
                    .containsExactly(t.newId("Sighting", sighting.get("id").s()));
            assertThat(t.scan(t.target("Note"))).containsExactly(note);
            Map<String, String> dev = objects(own, app.dev());
            assertThat(objects(own, app.prod())).isEqualTo(new TreeMap<>(Map.of(photo, dev.get(photo), other, dev.get(other))));
            assertThat(rolledBack.out()).contains("2 objects the run wrote kept: a record left in the target names them",
                    "named by a record left in the target, kept: " + app.prod() + "/" + photo,
                    "named by a record left in the target, kept: " + app.prod() + "/" + other);
        }
    }
}
