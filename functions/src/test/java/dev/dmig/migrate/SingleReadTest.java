package dev.dmig.migrate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.store.Deaths;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.store.PageSpool;
import dev.dmig.validate.ValidationReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One read of the source in a run that nothing interrupts: a full run's copy takes, from the process's spool, every page
 * its analysis read, rather than reading the source again; a dry run keeps nothing and writes nothing; a copy killed at
 * any of its writes resumes exactly, in a new process (which has no spool, and reads the source from the checkpoints) and
 * in the same one (which takes what is still kept, and reads the rest).
 */
class SingleReadTest {
    private static final int KILL_POINTS = 60;

    /** Kept as the SDK's objects, packed (past the objects' budget; an empty page takes no room), and some of each. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1 << 20, 0, 300})
    void aFullRunsCopy_takesEveryPageItsAnalysisRead_readingTheSourceOnce(long asObjects) {
        try (SampleMigration app = new SampleMigration("abort", 2, 3)) {
            PageSpool.InMemory spool = (PageSpool.InMemory) PageSpool.inMemory(asObjects, 1 << 20);
            RunState state = analyze(app, spool, app.fullRequest("run1"));
            assertThat(spool.pages()).as("pages kept by the analysis").isPositive();
            assertThat(spool.packed() > 0).as("some packed").isEqualTo(asObjects < 1 << 20);
            Map<String, Integer> analysisScans = sourceScans(app);

            copy(app.migrator().with(spool), state, null);

            assertThat(sourceScans(app)).as("the copy read no page of the source").isEqualTo(analysisScans);
            assertThat(spool.pages()).as("every kept page taken").isZero();
            assertThat(app.snapshot(app.targetTables())).isEqualTo(uninterrupted());
            assertThat(app.validate("run1", "exec-run1").passed())
                    .as(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures().toString()).isTrue();
        }
    }

    @Test
    void aDryRun_keepsNoPage_andWritesNothing() {
        try (SampleMigration app = new SampleMigration("abort", 2, 3)) {
            Map<String, Map<String, Map<String, AttributeValue>>> before = app.snapshot(app.targetTables());
            PageSpool.InMemory spool = spool();
            RunState state = analyze(app, spool, app.request("dry-run", "run1"));

            assertThat(state.done()).isTrue();
            assertThat(spool.pages()).isZero();
            assertThat(app.items.writeCalls()).isEmpty();
            assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        }
    }

    @Test
    void aSourceItemChangedAfterTheRead_isOutsideWhatTheRunCopied_asAfterTheCopysReadBefore() {
        try (SampleMigration app = new SampleMigration("abort", 2, 3)) {
            PageSpool.InMemory spool = spool();
            RunState state = analyze(app, spool, app.fullRequest("run1"));
            Map<String, Map<String, Map<String, AttributeValue>>> expected = uninterrupted();
            // Changed between the one read and the copy's writes: the copy writes what the analysis read and checked.
            app.items.put(SampleMigration.source("Properties"), item("id", s("p2"), "street", s("2 Low Rd, renamed")));

            copy(app.migrator().with(spool), state, null);

            assertThat(app.snapshot(app.targetTables())).isEqualTo(expected);
            assertThat(app.validate("run1", "exec-run1").passed()).isTrue();
        }
    }

    @Test
    void aTableWithAWriteRateLimit_isNotKept_itsCopyReadingSmallerPages() {
        try (SampleMigration app = new SampleMigration("abort", 2, 3)) {
            app.writeRateLimit = 1_000;
            PageSpool.InMemory spool = spool();
            RunState state = analyze(app, spool, app.fullRequest("run1"));

            assertThat(spool.pages()).isZero();
            copy(app.migrator().with(spool), state, null);
            assertThat(app.snapshot(app.targetTables())).isEqualTo(uninterrupted());
        }
    }

    static Stream<Arguments> killPoints() {
        return IntStream.rangeClosed(1, KILL_POINTS).boxed()
                .flatMap(at -> Stream.of(Arguments.of(at, true), Arguments.of(at, false)));
    }

    @ParameterizedTest(name = "killed at write {0}, resumed in the same process: {1}")
    @MethodSource("killPoints")
    void aCopyKilledAtAnyOfItsWrites_resumesExactly_andRollsBackExactly(int killAt, boolean sameProcess) {
        try (SampleMigration app = new SampleMigration("abort", 2, 3)) {
            Map<String, Map<String, Map<String, AttributeValue>>> before = app.snapshot(app.targetTables());
            PageSpool.InMemory spool = spool();
            RunState state = analyze(app, spool, app.fullRequest("run1"));
            Deaths deaths = new Deaths(killAt, killAt % 2 == 0);
            SegmentMigrator dying = new SegmentMigrator(deaths.items(app.items), deaths.artifacts(app.artifacts), app.writePool,
                    app.faults, app.settings.pageSize(), new WriteWindows(app.settings.writeConcurrency(),
                    app.settings.throttlePatienceMillis())).with(spool);
            copy(dying, state, deaths);
            if (killAt == 1) {
                assertThat(deaths.died()).isTrue();
            }
            app.artifacts.list(RunLayout.writers("run1")).forEach(app.artifacts::delete);

            // A new process has no spool: it reads the source from the checkpoints. The same one takes what is left.
            copy(app.migrator().with(sameProcess ? spool : PageSpool.NONE), state, null);

            assertThat(app.snapshot(app.targetTables())).isEqualTo(uninterrupted());
            assertThat(app.validate("run1", "exec-run1").passed())
                    .as(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures().toString()).isTrue();
            app.rollBack("run1", "rollback-run1");
            assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        }
    }

    private static PageSpool.InMemory spool() {
        return (PageSpool.InMemory) PageSpool.inMemory(1 << 20);
    }

    private static RunState analyze(SampleMigration app, PageSpool spool, dev.dmig.run.RunRequest request) {
        for (int call = 0; call < 1_000; call++) {
            RunState state = app.analyzer().keepingPages(spool).analyze(request, "exec-" + request.runId(), Deadline.in(60_000));
            if (state.done()) {
                return state;
            }
        }
        throw new IllegalStateException("Analyze did not finish in 1000 calls");
    }

    /** Scans of each source table so far. */
    private static Map<String, Integer> sourceScans(SampleMigration app) {
        Map<String, Integer> scans = new LinkedHashMap<>();
        SampleMigration.MIGRATED.forEach(model -> scans.put(model,
                app.items.calls(InMemoryItemStore.Operation.SCAN, SampleMigration.source(model))));
        return scans;
    }

    /** What the same run leaves in the target when nothing stops it and nothing is kept. */
    private static Map<String, Map<String, Map<String, AttributeValue>>> uninterrupted() {
        try (SampleMigration app = new SampleMigration("abort", 2, 3)) {
            app.fullRun("run1");
            return app.snapshot(app.targetTables());
        }
    }

    /** Every segment of every table, each called until done, or until the process dies ({@code deaths}). */
    private static void copy(SegmentMigrator migrator, RunState state, Deaths deaths) {
        for (RunState.Level level : state.levels()) {
            for (RunState.TableWork table : level.tables()) {
                for (int segment = 0; segment < table.segments(); segment++) {
                    for (int call = 0; call < 1_000; call++) {
                        try {
                            if (migrator.migrate(state.runId(), table.table(), segment, table.segments(), Deadline.in(60_000)).done()) {
                                break;
                            }
                        } catch (RuntimeException e) {
                            if (deaths != null && deaths.died()) {
                                return;
                            }
                            throw e;
                        }
                    }
                }
            }
        }
    }
}
