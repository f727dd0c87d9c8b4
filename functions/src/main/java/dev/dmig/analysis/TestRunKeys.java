package dev.dmig.analysis;

import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The target keys that earlier {@code test} runs into the same environment created and did not
 * roll back. A full run adopts those items (when identical) instead of calling them conflicts, so
 * "test, then migrate" works without a clean-up in between.
 */
final class TestRunKeys {
    private TestRunKeys() {}

    static Map<String, Set<String>> load(ArtifactStore artifacts, String targetSuffix, String thisRun) {
        Journal journal = new Journal(artifacts);
        Map<String, Set<String>> keys = new HashMap<>();
        for (String runId : artifacts.children(RunLayout.RUNS)) {
            if (runId.equals(thisRun)) {
                continue;
            }
            RunManifest manifest = artifacts.getJson(RunLayout.manifest(runId), RunManifest.class).orElse(null);
            if (manifest == null || manifest.mode() != RunMode.TEST || !targetSuffix.equals(manifest.targetSuffix())
                    || manifest.status() == RunStatus.ROLLED_BACK || manifest.status() == RunStatus.ROLLING_BACK) {
                continue;
            }
            for (String entryKey : journal.entries(runId)) {
                journal.read(entryKey).ifPresent(entry -> entry.records().stream()
                        .filter(r -> r.action() == JournalRecord.Action.CREATED)
                        .forEach(r -> keys.computeIfAbsent(entry.model(), m -> new HashSet<>()).add(Journal.keyId(r))));
            }
        }
        return keys;
    }
}
