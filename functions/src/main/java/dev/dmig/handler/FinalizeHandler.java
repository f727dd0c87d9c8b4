package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dmig.json.Json;
import dev.dmig.report.FinalizeResult;
import dev.dmig.report.Finalizer;
import dev.dmig.run.RunManifest;
import java.util.Map;

/**
 * The {@code Finalize…} states: record the outcome in the manifest and write report.json; and, with
 * {@code "action": "export-id-maps"}, the ExportIdMaps state that stores a succeeded run's ID maps. The states it serves:
 * <ul>
 *   <li>{@code Finalize}: a full run that migrated and validated (or failed validation);</li>
 *   <li>{@code FinalizeDryRun}: a dry run, after its analysis (outcome {@code succeeded});</li>
 *   <li>{@code FinalizeTest}: a test run, after its TestRecords (outcome {@code succeeded});</li>
 *   <li>{@code FinalizeRolledBack}: a run that failed and was rolled back, with the failure that caused it;</li>
 *   <li>{@code FinalizeRollbackRun}: a rollback of an earlier run asked for by the user (outcome {@code rolled-back});</li>
 *   <li>{@code ExportIdMaps}: a succeeded run's ID maps stored beside its report.</li>
 * </ul>
 */
public final class FinalizeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;

    public FinalizeHandler() {
        this(Services.fromEnvironment());
    }

    public FinalizeHandler(Services services) {
        this.services = services;
    }

    /** {@code executionName}: the execution whose Finalize calls go on from one another's tallies; null reads all at once. */
    record Input(String runId, String outcome, RollbackHandler.Caught failure, String action, String executionName) {}

    static final String EXPORT_ID_MAPS = "export-id-maps";

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Input in = Json.convert(payload, Input.class);
        if (EXPORT_ID_MAPS.equals(in.action())) {
            Finalizer.IdMapsExported exported = services.finalizer().exportIdMaps(in.runId(), services.deadline(context));
            StepLog.info(context, "ExportIdMaps", in.runId(), Map.of("done", exported.done(), "stored", exported.stored(),
                    "notStored", exported.notStored()));
            return Json.toMap(exported);
        }
        RunManifest.Failure failure = in.failure() == null ? null : new RunManifest.Failure(in.failure().error(), in.failure().cause());
        FinalizeResult result = services.finalizer().finish(in.runId(), in.executionName(), in.outcome(), failure,
                services.deadline(context));
        StepLog.info(context, "Finalize", in.runId(), result.done() ? Map.of("verdict", result.verdict()) : Map.of("done", false));
        return Json.toMap(result);
    }
}
