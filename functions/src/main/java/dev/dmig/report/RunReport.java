package dev.dmig.report;

import dev.dmig.analysis.Analysis;
import dev.dmig.migrate.TestResult;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunManifest;
import dev.dmig.validate.ValidationReport;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code runs/<runId>/report.json}: the human report of a run — verdict, per-table counts and
 * timings, and the analysis, test, validation and rollback results it rests on.
 */
public record RunReport(String runId, String mode, String verdict, String status, String planDigest, String sourceSuffix,
                        String targetSuffix, String createdAt, String finishedAt, double seconds, Totals totals,
                        List<TableRow> tables, RunManifest.Failure failure, Analysis analysis, TestResult test,
                        ValidationReport validation, RollbackResult rollback) {

    /**
     * One table's line: what moved and how fast. {@code lateArrivals}: items not written because a
     * different item appeared at their key after analysis (among the skipped).
     */
    public record TableRow(String model, int level, int segments, long itemsRead, long itemsWritten, long itemsSkipped,
                           long unprocessedRetries, long sdkRetries, double seconds, double itemsPerSecond, long lateArrivals) {}

    /**
     * Sums over the tables. {@code unprocessedRetries}: batches re-sent for UnprocessedItems; {@code sdkRetries}: calls the
     * SDK re-sent after throttling, 5xx or a broken connection.
     */
    public record Totals(long tables, long itemsRead, long itemsWritten, long itemsSkipped, long unprocessedRetries,
                         long sdkRetries, long lateArrivals) {
        /** The sums over the tables' lines. */
        public static Totals of(List<TableRow> rows) {
            return new Totals(rows.size(), sum(rows, TableRow::itemsRead), sum(rows, TableRow::itemsWritten),
                    sum(rows, TableRow::itemsSkipped), sum(rows, TableRow::unprocessedRetries), sum(rows, TableRow::sdkRetries),
                    sum(rows, TableRow::lateArrivals));
        }

        private static long sum(List<TableRow> rows, ToLongFunction<TableRow> field) {
            return rows.stream().mapToLong(field).sum();
        }
    }
}
