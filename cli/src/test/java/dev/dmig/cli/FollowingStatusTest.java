package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.views.Following;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.RunLayout;
import dev.dmig.store.InMemoryArtifactStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The line {@code dmig status --run ID} prints of a followed run, from its checkpoints as following stores them: the lag,
 * and per table the changes applied, those read from its stream and not applied yet (a floor, said as one), and how far
 * behind it is; a table caught up says so.
 */
class FollowingStatusTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore("following");

    private void checkpoint(String model, long applied, String behindSince, long pending) {
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("table", model);
        checkpoint.put("streamArn", "arn:aws:dynamodb:eu-west-1:111111111111:table/" + model + "-dev/stream/1");
        checkpoint.put("positions", Map.of("shard-0", "0042"));
        checkpoint.put("ended", List.of());
        checkpoint.put("nextSeq", 3);
        checkpoint.put("applied", applied);
        checkpoint.put("behindSince", behindSince);
        checkpoint.put("pending", pending);
        artifacts.putJson(RunLayout.followCheckpoint("r1", model), checkpoint);
    }

    @Test
    void aTableBehind_showsItsPendingChangesAsAFloor_andItsLag_andOneCaughtUpSaysSo() {
        checkpoint("Contacts", 1234, "2026-11-26T11:59:48Z", 1000);
        checkpoint("Requests", 1111, null, 0);

        String line = Following.line(FollowStatus.read(artifacts, "r1").orElseThrow(), NOW);

        assertThat(line).isEqualTo("following: lag 12 s, 2,345 changes applied (Contacts 1,234 applied, at least 1,000 "
                + "pending, 12 s behind; Requests 1,111 applied, caught up)");
    }

    /** Changes made before the copy read their items are counted apart; a checkpoint written without the count reads 0. */
    @Test
    void changesOlderThanTheCopy_areCountedApart_amongThoseApplied() {
        checkpoint("Contacts", 1234, null, 0);
        Map<String, Object> withOlder = new LinkedHashMap<>(artifacts.getJson(RunLayout.followCheckpoint("r1", "Contacts"),
                Map.class).orElseThrow());
        withOlder.put("older", 56);
        artifacts.putJson(RunLayout.followCheckpoint("r1", "Contacts"), withOlder);
        checkpoint("Requests", 1111, null, 0);

        String line = Following.line(FollowStatus.read(artifacts, "r1").orElseThrow(), NOW);

        assertThat(line).isEqualTo("following: lag 0.0 s, 2,345 changes applied (Contacts 1,234 applied (56 older than the "
                + "copy, skipped), caught up; Requests 1,111 applied, caught up)");
    }

    /** Changes left at records the target held that the run did not write (onConflict skip) are counted apart too. */
    @Test
    void changesLeftAtTheTargetsOwnRecords_areCountedApart_besideThoseOlderThanTheCopy() {
        checkpoint("Contacts", 1234, null, 0);
        Map<String, Object> counted = new LinkedHashMap<>(artifacts.getJson(RunLayout.followCheckpoint("r1", "Contacts"),
                Map.class).orElseThrow());
        counted.put("older", 56);
        counted.put("conflicts", 2);
        artifacts.putJson(RunLayout.followCheckpoint("r1", "Contacts"), counted);

        String line = Following.line(FollowStatus.read(artifacts, "r1").orElseThrow(), NOW);

        assertThat(line).isEqualTo("following: lag 0.0 s, 1,234 changes applied (Contacts 1,234 applied (56 older than the "
                + "copy, skipped; 2 at the target's own records, left as they are), caught up)");
    }

    @Test
    void aTableBehindWhoseNextChangesWereNotReadYet_saysSo_andACutOverAskedIsShown() {
        checkpoint("Contacts", 7, "2026-11-26T11:59:57.500Z", 0);
        artifacts.putJson(RunLayout.cutover("r1"), Map.of("maxLagMillis", 2000));

        String line = Following.line(FollowStatus.read(artifacts, "r1").orElseThrow(), NOW);

        assertThat(line).isEqualTo("following: lag 2.5 s, 7 changes applied (Contacts 7 applied, pending not read yet, "
                + "2.5 s behind); cut-over asked");
    }
}
