package dev.dmig.rollback;

import dev.dmig.Settings;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.migrate.BatchWriter;
import dev.dmig.migrate.WriteGuard;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sleeper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Undoes a run from its journal: deletes the keys it created, puts back the pre-images of the
 * items it overwrote, children's tables first. Idempotent, so running it twice is harmless. A key
 * that cannot be restored after retries is recorded by name and the rollback is reported
 * incomplete, never successful.
 */
public final class Rollback {
    private final ItemStore items;
    private final ArtifactStore artifacts;
    private final ExecutorService writePool;
    private final Settings settings;
    private final Sleeper sleeper;

    public Rollback(ItemStore items, ArtifactStore artifacts, ExecutorService writePool, Settings settings, Sleeper sleeper) {
        this.items = items;
        this.artifacts = artifacts;
        this.writePool = writePool;
        this.settings = settings;
        this.sleeper = sleeper;
    }

    public RollbackProgress rollBack(String runId, String execution, RunManifest.Failure reason, Deadline deadline) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        MigrationPlan plan = RunFiles.plan(artifacts, runId);
        Journal journal = new Journal(artifacts);
        List<String> entries = ordered(journal.entries(runId), manifest);
        String progressKey = RunLayout.rollbackProgress(runId, execution);
        RollbackResult result = artifacts.getJson(progressKey, RollbackResult.class).orElse(null);
        if (result == null) {
            result = new RollbackResult(runId, execution, reason == null ? null : reason.error(), 0, entries.size(), 0, 0, 0, 0,
                    List.of(), false, Instant.now().toString(), null);
            artifacts.putJson(RunLayout.manifest(runId), withReason(manifest, RunStatus.ROLLING_BACK, reason));
        }
        BatchWriter writer = new BatchWriter(items, WriteGuard.of(plan), writePool, sleeper, settings.maxWriteAttempts());
        // At least one entry per call, so that even a deadline already passed makes progress.
        int start = result.nextEntry();
        while (result.nextEntry() < entries.size() && (result.nextEntry() == start || !deadline.passed())) {
            JournalEntry entry = journal.read(entries.get(result.nextEntry())).orElseThrow();
            result = undo(entry, plan, writer, result);
            artifacts.putJson(progressKey, result);
        }
        if (result.nextEntry() < entries.size()) {
            return new RollbackProgress(false, false, result.deleted(), result.restored(), result.failed());
        }
        result = result.finished(Instant.now().toString());
        artifacts.putJson(progressKey, result);
        artifacts.putJson(RunLayout.rollback(runId), result);
        RunStatus status = result.failed() == 0 ? RunStatus.ROLLED_BACK : RunStatus.ROLLBACK_INCOMPLETE;
        artifacts.putJson(RunLayout.manifest(runId), withReason(RunFiles.manifest(artifacts, runId), status, reason));
        // An incomplete rollback keeps the environment locked: nothing else should write over keys still to restore.
        if (status == RunStatus.ROLLED_BACK) {
            new RunLock(artifacts).release(plan.targetSuffix(), runId);
        }
        return new RollbackProgress(true, result.failed() == 0, result.deleted(), result.restored(), result.failed());
    }

    private RollbackResult undo(JournalEntry entry, MigrationPlan plan, BatchWriter writer, RollbackResult result) {
        String table = plan.targetTable(entry.model());
        if (!table.equals(entry.targetTable())) {
            throw new IllegalStateException("journal entry for " + entry.model() + " names table " + entry.targetTable()
                    + ", not the plan's target table " + table + "; refusing to roll it back");
        }
        List<WriteRequest> requests = new ArrayList<>();
        long skipped = 0;
        for (JournalRecord record : entry.records()) {
            switch (record.action()) {
                case CREATED -> requests.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                        .key(DynamoJson.item(record.key())).build()).build());
                case OVERWRITTEN -> requests.add(WriteRequest.builder().putRequest(PutRequest.builder()
                        .item(DynamoJson.item(record.preImage())).build()).build());
                case SKIPPED -> skipped++;
            }
        }
        // Every batch is tried; the keys of a batch that still fails after retries are named, the rest counted done.
        List<WriteRequest> failed = writer.writeEach(table, requests);
        long deleted = requests.stream().filter(r -> r.deleteRequest() != null).count()
                - failed.stream().filter(r -> r.deleteRequest() != null).count();
        long restored = requests.stream().filter(r -> r.putRequest() != null).count()
                - failed.stream().filter(r -> r.putRequest() != null).count();
        List<String> failedKeys = new ArrayList<>();
        for (WriteRequest request : failed) {
            var key = request.deleteRequest() != null ? request.deleteRequest().key() : keyOf(entry, request.putRequest().item());
            failedKeys.add(table + " " + ItemKeys.describe(key));
        }
        return result.advanced(result.nextEntry() + 1, deleted, restored, skipped, failedKeys);
    }

    /** The journaled key of a pre-image, so a failed restore is named by its key, not its content. */
    private static java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> keyOf(
            JournalEntry entry, java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        for (JournalRecord record : entry.records()) {
            if (record.preImage() != null && DynamoJson.item(record.preImage()).equals(item)) {
                return DynamoJson.item(record.key());
            }
        }
        return java.util.Map.of();
    }

    /** Children first: the run's levels in reverse, so a live target never holds a child without its parent. */
    private static List<String> ordered(List<String> entries, RunManifest manifest) {
        Map<String, List<String>> byModel = new LinkedHashMap<>();
        for (String key : entries) {
            String rest = key.substring(RunLayout.journal(manifest.runId()).length());
            byModel.computeIfAbsent(rest.substring(0, rest.indexOf('/')), m -> new ArrayList<>()).add(key);
        }
        List<String> ordered = new ArrayList<>();
        List<List<String>> levels = manifest.levels() == null ? List.of() : new ArrayList<>(manifest.levels());
        Collections.reverse(levels);
        for (List<String> level : levels) {
            for (String model : level) {
                List<String> keys = byModel.remove(model);
                if (keys != null) {
                    ordered.addAll(keys);
                }
            }
        }
        byModel.values().forEach(ordered::addAll);
        return ordered;
    }

    private static RunManifest withReason(RunManifest manifest, RunStatus status, RunManifest.Failure reason) {
        return reason == null ? manifest.with(status) : manifest.withFailure(status, reason);
    }
}
