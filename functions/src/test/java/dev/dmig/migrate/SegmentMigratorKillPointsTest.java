package dev.dmig.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.store.Deaths;
import dev.dmig.validate.ValidationReport;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A full run's copy killed at each of its writes in turn (a batch to the target, a journal entry, a checkpoint, a lease),
 * carried out or cut off, then resumed from its checkpoints as {@code dmig resume} does: the target ends exactly as an
 * uninterrupted run leaves it, validated, and a rollback then puts it back exactly as it was before the run.
 */
class SegmentMigratorKillPointsTest {
    /** The writes a sweep kills at, one run each: past the last write the copy makes in these runs. */
    private static final int KILL_POINTS = 120;

    static Stream<Arguments> killPoints() {
        return IntStream.rangeClosed(1, KILL_POINTS).boxed()
                .flatMap(at -> Stream.of(Arguments.of(at, true), Arguments.of(at, false)));
    }

    @ParameterizedTest(name = "killed at write {0}, carried out: {1}")
    @MethodSource("killPoints")
    void aCopyKilledAtAnyOfItsWrites_resumes_exactly_andRollsBackExactly(int killAt, boolean carriedOut) {
        SampleMigration app = new SampleMigration("abort", 2, 3);
        try {
            Map<String, Map<String, Map<String, AttributeValue>>> before = app.snapshot(app.targetTables());
            RunState state = app.analyze(app.fullRequest("run1"));
            Deaths deaths = new Deaths(killAt, carriedOut);
            SegmentMigrator dying = new SegmentMigrator(deaths.items(app.items), deaths.artifacts(app.artifacts), app.writePool,
                    app.faults, app.settings.pageSize(), new WriteWindows(app.settings.writeConcurrency(),
                    app.settings.throttlePatienceMillis()));
            copy(dying, state, deaths);
            if (killAt == 1 || killAt == KILL_POINTS) {
                assertThat(deaths.died()).as(killAt == 1 ? "killed at the copy's first write"
                        : "the sweep reaches past the copy's last write").isEqualTo(killAt == 1);
            }
            // The dead process's leases are seen gone, as the fence sees a killed local process's.
            app.artifacts.list(RunLayout.writers("run1")).forEach(app.artifacts::delete);

            app.migrate(state, 60_000);

            assertThat(app.snapshot(app.targetTables())).isEqualTo(uninterrupted());
            assertThat(app.validate("run1", "exec-run1").passed())
                    .as(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures().toString()).isTrue();
            app.rollBack("run1", "rollback-run1");
            assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        } finally {
            app.close();
        }
    }

    /** What the same run leaves in the target when nothing stops it. */
    private static Map<String, Map<String, Map<String, AttributeValue>>> uninterrupted() {
        try (SampleMigration app = new SampleMigration("abort", 2, 3)) {
            app.fullRun("run1");
            return app.snapshot(app.targetTables());
        }
    }

    /** Every segment of every table, level by level, until done or the process dies. */
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
                            if (deaths.died()) {
                                return; // the process ends here: what it carried out stays, nothing more of it runs
                            }
                            throw e;
                        }
                    }
                }
            }
        }
    }
}
