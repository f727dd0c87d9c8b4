package dev.dmig.feature.follow;

import dev.dmig.run.FollowStatus;
import static dev.dmig.SampleMigration.source;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.migrate.WriteWindows;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.run.WriterFence;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.Deaths;
import dev.dmig.validate.ValidationProgress;
import dev.dmig.validate.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A followed run killed at each of its writes in turn (a write to the target or to the run's artifacts: a journal entry, a
 * checkpoint), carried out or cut off, while the source keeps changing, then followed again by a new call as a resumed run
 * is, under each onConflict: it never takes a state it left for production's, holds nothing, and cuts over to exactly the
 * source, validated.
 */
class FollowerKillPointsTest {
    /** The writes a sweep kills at, one run each: past the last write following makes in these runs. */
    private static final int KILL_POINTS = 100;

    static Stream<Arguments> killPoints() {
        return Stream.of("abort", "skip", "overwrite").flatMap(onConflict -> IntStream.rangeClosed(1, KILL_POINTS).boxed()
                .flatMap(at -> Stream.of(Arguments.of(onConflict, at, true), Arguments.of(onConflict, at, false))));
    }

    @ParameterizedTest(name = "onConflict {0}, killed at write {1}, carried out: {2}")
    @MethodSource("killPoints")
    void aFollowingCallKilledAtAnyOfItsWrites_isTakenUpByTheNextCall_andCutsOverExactly(String onConflict, int killAt,
                                                                                      boolean carriedOut) {
        SampleMigration app = new SampleMigration(onConflict, 2, 3);
        try {
            StreamedSource source = new StreamedSource(app.items).pagesOf(4);
            SampleMigration.MIGRATED.forEach(model -> source.streamed(source(model)));
            Writes writes = new Writes(source, new Random(killAt * 2L + (carriedOut ? 1 : 0)));
            Map<String, Set<Map<String, AttributeValue>>> before = FollowerTest.targets(app);
            RunState analyzed = app.analyze(app.fullRequest("run1"));
            follower(app, app.items, app.artifacts, source).marks().mark("run1");
            writes.steps(8);
            app.migrate(analyzed, 60_000);
            writes.steps(12);

            Deaths deaths = new Deaths(killAt, carriedOut);
            Follower dying = follower(app, deaths.items(app.items), deaths.artifacts(app.artifacts), source);
            for (int call = 0; call < 6 && !deaths.died(); call++) {
                try {
                    dying.follow("run1", Deadline.in(0));
                } catch (Deaths.Killed e) {
                    // The process ends here: what it carried out stays, nothing more of it runs.
                }
                writes.steps(3);
            }
            if (killAt == KILL_POINTS) {
                assertThat(deaths.died()).as("the sweep reaches past following's last write").isFalse();
            }
            // The dead process's leases are seen gone, as the fence sees a killed local process's.
            app.artifacts.list(RunLayout.writers("run1")).forEach(app.artifacts::delete);
            writes.steps(10);
            Follower resumed = follower(app, app.items, app.artifacts, source);
            resumed.follow("run1", Deadline.in(0));
            writes.steps(6);

            assertThat(FollowStatus.read(app.artifacts, "run1").orElseThrow().tables().stream()
                    .flatMap(table -> table.held().stream()).toList()).as("held").isEmpty();
            app.artifacts.putJson(RunLayout.cutover("run1"), Map.of("maxLagMillis", 0));
            for (int call = 0; call < 100 && !resumed.follow("run1", Deadline.in(60_000)).done(); call++) {
                assertThat(FollowStatus.read(app.artifacts, "run1").orElseThrow().holding()).isFalse();
            }
            FollowStatus status = FollowStatus.read(app.artifacts, "run1").orElseThrow();
            assertThat(status.conflicts() + status.edited()).as("conflicts and edits").isZero();
            assertThat(FollowerTest.targets(app)).isEqualTo(FollowerTest.expected(app, before));
            ValidationProgress validated = app.validate("run1", "exec-run1");
            assertThat(validated.passed()).as(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class)
                    .failures().toString()).isTrue();
        } finally {
            app.close();
        }
    }

    private static Follower follower(SampleMigration app, dev.dmig.store.ItemStore items, ArtifactStore artifacts,
                                     SourceStream streams) {
        return new Follower(items, artifacts, plan -> streams, app.writePool,
                new WriteWindows(app.settings.writeConcurrency(), app.settings.throttlePatienceMillis()),
                new WriterFence(artifacts), millis -> { });
    }

    /** What a live app writes to the source: new contacts and requests, renames, deletes, deletes then inserts again. */
    private static final class Writes {
        private final StreamedSource source;
        private final Random random;
        private final List<String> contacts = new ArrayList<>(List.of("c1", "c2", "c3", "c4"));
        private final List<String> requests = new ArrayList<>(List.of("r1", "r2", "r3"));
        private int next;

        Writes(StreamedSource source, Random random) {
            this.source = source;
            this.random = random;
        }

        void steps(int count) {
            for (int i = 0; i < count; i++) {
                step();
            }
        }

        private void step() {
            next++;
            switch (random.nextInt(6)) {
                case 0 -> {
                    String id = "c-new" + next;
                    source.put(source("Contacts"), item("id", s(id), "name", s("new " + next)));
                    contacts.add(id);
                }
                case 1 -> {
                    String id = "r-new" + next;
                    source.put(source("Requests"), request(id, pick(contacts)));
                    requests.add(id);
                }
                case 2 -> source.put(source("Contacts"), item("id", s(pick(contacts)), "name", s("renamed " + next)));
                case 3 -> {
                    String id = pick(contacts);
                    source.delete(source("Contacts"), id);
                    source.put(source("Contacts"), item("id", s(id), "name", s("again " + next)));
                }
                case 4 -> source.put(source("Requests"), request(pick(requests), pick(contacts)));
                default -> {
                    String id = pick(requests);
                    source.delete(source("Requests"), id);
                    source.put(source("Requests"), request(id, pick(contacts)));
                }
            }
        }

        private Map<String, AttributeValue> request(String id, String contact) {
            return item("id", s(id), "agentContactId", s(contact), "addressId", s("p1"), "watcherIds", l(s(contact)),
                    "note", s("at " + next));
        }

        private String pick(List<String> ids) {
            return ids.get(random.nextInt(ids.size()));
        }
    }
}
