package dev.dmig.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.Settings;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.Deadline;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.run.RunState;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServicesTest {
    private final Services services = new Services(new InMemoryItemStore(), new InMemoryArtifactStore("services"),
            Settings.defaults("services"), FaultInjector.NONE);

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void endTasks_putsTheTasksInFlightPastTheirDeadline_andTheirInvocationsEnd() {
        Deadline inFlight = services.deadline(TestContext.withRemaining(900_000));
        assertThat(inFlight.passed()).isFalse();
        assertThat(inFlight.invocationOver()).isFalse();

        services.endTasks();

        assertThat(inFlight.passed()).as("the task saves its checkpoint at its next page").isTrue();
        assertThat(inFlight.invocationOver()).as("and starts no other write").isTrue();
        assertThat(inFlight.remainingMillis()).isZero();
    }

    @Test
    void close_endsTheThreadsOfItsPools_onceTheirTasksHaveEnded() throws InterruptedException {
        Set<Thread> before = poolThreads();
        Set<Thread> started;
        try (SampleMigration app = new SampleMigration("abort", 2, 1)) {
            try (Services used = new Services(app.items, app.artifacts, app.settings, FaultInjector.NONE)) {
                RunState state = used.analyzer().analyze(app.fullRequest("run1"), "exec-1", Deadline.in(60_000));
                assertThat(state.done()).isTrue();
                assertThat(used.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)).done()).isTrue();
                // Taken before the close: once closed, the threads may end before anyone looks.
                started = poolThreads();
            }
        }
        started.removeAll(before);
        assertThat(started).as("the scans and the writes ran on the pools' threads").isNotEmpty();
        for (Thread thread : started) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
        }
    }

    private static Set<Thread> poolThreads() {
        Set<Thread> threads = new HashSet<>();
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("dmig-write-") || t.getName().startsWith("dmig-scan-")).forEach(threads::add);
        return threads;
    }
}
