package dev.dmig.analysis;

import static dev.dmig.store.InMemoryItemStore.Operation.SCAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.Settings;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code unique} attributes (usernames, e-mails): analysis finds values shared within the source
 * and values another target item already holds, and under {@code abort} a full run stops before
 * any write. Artifacts never hold the values themselves.
 */
class UniquenessTest {
    private static final String SRC = "-u-dev";
    private static final String DST = "-u-prod";

    private final InMemoryItemStore items = new InMemoryItemStore()
            .createTable("Users" + SRC, "id", ScalarAttributeType.S)
            .createTable("Users" + DST, "id", ScalarAttributeType.S)
            .withPointInTimeRecovery("Users" + DST);
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final IdMapper ids = new IdMapper("u-prod");

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    @Test
    void sharedAndExistingValues_areConflicts_andAbortStopsTheRun() {
        user(SRC, "u1", "ada@example.com", "ada");
        user(SRC, "u2", "ada@example.com", "ada2");
        user(SRC, "u3", "bob@example.com", "bob");
        user(SRC, "u4", "cy@example.com", "cy");
        user(SRC, "u5", "", "");
        user(DST, "someone-else", "cy@example.com", "cyrus");

        RunState state = analyze("abort", "full");
        Analysis analysis = artifacts.json(RunLayout.analysis("u1"), Analysis.class);
        TableAnalysis users = analysis.tables().get(0);
        assertThat(users.uniqueness()).extracting(UniquenessAnalysis::attribute).containsExactly("email", "username");
        UniquenessAnalysis email = users.uniqueness().get(0);
        assertThat(email.duplicatesInSource()).isEqualTo(1);
        assertThat(email.existingInTarget()).isEqualTo(1);
        assertThat(email.examples()).containsExactlyInAnyOrder(
                "items id=u1, id=u2 share one value of email in the source",
                "source item id=u4 would bring a value of email that target item id=someone-else already holds");
        assertThat(users.uniqueness().get(1).conflicts()).isZero();
        assertThat(analysis.totals().uniquenessConflicts()).isEqualTo(2);
        assertThat(state.blockingConflicts()).isEqualTo(2);
        assertThat(artifacts.json(RunLayout.manifest("u1"), RunManifest.class).status()).isEqualTo(RunStatus.REFUSED);
        assertThat(items.writeCalls()).isEmpty();
        assertThat(String.join("", artifacts.keys().stream().map(artifacts::text).toList()))
                .as("no artifact holds a unique value").doesNotContain("ada@example.com").doesNotContain("cy@example.com");
    }

    @Test
    void theRunsOwnRecordAlreadyInTheTarget_isNotAUniquenessConflict() {
        user(SRC, "u1", "ada@example.com", "ada");
        user(DST, ids.newId("Users", "u1"), "ada@example.com", "ada");
        analyze("skip", "dry-run");
        TableAnalysis users = artifacts.json(RunLayout.analysis("u1"), Analysis.class).tables().get(0);
        assertThat(users.uniqueness().get(0).conflicts()).isZero();
        assertThat(users.conflicts()).as("a plain key conflict, reported as such").isEqualTo(1);
    }

    @Test
    void underSkip_uniquenessConflictsAreReported_butDoNotBlock() {
        user(SRC, "u1", "ada@example.com", "ada");
        user(SRC, "u2", "ada@example.com", "ada2");
        RunState state = analyze("skip", "full");
        assertThat(state.blockingConflicts()).isZero();
        assertThat(artifacts.json(RunLayout.analysis("u1"), Analysis.class).totals().uniquenessConflicts()).isEqualTo(1);
    }

    @Test
    void fannedOut_theTargetsSegmentsAreScannedByTheirOwnTasks_andTheSummaryFindsTheSameConflicts() {
        user(SRC, "u1", "ada@example.com", "ada");
        user(SRC, "u2", "ada@example.com", "ada2");
        user(SRC, "u3", "cy@example.com", "cy");
        user(DST, "someone-else", "cy@example.com", "cyrus");
        analyze("skip", "dry-run");
        List<UniquenessAnalysis> inOneTask = artifacts.json(RunLayout.analysis("u1"), Analysis.class).tables().get(0).uniqueness();

        // Every table counts as large: the first call hands the units out, the Map's tasks read them, the next call sums.
        Analyzer fanning = new Analyzer(items, artifacts, Settings.defaults("b").withDistributedMapSegments(1), pool);
        RunState first = fanning.analyze(request("skip", "dry-run", "f1"), "exec-f1", Deadline.in(60_000), true);
        List<RunState.Unit> units = List.of(Json.read(artifacts.get(first.units().key()).orElseThrow(), RunState.Unit[].class));
        assertThat(units).filteredOn(RunState.Unit::ofTarget).as("one target unit per segment").hasSize(units.size() / 2)
                .allMatch(unit -> unit.table().equals("Users"));
        int targetScans = items.calls(SCAN, "Users" + DST);
        for (RunState.Unit unit : units) {
            boolean done = unit.ofTarget()
                    ? fanning.analyzeTargetSegment("f1", unit.table(), unit.segment(), unit.totalSegments(), Deadline.in(60_000))
                    : fanning.analyzeSegment("f1", unit.table(), unit.segment(), unit.totalSegments(), Deadline.in(60_000));
            assertThat(done).isTrue();
        }
        assertThat(items.calls(SCAN, "Users" + DST)).as("the target tasks scanned the target").isGreaterThan(targetScans);
        targetScans = items.calls(SCAN, "Users" + DST);

        RunState summary = fanning.analyze(request("skip", "dry-run", "f1"), "exec-f1", Deadline.in(60_000), true);

        assertThat(summary.done()).isTrue();
        assertThat(items.calls(SCAN, "Users" + DST)).as("the summary scans no target itself").isEqualTo(targetScans);
        assertThat(artifacts.json(RunLayout.analysis("f1"), Analysis.class).tables().get(0).uniqueness()).isEqualTo(inOneTask)
                .extracting(UniquenessAnalysis::conflicts).containsExactly(2L, 0L);
    }

    @Test
    void aTargetEmptyWhenTheRunBegins_isNotScannedForUniqueValues_inOneTaskOrFannedOut() {
        user(SRC, "u1", "ada@example.com", "ada");
        user(SRC, "u2", "ada@example.com", "ada2");

        analyze("skip", "dry-run");
        Analyzer fanning = new Analyzer(items, artifacts, Settings.defaults("b").withDistributedMapSegments(1), pool);
        RunState first = fanning.analyze(request("skip", "dry-run", "f2"), "exec-f2", Deadline.in(60_000), true);

        assertThat(List.of(Json.read(artifacts.get(first.units().key()).orElseThrow(), RunState.Unit[].class)))
                .noneMatch(RunState.Unit::ofTarget);
        // One consistent read of one item per run, to find it empty; no scan of its unique values.
        assertThat(items.calls(SCAN, "Users" + DST)).isEqualTo(2);
        assertThat(artifacts.json(RunLayout.analysis("u1"), Analysis.class).tables().get(0).uniqueness().get(0).duplicatesInSource())
                .isEqualTo(1);
    }

    @Test
    void aCallThatFinishesTheSourceButNotTheTarget_storesTheSourcesParts_andTheNextCallDoesNotScanTheSourceAgain() {
        user(SRC, "u1", "ada@example.com", "ada");
        for (int i = 0; i < 6; i++) {
            user(DST, "t" + i, "t" + i + "@example.com", "t" + i);
        }
        // Pages of two items: the source's one segment ends with the first call's one page; the target's does not.
        Analyzer analyzer = new Analyzer(items, artifacts, Settings.fromEnvironment(Map.of(Settings.BUCKET, "b",
                Settings.PAGE_SIZE, "2")), pool);
        RunState state = analyzer.analyze(request("skip", "dry-run", "u1"), "u1", Deadline.in(0));
        assertThat(state.done()).isFalse();
        int sourceScans = items.calls(SCAN, "Users" + SRC);

        int calls = 1;
        while (!state.done() && calls++ < 10) {
            state = analyzer.analyze(request("skip", "dry-run", "u1"), "u1", Deadline.in(0));
        }

        assertThat(state.done()).isTrue();
        assertThat(items.calls(SCAN, "Users" + SRC)).as("the source scanned once").isEqualTo(sourceScans);
        assertThat(artifacts.json(RunLayout.analysis("u1"), Analysis.class).totals().items()).isEqualTo(1);
    }

    @Test
    void aTableWhoseUniqueValuesWouldOutgrowTheMemory_isRefusedBeforeAnyScan_sayingWhatToChange() {
        for (int i = 0; i < 5; i++) {
            user(SRC, "u" + i, "u" + i + "@example.com", "u" + i);
        }
        // Five items, two unique attributes: ~3,000 bytes, more than half of a 4,000-byte heap.
        Analyzer small = new Analyzer(items, artifacts, Settings.defaults("b"), pool, new Analyzer.Memory(Analyzer.HELD_ENTRIES, 4_000));

        assertThatThrownBy(() -> small.analyze(request("abort", "full", "big"), "big", Deadline.in(60_000)))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessage("1 problem, nothing was written: table Users: its unique attributes (email, username) are checked "
                        + "in one process's memory, ~300 bytes a value: ~5 items need ~0.0 GB, more than half of the 0.0 GB this "
                        + "one has; give Analyze more memory (MemorySize on Lambda, up to 10,240 MB; -Xmx when run locally) or "
                        + "leave \"unique\" out for this table");
        assertThat(artifacts.json(RunLayout.manifest("big"), RunManifest.class).status()).isEqualTo(RunStatus.REFUSED);
        assertThat(items.calls(SCAN, "Users" + SRC)).as("no scan of the source").isZero();
        assertThat(items.writeCalls()).isEmpty();
    }

    private RunState analyze(String onConflict, String mode) {
        return new Analyzer(items, artifacts, Settings.defaults("b"), pool).analyze(request(onConflict, mode, "u1"), "u1",
                Deadline.in(60_000));
    }

    private static RunRequest request(String onConflict, String mode, String runId) {
        String plan = "{\"source\": {\"tableSuffix\": \"" + SRC + "\"}, \"target\": {\"tableSuffix\": \"" + DST + "\"}, "
                + "\"onConflict\": \"" + onConflict + "\", \"tables\": {\"Users\": {\"unique\": [\"email\", \"username\"]}}}";
        return new RunRequest(mode, runId, null, Json.tree(plan.getBytes(StandardCharsets.UTF_8)), null, null, null,
                null, true, null, null, null, null);
    }

    private void user(String suffix, String id, String email, String username) {
        items.put("Users" + suffix, Map.of("id", AttributeValue.fromS(id), "email", AttributeValue.fromS(email),
                "username", AttributeValue.fromS(username)));
    }
}
