package dev.dmig.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteRateTest {
    @Test
    void paces25ItemBatches_toTheSegmentsShareOfTheLimit() {
        long[] now = {0};
        List<Long> slept = new ArrayList<>();
        // 200 items/s for the table, shared by 2 segments: 100 items/s here, so 25 items every 250 ms.
        WriteRate rate = new WriteRate(200.0 / 2, () -> now[0], millis -> {
            slept.add(millis);
            now[0] += millis * 1_000_000;
        });
        for (int i = 0; i < 4; i++) {
            rate.acquire(25);
        }
        assertThat(slept).containsExactly(250L, 250L, 250L);
        assertThat(now[0]).isEqualTo(750_000_000L);
    }

    @Test
    void allowanceLeftUnused_isCaughtUp_butNoMoreThanAQuarterSecond() {
        long[] now = {0};
        List<Long> slept = new ArrayList<>();
        WriteRate rate = new WriteRate(100, () -> now[0], millis -> {
            slept.add(millis);
            now[0] += millis * 1_000_000;
        });
        now[0] = 5_000_000_000L; // set-up time before the first write earns nothing
        rate.acquire(25);
        rate.acquire(25);
        assertThat(slept).containsExactly(250L);
        now[0] += 2_000_000_000L; // a pause (scan, journal) of 2 s earns 250 ms, not 2 s
        rate.acquire(25);
        rate.acquire(25);
        rate.acquire(25);
        // the 250 ms carried over buy one extra batch: the third and fourth go at once, the fifth waits
        assertThat(slept).containsExactly(250L, 250L);
    }

    @Test
    void noLimit_neverWaits() {
        assertThat(WriteRate.share(null, 4).limited()).isFalse();
        assertThat(WriteRate.share(0, 4).limited()).isFalse();
        assertThat(WriteRate.share(100, 4).limited()).isTrue();
    }
}
