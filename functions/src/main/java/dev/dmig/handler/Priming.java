package dev.dmig.handler;

import dev.dmig.json.Json;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.migrate.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: just before Lambda snapshots an initialised container, take once the paths
 * every first request takes (a DynamoDB DescribeTable, an S3 GetObject: SDK marshallers, signer,
 * retry strategy, HTTP connection; Jackson on the handlers' inputs and the run's files), so that a
 * restored container starts with them loaded. Reads only; nothing is written. On a JVM without
 * CRaC the registration does nothing.
 */
final class Priming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** Names that exist nowhere: a DescribeTable of it answers "not found" (or "not allowed"), either way primed. */
    static final String NO_SUCH_TABLE = "dmig-priming-no-such-table";
    static final String NO_SUCH_OBJECT = "dmig-priming/no-such-object";

    private final Services services;

    Priming(Services services) {
        this.services = services;
    }

    /** Registers the priming of this container; the caller keeps the returned object (the context may hold it weakly). */
    static Priming register(Services services) {
        Priming priming = new Priming(services);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to rebuild: a pooled connection gone stale in the snapshot fails its first use, which the SDK retries.
    }

    /** The calls that failed (a priming call may be refused by IAM: the code path is loaded all the same). */
    List<String> prime() {
        List<String> failed = new ArrayList<>();
        call("DescribeTable", failed, () -> services.items().describe(NO_SUCH_TABLE));
        call("GetObject", failed, () -> services.artifacts().get(NO_SUCH_OBJECT));
        call("JSON", failed, () -> {
            Json.read(Json.bytes(Checkpoint.start("Priming", 0, 1)), Checkpoint.class);
            JournalEntry entry = new JournalEntry("priming", "Priming", NO_SUCH_TABLE, 0, 0, "full",
                    List.of(new JournalRecord(JournalRecord.Action.CREATED, Json.MAPPER.createObjectNode().put("id", "x"), "x", null)));
            Json.read(Json.bytes(entry), JournalEntry.class);
            Json.convert(Map.of("runId", "priming", "table", "Priming", "segment", 0, "totalSegments", 1),
                    MigrateSegmentHandler.Input.class);
            Json.convert(Map.of("runId", "priming", "executionName", "priming"), ValidateHandler.Input.class);
            return null;
        });
        return failed;
    }

    private static void call(String name, List<String> failed, java.util.function.Supplier<?> step) {
        try {
            // What the step returns is not needed: running it loads and compiles its code.
            var unused = step.get();
        } catch (RuntimeException e) {
            failed.add(name);
            LOG.debug("priming {} failed (harmless: its code is loaded all the same): {}", name, e.getClass().getName());
        }
    }
}
