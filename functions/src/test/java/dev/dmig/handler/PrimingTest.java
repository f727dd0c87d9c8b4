package dev.dmig.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.Settings;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrimingTest {
    private final InMemoryItemStore items = new InMemoryItemStore();
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final Services services = new Services(items, artifacts, Settings.defaults("dmig-test-bucket"), FaultInjector.NONE);

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void prime_readsOnceFromEachStore_andWritesNothing() {
        assertThat(new Priming(services).prime()).isEmpty();
        assertThat(items.calls(InMemoryItemStore.Operation.DESCRIBE)).isEqualTo(1);
        assertThat(artifacts.reads()).isEqualTo(1);
        assertThat(artifacts.writes()).isZero();
        assertThat(items.writeCalls()).isEmpty();
    }

    @Test
    void aRefusedPrimingCall_isNamed_andTheOthersStillRun() {
        items.failAlways(InMemoryItemStore.Operation.DESCRIBE, Priming.NO_SUCH_TABLE);
        assertThat(new Priming(services).prime()).containsExactly("DescribeTable");
        assertThat(artifacts.reads()).isEqualTo(1);
    }

    @Test
    void register_onAJvmWithoutCrac_doesNothingButKeepsTheResource() {
        Priming priming = Priming.register(services);
        assertThat(priming).isNotNull();
        assertThat(items.calls(InMemoryItemStore.Operation.DESCRIBE)).isZero();
    }
}
