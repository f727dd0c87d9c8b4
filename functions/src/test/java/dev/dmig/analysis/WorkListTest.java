package dev.dmig.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.run.RunState;
import dev.dmig.store.InMemoryArtifactStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkListTest {
    private static final int THRESHOLD = 32;

    private static Map<String, Integer> tables(int count, int segments, String prefix) {
        Map<String, Integer> tables = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            tables.put(String.format("%s%03d", prefix, i), segments);
        }
        return tables;
    }

    private static long inline(Map<String, Integer> segments, Set<String> distributed) {
        return segments.entrySet().stream().filter(t -> !distributed.contains(t.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void aFewSmallTables_allRunInline_andTheRunDoesNotFanOut() {
        Map<String, Integer> segments = tables(30, 4, "T");
        segments.put("Big", THRESHOLD - 1);

        assertThat(WorkList.distributed(segments, THRESHOLD)).isEmpty();
        assertThat(WorkList.fansOut(segments, THRESHOLD)).isFalse();
    }

    @Test
    void aTableAtTheThreshold_isDistributed_andTheOthersStayInline() {
        Map<String, Integer> segments = tables(30, 4, "T");
        segments.put("Big", THRESHOLD);

        assertThat(WorkList.distributed(segments, THRESHOLD)).containsExactly("Big");
        assertThat(WorkList.fansOut(segments, THRESHOLD)).isTrue();
    }

    @Test
    void fiveHundredMidSizedTables_leaveAtMostTheBudgetInline() {
        // 4,000 inline segments would be 44,000 events or more in the parent execution, past Step Functions' 25,000.
        Map<String, Integer> segments = tables(500, 8, "T");

        Set<String> distributed = WorkList.distributed(segments, THRESHOLD);

        assertThat(inline(segments, distributed)).isLessThanOrEqualTo(WorkList.INLINE_SEGMENT_BUDGET)
                .isGreaterThan(WorkList.INLINE_SEGMENT_BUDGET - 8);
        assertThat(distributed).hasSize(438);
        assertThat(WorkList.fansOut(segments, THRESHOLD)).isTrue();
    }

    @Test
    void theTablesWithTheMostSegments_goFirst() {
        Map<String, Integer> segments = tables(40, 10, "Small");
        segments.putAll(tables(40, 20, "Large"));

        Set<String> distributed = WorkList.distributed(segments, THRESHOLD);

        // 1,200 inline: 35 of the 20-segment tables bring it to 500.
        assertThat(distributed).hasSize(35).allMatch(name -> name.startsWith("Large"));
        assertThat(inline(segments, distributed)).isEqualTo(WorkList.INLINE_SEGMENT_BUDGET);
    }

    @Test
    void theWorkList_marksTheChosenTablesDistributed_andListsTheirSegmentsInS3() {
        InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
        Map<String, Integer> segments = tables(500, 8, "T");
        List<String> models = List.copyOf(segments.keySet());
        Map<String, Integer> concurrency = segments.keySet().stream().collect(Collectors.toMap(m -> m, m -> 4));

        List<RunState.Level> levels = WorkList.of(artifacts, "bucket", "run1", List.of(models), segments, concurrency, THRESHOLD);

        List<RunState.TableWork> work = levels.get(0).tables();
        Set<String> distributed = WorkList.distributed(segments, THRESHOLD);
        assertThat(work).filteredOn(RunState.TableWork::distributed).extracting(RunState.TableWork::table)
                .containsExactlyInAnyOrderElementsOf(distributed);
        work.stream().filter(RunState.TableWork::distributed).forEach(table ->
                assertThat(artifacts.json(table.segmentList().key(), Integer[].class)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7));
        assertThat(work).filteredOn(t -> !t.distributed()).allMatch(t -> t.segmentList() == null);
    }
}
