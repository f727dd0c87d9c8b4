package dev.dmig.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import dev.dmig.store.SdkRetries;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Copies one scan segment of one table until it is done or the deadline passes: page by page,
 * journal first, then the batch, then the checkpoint. A repeated call continues from the
 * checkpoint; a page interrupted half-way is re-written with identical content.
 */
public final class SegmentMigrator {
    private final ItemStore items;
    private final ArtifactStore artifacts;
    private final Journal journal;
    private final ExecutorService writePool;
    private final FaultInjector faults;
    private final int pageSize;
    private final int maxWriteAttempts;

    public SegmentMigrator(ItemStore items, ArtifactStore artifacts, ExecutorService writePool, FaultInjector faults,
                           int pageSize, int maxWriteAttempts) {
        this.items = items;
        this.artifacts = artifacts;
        this.journal = new Journal(artifacts);
        this.writePool = writePool;
        this.faults = faults;
        this.pageSize = pageSize;
        this.maxWriteAttempts = maxWriteAttempts;
    }

    public SegmentProgress migrate(String runId, String model, int segment, int totalSegments, Deadline deadline) {
        MigrationPlan plan = RunFiles.plan(artifacts, runId);
        String checkpointKey = RunLayout.checkpoint(runId, model, segment);
        Checkpoint checkpoint = artifacts.getJson(checkpointKey, Checkpoint.class)
                .orElseGet(() -> Checkpoint.start(model, segment, totalSegments));
        if (checkpoint.done()) {
            return SegmentProgress.of(checkpoint);
        }
        checkpoint = checkpoint.invoked();
        String sourceTable = plan.sourceTable(model);
        String targetTable = plan.targetTable(model);
        TableInfo target = items.describe(targetTable)
                .orElseThrow(() -> new IllegalStateException("table " + model + ": target table " + targetTable + " disappeared"));
        ItemTransformer transformer = new ItemTransformer(plan);
        Integer limit = plan.table(model).writeRateLimit() != null ? plan.table(model).writeRateLimit() : plan.writeRateLimit();
        BatchWriter writer = new BatchWriter(items, WriteGuard.of(plan), writePool, dev.dmig.store.Sleeper.REAL, maxWriteAttempts,
                WriteRate.share(limit, totalSegments));
        Map<String, JournalRecord> recovered = journal.recover(runId, model, segment, checkpoint.nextSeq());
        Set<String> adopted = plan.onConflict() == ConflictPolicy.ABORT ? adoptedKeys(runId, model) : Set.of();
        AtomicLong readRetries = new AtomicLong();
        while (true) {
            long started = System.nanoTime();
            Map<String, AttributeValue> startKey = DynamoJson.item(checkpoint.lastEvaluatedKey());
            long readRetriesBefore = readRetries.get();
            ScanPage page = SdkRetries.counting(readRetries,
                    () -> items.scan(sourceTable, segment, totalSegments, startKey, pageSize, false));
            List<JournalRecord> records = new ArrayList<>(page.items().size());
            List<WriteRequest> puts = new ArrayList<>(page.items().size());
            classify(plan, model, transformer, target, page.items(), recovered, adopted, records, puts);
            if (!records.isEmpty()) {
                journal.write(new JournalEntry(runId, model, targetTable, segment, checkpoint.nextSeq(), "full", records));
            }
            faults.beforeBatch(runId, model, segment, checkpoint.itemsWritten());
            long retriesBefore = writer.unprocessedRetries();
            long sdkBefore = writer.sdkRetries();
            writer.write(targetTable, puts);
            faults.afterBatch(runId, model, segment, checkpoint.itemsWritten() + puts.size());
            JsonNode lastKey = page.last() ? null : DynamoJson.item(page.lastEvaluatedKey());
            long sdk = writer.sdkRetries() - sdkBefore + readRetries.get() - readRetriesBefore;
            checkpoint = checkpoint.advance(lastKey, page.items().size(), puts.size(), page.items().size() - puts.size(),
                    writer.unprocessedRetries() - retriesBefore, sdk, (System.nanoTime() - started) / 1_000_000, page.last());
            artifacts.putJson(checkpointKey, checkpoint);
            if (checkpoint.done() || deadline.passed()) {
                return SegmentProgress.of(checkpoint);
            }
        }
    }

    private void classify(MigrationPlan plan, String model, ItemTransformer transformer, TableInfo target,
                          List<Map<String, AttributeValue>> sourceItems, Map<String, JournalRecord> recovered,
                          Set<String> adopted, List<JournalRecord> records, List<WriteRequest> puts) {
        String idAttribute = plan.table(model).idAttribute();
        List<Map<String, AttributeValue>> transformed = new ArrayList<>(sourceItems.size());
        List<ObjectNode> keys = new ArrayList<>(sourceItems.size());
        for (Map<String, AttributeValue> source : sourceItems) {
            Map<String, AttributeValue> item = transformer.transform(model, source);
            transformed.add(item);
            keys.add(DynamoJson.item(target.keyOf(item)));
        }
        Map<String, Map<String, AttributeValue>> existing = plan.onConflict() == ConflictPolicy.ABORT
                ? Map.of()
                : existingAt(target, transformed);
        for (int i = 0; i < transformed.size(); i++) {
            Map<String, AttributeValue> item = transformed.get(i);
            ObjectNode key = keys.get(i);
            String keyId = key.toString();
            AttributeValue sourceId = sourceItems.get(i).get(idAttribute);
            String oldId = sourceId != null && sourceId.type() == AttributeValue.Type.S ? sourceId.s() : null;
            JournalRecord record = recovered.get(keyId);
            if (record == null) {
                Map<String, AttributeValue> there = existing.get(keyId);
                if (adopted.contains(keyId)) {
                    record = new JournalRecord(JournalRecord.Action.SKIPPED, key, oldId, null);
                } else if (there == null) {
                    record = new JournalRecord(JournalRecord.Action.CREATED, key, oldId, null);
                } else if (plan.onConflict() == ConflictPolicy.SKIP) {
                    record = new JournalRecord(JournalRecord.Action.SKIPPED, key, oldId, null);
                } else {
                    record = new JournalRecord(JournalRecord.Action.OVERWRITTEN, key, oldId, DynamoJson.item(there));
                }
            }
            records.add(record);
            if (record.action() != JournalRecord.Action.SKIPPED) {
                puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
        }
    }

    private Map<String, Map<String, AttributeValue>> existingAt(TableInfo target, List<Map<String, AttributeValue>> transformed) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(transformed.size());
        transformed.forEach(item -> keys.add(target.keyOf(item)));
        Map<String, Map<String, AttributeValue>> existing = new HashMap<>();
        for (Map<String, AttributeValue> item : items.getAll(target.name(), keys, true)) {
            existing.put(DynamoJson.item(target.keyOf(item)).toString(), item);
        }
        return existing;
    }

    private Set<String> adoptedKeys(String runId, String model) {
        Set<String> keys = new HashSet<>();
        artifacts.getJson(RunLayout.adopted(runId, model), JsonNode.class)
                .ifPresent(list -> list.forEach(key -> keys.add(key.toString())));
        return keys;
    }
}
