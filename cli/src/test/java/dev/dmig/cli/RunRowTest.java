package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.SampleMigration;
import dev.dmig.cli.views.RunRow;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runs as {@code dmig status} and the dashboard list them. */
class RunRowTest {
    private final SampleMigration app = new SampleMigration("abort", 2, 1);

    @AfterEach
    void close() {
        app.close();
    }

    /** A run rolled back later took the time its own execution took: the rollback's time is its rollback's, not the run's. */
    @Test
    void aRunRolledBackLater_tookWhatItsReportSays_notTheTimeUntilTheRollback() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        ObjectNode reported = (ObjectNode) Json.tree(app.artifacts.get(RunLayout.report("run1")).orElseThrow());
        app.artifacts.putJson(RunLayout.report("run1"), reported.put("seconds", 2.6));
        app.rollBack("run1", "exec-rb");
        app.finalizer().finish("run1", "rolled-back", null);

        RunRow row = RunRow.all(app.artifacts).get(0);

        assertThat(row.status()).isEqualTo("rolled-back");
        assertThat(row.seconds()).isEqualTo(2.6);
    }
}
