package dev.dmig.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.migrate.TestResult;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.util.Optional;

/**
 * A run's artifacts as their readers want them: the manifest, frozen plan, analysis, test result, validation, rollback,
 * report and history, each typed, each empty where the run has not written it (yet). Reads only; the keys are
 * {@link RunLayout}'s, and only this class and the steps that write them know them.
 */
public final class RunArtifacts {
    private final ArtifactStore artifacts;

    private RunArtifacts(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    /** The runs of {@code artifacts}. */
    public static RunArtifacts in(ArtifactStore artifacts) {
        return new RunArtifacts(artifacts);
    }

    /** The store itself: where a reader names the runs' location in a message. */
    public ArtifactStore store() {
        return artifacts;
    }

    /** Whether a run of that ID exists (it has a manifest). */
    public boolean exists(String runId) {
        return artifacts.get(RunLayout.manifest(runId)).isPresent();
    }

    public Optional<RunManifest> manifest(String runId) {
        return artifacts.getJson(RunLayout.manifest(runId), RunManifest.class);
    }

    /** The plan the run froze, checked against the digest its manifest recorded. */
    public MigrationPlan plan(String runId) {
        return RunFiles.plan(artifacts, runId);
    }

    public Optional<Analysis> analysis(String runId) {
        return artifacts.getJson(RunLayout.analysis(runId), Analysis.class);
    }

    public Optional<TestResult> testResult(String runId) {
        return artifacts.getJson(RunLayout.testResult(runId), TestResult.class);
    }

    public Optional<ValidationReport> validation(String runId) {
        return artifacts.getJson(RunLayout.validation(runId), ValidationReport.class);
    }

    /** How many segments execution {@code execution}'s validation has checked so far, while it runs. */
    public long validationPartsDone(String runId, String execution) {
        String units = RunLayout.validationUnits(runId, execution);
        String prefix = units.substring(0, units.lastIndexOf('/') + 1);
        return artifacts.list(prefix).stream().filter(key -> key.substring(prefix.length()).contains("/")).count();
    }

    /** The run's last rollback, once it finished. */
    public Optional<RollbackResult> rollback(String runId) {
        return artifacts.getJson(RunLayout.rollback(runId), RollbackResult.class);
    }

    /** How far the rollback of execution {@code execution} has got, while it runs. */
    public Optional<RollbackResult> rollbackProgress(String runId, String execution) {
        return artifacts.getJson(RunLayout.rollbackProgress(runId, execution), RollbackResult.class);
    }

    public Optional<RunReport> report(String runId) {
        return artifacts.getJson(RunLayout.report(runId), RunReport.class);
    }

    /** Whether Finalize has written the run's report. */
    public boolean hasReport(String runId) {
        return artifacts.get(RunLayout.report(runId)).isPresent();
    }

    /** The report as stored, for a reader that passes it on whole (the command line's JSON output). */
    public Optional<JsonNode> reportJson(String runId) {
        return artifacts.getJson(RunLayout.report(runId), JsonNode.class);
    }

    /** The execution's history as the local executor or Step Functions gave it. */
    public Optional<JsonNode> history(String runId) {
        return artifacts.getJson(RunLayout.history(runId), JsonNode.class);
    }

    /** The history of one execution of the run: its own (named as the run), or a later one; stored once it ended. */
    public Optional<JsonNode> history(String runId, String execution) {
        return artifacts.getJson(RunLayout.history(runId, execution), JsonNode.class);
    }

    /** Where and how the run was started, in the type its starter wrote it as. */
    public <T> Optional<T> origin(String runId, Class<T> type) {
        return artifacts.getJson(RunLayout.origin(runId), type);
    }
}
