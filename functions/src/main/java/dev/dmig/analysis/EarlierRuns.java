package dev.dmig.analysis;

import dev.dmig.report.RunReport;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What earlier runs in the same bucket tell a new one: which models already reached the target
 * environment, and how fast a segment task really wrote.
 */
final class EarlierRuns {
    private static final int RUNS_CONSIDERED = 20;
    private static final long MIN_ITEMS_FOR_RATE = 100;

    private final List<RunManifest> succeeded;
    private final ArtifactStore artifacts;

    private EarlierRuns(List<RunManifest> succeeded, ArtifactStore artifacts) {
        this.succeeded = succeeded;
        this.artifacts = artifacts;
    }

    /** The latest succeeded full runs into {@code targetSuffix}, newest first. */
    static EarlierRuns into(ArtifactStore artifacts, String targetSuffix, String thisRun) {
        List<RunManifest> runs = new ArrayList<>();
        for (String runId : artifacts.children(RunLayout.RUNS)) {
            if (runId.equals(thisRun)) {
                continue;
            }
            artifacts.getJson(RunLayout.manifest(runId), RunManifest.class)
                    .filter(m -> m.mode() == RunMode.FULL && m.status() == RunStatus.SUCCEEDED && targetSuffix.equals(m.targetSuffix()))
                    .ifPresent(runs::add);
        }
        runs.sort(Comparator.comparing(RunManifest::createdAt).reversed());
        return new EarlierRuns(runs.subList(0, Math.min(RUNS_CONSIDERED, runs.size())), artifacts);
    }

    /** Models an earlier full run migrated into this environment. */
    Set<String> migratedModels() {
        Set<String> models = new HashSet<>();
        succeeded.forEach(m -> {
            if (m.tables() != null) {
                models.addAll(m.tables());
            }
        });
        return models;
    }

    /** The median items/s one segment task wrote in earlier runs (tables of at least 100 items), or null. */
    Double itemsPerSecondPerSegment() {
        List<Double> rates = new ArrayList<>();
        for (RunManifest run : succeeded) {
            artifacts.getJson(RunLayout.report(run.runId()), RunReport.class).ifPresent(report -> report.tables().stream()
                    .filter(t -> t.itemsWritten() >= MIN_ITEMS_FOR_RATE && t.seconds() > 0)
                    .forEach(t -> rates.add(t.itemsWritten() / t.seconds() / Math.max(1, t.segments()))));
        }
        if (rates.isEmpty()) {
            return null;
        }
        rates.sort(null);
        return rates.get(rates.size() / 2);
    }
}
