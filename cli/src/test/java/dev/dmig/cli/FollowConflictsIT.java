package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.follow.FollowStatus;
import dev.dmig.local.SharedStack;
import dev.dmig.store.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
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
 * {@code dmig migrate --follow} of a table whose IDs are preserved, on DynamoDB Local, where production holds its own
 * record at a key the copy never saw (its source had no such item then) and the source inserts that key while the run
 * follows: under {@code abort} the run stops at the conflict, names the table and the key, rolls back, and production's
 * record is intact; under {@code skip} the record is left as it is, counted by {@code dmig status} and the cut-over, and
 * the run succeeds. The target is compared, item by item, with what the source and production hold, read here.
 */
class FollowConflictsIT {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<String, AttributeValue> PRODS_FONT = prefs("font", "prod's own");
    private final DynamoDbClient dynamoDb = SharedStack.dynamoDb();

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static Map<String, AttributeValue> prefs(String id, String value) {
        return Map.of("id", AttributeValue.fromS(id), "value", AttributeValue.fromS(value));
    }

    /** A followed run of Prefs under {@code onConflict}, copied, production's font written; returns its suffixes and run. */
    private record Followed(String dev, String prod, String runId, CompletableFuture<CliRun> migrating) {}

    private Followed followed(Path dir, String onConflict) throws Exception {
        int n = COUNTER.incrementAndGet();
        String dev = "-flc" + n + "dev-NONE";
        String prod = "-flc" + n + "prod-NONE";
        for (String suffix : new String[] {dev, prod}) {
            dynamoDb.createTable(b -> b.tableName("Prefs" + suffix).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        }
        put("Prefs" + dev, prefs("theme", "dark"));
        put("Prefs" + dev, prefs("lang", "en"));
        put("Prefs" + prod, PRODS_FONT);
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, """
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "onConflict": "%s",
                 "tables": {"Prefs": {"ids": "preserve"}}}
                """.formatted(dev, prod, onConflict), StandardCharsets.UTF_8);
        String runId = "follow-conflict-" + onConflict + "-" + n;
        CompletableFuture<CliRun> migrating = CompletableFuture.supplyAsync(() -> dmig("migrate", "--plan", plan.toString(),
                "--confirm", "--no-backup", "--run", runId, "--follow", "--enable-streams"));
        // The copy has written the source's two records: the source's font, inserted now, is following's to apply.
        awaitUntil(migrating, () -> scan("Prefs" + prod).size() == 3);
        put("Prefs" + dev, prefs("font", "serif"));
        return new Followed(dev, prod, runId, migrating);
    }

    @Test
    void underAbort_theRunStopsAtTheConflict_namingTableAndKey_rollsBack_andProductionsRecordIsIntact(@TempDir Path dir)
            throws Exception {
        Followed run = followed(dir, "abort");

        // The run ends by itself at the conflict: without one it would follow on until a cut-over.
        CliRun migrated = run.migrating().get(2, TimeUnit.MINUTES);

        assertThat(migrated.code()).as(migrated.out() + migrated.err()).isNotZero();
        assertThat(migrated.out()).contains("ROLLED BACK  run " + run.runId() + " (full): FollowConflict: table Prefs:"
                + " target table Prefs" + run.prod() + " holds a record this run did not write at id=font, where following was"
                + " to apply a change of the source; it is left as it is, and the run rolls back (onConflict is abort)."
                + " Something else writes to the target there: stop it and start the run again, or set onConflict to skip or"
                + " overwrite");
        assertThat(scan("Prefs" + run.prod())).containsExactly(PRODS_FONT);
    }

    @Test
    void underSkip_productionsRecordIsLeftAsItIs_countedByStatusAndTheCutOver_andTheRunSucceeds(@TempDir Path dir)
            throws Exception {
        Followed run = followed(dir, "skip");
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        awaitUntil(run.migrating(), () -> FollowStatus.read(artifacts, run.runId()).map(FollowStatus::conflicts).orElse(0L) == 1);

        CliRun status = dmig("status", "--run", run.runId());
        CliRun cutover = dmig("cutover", "--run", run.runId());
        CliRun migrated = run.migrating().join();

        assertThat(status.out()).contains("Prefs" + run.dev() + " 1 applied (1 at the target's own records, left as they are)");
        assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
        assertThat(cutover.lastLine()).isEqualTo("SUCCEEDED  run " + run.runId() + ": cut over; 1 source changes followed after"
                + " the copy (1 at the target's own records, left as they are: onConflict is skip), the target checked against"
                + " the source as it is now");
        assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
        // The source's records copied as they are (IDs preserved), and at the key both hold, production's own record.
        Set<Map<String, AttributeValue>> expected = new HashSet<>(scan("Prefs" + run.dev()));
        expected.removeIf(item -> item.get("id").s().equals("font"));
        expected.add(PRODS_FONT);
        assertThat(scan("Prefs" + run.prod())).isEqualTo(expected);
    }

    private void put(String table, Map<String, AttributeValue> item) {
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    private Set<Map<String, AttributeValue>> scan(String table) {
        Set<Map<String, AttributeValue>> items = new HashSet<>();
        dynamoDb.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build()).items().forEach(items::add);
        return items;
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }

    /** Waits until {@code done} holds; fails, saying what the run printed, if the run ends or two minutes pass first. */
    private static void awaitUntil(CompletableFuture<CliRun> run, BooleanSupplier done) throws InterruptedException {
        java.time.Instant until = Instant.now().plusSeconds(120);
        while (!done.getAsBoolean()) {
            if (run.isDone()) {
                CliRun ended = run.join();
                throw new AssertionError("the run ended first: " + ended.out() + ended.err());
            }
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("still waiting after two minutes");
            }
            Thread.sleep(50);
        }
    }
}
