package dev.dmig.feature.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.RunSection;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.json.Json;
import dev.dmig.migrate.PageCargo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The feature's sections of an analysis: a table's file references ({@code files}, a list) and the run's Storage files
 * ({@code files}, an object), as an analysis stored by a version that kept them as fields of the core's holds them: read
 * back as the feature's sections, said by the summary and the report, counted among what stops a full run, and weighed
 * by validation.
 */
class FilesSectionsTest {
    /** An analysis.json of a version that kept the files as fields of its own: a dry run under abort, one table with files. */
    private static String stored(String onConflictByTable) {
        return """
                {"runId": "r1", "mode": "dry-run", "onConflict": "abort", "onConflictByTable": %s,
                 "tables": [{"model": "Photo", "level": 1, "items": 10, "conflicts": 0, "uniqueness": [],
                   "files": [{"path": "image", "objects": 3, "bytes": 30, "missing": 1,
                              "missingExamples": [{"item": "id=p9", "value": "public/gone.jpg"}], "present": 0, "conflicts": 2,
                              "conflictExamples": [{"item": "id=p1", "value": "public/a.jpg"}]}]},
                   {"model": "Album", "level": 1, "items": 4, "uniqueness": [], "files": []}],
                 "files": {"sourceBucket": "app-dev", "targetBucket": "app-prod", "targetVersioned": false, "onMissing": "keep",
                           "objects": 3, "bytes": 30, "missing": 1, "present": 0, "conflicts": 2, "streamed": false,
                           "requests": 18, "seconds": 0.1, "costUsd": 0.0001, "storageUsdPerMonth": 0.0}}
                """.formatted(onConflictByTable);
    }

    private static Analysis read(String json) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), Analysis.class);
    }

    @Test
    void anAnalysisStoredWithTheFilesAsFieldsOfItsOwn_isReadAsTheFeaturesSections() {
        Analysis analysis = read(stored("{}"));

        TableAnalysis photo = analysis.tables().get(0);
        assertThat(FileTallies.OfTable.of(photo)).extracting(FileAnalysis::path, FileAnalysis::objects, FileAnalysis::conflicts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("image", 3L, 2L));
        assertThat(FileTallies.OfTable.of(analysis.tables().get(1))).isEmpty();
        FilesSummary files = analysis.section("files", FilesSummary.class);
        assertThat(files.targetBucket()).isEqualTo("app-prod");
        assertThat(Json.tree(Json.bytes(analysis)).at("/tables/0/files/0/objects").asLong())
                .as("stored again in the form it was read").isEqualTo(3);
        assertThat(Json.tree(Json.bytes(analysis)).at("/files/objects").asLong()).isEqualTo(3);
    }

    @Test
    void theObjectsWithOtherContent_stopAFullRunUnderAbort_notUnderSkip() {
        assertThat(read(stored("{}")).conflictsStoppingAFullRun()).isEqualTo(2);
        assertThat(read(stored("{\"Photo\": \"skip\"}")).conflictsStoppingAFullRun()).isZero();
    }

    @Test
    void theSummarySaysWhatTheAnalysisFound_andTheReportOfACopyWhatItCopied() {
        Analysis analysis = read(stored("{}"));

        List<String> found = FilesSummary.SECTION.said(analysis);
        assertThat(found.get(0)).startsWith("3 objects (30 B)").contains("from bucket app-dev to app-prod, copied server-side, "
                + "1 missing (onMissing: keep), 0 already there, 2 with other content at their keys");
        assertThat(found).contains("table Photo, item id=p1, attribute image: object public/a.jpg already holds other content in"
                + " bucket app-prod");
        assertThat(RunSection.everySaid(analysis)).contains("files: " + found.get(0));

        List<String> copied = FilesSummary.SECTION.said(new RunSection.Said(analysis, Map.of(PageCargo.OBJECTS, 1L)));
        assertThat(copied).containsExactly("1 file copied from bucket app-dev to app-prod, 2 with other content at their keys, "
                + "1 missing in the source (onMissing: keep)");
    }

    @Test
    void anAnalysisStoredBeforeTheKindsWereCounted_saysTheObjectsThemselves() {
        Analysis analysis = read(stored("{}"));

        assertThat(analysis.section("files", FilesSummary.class).kinds()).isEqualTo(FilesSummary.Kinds.NONE);
        assertThat(FileTallies.OfTable.of(analysis.tables().get(0)).get(0).leftOut()).isZero();
        assertThat(FilesSummary.SECTION.said(analysis).get(0)).doesNotContain("in their stead").doesNotContain("left out");
    }

    /**
     * A run a feature writes others for (masking's placeholders) and leaves some out (its removed files): the summary and the
     * report of the copy say each kind, the stand-ins written the analysis's less those already at their keys.
     */
    @Test
    void theStandInsAndTheFilesLeftOut_areSaidByKind_beforeAndAfterTheCopy() {
        String json = stored("{}").replace("\"storageUsdPerMonth\": 0.0}", "\"storageUsdPerMonth\": 0.0, \"kinds\": {"
                + "\"standIns\": 2, \"standInsThere\": 1, \"standIn\": \"placeholder\", \"leftOut\": 4,"
                + " \"leftOutBy\": \"removed by the mask\"}}");
        Analysis analysis = read(json);

        assertThat(FilesSummary.SECTION.said(analysis).get(0)).contains("2 with other content at their keys; 1 copied, 2 placeholders"
                + " in their stead, 4 left out (removed by the mask); about ");
        List<String> copied = FilesSummary.SECTION.said(new RunSection.Said(analysis, Map.of(PageCargo.OBJECTS, 3L)));
        assertThat(copied).containsExactly("3 files written from bucket app-dev to app-prod: 2 copied, 1 placeholder in its"
                + " stead, 4 left out (removed by the mask), 2 with other content at their keys, 1 missing in the source"
                + " (onMissing: keep)");
        FilesSummary again = Json.read(Json.bytes(analysis.section("files", FilesSummary.class)), FilesSummary.class);
        assertThat(again.kinds()).isEqualTo(new FilesSummary.Kinds(2, 1, "placeholder", 4, "removed by the mask"));
    }

    @Test
    void validationWeighsEachObjectAsFourItems() {
        Analysis analysis = read(stored("{}"));

        assertThat(analysis.tables().get(0).checkCost()).isEqualTo(10 + 4 * 3);
        assertThat(analysis.tables().get(1).checkCost()).isEqualTo(4);
    }
}
