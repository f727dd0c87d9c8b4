package dev.dmig.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.Settings;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.Deadline;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import org.junit.jupiter.api.Test;

class ServicesTest {
    private final Services services = new Services(new InMemoryItemStore(), new InMemoryArtifactStore("services"),
            Settings.defaults("services"), FaultInjector.NONE);

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
}
