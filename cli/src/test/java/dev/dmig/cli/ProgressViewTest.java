package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.ProgressView;
import dev.dmig.executor.StateRecord;
import dev.dmig.store.InMemoryArtifactStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a person reads on stderr while a run goes: each step's failure once, in lines they can read. */
class ProgressViewTest {
    private static final Instant AT = Instant.parse("2026-11-26T06:00:00Z");
    private static final String PLAN_INVALID = "dev.dmig.plan.PlanInvalidException";

    private final StringWriter err = new StringWriter();
    private final ProgressView view = new ProgressView(new PrintWriter(err, true), new InMemoryArtifactStore("progress"), "r", false);

    /**
     * A plan with 31 problems printed "FAIL Analyze" and "FAIL PlanInvalid", each with all 31 joined in one 2,575
     * character line, over the list on stdout: the verdict says it, the list is on stdout, stderr says nothing more.
     */
    @Test
    void aRefusedPlan_isSaidByTheVerdict_notTwiceOnStderr() {
        String problems = IntStream.range(0, 31).mapToObj(i -> "table T" + i + ": source table T" + i + "-nosuch-dev does not exist")
                .collect(Collectors.joining("; "));
        String cause = "{\"errorMessage\":\"31 problems, nothing was written: " + problems + "\",\"errorType\":\"" + PLAN_INVALID + "\"}";
        failed("Analyze", "Task", 0, PLAN_INVALID, cause);
        entered("PlanInvalid", "Fail");
        failed("PlanInvalid", "Fail", 0, "PlanInvalid", cause);
        view.close();

        assertThat(err.toString()).isEmpty();
    }

    /** The refusal of a rollback without --confirm spoke of "confirm": true on stderr while the verdict said add --confirm. */
    @Test
    void aRefusedRollback_isSaidOnce_inTheCommandLinesWords() {
        String cause = "{\"errorMessage\":\"run r succeeded: rolling it back deletes the items it created in the target tables "
                + "(*-prod) and puts back those it overwrote; start the rollback again with \\\"confirm\\\": true (nothing was "
                + "written)\",\"errorType\":\"dev.dmig.run.ConfirmationRequiredException\"}";
        failed("Analyze", "Task", 0, "dev.dmig.run.ConfirmationRequiredException", cause);
        entered("RollbackConfirmationRequired", "Fail");
        failed("RollbackConfirmationRequired", "Fail", 0, "ConfirmationRequired", cause);
        view.close();

        assertThat(err.toString()).doesNotContain("\"confirm\": true").isEmpty();
    }

    /** A step retried six times, failing alike, printed six FAIL lines and a seventh for the Fail state. */
    @Test
    void aRetriedFailure_isShownOnce() {
        String cause = "table Properties-dev: DynamoDB unavailable after retries: Service returned HTTP status code 501";
        for (int attempt = 0; attempt < 6; attempt++) {
            entered("Analyze", "Task");
            failed("Analyze", "Task", attempt, "dev.dmig.store.StoreUnavailableException", cause);
        }
        entered("AnalysisFailed", "Fail");
        failed("AnalysisFailed", "Fail", 0, "dev.dmig.store.StoreUnavailableException", cause);
        view.close();

        assertThat(err.toString()).isEqualTo("  FAIL Analyze             StoreUnavailable: " + cause + "\n");
    }

    /** A failure the run goes on from (to its rollback) is shown when the next step starts, wrapped when long. */
    @Test
    void aFailureBeforeARollback_isShown_inLinesOfAtMost240Characters() {
        String cause = "segment 3 of Orders: " + "a long explanation ".repeat(30).strip();
        failed("MigrateLevels", "Map", 0, "dev.dmig.migrate.SegmentFailedException", cause);
        entered("Rollback", "Task");
        view.close();

        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSizeGreaterThan(1).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(Format.LINE + 2));
        assertThat(lines.get(0)).startsWith("  FAIL MigrateLevels       SegmentFailed: segment 3 of Orders: a long explanation");
        assertThat(lines.stream().skip(1)).allSatisfy(line -> assertThat(line).startsWith(" ".repeat(27)));
        assertThat(String.join(" ", lines.stream().map(String::strip).toList()))
                .isEqualTo("FAIL MigrateLevels       SegmentFailed: " + cause);
    }

    private void entered(String state, String type) {
        view.stateEntered(new StateRecord(1, state, type, List.of(), 0, null, null, null, null, AT, null));
    }

    private void failed(String state, String type, int retry, String error, String cause) {
        view.stateFailed(new StateRecord(1, state, type, List.of(), retry, null, null, error, cause, AT, AT));
    }
}
