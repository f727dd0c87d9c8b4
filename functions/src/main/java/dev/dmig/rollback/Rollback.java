package dev.dmig.rollback;

import dev.dmig.Settings;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.migrate.BatchWriter;
import dev.dmig.migrate.WriteGuard;
import dev.dmig.migrate.WriteRate;
import dev.dmig.migrate.WriteWindows;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.OutOfTimeException;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.run.WriterFence;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sleeper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Undoes a run from its journal: deletes the keys it created, puts back the pre-images of the
 * items it overwrote, children's tables first. It first stops the run's writers ({@link WriterFence})
 * and waits for those mid-page, then works through the journal as listed, and is done only when a
 * new listing shows no entry it has not undone. Idempotent, so running it twice is harmless. A key
 * that cannot be restored after retries is recorded by name and the rollback is reported
 * incomplete, never successful.
 */
public final class Rollback {
    private static final long WRITER_POLL_MILLIS = 500;

    /** The process's own store; {@link #items} reaches a plan's sides from it. */
    private final ItemStore home;
    private final ArtifactStore artifacts;
    private final ExecutorService writePool;
    private final Settings settings;
    private final Sleeper sleeper;
    private final WriterFence fence;
    private final WriteWindows windows;

    public Rollback(ItemStore items, ArtifactStore artifacts, ExecutorService writePool, Settings settings, Sleeper sleeper) {
        this(items, artifacts, new WriterFence(artifacts), writePool, settings, sleeper,
                new WriteWindows(settings.writeConcurrency(), settings.throttlePatienceMillis()));
    }

    /** {@code windows}: shared with the process's other writers, so that a throttled table is paced as one. */
    public Rollback(ItemStore items, ArtifactStore artifacts, WriterFence fence, ExecutorService writePool, Settings settings,
                    Sleeper sleeper, WriteWindows windows) {
        this.windows = windows;
        this.home = items;
        this.artifacts = artifacts;
        this.writePool = writePool;
        this.settings = settings;
        this.sleeper = sleeper;
        this.fence = fence;
    }

    private ItemStore items(MigrationPlan plan) {
        return home.across(plan.sides());
    }

    public RollbackProgress rollBack(String runId, String execution, RunManifest.Failure reason, Deadline deadline) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        MigrationPlan plan = RunFiles.plan(artifacts, runId);
        Journal journal = new Journal(artifacts);
        String progressKey = RunLayout.rollbackProgress(runId, execution);
        RollbackResult result = artifacts.getJson(progressKey, RollbackResult.class).orElse(null);
        if (result == null) {
            // The fence goes up before anything is read: from here on no writer of the run starts another page.
            fence.raise(runId, execution);
            artifacts.putJson(RunLayout.manifest(runId), withReason(manifest, RunStatus.ROLLING_BACK, reason));
            result = new RollbackResult(runId, execution, reason == null ? null : reason.error(), 0, 0, 0, 0, 0, 0,
                    List.of(), false, Instant.now().toString(), null);
            artifacts.putJson(progressKey, result);
        }
        String entriesKey = RunLayout.rollbackEntries(runId, execution);
        List<String> entries = artifacts.getGzipJson(entriesKey, String[].class).map(List::of).orElse(null);
        if (entries == null) {
            // Writers that were mid-page when the fence went up finish that page first; undoing before they
            // have would leave their last writes behind.
            List<WriterFence.Writer> writing = awaitWriters(runId, deadline);
            if (!writing.isEmpty()) {
                return new RollbackProgress(false, false, 0, 0, 0, writing.size());
            }
            entries = ordered(journal.entries(runId), manifest);
            artifacts.putGzipJson(entriesKey, entries);
            result = result.listed(entries.size());
            artifacts.putJson(progressKey, result);
        }
        BatchWriter writer = new BatchWriter(items(plan), WriteGuard.of(plan), writePool, sleeper, windows, WriteRate.UNLIMITED,
                deadline);
        while (true) {
            // At least one entry per call, so that even a deadline already passed makes progress.
            int start = result.nextEntry();
            while (result.nextEntry() < entries.size() && (result.nextEntry() == start || !deadline.passed())) {
                JournalEntry entry = journal.read(entries.get(result.nextEntry())).orElseThrow();
                try {
                    result = undo(entry, plan, writer, result);
                } catch (OutOfTimeException e) {
                    // Undoing is idempotent: the next call undoes this entry again, whole.
                    return new RollbackProgress(false, false, result.deleted(), result.restored(), result.failed(), 0);
                }
                artifacts.putJson(progressKey, result);
            }
            if (result.nextEntry() < entries.size()) {
                return new RollbackProgress(false, false, result.deleted(), result.restored(), result.failed(), 0);
            }
            // Done only when listing the journal again shows nothing this pass has not undone.
            Set<String> undone = new HashSet<>(entries);
            List<String> more = journal.entries(runId).stream().filter(key -> !undone.contains(key)).toList();
            if (more.isEmpty()) {
                break;
            }
            List<String> extended = new ArrayList<>(entries);
            extended.addAll(ordered(more, manifest));
            entries = List.copyOf(extended);
            artifacts.putGzipJson(entriesKey, entries);
            result = result.listed(entries.size());
            artifacts.putJson(progressKey, result);
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
        return new RollbackProgress(true, result.failed() == 0, result.deleted(), result.restored(), result.failed(), 0);
    }

    /** Waits, within the deadline, until no lease of the run is live; returns those still live when it gave up. */
    private List<WriterFence.Writer> awaitWriters(String runId, Deadline deadline) {
        while (true) {
            List<WriterFence.Writer> writing = fence.liveWriters(runId, Instant.now());
            if (writing.isEmpty() || deadline.passed()) {
                return writing;
            }
            sleeper.sleep(Math.min(WRITER_POLL_MILLIS, Math.max(1, deadline.remainingMillis())));
        }
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
                case SKIPPED, LATE -> skipped++;
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
