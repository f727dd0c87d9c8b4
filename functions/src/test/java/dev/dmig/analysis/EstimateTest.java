package dev.dmig.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The estimate's duration: the longest chain of tables waiting for their parents, each at its segments' pace. */
class EstimateTest {
    private static TableAnalysis table(String model, long items) {
        return new TableAnalysis(model, 1, model + "-dev", model + "-prod", 1, items, items * 100, 100, List.of(), 0, 0, List.of(), 0,
                null, List.of(), null, null, null, true, null, items, null, 0);
    }

    private static final Map<String, TableAnalysis> TABLES = Map.of("User", table("User", 1_000), "Photo", table("Photo", 5_000),
            "Comment", table("Comment", 2_000));
    private static final List<List<String>> LEVELS = List.of(List.of("User", "Photo"), List.of("Comment"));

    @Test
    void aTableStartsOnceItsParentsAreCopied_notOnceItsWholeLevelBeforeIs() {
        Estimate estimate = Estimate.of(LEVELS, Map.of("Comment", List.of("User")), TABLES, Map.of(), null);

        assertThat(estimate.seconds()).as("Photo's 5 s, while User then Comment take 1 + 2").isEqualTo(5.0);
    }

    @Test
    void aChainOfParents_addsUp() {
        Estimate estimate = Estimate.of(LEVELS, Map.of("Comment", List.of("Photo")), TABLES, Map.of(), null);

        assertThat(estimate.seconds()).isEqualTo(7.0);
    }

    @Test
    void aWriteRateLimit_slowsItsTableAndWhatWaitsForIt() {
        Estimate estimate = Estimate.of(LEVELS, Map.of("Comment", List.of("User")), TABLES, Map.of("User", 100), null);

        assertThat(estimate.seconds()).isEqualTo(12.0);
    }
}
