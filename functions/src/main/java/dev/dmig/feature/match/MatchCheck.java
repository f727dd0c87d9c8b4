package dev.dmig.feature.match;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.RunCheck;
import dev.dmig.migrate.RunMappings;
import java.util.List;

/**
 * The records of the tables with a {@code match} paired with those their targets hold, frozen with the run once its
 * levels are known and before anything maps an item ({@link RecordMatching}), and what they paired, in the analysis.
 */
final class MatchCheck implements RunCheck {
    private final RunCheck.Parts parts;

    private MatchCheck(RunCheck.Parts parts) {
        this.parts = parts;
    }

    /** A plan with a {@code match} in any table's entry. */
    static void addTo(List<RunCheck> checks, RunCheck.Parts parts) {
        if (parts.plan().uses(Match.class)) {
            checks.add(new MatchCheck(parts));
        }
    }

    @Override
    public void beforeScans(RunCheck.Tables tables) {
        // Their IDs are the target's from here on: every later mapping of an item, the analysis's own included.
        new RecordMatching(parts.artifacts(), parts.items(), parts.reading().pageSize(), parts.reading().pool(), parts.clock())
                .pairOnce(parts.runId(), parts.plan(), tables.pairs(), tables.levels(),
                        RunMappings.of(parts.artifacts(), parts.plan(), tables.manifest()));
    }

    @Override
    public Analysis summarized(Analysis analysis) {
        return analysis.withSection(MatchSummary.SECTION.name(), MatchSummary.of(MatchedRecords.of(parts.artifacts(), parts.runId()), parts.plan()));
    }
}
