package dev.dmig.feature.files;

import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunManifest;
import dev.dmig.run.SharedObjects;
import dev.dmig.store.ArtifactStore;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link SharedObjects} from the runs' journals: the keys an earlier run created or overwrote, against every key a later
 * run journaled in the same target bucket. Only the journals of tables whose plan has file references are read.
 */
final class JournalObjects implements SharedObjects {
    private final ArtifactStore artifacts;
    private final Journal journal;

    JournalObjects(ArtifactStore artifacts) {
        this.artifacts = artifacts;
        this.journal = new Journal(artifacts);
    }

    @Override
    public Optional<String> shared(RunManifest earlier, RunManifest later) {
        MigrationPlan earlierPlan = RunFiles.plan(artifacts, earlier);
        MigrationPlan laterPlan = RunFiles.plan(artifacts, later);
        String bucket = earlierPlan.storage().targetBucket();
        if (!earlierPlan.copiesFiles() || !laterPlan.copiesFiles() || !Objects.equals(bucket, laterPlan.storage().targetBucket())) {
            return Optional.empty();
        }
        Set<String> written = keys(earlier.runId(), earlierPlan, record -> !record.action().leftAlone());
        if (written.isEmpty()) {
            return Optional.empty();
        }
        for (String key : keys(later.runId(), laterPlan, record -> true)) {
            if (written.contains(key)) {
                return Optional.of(bucket + "/" + key);
            }
        }
        return Optional.empty();
    }

    private Set<String> keys(String runId, MigrationPlan plan, Predicate<ObjectRecord> which) {
        Set<String> keys = new HashSet<>();
        List<String> models = plan.migratedModels().stream().filter(model -> !plan.table(model).files().isEmpty()).toList();
        for (String model : models) {
            try (EntryReader reader = journal.reader(journal.entries(runId, model))) {
                while (reader.hasNext()) {
                    reader.next().entry().objects().stream().filter(which).map(ObjectRecord::key).forEach(keys::add);
                }
            }
        }
        return keys;
    }
}
