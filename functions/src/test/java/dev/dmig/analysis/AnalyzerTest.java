package dev.dmig.analysis;

import static dev.dmig.SampleMigration.SOURCE;
import static dev.dmig.SampleMigration.TARGET;
import static dev.dmig.SampleMigration.source;
import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static dev.dmig.store.InMemoryItemStore.Operation.DESCRIBE;
import static dev.dmig.store.InMemoryItemStore.Operation.DESCRIBE_TIME_TO_LIVE;
import static dev.dmig.store.InMemoryItemStore.Operation.EXISTING_HASH_KEYS;
import static dev.dmig.store.InMemoryItemStore.Operation.GET_ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dmig.SampleMigration;
import dev.dmig.json.Json;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.InFlight;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnalyzerTest {
    private SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    private Analysis analysis(String runId) {
        return app.artifacts.json(RunLayout.analysis(runId), Analysis.class);
    }

    private RunManifest manifest(String runId) {
        return app.artifacts.json(RunLayout.manifest(runId), RunManifest.class);
    }

    private static TableAnalysis table(Analysis analysis, String model) {
        return analysis.tables().stream().filter(t -> t.model().equals(model)).findFirst().orElseThrow();
    }

    private static ReferenceAnalysis reference(TableAnalysis table, String path) {
        return table.references().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void dryRun_opensTheRun_andFreezesThePlan() {
        RunState state = app.analyze(app.request(null, "dry1"));
        assertThat(state.runId()).isEqualTo("dry1");
        assertThat(state.mode()).isEqualTo(RunMode.DRY_RUN);
        assertThat(state.done()).isTrue();
        byte[] frozen = app.artifacts.get(RunLayout.plan("dry1")).orElseThrow();
        assertThat(dev.dmig.json.Json.tree(frozen)).isEqualTo(app.planNode());
        RunManifest manifest = manifest("dry1");
        assertThat(manifest.status()).isEqualTo(RunStatus.ANALYZED);
        assertThat(manifest.mode()).isEqualTo(RunMode.DRY_RUN);
        assertThat(manifest.executionName()).isEqualTo("exec-dry1");
        assertThat(manifest.sourceSuffix()).isEqualTo(SOURCE);
        assertThat(manifest.targetSuffix()).isEqualTo(TARGET);
        assertThat(manifest.tables()).containsExactly("Contacts", "Properties", "Requests", "AppPreferences");
        assertThat(manifest.segments()).containsOnly(Map.entry("Contacts", 3), Map.entry("Properties", 3),
                Map.entry("Requests", 3), Map.entry("AppPreferences", 3));
        assertThat(manifest.planDigest()).isEqualTo(dev.dmig.plan.PlanParser.parse(frozen).digest());
    }

    @Test
    void segments_followTheTableSize_andATableOfTenThousandItemsIsStillSplitInFour() {
        assertThat(SegmentSizing.segmentsFor(0, 25_000, true)).isEqualTo(1);
        assertThat(SegmentSizing.segmentsFor(4_999, 25_000, true)).isEqualTo(1);
        assertThat(SegmentSizing.segmentsFor(5_000, 25_000, true)).isEqualTo(2);
        assertThat(SegmentSizing.segmentsFor(10_000, 25_000, true)).isEqualTo(4);
        assertThat(SegmentSizing.segmentsFor(100_000, 25_000, true)).isEqualTo(4);
        assertThat(SegmentSizing.segmentsFor(100_001, 25_000, true)).isEqualTo(5);
        assertThat(SegmentSizing.segmentsFor(1_000, 100, true)).isEqualTo(10);
        assertThat(SegmentSizing.segmentsFor(10_000_000_000L, 25_000, true)).isEqualTo(1_000);
        assertThat(SegmentSizing.segmentsFor(10_000, 25_000, false)).isEqualTo(1);
        assertThat(SegmentSizing.segmentsFor(100_000, 25_000, false)).isEqualTo(4);
    }

    @Test
    void segments_ofManySmallTables_comeFromTheirSizeAlone_toKeepTheHistoryShort() {
        Map<String, Long> hundred = new java.util.LinkedHashMap<>();
        Map<String, Long> fiveHundred = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            if (i < 100) {
                hundred.put("T" + i, 10_000L);
            }
            fiveHundred.put("T" + i, 10_000L);
        }
        assertThat(SegmentSizing.automaticSegments(hundred, 25_000, 32).values()).containsOnly(4);
        assertThat(SegmentSizing.automaticSegments(fiveHundred, 25_000, 32).values()).containsOnly(1);
        // Distributed tables live in child executions: they do not count against the parent's history.
        fiveHundred.put("Big", 10_000_000L);
        assertThat(SegmentSizing.automaticSegments(fiveHundred, 25_000, 32)).containsEntry("Big", 400).containsEntry("T0", 1);
        hundred.put("Big", 10_000_000L);
        assertThat(SegmentSizing.automaticSegments(hundred, 25_000, 32)).containsEntry("Big", 400).containsEntry("T0", 4);
    }

    @Test
    void dryRun_countsLevelsFillRatesOrphansAndUnconfiguredTables() {
        app.analyze(app.request("dry-run", "dry1"));
        Analysis analysis = analysis("dry1");
        assertThat(analysis.levels()).containsExactly(List.of("Contacts", "Properties", "AppPreferences"), List.of("Requests"));
        assertThat(analysis.totals()).isEqualTo(new Analysis.Totals(4, 17, analysis.totals().bytes(), 1, 0, 0, 0, 0, 0));
        assertThat(analysis.totals().bytes()).isPositive();
        assertThat(analysis.unconfiguredTables()).containsExactly("Legacy" + SOURCE);
        assertThat(analysis.skippedModels()).containsExactly("Auth");
        assertThat(analysis.problems()).isEmpty();
        assertThat(analysis.onConflict()).isEqualTo("abort");

        assertThat(table(analysis, "Contacts").items()).isEqualTo(7);
        assertThat(table(analysis, "Contacts").level()).isEqualTo(1);
        assertThat(table(analysis, "Contacts").sourceTable()).isEqualTo(source("Contacts"));
        assertThat(table(analysis, "Contacts").targetTable()).isEqualTo(target("Contacts"));
        assertThat(table(analysis, "Contacts").segments()).isEqualTo(3);
        assertThat(table(analysis, "AppPreferences").items()).isEqualTo(2);
        TableAnalysis requests = table(analysis, "Requests");
        assertThat(requests.level()).isEqualTo(2);
        assertThat(requests.items()).isEqualTo(5);
        assertThat(requests.references()).extracting(ReferenceAnalysis::path)
                .containsExactly("agentContactId", "addressId", "watcherIds[]", "meta.ownerId", "prefId");
        assertThat(reference(requests, "agentContactId")).isEqualTo(new ReferenceAnalysis("agentContactId", "Contacts",
                4, 0.8, 4, 1, 0, List.of(new OrphanExample("id=r2", "ghost"))));
        assertThat(reference(requests, "addressId")).isEqualTo(new ReferenceAnalysis("addressId", "Properties",
                4, 0.8, 4, 0, 0, List.of()));
        assertThat(reference(requests, "watcherIds[]")).isEqualTo(new ReferenceAnalysis("watcherIds[]", "Contacts",
                2, 0.4, 5, 0, 0, List.of()));
        assertThat(reference(requests, "meta.ownerId")).isEqualTo(new ReferenceAnalysis("meta.ownerId", "Contacts",
                1, 0.2, 1, 0, 0, List.of()));
        assertThat(reference(requests, "prefId")).isEqualTo(new ReferenceAnalysis("prefId", "AppPreferences",
                1, 0.2, 1, 0, 0, List.of()));
        assertThat(analysis.estimate().seconds()).isGreaterThanOrEqualTo(0);
        // The referenced tables were read by this analysis: no reference is looked up in the source. An empty target
        // holds nothing to conflict with: only Contacts, whose target already holds an item, is looked up there.
        for (String model : List.of("Contacts", "Properties", "Requests", "AppPreferences")) {
            assertThat(app.items.calls(EXISTING_HASH_KEYS, source(model))).as(model).isZero();
            assertThat(table(analysis, model).targetEmpty()).as(model).isEqualTo(!model.equals("Contacts"));
            assertThat(app.items.calls(GET_ALL, target(model)) > 0).as(model).isEqualTo(model.equals("Contacts"));
        }
    }

    @Test
    void fannedOut_theFirstCallListsTheSegments_eachIsReadApart_andTheNextCallSummarizesTheSameAnalysis() {
        app.analyze(app.request("dry-run", "whole"));
        Analysis whole = analysis("whole");

        // The sample's tables have a few segments each: every table counts as large here.
        Analyzer fanning = new Analyzer(app.items, app.artifacts, app.settings.withDistributedMapSegments(1), app.scanPool);
        RunState first = fanning.analyze(app.request("dry-run", "fanned"), "exec-f", Deadline.in(60_000), true);
        assertThat(first.done()).isFalse();
        assertThat(app.artifacts.list(RunLayout.prefix("fanned") + "analysis/Contacts/")).as("nothing read yet").isEmpty();
        List<RunState.Unit> units = List.of(Json.read(app.artifacts.get(first.units().key()).orElseThrow(), RunState.Unit[].class));
        assertThat(units).hasSize(whole.tables().stream().mapToInt(TableAnalysis::segments).sum());
        for (RunState.Unit unit : units) {
            assertThat(fanning.analyzeSegment("fanned", unit.table(), unit.segment(), unit.totalSegments(),
                    Deadline.in(60_000))).isTrue();
        }
        RunState summary = fanning.analyze(app.request("dry-run", "fanned"), "exec-f", Deadline.in(60_000), true);

        assertThat(summary.done()).isTrue();
        assertThat(summary.units()).as("the same execution fans out once").isNull();
        Analysis fanned = analysis("fanned");
        assertThat(fanned.totals()).isEqualTo(whole.totals());
        assertThat(fanned.tables()).extracting(TableAnalysis::references).isEqualTo(whole.tables().stream().map(TableAnalysis::references).toList());
        assertThat(fanned.tables()).extracting(TableAnalysis::sourceDigest).isEqualTo(whole.tables().stream().map(TableAnalysis::sourceDigest).toList());
    }

    @Test
    void aSegmentTask_describesOnlyItsTableAndTheTablesItRefersTo_andReadsOnlyItsTargetsTtl() {
        Analyzer fanning = new Analyzer(app.items, app.artifacts, app.settings.withDistributedMapSegments(1), app.scanPool);
        RunState first = fanning.analyze(app.request("dry-run", "scoped"), "exec-sc", Deadline.in(60_000), true);
        List<RunState.Unit> units = List.of(Json.read(app.artifacts.get(first.units().key()).orElseThrow(), RunState.Unit[].class));
        RunState.Unit requests = units.stream().filter(unit -> unit.table().equals("Requests")).findFirst().orElseThrow();
        int describes = app.items.calls(DESCRIBE);
        int timeToLive = app.items.calls(DESCRIBE_TIME_TO_LIVE);

        assertThat(fanning.analyzeSegment("scoped", requests.table(), requests.segment(), requests.totalSegments(),
                Deadline.in(60_000))).isTrue();

        // Requests refers to Contacts, Properties and AppPreferences: four pairs of tables, not every table of the run.
        assertThat(app.items.calls(DESCRIBE) - describes).isEqualTo(8);
        assertThat(app.items.calls(DESCRIBE_TIME_TO_LIVE) - timeToLive).isEqualTo(1);
        assertThat(app.items.calls(DESCRIBE_TIME_TO_LIVE, target("Requests"))).isPositive();

        // Contacts refers to nothing: its own two tables.
        RunState.Unit contacts = units.stream().filter(unit -> unit.table().equals("Contacts")).findFirst().orElseThrow();
        describes = app.items.calls(DESCRIBE);
        assertThat(fanning.analyzeSegment("scoped", contacts.table(), contacts.segment(), contacts.totalSegments(),
                Deadline.in(60_000))).isTrue();
        assertThat(app.items.calls(DESCRIBE) - describes).isEqualTo(2);
    }

    @Test
    void aFullRunsSourceIdFilters_areWrittenSideBySide_andEachIsThereWhenTheAnalysisIs() {
        String prefix = RunLayout.sourceIdsPrefix("run1");
        InFlight writes = new InFlight(2);
        List<String> afterAnalysis = new CopyOnWriteArrayList<>();
        ArtifactStore watched = new ForwardingArtifactStore(app.artifacts) {
            @Override
            public void put(String key, byte[] body, String contentType) {
                if (key.startsWith(prefix)) {
                    writes.during(() -> {
                        super.put(key, body, contentType);
                        return null;
                    });
                    if (app.artifacts.get(RunLayout.analysis("run1")).isPresent()) {
                        afterAnalysis.add(key);
                    }
                    return;
                }
                super.put(key, body, contentType);
            }
        };

        RunState state = null;
        for (int call = 0; call < 100 && (state == null || !state.done()); call++) {
            state = new Analyzer(app.items, watched, app.settings, app.scanPool).analyze(app.fullRequest("run1"), "exec-run1",
                    Deadline.in(60_000));
        }

        assertThat(state.done()).isTrue();
        List<String> stored = app.artifacts.list(prefix);
        assertThat(stored).as("a filter per table whose IDs the run maps").hasSizeGreaterThanOrEqualTo(2);
        assertThat(writes.calls()).isEqualTo(stored.size());
        assertThat(writes.most()).as("filters written at once").isGreaterThanOrEqualTo(2);
        assertThat(afterAnalysis).as("written before analysis.json").isEmpty();
    }

    @Test
    void aSegmentTask_intoATargetThatWasEmpty_readsNoEarlierRun_andOneIntoATargetHoldingItemsReadsThemForTestRunKeys() {
        app.analyze(app.request("dry-run", "earlier"));
        List<String> earlierReads = new CopyOnWriteArrayList<>();
        ArtifactStore counting = new ForwardingArtifactStore(app.artifacts) {
            @Override
            public Optional<byte[]> get(String key) {
                if (key.equals(RunLayout.manifest("earlier"))) {
                    earlierReads.add(key);
                }
                return super.get(key);
            }
        };
        Analyzer fanning = new Analyzer(app.items, counting, app.settings.withDistributedMapSegments(1), app.scanPool);
        RunState first = fanning.analyze(app.request("dry-run", "tasks"), "exec-t", Deadline.in(60_000), true);
        List<RunState.Unit> units = List.of(Json.read(app.artifacts.get(first.units().key()).orElseThrow(), RunState.Unit[].class));
        earlierReads.clear();

        // Requests' target held nothing when the run began: no test run can have left an item there to adopt.
        RunState.Unit requests = units.stream().filter(unit -> unit.table().equals("Requests")).findFirst().orElseThrow();
        assertThat(fanning.analyzeSegment("tasks", requests.table(), requests.segment(), requests.totalSegments(),
                Deadline.in(60_000))).isTrue();
        assertThat(earlierReads).isEmpty();

        // Contacts' target holds an item: the earlier runs are read for what test runs left there.
        RunState.Unit contacts = units.stream().filter(unit -> unit.table().equals("Contacts")).findFirst().orElseThrow();
        assertThat(fanning.analyzeSegment("tasks", contacts.table(), contacts.segment(), contacts.totalSegments(),
                Deadline.in(60_000))).isTrue();
        assertThat(earlierReads).hasSize(1);
    }

    @Test
    void aRunWithoutALargeTable_isAnalyzedInOneTask_evenWhenAskedToFanOut() {
        RunState state = app.analyzer().analyze(app.request("dry-run", "small"), "exec-s", Deadline.in(60_000), true);
        assertThat(state.done()).isTrue();
        assertThat(state.units()).isNull();
        assertThat(analysis("small").totals().items()).isEqualTo(17);
    }

    /** The artifact store, noting the key of every segment part found when read. */
    private ArtifactStore partReadsInto(List<String> keys) {
        return new ForwardingArtifactStore(app.artifacts) {
            @Override
            public Optional<byte[]> get(String key) {
                Optional<byte[]> found = super.get(key);
                if (found.isPresent() && key.matches(".*/analysis/[^/]+/\\d+(\\.done)?\\.json")) {
                    keys.add(key);
                }
                return found;
            }
        };
    }

    @Test
    void anAnalysisDoneInOneCall_summarizesFromTheSegmentPartsItHolds_readingNoneBack() {
        // Holding nothing, a call writes its parts and reads them all back for its summary.
        List<String> storedReads = new CopyOnWriteArrayList<>();
        RunState stored = new Analyzer(app.items, partReadsInto(storedReads), app.settings, app.scanPool, new Analyzer.Memory(0, Runtime.getRuntime().maxMemory()))
                .analyze(app.request("dry-run", "stored"), "exec-st", Deadline.in(60_000), true);
        assertThat(stored.done()).isTrue();
        assertThat(storedReads).as("parts read back when none is held").isNotEmpty();

        List<String> heldReads = new CopyOnWriteArrayList<>();
        RunState state = new Analyzer(app.items, partReadsInto(heldReads), app.settings, app.scanPool)
                .analyze(app.request("dry-run", "held"), "exec-h", Deadline.in(60_000), true);

        assertThat(state.done()).isTrue();
        assertThat(heldReads).as("parts read back").isEmpty();
        // The same findings as the analysis whose parts went through the store, the orphan in Requests included.
        assertThat(analysis("held").totals()).isEqualTo(analysis("stored").totals());
        assertThat(analysis("held").totals().orphans()).isEqualTo(1);
        assertThat(analysis("held").tables()).extracting(TableAnalysis::references)
                .isEqualTo(analysis("stored").tables().stream().map(TableAnalysis::references).toList());
    }

    @Test
    void aTableThatRefersToItself_isJoinedWithItsOwnParts_inOneCallOrFannedOut_withTheSameOrphans() {
        app.items.createTable("Comments" + SOURCE, "id", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S);
        app.items.createTable("Comments" + TARGET, "id", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S);
        app.items.put("Comments" + SOURCE,
                item("id", s("k1"), "parentId", s("k2"), "replyIds", dev.dmig.store.Items.l(s("k2"), s("k3"))),
                item("id", s("k2"), "parentId", s("gone-a")),
                // One item using one missing ID through both paths: kept once for the join, counted per path.
                item("id", s("k3"), "parentId", s("gone-b"), "replyIds", dev.dmig.store.Items.l(s("gone-b"), s("k1"))),
                item("id", s("k4"), "parentId", s("k1")),
                item("id", s("k5"), "parentId", s("k4")),
                item("id", s("k6")));
        com.fasterxml.jackson.databind.JsonNode plan = Json.tree("""
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "segments": 20,
                 "tables": {"Comments": {"references": {"parentId": "Comments", "replyIds[]": "Comments"}}}}
                """.formatted(SOURCE, TARGET).getBytes(StandardCharsets.UTF_8));

        // Twenty segments: the summary reads and counts their parts a few at a time.
        app.analyze(new RunRequest("dry-run", "self", null, plan, null, null, null, null, null, null, null, null, null));
        Analyzer fanning = new Analyzer(app.items, app.artifacts, app.settings.withDistributedMapSegments(1), app.scanPool);
        RunRequest fannedRequest = new RunRequest("dry-run", "self-fanned", null, plan, null, null, null, null, null, null, null,
                null, null);
        RunState first = fanning.analyze(fannedRequest, "exec-sf", Deadline.in(60_000), true);
        for (RunState.Unit unit : Json.read(app.artifacts.get(first.units().key()).orElseThrow(), RunState.Unit[].class)) {
            fanning.analyzeSegment("self-fanned", unit.table(), unit.segment(), unit.totalSegments(), Deadline.in(60_000));
        }
        assertThat(fanning.analyze(fannedRequest, "exec-sf", Deadline.in(60_000), true).done()).isTrue();

        for (String runId : List.of("self", "self-fanned")) {
            TableAnalysis comments = table(analysis(runId), "Comments");
            assertThat(reference(comments, "parentId")).as(runId).isEqualTo(new ReferenceAnalysis("parentId", "Comments",
                    5, 0.833, 5, 2, 0, reference(comments, "parentId").orphanExamples()));
            assertThat(reference(comments, "parentId").orphanExamples()).as(runId)
                    .containsExactlyInAnyOrder(new OrphanExample("id=k2", "gone-a"), new OrphanExample("id=k3", "gone-b"));
            assertThat(reference(comments, "replyIds[]")).as(runId).isEqualTo(new ReferenceAnalysis("replyIds[]", "Comments",
                    2, 0.333, 4, 1, 0, List.of(new OrphanExample("id=k3", "gone-b"))));
            assertThat(analysis(runId).totals().orphans()).as(runId).isEqualTo(3);
        }
    }

    @Test
    void orphanExamples_areTheSame_whetherTheScanRanInOneCallOrWasResumedPageByPage() {
        app.items.createTable("Notes" + SOURCE, "id", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S);
        app.items.createTable("Notes" + TARGET, "id", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S);
        for (int i = 0; i < 30; i++) {
            app.items.put("Notes" + SOURCE, item("id", s("n" + i), "parentId", s("gone-" + Integer.toHexString(i * 40503 + 7))));
        }
        com.fasterxml.jackson.databind.JsonNode plan = Json.tree("""
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "segments": 1,
                 "tables": {"Notes": {"references": {"parentId": "Notes"}}}}
                """.formatted(SOURCE, TARGET).getBytes(StandardCharsets.UTF_8));
        app.analyze(new RunRequest("dry-run", "whole", null, plan, null, null, null, null, null, null, null, null, null));
        // A deadline already passed: one page a call, the part read back from the store by each next call.
        app.analyze(new RunRequest("dry-run", "resumed", null, plan, null, null, null, null, null, null, null, null, null), "exec-r", 0);

        ReferenceAnalysis whole = reference(table(analysis("whole"), "Notes"), "parentId");
        ReferenceAnalysis resumed = reference(table(analysis("resumed"), "Notes"), "parentId");
        assertThat(resumed.orphans()).isEqualTo(whole.orphans()).isEqualTo(30);
        assertThat(resumed.orphanExamples()).as("examples after a resume").containsExactlyElementsOf(whole.orphanExamples());
    }

    @Test
    void referencesToATableTooLargeToHoldItsIds_areLookedUp_andFindTheSameOrphans() {
        app.items.describeAs(source("Contacts"), 2_000_000, 2_000_000_000L);
        app.analyze(app.request("dry-run", "dry1"));
        TableAnalysis requests = table(analysis("dry1"), "Requests");
        assertThat(reference(requests, "agentContactId")).isEqualTo(new ReferenceAnalysis("agentContactId", "Contacts",
                4, 0.8, 4, 1, 0, List.of(new OrphanExample("id=r2", "ghost"))));
        assertThat(reference(requests, "watcherIds[]").orphans()).isZero();
        assertThat(app.items.calls(EXISTING_HASH_KEYS, source("Contacts"))).isPositive();
    }

    @Test
    void dryRun_writesNoTable_andNoTargetItem() {
        var before = app.snapshot(app.targetTables());
        app.analyze(app.request("dry-run", "dry1"));
        assertThat(app.items.writeCalls()).isEmpty();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void analysisStoppedByItsDeadline_resumes_andGivesTheSameAnswer() {
        app.analyze(app.request("dry-run", "whole"));
        RunState state = app.analyze(app.request("dry-run", "sliced"), "exec-sliced", 0);
        assertThat(state.done()).isTrue();
        Analysis whole = analysis("whole");
        Analysis sliced = analysis("sliced");
        assertThat(sliced.totals()).isEqualTo(whole.totals());
        assertThat(sliced.tables()).extracting(TableAnalysis::sourceDigest)
                .containsExactlyElementsOf(whole.tables().stream().map(TableAnalysis::sourceDigest).toList());
        assertThat(reference(table(sliced, "Requests"), "agentContactId"))
                .isEqualTo(reference(table(whole, "Requests"), "agentContactId"));
    }

    @Test
    void deadlineZero_returnsNotDone_afterOnePagePerSegment() {
        RunState first = app.analyzer().analyze(app.request("dry-run", "slow"), "exec-slow", dev.dmig.run.Deadline.in(0));
        assertThat(first.done()).isFalse();
        assertThat(app.artifacts.contains(RunLayout.analysis("slow"))).isFalse();
        assertThat(manifest("slow").status()).isEqualTo(RunStatus.ANALYZING);
    }

    @Test
    void dataProblems_areListedFromTheSummary_readingNoPartBack_andTheMessageCountsThemAll() {
        for (int i = 0; i < 25; i++) {
            app.items.put(source("Requests"), item("id", s("bad" + i), "agentContactId", n("42")));
        }
        List<String> reads = new CopyOnWriteArrayList<>();
        PlanInvalidException e = catchThrowableOfType(PlanInvalidException.class, () -> new Analyzer(app.items,
                partReadsInto(reads), app.settings, app.scanPool).analyze(app.request("dry-run", "many"), "exec-m",
                Deadline.in(60_000), true));
        assertThat(reads).as("parts read back after the summary").isEmpty();
        assertThat(analysis("many").totals().problems()).isEqualTo(25);
        assertThat(e.problems()).hasSize(1);
        assertThat(e).hasMessageStartingWith("25 problems, nothing was written: table Requests, attribute agentContactId: 25 items");
    }

    @Test
    void numberWhereAStringIdIsExpected_isAPlanError_namingTableAttributeAndKey_andNothingIsWritten() {
        app.items.put(source("Requests"), item("id", s("r9"), "agentContactId", n("42")));
        var before = app.snapshot(app.targetTables());
        PlanInvalidException e = catchThrowableOfType(PlanInvalidException.class,
                () -> app.analyze(app.fullRequest("bad")));
        assertThat(e).hasMessage("1 problem, nothing was written: table Requests, item id=r9, attribute agentContactId: "
                + "expected a string ID, found a number (N)");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.table()).isEqualTo("Requests");
            assertThat(p.attribute()).isEqualTo("agentContactId");
            assertThat(p.key()).isEqualTo("id=r9");
        });
        assertThat(app.items.writeCalls()).isEmpty();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        RunManifest manifest = manifest("bad");
        assertThat(manifest.status()).isEqualTo(RunStatus.REFUSED);
        assertThat(manifest.failure().error()).isEqualTo("PlanInvalid");
        assertThat(manifest.failure().cause()).isEqualTo(e.getMessage());
        assertThat(analysis("bad").totals().problems()).isEqualTo(1);
        assertThat(analysis("bad").problems()).containsExactly("table Requests, item id=r9, attribute agentContactId: "
                + "expected a string ID, found a number (N)");
    }

    @Test
    void tablesFilter_analysesOnlyThoseTables_andLeavesReferencesOutsideItUnchecked() {
        RunRequest request = new RunRequest("dry-run", "some", null, app.planNode(), null, null, null, null, null, null,
                List.of("Requests"), null, null);
        app.analyze(request);
        Analysis analysis = analysis("some");
        assertThat(analysis.tables()).extracting(TableAnalysis::model).containsExactly("Requests");
        assertThat(analysis.warnings()).isNotEmpty().allSatisfy(w -> assertThat(w)
                .startsWith("table Requests, attribute ").contains("which is neither in this run nor migrated by an earlier one"));
        assertThat(analysis.levels()).containsExactly(List.of("Requests"));
        assertThat(analysis.totals().items()).isEqualTo(5);
        ReferenceAnalysis agent = reference(table(analysis, "Requests"), "agentContactId");
        assertThat(agent.unchecked()).isEqualTo(4);
        assertThat(agent.orphans()).isZero();
        assertThat(manifest("some").tables()).containsExactly("Requests");
    }

    @Test
    void tablesFilter_withAnUnknownOrSkippedModel_isAPlanError() {
        RunRequest request = new RunRequest("dry-run", "bad", null, app.planNode(), null, null, null, null, null, null,
                List.of("Nope", "Auth", "Contacts"), null, null);
        assertThatThrownBy(() -> app.analyze(request)).isInstanceOf(PlanInvalidException.class)
                .hasMessage("2 problems, nothing was written: table Nope: is not in the plan; table Auth: is skipped by the plan");
    }

    @Test
    void targetItemsAtMappedKeys_areConflicts_withExamples() {
        ItemTransformer transformer = new ItemTransformer(app.plan());
        var c2 = app.items.item(source("Contacts"), item("id", s("c2"))).orElseThrow();
        app.items.put(target("Contacts"), transformer.transform("Contacts", c2));
        app.items.put(target("Contacts"), item("id", s(app.newId("Contacts", "c3")), "name", s("someone else")));
        app.items.put(target("AppPreferences"), item("id", s("theme"), "value", s("light")));
        app.analyze(app.request("dry-run", "dry1"));
        Analysis analysis = analysis("dry1");
        assertThat(analysis.totals().conflicts()).isEqualTo(3);
        assertThat(table(analysis, "Contacts").conflicts()).isEqualTo(2);
        assertThat(table(analysis, "Contacts").conflictExamples()).containsExactlyInAnyOrder(
                new ConflictExample("id=c2", "id=" + app.newId("Contacts", "c2"), true),
                new ConflictExample("id=c3", "id=" + app.newId("Contacts", "c3"), false));
        assertThat(table(analysis, "AppPreferences").conflictExamples())
                .containsExactly(new ConflictExample("id=theme", "id=theme", false));
        assertThat(table(analysis, "Contacts").targetEmpty()).isFalse();
        assertThat(table(analysis, "Properties").targetEmpty()).isTrue();
    }

    @Test
    void fullRun_underAbort_withConflicts_isRefusedBeforeAnyWrite() {
        app.items.put(target("Contacts"), item("id", s(app.newId("Contacts", "c3")), "name", s("someone else")));
        RunState state = app.analyze(app.fullRequest("full1"));
        assertThat(state.blockingConflicts()).isEqualTo(1);
        assertThat(state.confirm()).isTrue();
        RunManifest manifest = manifest("full1");
        assertThat(manifest.status()).isEqualTo(RunStatus.REFUSED);
        assertThat(manifest.failure()).isEqualTo(new RunManifest.Failure("ConflictsFound",
                "1 target items already exist at the mapped keys (0 identical, 1 with other content)"));
        assertThat(app.items.writeCalls()).isEmpty();
    }

    @Test
    void fullRun_underSkip_withConflicts_goesAhead() {
        SampleMigration skip = new SampleMigration("skip", 2, 3);
        try {
            skip.items.put(target("Contacts"), item("id", s(skip.newId("Contacts", "c3")), "name", s("someone else")));
            RunState state = skip.analyze(skip.fullRequest("full1"));
            assertThat(state.blockingConflicts()).isZero();
            assertThat(skip.artifacts.json(RunLayout.analysis("full1"), Analysis.class).totals().conflicts()).isEqualTo(1);
            assertThat(skip.artifacts.json(RunLayout.manifest("full1"), RunManifest.class).status()).isEqualTo(RunStatus.MIGRATING);
        } finally {
            skip.close();
        }
    }

    @Test
    void fullRun_withoutConfirm_isRefused_withoutScanning() {
        RunState state = app.analyze(app.request("full", "full1"));
        assertThat(state.done()).isTrue();
        assertThat(state.confirm()).isFalse();
        assertThat(state.levels()).isEmpty();
        assertThat(manifest("full1").failure()).isEqualTo(new RunManifest.Failure("ConfirmationRequired",
                "a full run writes to the target tables and needs \"confirm\": true"));
        assertThat(app.items.calls(dev.dmig.store.InMemoryItemStore.Operation.SCAN)).isZero();
    }

    @Test
    void fullRun_handsTheStateMachineItsWorkList() {
        RunState state = app.analyze(app.fullRequest("full1"));
        // A live target (Contacts-prod holds a record): one level, Requests waiting for the tables it refers to. Each table
        // carries how long its writes take at DynamoDB Local's on-demand 40,000 units/s (one unit an item here).
        assertThat(state.levels()).containsExactly(
                new RunState.Level(1, List.of(
                        new RunState.TableWork("Contacts", 3, false, 3, null).withWriteSeconds(7 / 40_000.0),
                        new RunState.TableWork("Properties", 3, false, 3, null).withWriteSeconds(3 / 40_000.0),
                        new RunState.TableWork("AppPreferences", 3, false, 3, null).withWriteSeconds(2 / 40_000.0),
                        new RunState.TableWork("Requests", 3, false, 3, null).withWriteSeconds(5 / 40_000.0)
                                .withAfter(List.of("Contacts", "Properties", "AppPreferences")))));
        assertThat(state.blockingConflicts()).isZero();
    }

    @Test
    void fullRun_putsADistributedTablesSegmentNumbersInS3_andOnlyTheirCountInTheState() {
        app = new SampleMigration("abort", 50, 40);
        RunState state = app.analyze(app.fullRequest("big1"));

        RunState.TableWork contacts = state.levels().get(0).tables().get(0);
        assertThat(contacts).isEqualTo(new RunState.TableWork("Contacts", 40, true, 40,
                new RunState.S3Object("dmig-test-bucket", "runs/big1/segments/Contacts.json")).withWriteSeconds(7 / 40_000.0));
        assertThat(app.artifacts.text(RunLayout.segmentList("big1", "Contacts")))
                .isEqualTo(IntStream.range(0, 40).mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]")));
    }

    @Test
    void runId_cannotBeReused() {
        app.analyze(app.request("dry-run", "once"));
        assertThatThrownBy(() -> app.analyze(app.request("dry-run", "once")))
                .isInstanceOf(RunInputInvalidException.class)
                .hasMessage("run once already exists (mode dry-run, status analyzed); give the new run another ID");
    }

    @Test
    void badRunIdOrMode_isRejected() {
        assertThatThrownBy(() -> app.analyze(app.request("dry-run", "no/slashes")))
                .isInstanceOf(RunInputInvalidException.class)
                .hasMessage("run ID 'no/slashes' must be 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit");
        assertThatThrownBy(() -> app.analyze(app.request("fast", "r1")))
                .isInstanceOf(RunInputInvalidException.class)
                .hasMessage("mode 'fast' is not one of dry-run, test, full, validate, rollback");
    }

    @Test
    void noInlinePlan_readsTheDefaultConfigKey_orSaysWhereItLooked() {
        RunRequest bare = new RunRequest(null, "r1", null, null, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> app.analyze(bare)).isInstanceOf(RunInputInvalidException.class)
                .hasMessage("no plan: the input has no \"config\" and mem://dmig-test-bucket/config/migration.json does not exist");
        app.artifacts.put("config/migration.json", app.planJson().getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(app.analyze(bare).done()).isTrue();
        assertThat(app.artifacts.text(RunLayout.plan("r1"))).isEqualTo(app.planJson());
    }

    @Test
    void itemThatWouldOutgrowTheItemLimitOnceMapped_isAProblem_reportedBeforeAnyWrite() {
        List<software.amazon.awssdk.services.dynamodb.model.AttributeValue> watchers = new java.util.ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            watchers.add(s("c1"));
        }
        var big = item("id", s("rBig"), "watcherIds", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(watchers));
        app.items.put(source("Requests"), big);
        long mappedSize = dev.dmig.store.ItemSize.of(new ItemTransformer(app.plan()).transform("Requests", big));
        assertThat(mappedSize).isGreaterThan(dev.dmig.store.ItemSize.LIMIT_BYTES);
        assertThatThrownBy(() -> app.analyze(app.fullRequest("big")))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessage("1 problem, nothing was written: table Requests, item id=rBig: the mapped item would be "
                        + mappedSize + " bytes, over DynamoDB's 400 KB item limit");
        assertThat(app.items.writeCalls()).isEmpty();
    }

    @Test
    void planThatRemovesAKeyAttribute_isRefusedAsAPlanError_notACrash() {
        dev.dmig.store.InMemoryItemStore store = new dev.dmig.store.InMemoryItemStore()
                .createTable("Lines" + SOURCE, "orderId", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S,
                        "id", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S)
                .createTable("Lines" + TARGET, "orderId", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S,
                        "id", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S)
                .put("Lines" + SOURCE, item("orderId", s("o1"), "id", s("l1")));
        String plan = "{\"source\": {\"tableSuffix\": \"" + SOURCE + "\"}, \"target\": {\"tableSuffix\": \"" + TARGET
                + "\"}, \"tables\": {\"Lines\": {\"remove\": [\"orderId\"]}}}";
        RunRequest request = new RunRequest("dry-run", "keyless", null, dev.dmig.json.Json.tree(plan.getBytes(StandardCharsets.UTF_8)),
                null, null, null, null, null, null, null, null, null);
        Analyzer analyzer = new Analyzer(store, app.artifacts, app.settings, app.scanPool);
        assertThatThrownBy(() -> analyzer.analyze(request, "exec", dev.dmig.run.Deadline.in(60_000)))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("table Lines")
                .hasMessageContaining("orderId");
    }

    @Test
    void eachTablesSizes_andDigests_areThoseOfItsItems_countedOnTheDigestsWalk() {
        app.fullRun("sized");
        Analysis analysis = analysis("sized");
        for (TableAnalysis table : analysis.tables()) {
            List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> sources = app.items.items(source(table.model()));
            dev.dmig.store.ContentDigest sourceDigest = new dev.dmig.store.ContentDigest();
            sources.forEach(sourceDigest::add);
            assertThat(table.bytes()).as(table.model()).isEqualTo(sources.stream().mapToLong(dev.dmig.store.ItemSize::of).sum());
            assertThat(table.maxItemBytes()).as(table.model()).isEqualTo(sources.stream().mapToLong(dev.dmig.store.ItemSize::of).max().orElse(0));
            assertThat(table.sourceDigest()).as(table.model()).isEqualTo(sourceDigest.hex());
            // What each copied item maps to is what the run wrote (the target's one item of its own left out).
            dev.dmig.store.ContentDigest written = new dev.dmig.store.ContentDigest();
            app.items.items(target(table.model())).stream().filter(item -> !item.get("id").s().equals("prod-only-contact"))
                    .forEach(written::add);
            assertThat(table.expectedDigest()).as(table.model()).isEqualTo(written.hex());
            assertThat(table.expectedItems()).as(table.model()).isEqualTo(written.count()).isPositive();
        }
    }

    @Test
    void oneAnalyzeCall_readsTheSizeEstimatesItStoredNoMore_andALaterCallReadsThemOnce() {
        RunState first = app.analyzer().analyze(app.fullRequest("sizes-once"), "exec-sizes-once", Deadline.in(60_000));

        assertThat(first.done()).isTrue();
        assertThat(app.artifacts.contains(RunLayout.analysisSizes("sizes-once"))).isTrue();
        // The call stored them and knows them: each read was a round trip, seven of them one after another.
        assertThat(app.artifacts.reads(RunLayout.analysisSizes("sizes-once"))).isZero();

        // A dry run analyzed over several calls (each stopped at its deadline): each later call reads them once, however
        // many of its steps ask.
        int calls = 0;
        RunState state;
        do {
            state = app.analyzer().analyze(app.request(null, "sizes-calls"), "exec-sizes-calls", Deadline.in(0));
            calls++;
        } while (!state.done() && calls < 1_000);
        assertThat(state.done()).isTrue();
        assertThat(calls).isGreaterThan(2);
        assertThat(app.artifacts.reads(RunLayout.analysisSizes("sizes-calls"))).isEqualTo(calls - 1);
        assertThat(analysis("sizes-once").tables()).extracting(TableAnalysis::size).doesNotContainNull();
    }
}
