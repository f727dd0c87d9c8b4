package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReadsTest {

    @Test
    void everyKeyIsRead_andTheResultsComeInTheKeysOrder() {
        List<Integer> keys = IntStream.range(0, 100).boxed().toList();
        assertThat(Reads.all(keys, key -> "value-" + key))
                .containsExactlyElementsOf(keys.stream().map(key -> "value-" + key).toList());
    }

    @Test
    void afterAFailure_noOtherReadStarts_andTheFailureIsThrownAsItWas() {
        AtomicInteger started = new AtomicInteger();
        List<Integer> keys = IntStream.range(0, 1_000).boxed().toList();
        assertThatThrownBy(() -> Reads.all(keys, key -> {
            started.incrementAndGet();
            if (key == 0) {
                throw new IllegalStateException("access denied (test)");
            }
            sleep(50);
            return key;
        })).isInstanceOf(IllegalStateException.class).hasMessage("access denied (test)");
        // The reads in flight when the first failed end; after them, none starts (all 1,000 would take 3 s).
        assertThat(started.get()).isLessThan(200);
    }

    @Test
    void anError_isThrownToo_onlyAfterTheReadsInFlightHaveEnded() {
        AtomicInteger ended = new AtomicInteger();
        assertThatThrownBy(() -> Reads.all(IntStream.range(0, 4).boxed().toList(), key -> {
            sleep(key == 0 ? 100 : 500);
            if (key == 0) {
                throw new AssertionError("an Error (test)");
            }
            ended.incrementAndGet();
            return key;
        })).isInstanceOf(AssertionError.class).hasMessage("an Error (test)");
        assertThat(ended).as("reads in flight that had ended when Reads.all threw").hasValue(3);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
