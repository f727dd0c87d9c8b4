package dev.dmig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TasksTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    @Test
    void theFirstFailureInOrder_isThrownAsItWas_onlyOnceEveryTaskHasEnded() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean slowEnded = new AtomicBoolean();
        Future<String> slow = pool.submit(() -> {
            release.await(5, TimeUnit.SECONDS);
            slowEnded.set(true);
            return "slow";
        });
        Future<String> first = CompletableFuture.failedFuture(new IllegalArgumentException("first"));
        Future<String> second = CompletableFuture.failedFuture(new OutOfMemoryError("second"));
        Thread caller = Thread.currentThread();
        var unused = pool.submit(() -> {
            Parked.await(caller);
            release.countDown();
            return null;
        });

        assertThatThrownBy(() -> Tasks.joinAll(List.of(first, slow, second))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("first");
        assertThat(slowEnded).as("the slow task had ended when the failure was thrown").isTrue();
        assertThatThrownBy(() -> Tasks.joinAll(List.of(slow, second))).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void anInterrupt_doesNotCutTheWaitShort_andIsKeptForTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<String> slow = pool.submit(() -> {
            release.await(5, TimeUnit.SECONDS);
            return "done";
        });
        Thread.currentThread().interrupt();
        Thread caller = Thread.currentThread();
        var unused = pool.submit(() -> {
            Parked.await(caller);
            release.countDown();
            return null;
        });

        assertThat(Tasks.joinAll(List.of(slow))).containsExactly("done");
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }
}
