package dev.dmig.analysis;

import dev.dmig.run.RunFiles;
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

    private EarlierRuns(List<RunManifest> succeeded) {
        this.succeeded = succeeded;
    }

    /** The latest succeeded full runs into {@code targetSuffix}, newest first. */
    static EarlierRuns into(ArtifactStore artifacts, String targetSuffix, String thisRun) {
        List<RunManifest> runs = new ArrayList<>(RunFiles.manifests(artifacts, thisRun).values().stream()
                .filter(m -> m.mode() == RunMode.FULL && m.status() == RunStatus.SUCCEEDED && targetSuffix.equals(m.targetSuffix()))
                .toList());
        runs.sort(Comparator.comparing(RunManifest::createdAt).reversed());
        return new EarlierRuns(runs.subList(0, Math.min(RUNS_CONSIDERED, runs.size())));
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

    /**
     * The median items/s one segment task wrote in earlier runs (tables of at least 100 items), or
     * null; from their manifests, which hold the figures their reports show.
     */
    Double itemsPerSecondPerSegment() {
        List<Double> rates = new ArrayList<>();
        for (RunManifest run : succeeded) {
            if (run.progress() == null) {
                continue;
            }
            run.progress().forEach((model, table) -> {
                if (table.itemsWritten() >= MIN_ITEMS_FOR_RATE && table.millis() > 0) {
                    int segments = run.segments() == null ? 1 : run.segments().getOrDefault(model, 1);
                    rates.add(table.itemsWritten() / (table.millis() / 1000.0) / Math.max(1, segments));
                }
            });
        }
        if (rates.isEmpty()) {
            return null;
        }
        rates.sort(null);
        return rates.get(rates.size() / 2);
    }
}
