package dev.dmig.feature.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.TestFeatures;
import dev.dmig.handler.AnalyzeCalls;
import dev.dmig.json.Json;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run that follows its source cannot follow a table with a {@code match}: a deployed Analyze refuses it before any run opens. */
class MatchFollowTest {
    private final AnalyzeCalls analyze = new AnalyzeCalls();

    @AfterEach
    void close() {
        analyze.close();
    }

    @Test
    void aRunAskingToFollowItsSource_withATableThatMatchesTheTargetsRecords_isRefusedInOneLine_beforeAnyRunIsOpened() {
        TestFeatures.assumeHas("FollowFeature");
        Map<String, Object> plan = Json.toMap(analyze.app.planNode());
        @SuppressWarnings("unchecked")
        Map<String, Object> tables = (Map<String, Object>) plan.get("tables");
        tables.put("Contacts", Map.of("match", Map.of("on", List.of("email"), "whenMatched", "keep")));
        Map<String, Object> input = Map.of("mode", "full", "confirm", true, "follow", true, "runId", "matched", "config", plan);

        assertThatThrownBy(() -> analyze.call(input, "matched"))
                .isInstanceOf(RunInputInvalidException.class)
                .hasMessage("table Contacts, attribute match: a run that follows its source cannot follow a table whose records are"
                        + " paired with the target's; migrate without --follow while the application's writes are paused;"
                        + " nothing was written");
        assertThat(analyze.app.artifacts.list(RunLayout.RUNS)).as("no run opened").isEmpty();
        assertThat(new RunLock(analyze.app.artifacts).holder(SampleMigration.TARGET)).isEmpty();
    }
}
