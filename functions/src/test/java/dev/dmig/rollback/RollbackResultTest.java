package dev.dmig.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code rollback.json} as it is stored: the report, the CLI, the dashboard and a resumed rollback read it back, so a
 * result written by an earlier version reads, and writes back the very same bytes (names, values and their order).
 * The JSON below was written by the version before the counts were one {@link RollbackResult.Counts}.
 */
class RollbackResultTest {
    private static final String STORED = """
            {"runId":"run-7","execution":"exec-2","reason":"requested","nextEntry":120,"entries":118,"deleted":90,\
            "restored":20,"skipped":3,"failed":2,"failedKeys":["Users-prod id=1","Users-prod id=2"],"done":true,\
            "startedAt":"2026-11-29T10:00:00Z","finishedAt":"2026-11-29T10:05:00Z","levelsDone":3,"absent":9,\
            "objectsDeleted":4,"objectsRestored":1,"objectsLeft":2,"objectsLeftKeys":["app-prod/public/a.jpg",\
            "app-prod/public/b.jpg"],"itemsLeft":1,"itemsLeftKeys":["Users-prod id=9"],"objectsKept":1,\
            "objectsKeptKeys":["app-prod/public/c.jpg"],"absentWhy":{"byFollowing":7,"unwritten":1},\
            "failedBecause":"ConditionalCheckFailed: the item changed","itemsKept":2,\
            "itemsKeptKeys":["Photo-prod id=p1: Note-prod id=n1 points to it","Photo-prod id=p2: Note-prod id=n2 points to it"]}""";

    /** Of a version that neither told absent keys apart, nor said why keys failed, nor kept items for references. */
    private static final String EARLIER = """
            {"runId":"run-3","execution":"exec-1","nextEntry":8,"entries":8,"deleted":5,"restored":2,"skipped":0,\
            "failed":1,"failedKeys":["Users-prod id=4"],"done":true,"startedAt":"2025-01-02T03:04:05Z",\
            "finishedAt":"2025-01-02T03:09:05Z","levelsDone":2,"absent":1,"objectsDeleted":0,"objectsRestored":0,\
            "objectsLeft":0,"objectsLeftKeys":[],"itemsLeft":0,"itemsLeftKeys":[],"objectsKept":0,"objectsKeptKeys":[]}""";

    /** A rollback just begun: nothing undone yet, no reason given, not finished. */
    private static final String BEGUN = """
            {"runId":"run-7","execution":"exec-2","nextEntry":0,"entries":0,"deleted":0,"restored":0,"skipped":0,\
            "failed":0,"failedKeys":[],"done":false,"startedAt":"2026-11-29T10:00:00Z","levelsDone":0,"absent":0,\
            "objectsDeleted":0,"objectsRestored":0,"objectsLeft":0,"objectsLeftKeys":[],"itemsLeft":0,\
            "itemsLeftKeys":[],"objectsKept":0,"objectsKeptKeys":[],"absentWhy":{"byFollowing":0,"unwritten":0},\
            "itemsKept":0,"itemsKeptKeys":[]}""";

    /** {@link #BEGUN} after the levels of {@link #aLevelAddsItsPartsCounts_andTheResultIsStoredAsBefore}, finished. */
    private static final String FINISHED = """
            {"runId":"run-7","execution":"exec-2","nextEntry":3,"entries":3,"deleted":7,"restored":9,"skipped":4,\
            "failed":1,"failedKeys":["Photo-prod id=x"],"done":true,"startedAt":"2026-11-29T10:00:00Z",\
            "finishedAt":"2026-11-29T10:09:00Z","levelsDone":2,"absent":1,"objectsDeleted":1,"objectsRestored":5,\
            "objectsLeft":2,"objectsLeftKeys":["b/k1","b/k3"],"itemsLeft":1,"itemsLeftKeys":["Photo-prod id=l"],\
            "objectsKept":1,"objectsKeptKeys":["b/k2"],"absentWhy":{"byFollowing":1,"unwritten":0},\
            "failedBecause":"boom","itemsKept":1,"itemsKeptKeys":["Photo-prod id=k: n"]}""";

    @Test
    void aStoredResult_readsAndWritesBackTheSameBytes() {
        RollbackResult read = Json.read(STORED.getBytes(StandardCharsets.UTF_8), RollbackResult.class);

        assertThat(Json.text(read)).isEqualTo(STORED);
        assertThat(new String(Json.bytes(read), StandardCharsets.UTF_8)).isEqualTo(STORED);
        assertThat(List.of(read.deleted(), read.restored(), read.skipped(), read.failed(), read.absent(), read.objectsDeleted(),
                read.objectsRestored(), read.objectsLeft(), read.itemsLeft(), read.objectsKept(), read.itemsKept()))
                .containsExactly(90L, 20L, 3L, 2L, 9L, 4L, 1L, 2L, 1L, 1L, 2L);
        assertThat(read.nextEntry()).isEqualTo(120);
        assertThat(read.entries()).isEqualTo(118);
        assertThat(read.levelsDone()).isEqualTo(3);
        assertThat(read.absentWhy()).isEqualTo(new RollbackResult.AbsentWhy(7, 1));
        assertThat(read.describeAbsent()).isEqualTo("9 keys the journal named held no item to delete: 7 deleted by following, "
                + "1 never written: the run stopped between journaling and writing it, 1 deleted by production since");
    }

    @Test
    void aResultOfAnEarlierVersion_reads_andWritesBackWhatItLacked() {
        RollbackResult read = Json.read(EARLIER.getBytes(StandardCharsets.UTF_8), RollbackResult.class);

        assertThat(read.deleted()).isEqualTo(5);
        assertThat(read.failed()).isEqualTo(1);
        assertThat(read.absentWhy()).isNull();
        assertThat(read.failedBecause()).isNull();
        assertThat(read.itemsKept()).isZero();
        assertThat(read.itemsKeptKeys()).isEmpty();
        assertThat(Json.text(read)).isEqualTo(EARLIER.substring(0, EARLIER.length() - 1) + ",\"itemsKept\":0,\"itemsKeptKeys\":[]}");
    }

    /** What a feature undid beside the journal (a masked run's users) is kept and read back; a result without it says none. */
    @Test
    void whatTheFeaturesUndidBesideTheJournal_isStoredWithTheResult_andAnEarlierResultSaysNone() {
        RollbackResult begun = Json.read(BEGUN.getBytes(StandardCharsets.UTF_8), RollbackResult.class);
        assertThat(begun.besides()).isEmpty();

        RollbackResult said = begun.finished("2026-11-29T10:09:00Z").besides(List.of("3 users the run created deleted from pool p"));

        String stored = Json.text(said);
        assertThat(stored).endsWith(",\"besides\":[\"3 users the run created deleted from pool p\"]}");
        assertThat(Json.read(stored.getBytes(StandardCharsets.UTF_8), RollbackResult.class).besides())
                .containsExactly("3 users the run created deleted from pool p");
    }

    @Test
    void aBegunRollback_isStoredAsBefore() {
        RollbackResult begun = new RollbackResult("run-7", "exec-2", null, 0, 0, 0, 0, 0, 0, List.of(), false,
                "2026-11-29T10:00:00Z", null);

        assertThat(Json.text(begun)).isEqualTo(BEGUN);
        assertThat(Json.text(Json.read(BEGUN.getBytes(StandardCharsets.UTF_8), RollbackResult.class))).isEqualTo(BEGUN);
    }

    @Test
    void aLevelAddsItsPartsCounts_andTheResultIsStoredAsBefore() {
        RollbackPart first = new RollbackPart("Photo", 0);
        first.undid(5, 3, 1, 1, 0, List.of("Photo-prod id=x"));
        first.undidObjects(1, 1, List.of("b/k1"));
        first.absentBecause(new ItemUndo.Absent(1, 0, 0));
        first.leftItems(List.of("Photo-prod id=l"));
        first.keptItems(List.of("Photo-prod id=k: n"));
        first.keptObjects(List.of("b/k2"));
        first.failedBecause("boom");
        RollbackPart second = new RollbackPart("Photo", 1);
        second.undid(7, 2, 0, 4, 2, List.of());
        second.undidObjects(0, 2, List.of("b/k1", "b/k3"));
        RollbackResult begun = Json.read(BEGUN.getBytes(StandardCharsets.UTF_8), RollbackResult.class);

        RollbackResult finished = begun.level(List.of(first, second)).level(List.of(second)).finished("2026-11-29T10:09:00Z");

        assertThat(Json.text(finished)).isEqualTo(FINISHED);
    }

    @Test
    void theKeysListed_stopAtTheirCap_whileTheirCountsGoOn() {
        List<String> keys = IntStream.range(0, 700).mapToObj(i -> "Users-prod id=" + i).toList();
        RollbackPart first = new RollbackPart("Users", 0);
        first.undid(1, 0, 0, 0, 0, keys);
        first.leftItems(keys);
        first.keptItems(keys);
        RollbackPart second = new RollbackPart("Users", 1);
        second.undid(1, 0, 0, 0, 0, keys);
        second.leftItems(keys);
        second.keptItems(keys);

        RollbackResult result = Json.read(BEGUN.getBytes(StandardCharsets.UTF_8), RollbackResult.class).level(List.of(first, second));

        assertThat(List.of(result.failed(), result.itemsLeft(), result.itemsKept())).containsExactly(1_400L, 1_400L, 1_400L);
        assertThat(List.of(result.failedKeys(), result.itemsLeftKeys(), result.itemsKeptKeys())).allSatisfy(listed -> {
            assertThat(listed).hasSize(RollbackResult.FAILED_KEYS_LISTED);
            assertThat(listed.subList(0, 700)).isEqualTo(keys);
            assertThat(listed.subList(700, 1_000)).isEqualTo(keys.subList(0, 300));
        });
    }
}
