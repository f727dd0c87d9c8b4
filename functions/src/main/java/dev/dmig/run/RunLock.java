package dev.dmig.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.dmig.json.Json;
import dev.dmig.store.ArtifactStore;
import java.time.Instant;
import java.util.Optional;

/**
 * One writing run at a time per target environment: an object {@code locks/target<suffix>.json}
 * created with a conditional write (S3 {@code If-None-Match: *}), so two runs can never both
 * believe they hold it. Released when the run ends or is rolled back; a run that stopped half-way
 * keeps it until it is resumed or rolled back, so nothing else writes over a half-done migration.
 */
public final class RunLock {
    /** The lock's content: who holds it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Holder(String runId, String executionName, RunMode mode, String acquiredAt) {}

    private final ArtifactStore artifacts;

    public RunLock(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    public static String key(String targetSuffix) {
        return "locks/target" + targetSuffix + ".json";
    }

    /**
     * Takes the lock for {@code runId}, or keeps it if that run already holds it (a resumed run).
     * A lock whose run has ended (the release was lost) is taken over.
     */
    public void acquire(String targetSuffix, String runId, String executionName, RunMode mode) {
        String key = key(targetSuffix);
        Holder wanted = new Holder(runId, executionName, mode, Instant.now().toString());
        for (int attempt = 0; attempt < 3; attempt++) {
            if (artifacts.putIfAbsent(key, Json.bytes(wanted), "application/json")) {
                return;
            }
            Optional<Holder> holder = holder(targetSuffix);
            if (holder.isEmpty()) {
                continue;
            }
            if (holder.get().runId().equals(runId)) {
                artifacts.putJson(key, wanted);
                return;
            }
            Optional<RunManifest> other = artifacts.getJson(RunLayout.manifest(holder.get().runId()), RunManifest.class);
            // A run whose rollback is incomplete keeps its lock: keys are still to be restored under it.
            if (other.isPresent() && other.get().status().terminal() && other.get().status() != RunStatus.ROLLBACK_INCOMPLETE) {
                artifacts.delete(key);
                continue;
            }
            Holder h = holder.get();
            String status = other.map(m -> m.status().text()).orElse("unknown");
            String rollback = other.map(RunManifest::rollbackCommand).orElse("dmig rollback --run " + h.runId());
            throw new TargetLockedException("target environment " + targetSuffix + " is in use by run " + h.runId()
                    + " (mode " + h.mode().text() + ", status " + status + ", since " + h.acquiredAt()
                    + "); let it finish, resume it (dmig resume --run " + h.runId() + ") or roll it back (" + rollback + ")");
        }
        throw new TargetLockedException("target environment " + targetSuffix + ": the run lock " + key + " keeps changing; try again");
    }

    /** Releases the lock if {@code runId} holds it; harmless otherwise. */
    public void release(String targetSuffix, String runId) {
        holder(targetSuffix).filter(h -> h.runId().equals(runId)).ifPresent(h -> artifacts.delete(key(targetSuffix)));
    }

    public Optional<Holder> holder(String targetSuffix) {
        return artifacts.getJson(key(targetSuffix), Holder.class);
    }
}
