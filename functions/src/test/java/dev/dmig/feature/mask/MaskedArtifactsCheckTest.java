package dev.dmig.feature.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.run.RunLayout;
import dev.dmig.validate.ValidationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Validation looks through a masked run's artifacts for the source values it masks: a clean run passes; a source email
 * planted in an artifact (a JSON string, a CSV cell, a gzipped document) fails it, one line per artifact naming the
 * artifact and what it holds, never the value; the files of prints, hashes, are not taken for values.
 */
class MaskedArtifactsCheckTest {
    private static final String DOMAIN = WithheldSourceIdsTest.DOMAIN;

    @Test
    void aCleanMaskedRun_passes_andOneHoldingAPlantedSourceEmail_failsNamingTheArtifact() throws IOException {
        try (SampleMigration app = members()) {
            app.fullRun("run1");
            assertThat(app.validate("run1", "exec-1").passed()).as(failures(app).toString()).isTrue();
            assertThat(app.artifacts.get(RunPrints.path("run1"))).as("the prints, looked past").isPresent();

            String prefix = RunLayout.prefix("run1");
            app.artifacts.put(prefix + "notes/planted.json", ("{\"note\": \"write to Member0@" + DOMAIN + " soon\"}")
                    .getBytes(StandardCharsets.UTF_8), "application/json");
            app.artifacts.put(prefix + "idmap/Planted.csv", ("oldId,newId\n\"x,1\",member1@" + DOMAIN + "\n")
                    .getBytes(StandardCharsets.UTF_8), "text/csv");
            app.artifacts.put(prefix + "notes/planted.json.gz", gzipped("[\"member2@" + DOMAIN + "\"]"), "application/gzip");
            app.artifacts.put(prefix + "notes/clean.json", "{\"note\": \"nobody@elsewhere.org\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json");

            app.artifacts.put(RunLayout.journal("run1") + "Member/planted.json", ("{\"k\": \"member3@" + DOMAIN + "\"}")
                    .getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(MaskedArtifactsCheck.keys(app.artifacts, "run1")).as("the journal's folder not listed")
                    .contains(RunLayout.analysis("run1"), prefix + "notes/planted.json")
                    .noneMatch(key -> key.startsWith(RunLayout.journal("run1")));

            assertThat(app.validate("run1", "exec-2").passed()).isFalse();
            List<String> failures = failures(app);
            assertThat(failures).containsExactlyInAnyOrder(
                    "artifact " + prefix + "idmap/Planted.csv: holds a source email that the run masks; roll the run back, delete"
                            + " the run's artifacts, and report it: the run keeps no source value it masks",
                    "artifact " + prefix + "notes/planted.json: holds a source email that the run masks; roll the run back, delete"
                            + " the run's artifacts, and report it: the run keeps no source value it masks",
                    "artifact " + prefix + "notes/planted.json.gz: holds a source email that the run masks; roll the run back,"
                            + " delete the run's artifacts, and report it: the run keeps no source value it masks");
            assertThat(String.join("\n", failures)).doesNotContain(DOMAIN).doesNotContain("member");
        }
    }

    @Test
    void csvCells_areReadAsWritten() {
        assertThat(MaskedArtifactsCheck.cells("a,\"b,c\",\"d\"\"e\",'=f")).containsExactly("a", "b,c", "d\"e", "=f");
    }

    @Test
    void theJournalsEntries_savedObjects_hashes_andAGivenIdentityMap_areLeftOut_theFrozenMapIsNot() {
        assertThat(MaskedArtifactsCheck.lookedThrough("r", RunLayout.journalEntry("r", "Member", 0, 3))).isFalse();
        assertThat(MaskedArtifactsCheck.lookedThrough("r", RunLayout.savedObject("r", "Member", 0, 3, "a.png"))).isFalse();
        assertThat(MaskedArtifactsCheck.lookedThrough("r", RunPrints.path("r"))).isFalse();
        assertThat(MaskedArtifactsCheck.lookedThrough("r", RunLayout.identities("r"))).as("the team's identities.csv").isFalse();
        assertThat(MaskedArtifactsCheck.lookedThrough("r", RunLayout.poolMap("r"))).as("the map from the pools, usernames sealed").isTrue();
        assertThat(MaskedArtifactsCheck.lookedThrough("r", RunLayout.analysis("r"))).isTrue();
        assertThat(MaskedArtifactsCheck.lookedThrough("r", RunLayout.checkpoint("r", "Member", 0))).isTrue();
    }

    private static List<String> failures(SampleMigration app) {
        return app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures();
    }

    private static byte[] gzipped(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** The sample app with a table of members keyed by their emails, masked. */
    private static SampleMigration members() {
        return WithheldSourceIdsTest.members(4);
    }
}
