package dev.dmig.report;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.RunSection;
import dev.dmig.journal.FollowedItems;
import dev.dmig.migrate.CheckpointTotals;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.TestResult;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunManifest;
import dev.dmig.validate.ValidationReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * {@code runs/<runId>/report.json}: the human report of a run — verdict, per-table counts and
 * timings, and the analysis, test, validation and rollback results it rests on.
 */
public record RunReport(String runId, String mode, String verdict, String status, String planDigest, String sourceSuffix,
                        String targetSuffix, String createdAt, String finishedAt, double seconds, Totals totals,
                        List<TableRow> tables, RunManifest.Failure failure, Analysis analysis, TestResult test,
                        ValidationReport validation, RollbackResult rollback, FollowedItems following) {

    /** A report of a run that does not follow its source. */
    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record: one parameter per field but following's (null)
    public RunReport(String runId, String mode, String verdict, String status, String planDigest, String sourceSuffix,
                     String targetSuffix, String createdAt, String finishedAt, double seconds, Totals totals,
                     List<TableRow> tables, RunManifest.Failure failure, Analysis analysis, TestResult test,
                     ValidationReport validation, RollbackResult rollback) {
        this(runId, mode, verdict, status, planDigest, sourceSuffix, targetSuffix, createdAt, finishedAt, seconds, totals, tables,
                failure, analysis, test, validation, rollback, null);
    }

    /**
     * One table's line: what moved and how fast. {@code lateArrivals}: items not written because a
     * different item appeared at their key after analysis (among the skipped); {@code itemsDropped}: of the skipped, the
     * items left behind on purpose, the others being already in the target, and {@code leftBehind} the same by why (null
     * in a report of a version that did not tell them apart); {@code objectsCopied}: the Storage files its items name that
     * the run copied (0 in a report of a version that counted neither); {@code differing}: of the items already in the
     * target, those whose record there differs from the source's (left as the target has them: {@code onConflict: skip}),
     * as the analysis found them.
     */
    public record TableRow(String model, int level, int segments, long itemsRead, long itemsWritten, long itemsSkipped,
                           long unprocessedRetries, long sdkRetries, double seconds, double itemsPerSecond, long lateArrivals,
                           long itemsDropped, long objectsCopied, LeftBehind leftBehind, long differing) {
        @com.fasterxml.jackson.annotation.JsonCreator
        public TableRow {
            // A report of a version that did not count them says none.
        }

        /** A line with what the table's pages carried, by the cargo's names ({@link CheckpointTotals#cargo}): the objects copied. */
        @SuppressWarnings("checkstyle:ParameterNumber") // the record's fields, one parameter each, the cargo's counts read by name
        public TableRow(String model, int level, int segments, long itemsRead, long itemsWritten, long itemsSkipped,
                        long unprocessedRetries, long sdkRetries, double seconds, double itemsPerSecond, long lateArrivals,
                        long itemsDropped, Map<String, Long> cargo, LeftBehind leftBehind, long differing) {
            this(model, level, segments, itemsRead, itemsWritten, itemsSkipped, unprocessedRetries, sdkRetries, seconds,
                    itemsPerSecond, lateArrivals, itemsDropped, cargo.getOrDefault(PageCargo.OBJECTS, 0L), leftBehind, differing);
        }

        /** The items left behind on purpose, by why. */
        public LeftBehind dropped() {
            return LeftBehind.of(itemsDropped, leftBehind);
        }

        /** The skipped items that were already in the target at their keys, left as they are. */
        public long alreadyThere() {
            return Math.max(0, itemsSkipped - itemsDropped);
        }
    }

    /**
     * Sums over the tables. {@code unprocessedRetries}: batches re-sent for UnprocessedItems; {@code sdkRetries}: calls the
     * SDK re-sent after throttling, 5xx or a broken connection.
     */
    public record Totals(long tables, long itemsRead, long itemsWritten, long itemsSkipped, long unprocessedRetries,
                         long sdkRetries, long lateArrivals, long itemsDropped, long objectsCopied, LeftBehind leftBehind,
                         long differing) {
        /** The sums over the tables' lines. */
        public static Totals of(List<TableRow> rows) {
            return new Totals(rows.size(), sum(rows, TableRow::itemsRead), sum(rows, TableRow::itemsWritten),
                    sum(rows, TableRow::itemsSkipped), sum(rows, TableRow::unprocessedRetries), sum(rows, TableRow::sdkRetries),
                    sum(rows, TableRow::lateArrivals), sum(rows, TableRow::itemsDropped), sum(rows, TableRow::objectsCopied),
                    rows.stream().map(TableRow::dropped).reduce(LeftBehind.NONE, LeftBehind::plus), sum(rows, TableRow::differing));
        }

        /** The items left behind on purpose, by why. */
        public LeftBehind dropped() {
            return LeftBehind.of(itemsDropped, leftBehind);
        }

        /** The skipped items that were already in the target at their keys, left as they are. */
        public long alreadyThere() {
            return Math.max(0, itemsSkipped - itemsDropped);
        }

        /**
         * What the run did with the items it read, each kind named: {@code 4,087 read, 4,077 written, 7 soft-deleted
         * DataStore rows left behind, 3 already in the target (left as they are)}. The one wording of these counts, for the
         * command line, report.html and the dashboard; its Storage files are said apart, by their feature's section ({@link RunReport#said}).
         */
        public String describe() {
            return Numbers.count(itemsRead) + " read, " + Numbers.count(itemsWritten) + " written"
                    + notWritten(dropped(), alreadyThere(), differing);
        }

        private static long sum(List<TableRow> rows, ToLongFunction<TableRow> field) {
            return rows.stream().mapToLong(field).sum();
        }
    }

    /**
     * This report with the run's start, verdict's moment and time ({@link dev.dmig.run.RunTime}) as {@code earlier}, its
     * report before a later rollback, says them, when given.
     */
    RunReport tookAsBefore(Optional<RunReport> earlier) {
        return earlier.map(before -> new RunReport(runId, mode, verdict, status, planDigest, sourceSuffix, targetSuffix,
                before.createdAt, before.finishedAt, before.seconds, totals, tables, failure, analysis, test, validation, rollback,
                following))
                .orElse(this);
    }

    /**
     * What the run's analysis's sections are said of ({@link RunSection.Said}): for a full run that wrote, with what its
     * pages carried beside their items ({@link PageCargo#OBJECTS}: the Storage objects copied), so that a section says
     * what the copy did; for another, the analysis alone. Null without an analysis.
     */
    public RunSection.Said said() {
        if (analysis == null) {
            return null;
        }
        boolean copied = !tables.isEmpty() && "full".equals(mode);
        return new RunSection.Said(analysis, copied ? Map.of(PageCargo.OBJECTS, totals.objectsCopied()) : null);
    }

    /**
     * The verdict of a run that migrated and validated, the one wording of the command line and report.html: {@code 505
     * items migrated and validated; the run took 63 s}; for a followed run, the items it leaves, copy and following
     * together, each counted ({@code 785 items: 505 copied, 280 added by following; validated; the run took 63 s};
     * {@code 765 items: 505 copied, 280 added and 20 removed by following; …} when following deleted items the copy
     * wrote). The time is the run's ({@link dev.dmig.run.RunTime}): its copy, following and validation together, not the
     * validation's own.
     */
    public String migratedAndValidated() {
        long written = totals.itemsWritten();
        String took = "validated; the run took " + Numbers.seconds(seconds);
        if (following == null) {
            return Numbers.count(written) + (written == 1 ? " item" : " items") + " migrated and " + took;
        }
        long left = written + following.added() - following.removed();
        return Numbers.count(left) + (left == 1 ? " item: " : " items: ") + Numbers.count(written) + " copied, "
                + Numbers.count(following.added()) + " added" + (following.removed() > 0 ? " and "
                + Numbers.count(following.removed()) + " removed" : "") + " by following; " + took;
    }

    /** Whether a rollback has undone some of what the run wrote: its tables and validation then speak of what is gone. */
    public boolean undone() {
        return rollback != null && rollback.undidWrites();
    }

    /**
     * The items read and not written, by kind, each in its own words after a comma ({@code , 7 soft-deleted DataStore rows
     * left behind, 12 not written: no matching record in the target (match.whenNotMatched is skip), 3 already in the
     * target (left as they are)}); empty when there are none.
     */
    public static String notWritten(LeftBehind dropped, long alreadyThere) {
        return notWritten(dropped, alreadyThere, 0);
    }

    /**
     * The same, saying of the items already in the target how many differ from the source ({@code differing}, as the
     * analysis found them): {@code 2 already in the target (left as they are; 1 of them different from the source)}.
     */
    public static String notWritten(LeftBehind dropped, long alreadyThere, long differing) {
        long different = Math.min(differing, alreadyThere);
        String already = alreadyThere == 0 ? "" : ", " + Numbers.count(alreadyThere) + " already in the target (left as "
                + (alreadyThere == 1 ? "it is" : "they are") + (different == 0 ? ")" : alreadyThere == 1
                ? "; different from the source)" : "; " + Numbers.count(different) + " of them different from the source)");
        return notWrittenDropped(dropped) + already;
    }

    private static String notWrittenDropped(LeftBehind dropped) {
        StringBuilder words = new StringBuilder();
        dropped.counted().forEach(kind -> words.append(", ").append(kind.text()));
        return words.toString();
    }
}
