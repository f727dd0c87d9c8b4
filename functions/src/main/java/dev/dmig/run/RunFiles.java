package dev.dmig.run;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.ArtifactStore;

/** Reads the two artifacts every step of a run starts from: its manifest and its frozen plan. */
public final class RunFiles {
    private RunFiles() {}

    public static RunManifest manifest(ArtifactStore artifacts, String runId) {
        return artifacts.getJson(RunLayout.manifest(runId), RunManifest.class)
                .orElseThrow(() -> new RunNotFoundException("run " + runId + " not found: no "
                        + RunLayout.manifest(runId) + " in " + artifacts.location()));
    }

    /** The plan exactly as the run started with it (copied under the run at Analyze). */
    public static MigrationPlan plan(ArtifactStore artifacts, String runId) {
        byte[] text = artifacts.get(RunLayout.plan(runId))
                .orElseThrow(() -> new RunNotFoundException("run " + runId + " not found: no "
                        + RunLayout.plan(runId) + " in " + artifacts.location()));
        return PlanParser.parse(text);
    }

    /** The slice a run with roots covers; empty for a run of the whole source. */
    public static java.util.Optional<Slice> slice(ArtifactStore artifacts, String runId) {
        return artifacts.getJson(RunLayout.slice(runId), Slice.class);
    }
}
