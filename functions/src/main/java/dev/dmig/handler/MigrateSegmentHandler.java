package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dmig.json.Json;
import dev.dmig.migrate.ParentCopies;
import dev.dmig.migrate.SegmentProgress;
import dev.dmig.run.SegmentFailures;
import java.util.List;
import java.util.Map;

/**
 * States {@code MigrateSegment} and {@code MigrateLargeTableSegment}: copies one segment until done or out of time; the
 * state machine loops it. MigrateLargeTableSegment is the same call in {@code MigrateSegmentsDistributed}, the
 * Distributed Map of a large table (each segment a child execution), where MigrateSegment is in the inline Map. State
 * {@code AwaitParents}, the same function given {@code after}: whether the tables a table waits for are copied yet
 * ({@link ParentCopies}).
 */
public final class MigrateSegmentHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;

    public MigrateSegmentHandler() {
        this(Services.fromEnvironment());
    }

    public MigrateSegmentHandler(Services services) {
        this.services = services;
    }

    /** {@code writeSeconds}: the table's, from its work list entry (absent from an earlier version's state: 0). */
    record Input(String runId, String table, int segment, int totalSegments, double writeSeconds) {}

    record Parents(String runId, String table, List<String> after) {}

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        if (payload.containsKey("after")) {
            Parents in = Json.convert(payload, Parents.class);
            long started = System.nanoTime();
            boolean ready = services.parentCopies().await(in.runId(), in.table(), in.after(), services.deadline(context));
            StepLog.info(context, "AwaitParents", in.runId(), Map.of("table", in.table(), "after", in.after(), "ready", ready,
                    "millis", (System.nanoTime() - started) / 1_000_000));
            return Map.of("ready", ready);
        }
        Input in = Json.convert(payload, Input.class);
        long started = System.nanoTime();
        SegmentProgress progress = SegmentFailures.recording(services.artifacts(), in.runId(), "MigrateSegment", in.table(),
                in.segment(), () -> services.migrator().migrate(in.runId(), in.table(), in.segment(), in.totalSegments(),
                        in.writeSeconds(), services.deadline(context)));
        StepLog.info(context, "MigrateSegment", in.runId(), Map.of("table", in.table(), "segment", in.segment(),
                "done", progress.done(), "itemsRead", progress.itemsRead(), "itemsWritten", progress.itemsWritten(),
                "millis", (System.nanoTime() - started) / 1_000_000));
        return Json.toMap(progress);
    }
}
