package dev.dmig.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.run.Deadline;
import dev.dmig.run.OutOfTimeException;
import org.junit.jupiter.api.Test;

class WriteWindowTest {
    private long now = 1_000_000_000L;
    private final WriteWindow window = new WriteWindow("Contacts-prod", 16, 300_000, () -> now);

    private void advanceMillis(long millis) {
        now += millis * 1_000_000L;
    }

    @Test
    void startsWideOpen_andAFullyAcceptedCallKeepsItThere() {
        long sent = window.enter(Deadline.none());
        window.answered(sent, 25, 0);
        assertThat(window.limit()).isEqualTo(16);
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void aRefusal_halvesTheWindow() {
        long sent = window.enter(Deadline.none());
        advanceMillis(10);
        window.answered(sent, 20, 5);
        assertThat(window.limit()).isEqualTo(8);
    }

    @Test
    void refusalsOfCallsInFlightAtTheCut_halveItOnce_notOncePerCall() {
        long[] sent = new long[8];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = window.enter(Deadline.none());
        }
        advanceMillis(10);
        for (long at : sent) {
            window.answered(at, 0, 25);
        }
        assertThat(window.limit()).isEqualTo(8);
        // A call sent after the cut that is refused again is a new round trip: it may cut again.
        long later = window.enter(Deadline.none());
        advanceMillis(10);
        window.answered(later, 0, 25);
        assertThat(window.limit()).isEqualTo(4);
    }

    @Test
    void neverNarrowsBelowOneCall() {
        for (int i = 0; i < 10; i++) {
            long sent = window.enter(Deadline.none());
            advanceMillis(1);
            window.answered(sent, 0, 25);
        }
        assertThat(window.limit()).isEqualTo(1);
    }

    @Test
    void acceptedCalls_widenItByAboutOneCallPerWindowOfCalls() {
        for (int i = 0; i < 4; i++) {
            long sent = window.enter(Deadline.none());
            advanceMillis(1);
            window.answered(sent, 0, 25);
        }
        assertThat(window.limit()).isEqualTo(1);
        // +1/window per accepted call: 1, 2, 2.5, 2.9, 3.24, 3.55, 3.83, 4.09.
        int[] expected = {2, 2, 2, 3, 3, 3, 4};
        for (int want : expected) {
            long sent = window.enter(Deadline.none());
            window.answered(sent, 25, 0);
            assertThat(window.limit()).isEqualTo(want);
        }
    }

    @Test
    void aFullWindow_whenTheInvocationHasNoTimeLeft_throwsOutOfTime() {
        WriteWindow narrow = new WriteWindow("Quotes-prod", 1, 300_000, () -> now);
        narrow.enter(Deadline.none());
        // 40 ms left, 30 of them safety margin: the last moment for writes is 25 ms away, less than one wait.
        Deadline over = Deadline.fromRemaining(40, 30, () -> now);
        assertThatThrownBy(() -> narrow.enter(over)).isInstanceOf(OutOfTimeException.class)
                .hasMessage("table Quotes-prod: no room to send a batch (1 in flight, the table accepts about 1)"
                        + " before the invocation's time is up");
    }

    @Test
    void patience_runsOnlyWhileNothingAtAllIsAccepted() {
        long sent = window.enter(Deadline.none());
        window.answered(sent, 0, 25);
        for (int i = 0; i < 7; i++) {
            advanceMillis(30_000);
            sent = window.enter(Deadline.none());
            window.answered(sent, 0, 25);
        }
        assertThat(window.refusingMillis()).isEqualTo(210_000);
        assertThat(window.outOfPatience()).isFalse();
        // One item accepted starts the patience over.
        sent = window.enter(Deadline.none());
        window.answered(sent, 1, 24);
        assertThat(window.refusingMillis()).isZero();
        for (int i = 0; i < 12; i++) {
            advanceMillis(30_000);
            sent = window.enter(Deadline.none());
            window.answered(sent, 0, 24);
        }
        assertThat(window.outOfPatience()).isTrue();
        assertThat(window.refusal()).hasMessage("throttled: no write accepted for 330 s on table Contacts-prod;"
                + " raise its write capacity (or switch it to on-demand), or set writeRateLimit in the plan");
    }

    @Test
    void refusalsWithALongSilenceBetween_startThePatienceAgain() {
        long sent = window.enter(Deadline.none());
        window.answered(sent, 0, 25);
        advanceMillis(WriteWindow.IDLE_RESET_MILLIS + 1);
        sent = window.enter(Deadline.none());
        window.answered(sent, 0, 25);
        assertThat(window.refusingMillis()).isZero();
    }

    @Test
    void aCallFailingForAnotherReason_freesItsPlace_andLeavesTheWindowAlone() {
        long sent = window.enter(Deadline.none());
        window.abandoned(sent);
        assertThat(window.inFlight()).isZero();
        assertThat(window.limit()).isEqualTo(16);
        assertThat(window.refusingMillis()).isZero();
    }

    @Test
    void aTableThatAcceptsEverything_isNotPaced() {
        for (int i = 0; i < 20; i++) {
            long sent = window.enter(Deadline.none());
            advanceMillis(100);
            window.answered(sent, 25, 0);
        }
        assertThat(window.pace(25)).isZero();
    }

    @Test
    void whileRefusalsAreRecent_callsArePacedAtALittleMoreThanTheRateAccepted_andNotOnceTheyStop() {
        // One second (from the first answer) in which the table took 50 of the items sent, refusing the rest of each call.
        for (int i = 0; i < 11; i++) {
            long sent = window.enter(Deadline.none());
            advanceMillis(100);
            window.answered(sent, 5, 20);
        }
        assertThat(window.pace(25)).as("the first paced call goes at once").isZero();
        // 25 items at 1.25 x 50 items/s: the next call may go 400 ms after the first.
        assertThat(window.pace(25)).isEqualTo(400);
        assertThat(window.pace(25)).isEqualTo(800);
        advanceMillis(500);
        assertThat(window.pace(25)).as("its turn comes 1.2 s after the first, 0.7 s from now").isEqualTo(700);

        advanceMillis(WriteWindow.PACE_HOLD_MILLIS);
        assertThat(window.pace(25)).as("no refusal for the hold time").isZero();
    }

    @Test
    void aSilenceBetweenAnswers_isNotMeasuredAsASlowTable() {
        // The migration's last answer, then half a minute without a call (the task moved on; a rollback starts).
        long sent = window.enter(Deadline.none());
        window.answered(sent, 25, 0);
        advanceMillis(30_000);
        sent = window.enter(Deadline.none());
        window.answered(sent, 25, 0);
        sent = window.enter(Deadline.none());
        advanceMillis(100);
        window.answered(sent, 5, 20);
        // Measured across the silence, 55 items in 30 s would have paced the second call 18 s after the first.
        assertThat(window.pace(25)).isZero();
        assertThat(window.pace(25)).as("no rate is known yet: not paced").isZero();
    }

    @Test
    void aCallWaitsForItsTurn_atMostThePacingsHoldTime() {
        // A second in which the table took 10 items: 25 items at 1.25 x 10 items/s would wait 2 s a call.
        for (int i = 0; i < 11; i++) {
            long sent = window.enter(Deadline.none());
            advanceMillis(100);
            window.answered(sent, 1, 24);
        }
        assertThat(window.pace(25)).isZero();
        assertThat(window.pace(25)).isEqualTo(WriteWindow.PACE_HOLD_MILLIS);
        assertThat(window.pace(25)).as("4 s after the first by turn; it waits the hold time and goes")
                .isEqualTo(WriteWindow.PACE_HOLD_MILLIS);
    }
}
