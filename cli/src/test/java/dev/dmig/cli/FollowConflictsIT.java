package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.local.SharedStack;
import dev.dmig.run.FollowStatus;
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
 * follows: under {@code abort} following holds the key and waits, named with the commands to go on, and goes on once
 * decided, production's record intact; under {@code skip} the record is left as it is, counted by {@code dmig status} and the cut-over, and
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

    /**
     * Under abort the run does not roll back: following holds the key, and status and the cut-over name it with the
     * commands to go on; the printed {@code dmig resolve ... --skip} lets it go on, and the run succeeds with
     * production's record intact.
     */
    @Test
    void underAbort_theRunWaitsAtTheConflict_namingTableAndKey_andGoesOnOnceDecided(@TempDir Path dir) throws Exception {
        Followed run = followed(dir, "abort");
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        awaitUntil(run.migrating(), () -> FollowStatus.read(artifacts, run.runId()).map(FollowStatus::holding).orElse(false));

        CliRun status = dmig("status", "--run", run.runId());
        CompletableFuture<CliRun> cuttingOver = CompletableFuture.supplyAsync(() -> dmig("cutover", "--run", run.runId()));
        awaitUntil(run.migrating(), () -> artifacts.get(dev.dmig.run.RunLayout.cutover(run.runId())).isPresent());
        assertThat(run.migrating()).as("the run waits: nothing rolls it back").isNotDone();
        assertThat(status.out()).contains("Prefs" + run.dev() + " 0 applied, waiting for a decision on 1 of production's records")
                .contains("held: table Prefs" + run.dev() + ", following waits (onConflict is abort) at production's records:"
                        + " id=font (production's own record)");
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("next: (dmig resolve --run .*? --skip) leaves them")
                .matcher(status.out());
        assertThat(next.find()).as(status.out()).isTrue();
        // Exactly as printed: the run's record says where it runs.
        CliRun resolved = CliRun.execute(java.util.List.of(next.group(1).substring("dmig ".length()).split(" ")), null);
        CliRun cutover = cuttingOver.get(2, TimeUnit.MINUTES);
        CliRun migrated = run.migrating().get(2, TimeUnit.MINUTES);

        assertThat(resolved.code()).as(resolved.out() + resolved.err()).isZero();
        assertThat(resolved.out()).contains("decided skip for run " + run.runId() + ": Prefs 1 record left as production has"
                + " them; following goes on");
        assertThat(cutover.out()).contains("held: table Prefs" + run.dev() + ", following waits (onConflict is abort) at"
                + " production's records: id=font (production's own record)");
        assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
        assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
        assertThat(scan("Prefs" + run.prod())).contains(PRODS_FONT).hasSize(3);
    }

    @Test
    void underSkip_productionsRecordIsLeftAsItIs_countedByStatusAndTheCutOver_andTheRunSucceeds(@TempDir Path dir)
            throws Exception {
        Followed run = followed(dir, "skip");
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        awaitUntil(run.migrating(), () -> FollowStatus.read(artifacts, run.runId()).map(FollowStatus::conflicts).orElse(0L) == 1);

        CliRun status = dmig("status", "--run", run.runId());
        CliRun nothingHeld = dmig("resolve", "--run", run.runId(), "--skip");
        CliRun cutover = dmig("cutover", "--run", run.runId());
        CliRun migrated = run.migrating().join();
        CliRun ended = dmig("resolve", "--run", run.runId(), "--overwrite");

        // Refused in one line, exit 2, when there is nothing to decide.
        assertThat(nothingHeld.code()).isEqualTo(2);
        assertThat(nothingHeld.err().strip()).isEqualTo("error: run " + run.runId() + " holds no record for a decision now"
                + " (dmig status --run " + run.runId() + " says where it stands)");
        assertThat(ended.code()).isEqualTo(2);
        assertThat(ended.err().strip()).isEqualTo("error: run " + run.runId() + " has already ended (succeeded): nothing to"
                + " resolve");

        assertThat(status.out()).contains("Prefs" + run.dev() + " 1 applied (1 at the target's own records, left as they are)");
        assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
        assertThat(cutover.out()).contains("SUCCEEDED  run " + run.runId() + ": cut over; 1 source changes followed after"
                + " the copy (1 at production's own records: left as production has them), the target checked against"
                + " the source as it is now", "  left in Prefs" + run.dev() + ": id=font (production's own record)");
        assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
        // The source's records copied as they are (IDs preserved), and at the key both hold, production's own record.
        Set<Map<String, AttributeValue>> expected = new HashSet<>(scan("Prefs" + run.dev()));
        expected.removeIf(item -> item.get("id").s().equals("font"));
        expected.add(PRODS_FONT);
        assertThat(scan("Prefs" + run.prod())).isEqualTo(expected);
    }

    /**
     * Production edits a record the copy wrote, then dev changes the same record while the run follows: under skip the
     * edit is left as production has it, named by the cut-over as production's, and the run succeeds (before, the
     * cut-over's validation found the difference and rolled the whole migration back).
     */
    @Test
    void underSkip_productionsEditOfACopiedRecord_isLeftAsProductionHasIt_andTheCutOverSucceeds(@TempDir Path dir)
            throws Exception {
        Followed run = followed(dir, "skip");
        Map<String, AttributeValue> edit = prefs("theme", "light (chosen in production)");
        put("Prefs" + run.prod(), edit);
        put("Prefs" + run.dev(), prefs("theme", "solarized"));
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        awaitUntil(run.migrating(), () -> FollowStatus.read(artifacts, run.runId()).map(FollowStatus::edited).orElse(0L) == 1);

        CliRun cutover = dmig("cutover", "--run", run.runId());
        CliRun migrated = run.migrating().get(2, TimeUnit.MINUTES);

        assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
        assertThat(cutover.out()).contains("(1 at production's own records, 1 at records production changed since the run"
                + " wrote them: left as production has them)", "id=theme (the run's record, changed by production since the run"
                + " wrote it)");
        assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
        assertThat(scan("Prefs" + run.prod())).containsExactlyInAnyOrder(PRODS_FONT, edit, prefs("lang", "en"));
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
