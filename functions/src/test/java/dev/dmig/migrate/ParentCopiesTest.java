package dev.dmig.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunStatus;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.Sleeper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AwaitParents: a table starts once every segment of the tables it waits for is copied, and stops waiting on a failure. */
class ParentCopiesTest {
    private static final String RUN = "await-1";

    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final List<Long> sleeps = new ArrayList<>();

    ParentCopiesTest() {
        manifest(RunStatus.MIGRATING);
    }

    private void manifest(RunStatus status) {
        RunManifest opened = RunManifest.opened(RUN, RunMode.FULL, "exec-1", "digest", "-dev", "-prod", null,
                List.of("Contacts", "Notes", "Comments"), null);
        artifacts.putJson(RunLayout.manifest(RUN), opened.withLevels(opened.tables(),
                List.of(List.of("Contacts"), List.of("Notes"), List.of("Comments")), Map.of("Contacts", 2, "Notes", 1, "Comments", 1))
                .with(status));
    }

    private void checkpoint(String table, int segment, boolean done) {
        ObjectNode saved = Json.MAPPER.valueToTree(Checkpoint.start(table, segment, 2));
        saved.put("done", done);
        artifacts.putJson(RunLayout.checkpoint(RUN, table, segment), saved);
    }

    @Test
    void readyOnceEverySegmentOfEveryParentIsDone_readingAgainWhileOneIsNot() {
        checkpoint("Contacts", 0, true);
        checkpoint("Notes", 0, true);
        ParentCopies copies = new ParentCopies(artifacts, millis -> {
            sleeps.add(millis);
            checkpoint("Contacts", 1, true);
        });

        assertThat(copies.await(RUN, "Comments", List.of("Contacts", "Notes"), Deadline.in(60_000))).isTrue();
        assertThat(sleeps).as("waited once, for Contacts' second segment").containsExactly(ParentCopies.POLL_MILLIS);
    }

    @Test
    void notReady_whenTheCallsTimeIsUp_soTheStateMachineCallsAgain() {
        checkpoint("Contacts", 0, true);
        checkpoint("Contacts", 1, false);

        assertThat(new ParentCopies(artifacts, sleeps::add).await(RUN, "Notes", List.of("Contacts"), Deadline.in(0))).isFalse();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aRunThatLeftItsCopy_endsTheWait_namingTheTableAndWhy() {
        manifest(RunStatus.ROLLING_BACK);
        Sleeper never = millis -> {
            throw new AssertionError("slept while the run was rolled back");
        };

        assertThatThrownBy(() -> new ParentCopies(artifacts, never).await(RUN, "Notes", List.of("Contacts"), Deadline.in(60_000)))
                .isInstanceOf(ParentCopies.CopyEndedException.class)
                .hasMessage("table Notes no longer waits for Contacts: the run is rolling-back");
    }
}
