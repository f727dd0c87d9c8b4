package dev.dmig.aws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongUnaryOperator;

/**
 * Histories of dmig's state machine as Step Functions records them, for each path the CLI must
 * report: the state names and shapes of {@code statemachine/migration.asl.json}.
 */
public final class Histories {
    /** The error and cause a segment task fails with when S3 stays unavailable, as the Java runtime reports them. */
    public static final String SEGMENT_ERROR = "dev.dmig.store.StoreUnavailableException";
    public static final String SEGMENT_CAUSE = "{\"errorMessage\":\"s3://dmig-artifacts/runs/r/journal/Requests/1/00000003.json.gz: "
            + "S3 unavailable after retries\",\"errorType\":\"dev.dmig.store.StoreUnavailableException\",\"stackTrace\":[]}";
    public static final String CONFIRMATION_CAUSE =
            "a full run writes to the target tables; start it again with \"confirm\": true (nothing was written)";

    private Histories() {}

    /**
     * A full run that succeeds: Analyze {@code analyzePasses} times, then one Map iteration per
     * level with {@code tablesPerLevel[i]} tables in parallel, each with {@code segments} segments
     * in parallel that loop {@code passes} times, then validation and Finalize.
     */
    public static HistoryScript fullRun(int analyzePasses, int[] tablesPerLevel, int segments, int passes) {
        HistoryScript h = new HistoryScript();
        long c = checks(h, analyze(h, h.started("{}"), analyzePasses));
        List<List<LongUnaryOperator>> levels = new ArrayList<>();
        for (int tables : tablesPerLevel) {
            levels.add(List.of(at -> h.map(at, "MigrateTables", true, tables(h, tables, segments, passes))));
        }
        c = h.map(c, "MigrateLevels", false, levels);
        c = h.task(c, "Validate", "{\"validation\":{\"done\":true,\"passed\":true}}");
        c = h.choice(c, "ValidationComplete");
        c = h.task(c, "Finalize", "{}");
        c = h.task(c, "ExportIdMaps", "{\"idMaps\":{\"done\":true}}");
        c = h.choice(c, "IdMapsExported");
        h.succeed(c, "Succeeded");
        return h;
    }

    /** A full run without {@code confirm}: refused after analysis. */
    public static HistoryScript confirmationRequired() {
        HistoryScript h = new HistoryScript();
        long c = h.choice(analyze(h, h.started("{}"), 1), "ChooseMode");
        c = h.choice(c, "CheckConfirmation");
        h.fail(c, "ConfirmationRequired", "ConfirmationRequired", CONFIRMATION_CAUSE);
        return h;
    }

    /**
     * A full run whose second level fails in one segment task (after a retry elsewhere): the Map's
     * Catch goes to Rollback, and the execution fails in RolledBack with the original error.
     */
    public static HistoryScript rolledBack() {
        HistoryScript h = new HistoryScript();
        long c = checks(h, analyze(h, h.started("{}"), 1));
        List<LongUnaryOperator> failingSegment = List.of(
                at -> h.taskRetried(at, "MigrateSegment", "Lambda.TooManyRequestsException", "{\"done\":false}"),
                at -> h.choice(at, "SegmentComplete"),
                at -> h.taskFailing(at, "MigrateSegment", SEGMENT_ERROR, SEGMENT_CAUSE));
        List<LongUnaryOperator> failingTable = List.of(
                at -> h.choice(at, "ChooseSegmentMap"),
                at -> h.mapFailing(at, "MigrateSegments", true, List.of(segment(h, 1), failingSegment), 1));
        List<List<LongUnaryOperator>> secondLevel = new ArrayList<>(tables(h, 1, 2, 1));
        secondLevel.add(failingTable);
        c = h.mapCaught(c, "MigrateLevels", false, List.of(
                List.of(at -> h.map(at, "MigrateTables", true, tables(h, 2, 2, 1))),
                List.of(at -> h.mapFailing(at, "MigrateTables", true, secondLevel, 1))), 1);
        c = h.task(c, "Rollback", "{\"rollback\":{\"done\":true,\"complete\":true}}");
        c = h.choice(c, "RollbackComplete");
        c = h.task(c, "FinalizeRolledBack", "{}");
        c = h.choice(c, "CheckRollback");
        h.fail(c, "RolledBack", SEGMENT_ERROR, SEGMENT_CAUSE);
        return h;
    }

    public static HistoryScript dryRun() {
        HistoryScript h = new HistoryScript();
        long c = h.choice(analyze(h, h.started("{}"), 1), "ChooseMode");
        c = h.task(c, "FinalizeDryRun", "{}");
        h.succeed(c, "DryRunComplete");
        return h;
    }

    public static HistoryScript testPassed() {
        HistoryScript h = new HistoryScript();
        long c = h.choice(analyze(h, h.started("{}"), 1), "ChooseMode");
        c = h.task(c, "TestRecords", "{\"test\":{\"passed\":true}}");
        c = h.choice(c, "CheckTest");
        c = h.task(c, "FinalizeTest", "{}");
        c = h.task(c, "ExportIdMaps", "{\"idMaps\":{\"done\":true}}");
        c = h.choice(c, "IdMapsExported");
        h.succeed(c, "TestPassed");
        return h;
    }

    public static HistoryScript validationPassed() {
        HistoryScript h = new HistoryScript();
        long c = h.choice(analyze(h, h.started("{}"), 1), "ChooseMode");
        c = h.task(c, "ValidateRun", "{\"validation\":{\"done\":true,\"passed\":true}}");
        c = h.choice(c, "ValidateRunComplete");
        h.succeed(c, "ValidationPassed");
        return h;
    }

    /** A validation of an earlier run still checking its tables: no end yet. */
    public static HistoryScript validating() {
        HistoryScript h = new HistoryScript();
        h.taskStarted(h.choice(analyze(h, h.started("{}"), 1), "ChooseMode"), "ValidateRun");
        return h;
    }

    public static HistoryScript rolledBackOnRequest() {
        HistoryScript h = new HistoryScript();
        long c = h.choice(analyze(h, h.started("{}"), 1), "ChooseMode");
        c = h.task(c, "RollbackRun", "{\"rollback\":{\"done\":true,\"complete\":true}}");
        c = h.choice(c, "RollbackRunComplete");
        c = h.task(c, "FinalizeRollbackRun", "{}");
        c = h.choice(c, "CheckRollbackRun");
        h.succeed(c, "RolledBackOnRequest");
        return h;
    }

    /** A full run still copying its first level: no end yet. */
    public static HistoryScript copying() {
        HistoryScript h = new HistoryScript();
        long c = checks(h, analyze(h, h.started("{}"), 1));
        c = h.openIteration(h.openMap(c, "MigrateLevels", 3), "MigrateLevels", 0);
        c = h.openIteration(h.openMap(c, "MigrateTables", 1), "MigrateTables", 0);
        c = h.choice(c, "ChooseSegmentMap");
        c = h.openIteration(h.openMap(c, "MigrateSegments", 1), "MigrateSegments", 0);
        h.task(c, "MigrateSegment", "{\"done\":false}");
        return h;
    }

    /** The error Step Functions fails a map run with when more of its items fail than it tolerates. */
    public static final String MAP_RUN_ERROR = "States.ExceedToleratedFailureThreshold";

    /** The ARN of the map run that copies {@code table} in these histories (Step Functions labels it on its own). */
    public static String mapRunArn(String table) {
        UUID id = UUID.nameUUIDFromBytes(table.getBytes(StandardCharsets.UTF_8));
        return "arn:aws:states:us-east-1:123456789012:mapRun:dmig/" + id.toString().substring(0, 8) + ":" + id;
    }

    /**
     * A full run whose one level copies {@code tables} in parallel, each a large table whose
     * {@code segments} segments run as a Distributed Map (one map run each, {@link #mapRunArn}),
     * then validates. Each table's Map starts before any map run ends, so all the map runs are
     * under way at once.
     */
    public static HistoryScript distributedRun(int segments, String... tables) {
        HistoryScript h = new HistoryScript();
        long c = checks(h, analyze(h, h.started("{}"), 1));
        List<List<LongUnaryOperator>> iterations = new ArrayList<>();
        for (String table : tables) {
            iterations.add(List.of(at -> h.choice(at, "ChooseSegmentMap"),
                    at -> h.mapRunStarted(at, "MigrateSegmentsDistributed", largeTable(table, segments), mapRunArn(table)),
                    at -> h.mapRunSucceeded(at, "MigrateSegmentsDistributed")));
        }
        c = h.map(c, "MigrateLevels", false, List.of(List.of(at -> h.map(at, "MigrateTables", true, iterations))));
        c = h.task(c, "Validate", "{\"validation\":{\"done\":true,\"passed\":true}}");
        c = h.choice(c, "ValidationComplete");
        c = h.task(c, "Finalize", "{}");
        c = h.task(c, "ExportIdMaps", "{\"idMaps\":{\"done\":true}}");
        c = h.choice(c, "IdMapsExported");
        h.succeed(c, "Succeeded");
        return h;
    }

    /**
     * A full run whose one large table's map run fails (more items failed than it tolerates): the
     * Distributed Map fails, MigrateLevels' Catch goes to Rollback, and the execution fails in RolledBack.
     */
    public static HistoryScript distributedRunFailing(int segments, String table) {
        HistoryScript h = new HistoryScript();
        long c = checks(h, analyze(h, h.started("{}"), 1));
        List<LongUnaryOperator> failingTable = List.of(at -> h.choice(at, "ChooseSegmentMap"),
                at -> h.mapRunStarted(at, "MigrateSegmentsDistributed", largeTable(table, segments), mapRunArn(table)),
                at -> h.mapRunFailed(at, MAP_RUN_ERROR, "The specified tolerated failure threshold was exceeded"));
        c = h.mapCaught(c, "MigrateLevels", false, List.of(
                List.of(at -> h.mapFailing(at, "MigrateTables", true, List.of(failingTable), 0))), 0);
        c = h.task(c, "Rollback", "{\"rollback\":{\"done\":true,\"complete\":true}}");
        c = h.choice(c, "RollbackComplete");
        c = h.task(c, "FinalizeRolledBack", "{}");
        c = h.choice(c, "CheckRollback");
        h.fail(c, "RolledBack", MAP_RUN_ERROR, "The specified tolerated failure threshold was exceeded");
        return h;
    }

    /** A full run still copying {@code table}'s segments as a Distributed Map: no end yet. */
    public static HistoryScript copyingDistributed(int segments, String table) {
        HistoryScript h = new HistoryScript();
        long c = checks(h, analyze(h, h.started("{}"), 1));
        c = h.openIteration(h.openMap(c, "MigrateLevels", 1), "MigrateLevels", 0);
        c = h.openIteration(h.openMap(c, "MigrateTables", 1), "MigrateTables", 0);
        c = h.choice(c, "ChooseSegmentMap");
        h.mapRunStarted(c, "MigrateSegmentsDistributed", largeTable(table, segments), mapRunArn(table));
        return h;
    }

    /** The input MigrateTables gives a large table's Map: the table, its segment count and the S3 list of them, to run distributed. */
    private static String largeTable(String table, int segments) {
        return "{\"runId\":\"r\",\"table\":{\"table\":\"" + table + "\",\"segments\":" + segments
                + ",\"distributed\":true,\"maxConcurrency\":8,\"segmentList\":{\"bucket\":\"b\",\"key\":\"runs/r/segments/"
                + table + ".json\"}}}";
    }

    private static long analyze(HistoryScript h, long c, int passes) {
        for (int pass = 1; pass <= passes; pass++) {
            c = h.task(c, "Analyze", "{\"runId\":\"r\",\"done\":" + (pass == passes) + "}");
            c = h.choice(c, "AnalysisComplete");
        }
        return c;
    }

    private static long checks(HistoryScript h, long c) {
        c = h.choice(c, "ChooseMode");
        c = h.choice(c, "CheckConfirmation");
        return h.choice(c, "CheckConflicts");
    }

    private static List<List<LongUnaryOperator>> tables(HistoryScript h, int tables, int segments, int passes) {
        List<List<LongUnaryOperator>> iterations = new ArrayList<>();
        for (int t = 0; t < tables; t++) {
            List<List<LongUnaryOperator>> segmentIterations = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                segmentIterations.add(segment(h, passes));
            }
            iterations.add(List.of(at -> h.choice(at, "ChooseSegmentMap"), at -> h.pass(at, "ListSegments"),
                    at -> h.map(at, "MigrateSegments", true, segmentIterations)));
        }
        return iterations;
    }

    /** One segment's loop: the task returns at its time budget until the last pass. */
    private static List<LongUnaryOperator> segment(HistoryScript h, int passes) {
        List<LongUnaryOperator> steps = new ArrayList<>();
        for (int pass = 1; pass <= passes; pass++) {
            boolean done = pass == passes;
            steps.add(at -> h.task(at, "MigrateSegment", "{\"progress\":{\"done\":" + done + "}}"));
            steps.add(at -> h.choice(at, "SegmentComplete"));
        }
        steps.add(at -> h.succeedState(at, "SegmentMigrated"));
        return steps;
    }
}
