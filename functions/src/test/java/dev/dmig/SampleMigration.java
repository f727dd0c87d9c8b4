package dev.dmig;

import static dev.dmig.store.Items.b;
import static dev.dmig.store.Items.bool;
import static dev.dmig.store.Items.bs;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.m;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.ns;
import static dev.dmig.store.Items.nul;
import static dev.dmig.store.Items.s;
import static dev.dmig.store.Items.ss;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analyzer;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord;
import dev.dmig.json.Json;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.SegmentMigrator;
import dev.dmig.migrate.SegmentProgress;
import dev.dmig.migrate.TestRecords;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.report.Finalizer;
import dev.dmig.rollback.Rollback;
import dev.dmig.rollback.RollbackProgress;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.validate.ValidationProgress;
import dev.dmig.validate.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A small Amplify-style app on the in-memory stores, and the steps of the state machine called in
 * its order (Analyze until done, MigrateSegment per level/table/segment until done, Validate,
 * Rollback, Finalize), so flow tests read like the run they check.
 *
 * <p>Contacts c1..c7 (c1 holds every DynamoDB type, c7 is referenced by nothing), Properties
 * p1..p3, AppPreferences (ids preserved), Requests r1..r5 referencing them through every path form
 * (r2 points at a Contact "ghost" that does not exist), Auth (skipped) and an unconfigured Legacy table.
 */
public final class SampleMigration implements AutoCloseable {
    public static final String SOURCE = "-dev111-NONE";
    public static final String TARGET = "-prod222-NONE";
    public static final String NAMESPACE = "prod222-NONE";
    public static final List<String> MODELS = List.of("Contacts", "Properties", "Requests", "AppPreferences", "Auth");
    public static final List<String> MIGRATED = List.of("Contacts", "Properties", "Requests", "AppPreferences");

    public final InMemoryItemStore items = new InMemoryItemStore();
    public final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    public final ExecutorService scanPool = Executors.newFixedThreadPool(4);
    public final ExecutorService writePool = Executors.newFixedThreadPool(4);
    public final IdMapper ids = new IdMapper(NAMESPACE);
    public final Settings settings;
    public final String onConflict;
    public final int segments;
    public final List<Long> sleeps = new java.util.concurrent.CopyOnWriteArrayList<>();
    public FaultInjector faults = FaultInjector.NONE;
    /** The plan's {@code writeRateLimit} (items per second), when a test sets one; null: none. */
    public Integer writeRateLimit;
    /** More tables' plan entries, by model, when a test adds its own tables (it creates them). */
    public final Map<String, String> moreTables = new java.util.LinkedHashMap<>();
    /** More fields of the sample's own tables' entries (without braces), by model, when a test adds some. */
    public final Map<String, String> moreFields = new java.util.LinkedHashMap<>();
    /** More top-level fields of the plan (each followed by a comma), when a test adds some. */
    public String moreSections = "";

    public SampleMigration() {
        this("abort", 2, 3);
    }

    public SampleMigration(String onConflict, int pageSize, int segments) {
        this.onConflict = onConflict;
        this.segments = segments;
        // A table that accepts nothing gives up after half a second here (sleeps are recorded, not waited).
        this.settings = new Settings("dmig-test-bucket", pageSize, 4, 4, 0, 5, 25_000, 32, 500);
        for (String model : MODELS) {
            items.createTable(model + SOURCE, "id", ScalarAttributeType.S);
            items.createTable(model + TARGET, "id", ScalarAttributeType.S);
            // Production keeps point-in-time recovery on, so full runs have their way back.
            items.withPointInTimeRecovery(model + TARGET);
        }
        items.createTable("Legacy" + SOURCE, "id", ScalarAttributeType.S);
        items.createTable("Legacy" + TARGET, "id", ScalarAttributeType.S);
        items.createTable("Contacts-otherapp-NONE", "id", ScalarAttributeType.S);
        seed();
    }

    private void seed() {
        items.put("Contacts" + SOURCE,
                item("id", s("c1"), "name", s("Ann ✓"), "empty", s(""),
                        "n38", n("12345678901234567890123456789012345678"), "small", n("-0.000001"),
                        "bin", b(0, 1, 255), "tags", ss("vip", "new"), "scores", ns("1", "2.5"),
                        "blobs", bs(new byte[] {1}, new byte[] {2, 3}),
                        "address", m("street", s("Main"), "geo", m("lat", n("1.5"), "pts", l(n("1"), s("x")))),
                        "mixed", l(s("a"), n("1"), b(9), bool(true), nul(), l(), m(), ss("z")),
                        "active", bool(true), "deleted", bool(false), "nothing", nul()),
                item("id", s("c2"), "name", s("Bo"), "email", s("bo@example.com")),
                item("id", s("c3"), "name", s("Cy")),
                item("id", s("c4"), "name", s("Di")),
                item("id", s("c5"), "name", s("Ed")),
                item("id", s("c6"), "name", s("Flo")),
                item("id", s("c7"), "name", s("Gus (nobody points here)")));
        items.put("Properties" + SOURCE,
                item("id", s("p1"), "street", s("1 High St"), "rooms", n("3")),
                item("id", s("p2"), "street", s("2 Low Rd")),
                item("id", s("p3"), "street", s("3 Mid Ave")));
        items.put("AppPreferences" + SOURCE,
                item("id", s("theme"), "value", s("dark")),
                item("id", s("lang"), "value", s("en")));
        items.put("Requests" + SOURCE,
                item("id", s("r1"), "agentContactId", s("c1"), "addressId", s("p1"),
                        "watcherIds", l(s("c2"), nul(), s(""), s("c2"), s("c3")),
                        "meta", m("ownerId", s("c4"), "note", s("x")), "prefId", s("theme"), "amount", n("100.25")),
                item("id", s("r2"), "agentContactId", s("ghost"), "addressId", s("p2"), "watcherIds", ss("c1", "c5")),
                item("id", s("r3"), "agentContactId", s(""), "addressId", nul()),
                item("id", s("r4"), "agentContactId", s("c6"), "addressId", s("p3"), "meta", m("note", s("no owner"))),
                item("id", s("r5"), "agentContactId", s("c2"), "addressId", s("p1")));
        items.put("Auth" + SOURCE, item("id", s("a1"), "secret", s("s")));
        items.put("Auth" + TARGET, item("id", s("prod-auth"), "secret", s("p")));
        items.put("Legacy" + SOURCE, item("id", s("l1")));
        // Unrelated target data, which every run must leave exactly as it is.
        items.put("Contacts" + TARGET, item("id", s("prod-only-contact"), "name", s("Prod")));
        items.put("Legacy" + TARGET, item("id", s("prod-legacy")));
    }

    public String planJson() {
        return """
                {
                  "source": {"tableSuffix": "%s"},
                  "target": {"tableSuffix": "%s"},
                  "onConflict": "%s",
                  "segments": %d,%s%s
                  "tables": {
                    "Contacts": {%s},
                    "Properties": {%s},
                    "Requests": {"references": {"agentContactId": "Contacts", "addressId": "Properties",
                                                "watcherIds[]": "Contacts", "meta.ownerId": "Contacts",
                                                "prefId": "AppPreferences"}%s},
                    "AppPreferences": {"ids": "preserve"%s},%s
                    "Auth": {"skip": true}
                  }
                }
                """.formatted(SOURCE, TARGET, onConflict, segments,
                writeRateLimit == null ? "" : " \"writeRateLimit\": " + writeRateLimit + ",", moreSections,
                moreFields.getOrDefault("Contacts", ""), moreFields.getOrDefault("Properties", ""),
                moreFields.containsKey("Requests") ? ", " + moreFields.get("Requests") : "",
                moreFields.containsKey("AppPreferences") ? ", " + moreFields.get("AppPreferences") : "",
                String.join("", moreTables.entrySet().stream().map(t -> "\n\"" + t.getKey() + "\": " + t.getValue() + ",").toList()));
    }

    public MigrationPlan plan() {
        return PlanParser.parse(planJson());
    }

    public JsonNode planNode() {
        return Json.tree(planJson().getBytes(StandardCharsets.UTF_8));
    }

    public static String source(String model) {
        return model + SOURCE;
    }

    public static String target(String model) {
        return model + TARGET;
    }

    /** The new ID of {@code oldId} in {@code model} (sha256 models). */
    public String newId(String model, String oldId) {
        return ids.newId(model, oldId);
    }

    /** The target item each source item of {@code model} should become. */
    public List<Map<String, AttributeValue>> expectedTarget(String model) {
        ItemTransformer transformer = new ItemTransformer(plan());
        List<Map<String, AttributeValue>> expected = new ArrayList<>();
        items.items(source(model)).forEach(item -> expected.add(transformer.transform(model, item)));
        return expected;
    }

    /** Every table's items by canonical key, for proving a table is exactly as it was. */
    public Map<String, Map<String, Map<String, AttributeValue>>> snapshot(List<String> tables) {
        Map<String, Map<String, Map<String, AttributeValue>>> all = new LinkedHashMap<>();
        tables.forEach(t -> all.put(t, items.snapshot(t)));
        return all;
    }

    public List<String> targetTables() {
        List<String> names = new ArrayList<>();
        MODELS.forEach(m -> names.add(target(m)));
        names.add("Legacy" + TARGET);
        return names;
    }

    public List<String> sourceTables() {
        List<String> names = new ArrayList<>();
        MODELS.forEach(m -> names.add(source(m)));
        names.add("Legacy" + SOURCE);
        return names;
    }

    // ---- the steps, as the state machine calls them ----------------------------------------------

    public RunRequest request(String mode, String runId) {
        return new RunRequest(mode, runId, null, planNode(), null, null, null, null, null, null, null, null, null);
    }

    public RunRequest fullRequest(String runId) {
        return new RunRequest("full", runId, null, planNode(), null, null, null, null, true, null, null, null, null);
    }

    public RunRequest testRequest(String runId, String table, String sourceId, Integer limit, boolean withParents) {
        return new RunRequest("test", runId, null, planNode(), table, sourceId, limit, withParents, null, null, null, null, null);
    }

    public Analyzer analyzer() {
        return new Analyzer(items, artifacts, settings, scanPool);
    }

    /** Analyze, called again while it reports not done, as the AnalysisComplete choice does. */
    public RunState analyze(RunRequest request) {
        return analyze(request, "exec-" + request.runId(), 60_000);
    }

    public RunState analyze(RunRequest request, String execution, long budgetMillis) {
        for (int call = 0; call < 1_000; call++) {
            RunState state = analyzer().analyze(request, execution, Deadline.in(budgetMillis));
            if (state.done()) {
                return state;
            }
        }
        throw new IllegalStateException("Analyze did not finish in 1000 calls");
    }

    public SegmentMigrator migrator() {
        return migrator(new dev.dmig.migrate.WriteWindows(settings.writeConcurrency(), settings.throttlePatienceMillis()));
    }

    /** A migrator whose process sends its calls through {@code windows}. */
    public SegmentMigrator migrator(dev.dmig.migrate.WriteWindows windows) {
        // As Services wires it: each page's copies looked at beside their source items, for validation.
        return new SegmentMigrator(items, artifacts, writePool, faults, settings.pageSize(), windows)
                .with(dev.dmig.validate.Validator.copyCheck(items, artifacts, dev.dmig.Reaches.NONE));
    }

    /** Every segment of every table, level by level, each called until done; returns the number of calls. */
    public int migrate(RunState state, long budgetMillis) {
        int calls = 0;
        for (RunState.Level level : state.levels()) {
            for (RunState.TableWork table : level.tables()) {
                for (int segment = 0; segment < table.segments(); segment++) {
                    SegmentProgress progress;
                    do {
                        progress = migrator().migrate(state.runId(), table.table(), segment, table.segments(),
                                table.writeSeconds(), Deadline.in(budgetMillis));
                        calls++;
                    } while (!progress.done() && calls < 10_000);
                }
            }
        }
        return calls;
    }

    /** A confirmed full run up to, not including, validation. */
    public RunState fullRun(String runId) {
        RunState state = analyze(fullRequest(runId));
        if (state.blockingConflicts() > 0 || state.levels().isEmpty()) {
            throw new IllegalStateException("the full run was refused: " + artifacts.text("runs/" + runId + "/manifest.json"));
        }
        migrate(state, 60_000);
        return state;
    }

    public Validator validator() {
        return new Validator(items, artifacts, settings, scanPool);
    }

    public ValidationProgress validate(String runId, String execution) {
        for (int call = 0; call < 1_000; call++) {
            ValidationProgress progress = validator().validate(runId, execution, Deadline.in(60_000));
            if (progress.done()) {
                return progress;
            }
        }
        throw new IllegalStateException("Validate did not finish");
    }

    public Rollback rollback() {
        return new Rollback(items, artifacts, writePool, scanPool, settings, sleeps::add);
    }

    public RollbackProgress rollBack(String runId, String execution) {
        for (int call = 0; call < 1_000; call++) {
            RollbackProgress progress = rollback().rollBack(runId, execution, null, Deadline.in(60_000));
            if (progress.done()) {
                return progress;
            }
        }
        throw new IllegalStateException("Rollback did not finish");
    }

    public TestRecords testRecords() {
        return new TestRecords(items, artifacts, writePool, settings);
    }

    public Finalizer finalizer() {
        return new Finalizer(artifacts);
    }

    /** The journal records of a run, by target key (as {@link Journal#keyId}), for one model. */
    public Map<String, JournalRecord> journal(String runId, String model) {
        Journal journal = new Journal(artifacts);
        Map<String, JournalRecord> records = new LinkedHashMap<>();
        for (String key : journal.entries(runId, model)) {
            journal.read(key).orElseThrow().records().forEach(r -> records.putIfAbsent(Journal.keyId(r), r));
        }
        return records;
    }

    /** Keys (as {@link Journal#keyId}) of the items in a table. */
    public Set<String> keyIds(String table) {
        Set<String> keys = new HashSet<>();
        items.items(table).forEach(item -> keys.add(dev.dmig.store.DynamoJson.item(item("id", item.get("id"))).toString()));
        return keys;
    }

    @Override
    public void close() {
        scanPool.shutdownNow();
        writePool.shutdownNow();
    }
}
