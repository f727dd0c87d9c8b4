package dev.dmig.analysis;

import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.run.RunFiles;
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
        for (Map.Entry<String, RunManifest> run : RunFiles.manifests(artifacts, thisRun).entrySet()) {
            RunManifest manifest = run.getValue();
            if (manifest.mode() != RunMode.TEST || !targetSuffix.equals(manifest.targetSuffix())
                    || manifest.status() == RunStatus.ROLLED_BACK || manifest.status() == RunStatus.ROLLING_BACK) {
                continue;
            }
            try (EntryReader entries = journal.reader(journal.entries(run.getKey()))) {
                while (entries.hasNext()) {
                    JournalEntry entry = entries.next().entry();
                    entry.records().stream()
                            .filter(r -> r.action() == JournalRecord.Action.CREATED)
                            .forEach(r -> keys.computeIfAbsent(entry.model(), m -> new HashSet<>()).add(Journal.keyId(r)));
                }
            }
        }
        return keys;
    }
}
