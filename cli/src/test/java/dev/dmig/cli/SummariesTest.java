package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analysis;
import dev.dmig.cli.views.Summaries;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.validate.ValidationReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The summaries a run prints, in the exact words a person reads: every count of what is there, with its kinds named. */
class SummariesTest {
    private final SampleMigration app = new SampleMigration("abort", 2, 1);

    @AfterEach
    void close() {
        app.close();
    }

    private static List<String> printed(Consumer<Summaries> print) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            print.accept(new Summaries(out));
        }
        return text.toString().lines().toList();
    }

    @Test
    void tablesAndLevels_areCountedInTheirNumber() {
        assertThat(Summaries.tablesInLevels(4, 1)).isEqualTo("4 tables in 1 level");
        assertThat(Summaries.tablesInLevels(1, 1)).isEqualTo("1 table in 1 level");
        assertThat(Summaries.tablesInLevels(31, 5)).isEqualTo("31 tables in 5 levels");
    }

    /** A dry run over a target that already holds what the plan writes: its conflicts are named as identical. */
    @Test
    void analysis_namesIdenticalConflictsApart_andDatesItsPricesInOneParenthesis() {
        app.fullRun("full1");
        app.analyze(app.request("dry-run", "dry1"));
        Analysis analysis = app.artifacts.json(RunLayout.analysis("dry1"), Analysis.class);
        long items = analysis.totals().items();

        List<String> lines = printed(summary -> summary.analysis(analysis));

        assertThat(lines).anyMatch(line -> line.endsWith("; " + items + " conflicts (items already at their mapped keys: " + items
                + " identical to what the run writes, 0 with other content)"));
        assertThat(lines).filteredOn(line -> line.startsWith("  estimate on AWS: ")).singleElement().satisfies(line ->
                assertThat(line).contains(" (us-east-1 list prices of 2025-11)").doesNotContain("))"));
    }

    /** A dry run says what a full run of its plan would do when it would not write: nothing to do, or stop at conflicts. */
    @Test
    void dryRun_saysAFullRunWouldWriteNothing_whenTheTargetHoldsItAll_orWouldStopAtItsConflicts() {
        app.fullRun("full1");
        app.analyze(app.request("dry-run", "dry1"));
        assertThat(Summaries.fullRunWould(app.artifacts.json(RunLayout.analysis("dry1"), Analysis.class)))
                .isEqualTo("; a full run would find the target already holding all of it and write nothing");

        // One item of the target changed since: a conflict with other content, which a full run under abort stops at.
        var contact = app.items.items(SampleMigration.target("Contacts")).get(0);
        var changed = new java.util.HashMap<>(contact);
        changed.put("name", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("changed in production"));
        app.items.put(SampleMigration.target("Contacts"), changed);
        app.analyze(app.request("dry-run", "dry2"));
        Analysis analysis = app.artifacts.json(RunLayout.analysis("dry2"), Analysis.class);

        assertThat(Summaries.fullRunWould(analysis)).isEqualTo("; a full run would stop at its " + analysis.totals().conflicts()
                + " conflicts (onConflict: abort) and write nothing");
        assertThat(analysis.totals().describeConflicts()).isEqualTo(analysis.totals().conflicts() + " conflicts (items already at"
                + " their mapped keys: " + (analysis.totals().conflicts() - 1) + " identical to what the run writes, 1 with other content)");
    }

    @Test
    void runTotals_nameTheRowsLeftBehind_andTheItemsAlreadyThere() {
        List<RunReport.TableRow> rows = List.of(
                new RunReport.TableRow("Contacts", 1, 1, 300, 296, 4, 0, 0, 2, 148, 0, 4, 0, null, 0),
                new RunReport.TableRow("Properties", 1, 1, 250, 249, 1, 0, 0, 2, 124, 0, 0, 36, null, 0));
        RunReport report = new RunReport("run1", "full", "succeeded", "succeeded", "sha256:x", "-dev", "-prod",
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:04Z", 4, RunReport.Totals.of(rows), rows, null, null, null, null, null);

        List<String> lines = printed(summary -> summary.report(report));

        // The reason's words are its feature's; a build without DataStore says the reason as it is stored.
        String leftBehind = dev.dmig.TestFeatures.has("DataStoreFeature") ? "4 soft-deleted DataStore rows left behind"
                : "4 items left behind (softDeleted)";
        assertThat(lines).contains("  2 tables: 550 read, 545 written, " + leftBehind + ", 1 already in the target (left as it is)");
    }

    @Test
    void rollback_namesTheItemsItLeftAsProductionChangedThemSince() {
        RollbackResult rollback = new RollbackResult("run1", "exec-rb", null, 9, 9, 40, 2, 0, 0, List.of(), true,
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 2, 0, 0, 0, 0, List.of(), 2,
                List.of("User-prod id=prod-bob", "User-prod id=u-3"), 0, List.of());

        List<String> lines = printed(summary -> summary.rollback(rollback));

        assertThat(lines).containsSubsequence("Rollback: 40 created items deleted, 2 overwritten items restored, 2 items left as"
                        + " production changed them since",
                "  left as production changed it since: User-prod id=prod-bob",
                "  left as production changed it since: User-prod id=u-3");
        assertThat(rollback.describeInexact()).isEqualTo("42 items undone; 2 items left as production changed them since (first:"
                + " User-prod id=prod-bob)");
    }

    @Test
    void rollback_namesTheKeysItCouldNotRestore_andWhy() {
        RollbackResult rollback = new RollbackResult("run1", "exec-rb", null, 9, 9, 40, 0, 0, 2,
                List.of("Requests-prod id=r1", "Requests-prod id=r2"), true, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 2, 0,
                0, 0, 0, List.of(), 0, List.of(), 0, List.of(), new RollbackResult.AbsentWhy(0, 0),
                "table Requests-prod: DynamoDB unavailable after retries: We encountered an internal error. Please try again.");

        List<String> lines = printed(summary -> summary.rollback(rollback));

        assertThat(lines).containsSubsequence("Rollback: 40 created items deleted, 0 overwritten items restored, 2 keys NOT restored:",
                "  not restored: Requests-prod id=r1", "  not restored: Requests-prod id=r2",
                "  why the first: table Requests-prod: DynamoDB unavailable after retries: We encountered an internal error. Please"
                        + " try again.");
    }

    @Test
    void rollback_namesTheJournaledKeysItFoundNoItemAt() {
        RollbackResult rollback = new RollbackResult("run1", "exec-rb", "requested", 9, 9, 45, 0, 0, 0, List.of(), true,
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 2, 63, 0, 0, 0, List.of(), 0, List.of(), 0, List.of());

        List<String> lines = printed(summary -> summary.rollback(rollback));

        assertThat(lines).containsSubsequence("Rollback: 45 created items deleted, 0 overwritten items restored",
                "  63 keys the journal named held no item to delete (never written: the run stopped between journaling and writing"
                + " them, or deleted since)");
    }

    @Test
    void validationOfARunRolledBackSince_isSaidToBeOfWhatTheRollbackUndid() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        ValidationReport validation = app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class);

        List<String> lines = printed(summary -> summary.validation(validation, true));

        assertThat(lines).anyMatch(line -> line.startsWith("Validation (of what the run wrote, before the rollback undid it): passed — "));
    }
}
