package dev.dmig.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.store.TableInfo.WriteCapacity;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteConcurrencyTest {
    private static final WriteCapacity ON_DEMAND = new WriteCapacity(true, 0, List.of());

    @Test
    void writeSeconds_areTheTablesWriteUnits_overWhatItsTargetAccepts_orItsWriteRateLimitWhenLess() {
        // 43,828 items of 1.5 KB: 2 units each, 87,656 units; at 300 units/s, 292 s.
        assertThat(WriteConcurrency.writeSeconds(43_828, 1_500, new WriteCapacity(false, 300, List.of()), null))
                .isCloseTo(292.19, org.assertj.core.data.Offset.offset(0.01));
        // An index of 100 units/s binds before the table's 300.
        assertThat(WriteConcurrency.writeSeconds(1_000, 1_000, new WriteCapacity(false, 300, List.of(100L)), null)).isEqualTo(10.0);
        // 50 items/s of 2-unit items is 100 units/s, below the 300 the table accepts.
        assertThat(WriteConcurrency.writeSeconds(1_000, 1_500, new WriteCapacity(false, 300, List.of()), 50)).isEqualTo(20.0);
        // On demand, or unknown: 40,000 units/s.
        assertThat(WriteConcurrency.writeSeconds(40_000, 100, ON_DEMAND, null)).isEqualTo(1.0);
        assertThat(WriteConcurrency.writeSeconds(40_000, 0, null, 0)).isEqualTo(1.0);
    }

    @Test
    void onDemandTable_runsAsManyTasksAsItsQuotaTakes_atAThousandItemsPerSecondEach() {
        // 40,000 WRU/s: 40 tasks of 1 KB items, 8 of 5 KB items (5 WRU each).
        assertThat(WriteConcurrency.of(ON_DEMAND, 1_000, null, 1_000, true)).isEqualTo(40);
        assertThat(WriteConcurrency.of(ON_DEMAND, 5 * 1024, null, 1_000, true)).isEqualTo(8);
    }

    @Test
    void unknownCapacityAndItemSize_areTakenAsOnDemandAndOneKilobyte() {
        assertThat(WriteConcurrency.of(null, 0, null, 1_000, true)).isEqualTo(40);
    }

    @Test
    void onDemandMaximum_onTheTableOrAnIndex_lowersIt() {
        assertThat(WriteConcurrency.of(new WriteCapacity(true, 10_000, List.of()), 1_000, null, 1_000, true)).isEqualTo(10);
        assertThat(WriteConcurrency.of(new WriteCapacity(true, 0, List.of(0L, 3_000L)), 1_000, null, 1_000, true)).isEqualTo(3);
    }

    @Test
    void provisionedTable_isBoundByItsSmallestIndex() {
        assertThat(WriteConcurrency.of(new WriteCapacity(false, 100_000, List.of(20_000L)), 1_000, null, 1_000, true))
                .isEqualTo(20);
    }

    @Test
    void capacityBelowOneTasksRate_stillRunsOneTask() {
        assertThat(WriteConcurrency.of(new WriteCapacity(false, 500, List.of()), 2_000, null, 1_000, true)).isEqualTo(1);
    }

    @Test
    void writeRateLimit_countsEachTasksShareOfIt_soEverySegmentRunsToReachIt() {
        // Each of 1,000 segments paces itself to 5 items/s of a 5,000 limit: all must run to reach it.
        assertThat(WriteConcurrency.of(ON_DEMAND, 1_000, 5_000, 1_000, true)).isEqualTo(1_000);
        // 2,000 items/s is within the 4,000 WCU that alone would allow 4 tasks: 1,000 tasks of 2 items/s each.
        assertThat(WriteConcurrency.of(new WriteCapacity(false, 4_000, List.of()), 1_000, 2_000, 1_000, true)).isEqualTo(1_000);
        // Each of 4 segments to 125 of 500.
        assertThat(WriteConcurrency.of(ON_DEMAND, 1_000, 500, 4, false)).isEqualTo(4);
    }

    @Test
    void writeRateLimitAboveTheCapacity_leavesTheCapacityInCharge() {
        // 8,000 WCU of 1 KB items bind before a 100,000 items/s limit: 8 tasks of 100 items/s (their share) would not do,
        // 80 would; each then writes its 100.
        assertThat(WriteConcurrency.of(new WriteCapacity(false, 8_000, List.of()), 1_000, 100_000, 1_000, true)).isEqualTo(80);
    }

    @Test
    void neverMoreThanTheSegments_norTheMapsCap() {
        assertThat(WriteConcurrency.of(ON_DEMAND, 1_000, null, 3, false)).isEqualTo(3);
        assertThat(WriteConcurrency.of(new WriteCapacity(false, 1_000_000, List.of()), 1_000, null, 100, false)).isEqualTo(40);
        assertThat(WriteConcurrency.of(new WriteCapacity(false, 10_000_000, List.of()), 1_000, null, 5_000, true)).isEqualTo(1_000);
    }
}
