package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.idmapping.IdMapper;
import dev.dmig.local.SharedStack;
import dev.dmig.run.FollowStatus;
import dev.dmig.store.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * A marketplace of this test's own (Shops, their Listings, Reviews of listings) moved with {@code dmig migrate --follow}
 * on DynamoDB Local while production is in use: it holds its own shop and listing, edits a migrated listing and adds a
 * review of a migrated one while dev is followed and changes the same listing. Under {@code skip} the cut-over succeeds
 * and a rollback keeps what production's records point to; under {@code abort} the run waits for a decision and goes on
 * with the printed {@code dmig resolve}. At each step the test's own check reads both sides: nothing of production's is
 * lost, every reference resolves, and every count printed is what the check counts.
 */
class ProductionInUseIT {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String NAMESPACE = "market-prod";
    private static final IdMapper IDS = new IdMapper(NAMESPACE);
    private final DynamoDbClient dynamoDb = SharedStack.dynamoDb();
    private final S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    /** One marketplace's two sides and its plan. */
    private record Market(String dev, String prod, Path plan) {
        String table(String model, boolean production) {
            return model + (production ? prod : dev);
        }
    }

    private Market market(Path dir, String onConflict) throws Exception {
        int n = COUNTER.incrementAndGet();
        Market market = new Market("-piu" + n + "dev-NONE", "-piu" + n + "prod-NONE", dir.resolve("plan.json"));
        for (String model : new String[] {"Shop", "Listing", "Review"}) {
            for (boolean production : new boolean[] {false, true}) {
                dynamoDb.createTable(b -> b.tableName(market.table(model, production)).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
            }
        }
        put(market.table("Shop", false), record("id", "s1", "name", "Ada's"), record("id", "s2", "name", "Bo's"));
        put(market.table("Listing", false), record("id", "l1", "shopId", "s1", "price", "10"),
                record("id", "l2", "shopId", "s2", "price", "20"), record("id", "l3", "shopId", "s1", "price", "30"));
        put(market.table("Review", false), record("id", "r1", "listingId", "l1", "text", "fine"));
        put(market.table("Shop", true), PRODS_SHOP);
        put(market.table("Listing", true), PRODS_LISTING);
        Files.writeString(market.plan(), """
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "idNamespace": "%s", "onConflict": "%s",
                 "tables": {"Shop": {}, "Listing": {"references": {"shopId": "Shop"}},
                            "Review": {"references": {"listingId": "Listing"}}}}
                """.formatted(market.dev(), market.prod(), NAMESPACE, onConflict), StandardCharsets.UTF_8);
        return market;
    }

    private static final Map<String, AttributeValue> PRODS_SHOP = record("id", "prod-shop", "name", "Production's own");
    private static final Map<String, AttributeValue> PRODS_LISTING = record("id", "prod-listing", "shopId", "prod-shop", "price", "5");

    /** Starts the followed run and waits for its copy: every source record in the target. */
    private CompletableFuture<CliRun> migrate(Market market, String runId) throws InterruptedException {
        CompletableFuture<CliRun> migrating = CompletableFuture.supplyAsync(() -> dmig("migrate", "--plan", market.plan().toString(),
                "--confirm", "--no-backup", "--run", runId, "--follow", "--enable-streams"));
        awaitUntil(migrating, () -> scan(market.table("Review", true)).size() == 1 && scan(market.table("Listing", true)).size() == 4
                && FollowStatus.read(artifacts, runId).isPresent());
        return migrating;
    }

    /** Production in use, then dev: production edits the copy of l1 and reviews the copy of l2; dev changes l1, adds l4. */
    private Map<String, AttributeValue> productionAndDevWrite(Market market) {
        Map<String, AttributeValue> edit = new HashMap<>(get(market.table("Listing", true), IDS.newId("Listing", "l1")));
        edit.put("price", AttributeValue.fromS("11 (production's price)"));
        put(market.table("Listing", true), edit);
        put(market.table("Review", true), record("id", "prod-review", "listingId", IDS.newId("Listing", "l2"), "text", "bought it"));
        put(market.table("Listing", false), record("id", "l1", "shopId", "s1", "price", "99"));
        put(market.table("Listing", false), record("id", "l4", "shopId", "s2", "price", "40"));
        return edit;
    }

    @Test
    void underSkip_theCutOverKeepsProductionsWrites_andARollbackLeavesNoReferenceDangling(@TempDir Path dir) throws Exception {
        Market market = market(dir, "skip");
        CompletableFuture<CliRun> migrating = migrate(market, "piu-skip-" + market.dev().hashCode());
        String runId = "piu-skip-" + market.dev().hashCode();
        Map<String, AttributeValue> edit = productionAndDevWrite(market);
        awaitUntil(migrating, () -> FollowStatus.read(artifacts, runId).map(FollowStatus::edited).orElse(0L) == 1
                && scan(market.table("Listing", true)).size() == 5);

        CliRun cutover = dmig("cutover", "--run", runId);
        CliRun migrated = migrating.get(2, TimeUnit.MINUTES);

        assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
        assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
        assertThat(cutover.out()).contains("(1 at records production changed since the run wrote them: left as production has"
                + " them)", "left in Listing" + market.dev() + ": id=" + IDS.newId("Listing", "l1"));
        assertThat(migrated.out()).contains("  left by production: 1 record of the run's that production changed since the run"
                + " wrote it, not compared with the source (as production has it)");
        // The check of its own: production's records as production left them, dev's new listing in, references resolve.
        assertThat(scan(market.table("Shop", true))).contains(PRODS_SHOP);
        assertThat(scan(market.table("Listing", true))).contains(PRODS_LISTING, edit)
                .contains(record("id", IDS.newId("Listing", "l4"), "shopId", IDS.newId("Shop", "s2"), "price", "40"));
        assertThat(get(market.table("Review", true), "prod-review")).isNotNull();
        referencesResolve(market);

        CliRun rollback = dmig("rollback", "--run", runId, "--confirm");

        assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
        // Left: production's own and its edit; kept: what they point to (l1's shop, the reviewed l2 and its shop).
        Set<String> shops = ids(market.table("Shop", true));
        Set<String> listings = ids(market.table("Listing", true));
        assertThat(shops).containsExactlyInAnyOrder("prod-shop", IDS.newId("Shop", "s1"), IDS.newId("Shop", "s2"));
        assertThat(listings).containsExactlyInAnyOrder("prod-listing", IDS.newId("Listing", "l1"), IDS.newId("Listing", "l2"));
        assertThat(ids(market.table("Review", true))).containsExactly("prod-review");
        assertThat(get(market.table("Listing", true), IDS.newId("Listing", "l1"))).isEqualTo(edit);
        referencesResolve(market);
        long keptByCheck = shops.size() - 1 + listings.size() - 2;
        assertThat(rollback.out()).contains("1 item left as production changed it since", keptByCheck
                + " items the run created kept: a record left in the target points to them");
        assertThat(lines(rollback.out(), "  kept: ")).isEqualTo(keptByCheck);
    }

    /**
     * Under abort, production's edit of a copied listing holds following: the run waits, nothing is rolled back, status
     * names the listing; the printed {@code dmig resolve ... --skip} lets it go on, and the cut-over succeeds with the
     * edit in place.
     */
    @Test
    void underAbort_productionsEditHoldsTheRun_andThePrintedResolveLetsItGoOn(@TempDir Path dir) throws Exception {
        Market market = market(dir, "abort");
        String runId = "piu-abort-" + market.dev().hashCode();
        CompletableFuture<CliRun> migrating = migrate(market, runId);
        Map<String, AttributeValue> edit = productionAndDevWrite(market);
        awaitUntil(migrating, () -> FollowStatus.read(artifacts, runId).map(FollowStatus::holding).orElse(false));

        CliRun status = dmig("status", "--run", runId);
        assertThat(migrating).as("the run waits: nothing rolls it back").isNotDone();
        assertThat(status.out()).contains("held: table Listing" + market.dev() + ", following waits (onConflict is abort) at"
                + " production's records: id=" + IDS.newId("Listing", "l1") + " (the run's record, changed by production since the"
                + " run wrote it)");
        assertThat(get(market.table("Listing", true), IDS.newId("Listing", "l1"))).isEqualTo(edit);
        Matcher next = Pattern.compile("next: (dmig resolve --run .*? --skip) leaves them").matcher(status.out());
        assertThat(next.find()).as(status.out()).isTrue();
        CliRun resolved = CliRun.execute(java.util.List.of(next.group(1).substring("dmig ".length()).split(" ")), null);
        assertThat(resolved.code()).as(resolved.out() + resolved.err()).isZero();

        CliRun cutover = dmig("cutover", "--run", runId);
        CliRun migrated = migrating.get(2, TimeUnit.MINUTES);

        assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
        assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
        assertThat(get(market.table("Listing", true), IDS.newId("Listing", "l1"))).isEqualTo(edit);
        assertThat(scan(market.table("Listing", true))).contains(PRODS_LISTING)
                .contains(record("id", IDS.newId("Listing", "l4"), "shopId", IDS.newId("Shop", "s2"), "price", "40"));
        referencesResolve(market);
    }

    /** Every listing's shop and every review's listing is in production's tables. */
    private void referencesResolve(Market market) {
        Set<String> shops = ids(market.table("Shop", true));
        Set<String> listings = ids(market.table("Listing", true));
        scan(market.table("Listing", true)).forEach(listing -> assertThat(shops).as("shop of " + listing)
                .contains(listing.get("shopId").s()));
        scan(market.table("Review", true)).forEach(review -> assertThat(listings).as("listing of " + review)
                .contains(review.get("listingId").s()));
    }

    private static long lines(String out, String prefix) {
        return out.lines().filter(line -> line.startsWith(prefix)).count();
    }

    private static Map<String, AttributeValue> record(String... namesAndValues) {
        Map<String, AttributeValue> item = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put(namesAndValues[i], AttributeValue.fromS(namesAndValues[i + 1]));
        }
        return item;
    }

    @SafeVarargs
    private void put(String table, Map<String, AttributeValue>... items) {
        for (Map<String, AttributeValue> item : items) {
            dynamoDb.putItem(b -> b.tableName(table).item(item));
        }
    }

    private Map<String, AttributeValue> get(String table, String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private Set<Map<String, AttributeValue>> scan(String table) {
        Set<Map<String, AttributeValue>> items = new HashSet<>();
        dynamoDb.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build()).items().forEach(items::add);
        return items;
    }

    private Set<String> ids(String table) {
        Set<String> ids = new HashSet<>();
        scan(table).forEach(item -> ids.add(item.get("id").s()));
        return ids;
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }

    /** Waits until {@code done} holds; fails, saying what the run printed, if the run ends or two minutes pass first. */
    private static void awaitUntil(CompletableFuture<CliRun> run, BooleanSupplier done) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(120);
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
