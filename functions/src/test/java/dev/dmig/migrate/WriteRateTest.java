package dev.dmig.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.run.Deadline;
import dev.dmig.run.OutOfTimeException;
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
    void aWaitPastTheInvocationsLastMomentForWrites_throwsAtOnce_andTakesNothing() {
        long[] now = {0};
        List<Long> slept = new ArrayList<>();
        WriteRate rate = new WriteRate(100, () -> now[0], millis -> {
            slept.add(millis);
            now[0] += millis * 1_000_000;
        });
        // 10 s left, 4 s margin: the deadline is at 6 s, the last moment for writes at 8 s.
        Deadline deadline = Deadline.fromRemaining(10_000, 4_000, () -> now[0]);
        now[0] = 7_000_000_000L;
        rate.acquire(25, deadline);
        rate.acquire(100, deadline);
        assertThat(slept).as("the 100 go at 7.25 s").containsExactly(250L);
        assertThatThrownBy(() -> rate.acquire(25, deadline)).as("the next 25 could go only at 8.25 s")
                .isInstanceOf(OutOfTimeException.class).hasMessageContaining("only in 1000 ms");
        assertThat(slept).as("nothing waited for what could not be written").containsExactly(250L);
        now[0] = 7_500_000_000L;
        assertThatThrownBy(() -> rate.acquire(25, deadline)).as("the refused 25 took no allowance: still 8.25 s")
                .hasMessageContaining("only in 750 ms");
    }

    @Test
    void deadline_fitsOnlyWhatEndsBeforeHalfWayThroughTheMargin() {
        long[] now = {0};
        Deadline deadline = Deadline.fromRemaining(10_000, 4_000, () -> now[0]);
        assertThat(deadline.marginMillis()).isEqualTo(4_000);
        assertThat(deadline.fits(7_999)).isTrue();
        assertThat(deadline.fits(8_000)).isFalse();
        now[0] = 6_000_000_000L;
        assertThat(deadline.passed()).isTrue();
        assertThat(deadline.fits(1_999)).isTrue();
        assertThat(deadline.fits(2_000)).isFalse();
        assertThat(Deadline.in(1).fits(Long.MAX_VALUE / 2_000_000)).as("no invocation behind it").isTrue();
    }

    @Test
    void noLimit_neverWaits() {
        assertThat(WriteRate.share(null, 4).limited()).isFalse();
        assertThat(WriteRate.share(0, 4).limited()).isFalse();
        assertThat(WriteRate.share(100, 4).limited()).isTrue();
    }
}
