package dev.dmig.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.Reads;
import dev.dmig.store.ArtifactStore;
import java.util.HashSet;
import java.util.Set;

/** Reads the two artifacts every step of a run starts from: its manifest and its frozen plan. */
public final class RunFiles {
    private RunFiles() {}

    public static RunManifest manifest(ArtifactStore artifacts, String runId) {
        return artifacts.getJson(RunLayout.manifest(runId), RunManifest.class)
                .orElseThrow(() -> new RunNotFoundException("run " + runId + " not found: no "
                        + RunLayout.manifest(runId) + " in " + artifacts.location()));
    }

    /**
     * The plan exactly as the run started with it (copied under the run at Analyze), its roles assumed under the run's
     * session name; see {@link #plan(ArtifactStore, RunManifest)}.
     */
    public static MigrationPlan plan(ArtifactStore artifacts, String runId) {
        return plan(artifacts, manifest(artifacts, runId));
    }

    /**
     * The run's frozen plan, refused unless it is the very plan the run began with: its digest must be the one the
     * manifest recorded when the run opened. Every step of a run reads its plan here, so a plan changed since (which
     * rollback would follow into the target) is never acted on.
     */
    public static MigrationPlan plan(ArtifactStore artifacts, RunManifest manifest) {
        String runId = manifest.runId();
        byte[] text = artifacts.get(RunLayout.plan(runId))
                .orElseThrow(() -> new RunNotFoundException("run " + runId + " not found: no "
                        + RunLayout.plan(runId) + " in " + artifacts.location()));
        MigrationPlan plan = PlanParser.parse(text);
        if (manifest.planDigest() == null || !manifest.planDigest().equals(plan.digest())) {
            throw new FrozenPlanChangedException("run " + runId + ": its plan " + artifacts.location() + "/" + RunLayout.plan(runId)
                    + " is not the one the run began with (" + (manifest.planDigest() == null ? "its manifest records no digest"
                    : "digest " + plan.digest() + ", the manifest records " + manifest.planDigest()) + "); nothing was done:"
                    + " put back the plan the run began with (the artifacts bucket keeps earlier versions of each object) and"
                    + " run the command again");
        }
        return plan.forRun(runId);
    }

    /**
     * The target keys (as {@code Journal.keyId} writes them) of {@code model} the run found a test run's records at, exactly
     * what it would write, and took over rather than writing again ({@code adopted/<model>.json}, from its analysis): the
     * run's own content, which following and validation treat as written by the run.
     */
    public static Set<String> adopted(ArtifactStore artifacts, String runId, String model) {
        Set<String> keys = new HashSet<>();
        artifacts.getJson(RunLayout.adopted(runId, model), JsonNode.class)
                .ifPresent(list -> list.forEach(key -> keys.add(key.toString())));
        return keys;
    }

    /**
     * The manifest of every run in the store but {@code except} (null: every run), by run ID in listing order, read
     * several at once: a bucket gathers a run for every dry run, test and validation, and steps that look back read
     * them all.
     */
    public static java.util.Map<String, RunManifest> manifests(ArtifactStore artifacts, String except) {
        java.util.List<String> runIds = artifacts.children(RunLayout.RUNS).stream().filter(runId -> !runId.equals(except)).toList();
        java.util.List<java.util.Optional<RunManifest>> read = Reads.all(runIds,
                runId -> artifacts.getJson(RunLayout.manifest(runId), RunManifest.class));
        java.util.Map<String, RunManifest> manifests = new java.util.LinkedHashMap<>();
        for (int i = 0; i < runIds.size(); i++) {
            String runId = runIds.get(i);
            read.get(i).ifPresent(manifest -> manifests.put(runId, manifest));
        }
        return manifests;
    }

    /** The slice a run with roots covers; empty for a run of the whole source. */
    public static java.util.Optional<Slice> slice(ArtifactStore artifacts, String runId) {
        return artifacts.getJson(RunLayout.slice(runId), Slice.class);
    }
}
