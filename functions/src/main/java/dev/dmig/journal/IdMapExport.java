package dev.dmig.journal;

import dev.dmig.csv.CsvCell;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunFiles;
import dev.dmig.run.OutOfTimeException;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Old ID → new ID, as CSV, for teams that must update references held outside DynamoDB (S3 keys,
 * Cognito attributes, analytics). The journal records every key a run writes, with its source ID,
 * before the write: the map is its projection, available during the run and after it. A key a followed run's
 * following deleted last (the source deleted the item, or soft-deleted a DataStore row the run leaves out) holds nothing
 * of the run: it is left out and counted apart ({@link Written#deleted}), so that the map lists what the target holds
 * of the run. A key the run left to production (a conflict skipped, a late arrival, production's record following left
 * as it is) is not listed: the run wrote nothing there. Cells are written as {@link CsvCell} says (escaped against spreadsheet formulas).
 */
public final class IdMapExport {
    /** Finalize stores {@code idmap/<Model>.csv} for models of up to this many items read; larger ones use the CLI. */
    public static final long STORED_LIMIT = 1_000_000;

    private final ArtifactStore artifacts;
    private final Journal journal;

    public IdMapExport(ArtifactStore artifacts) {
        this.artifacts = artifacts;
        this.journal = new Journal(artifacts);
    }

    /**
     * What an ID map holds: {@code listed}, the pairs written; {@code deleted}, the keys of the run left out as following
     * deleted them last.
     */
    public record Written(long listed, long deleted) {}

    /** Writes {@code old_id,new_id} lines for one model of a run. */
    public Written write(String runId, String model, String idAttribute, Writer out) {
        return write(runId, model, idAttribute, out, Deadline.none());
    }

    /** The same, giving up with {@link OutOfTimeException} once {@code deadline} has passed. */
    public Written write(String runId, String model, String idAttribute, Writer out, Deadline deadline) {
        return write(journal.entries(runId, model), model, idAttribute, out, deadline, listed(runId, model));
    }

    /**
     * Which records the map lists: those of keys the run wrote, and of the records it took as its own without writing
     * them (a test run's it took over, a pair a {@code match} keeps); not a key it left to production (a conflict skipped,
     * a record that arrived or changed before its write, production's records following left).
     */
    private java.util.function.BiPredicate<JournalEntry, JournalRecord> listed(String runId, String model) {
        Set<String> adopted = RunFiles.adopted(artifacts, runId, model);
        // Read at the first record the run left alone: most runs have none.
        java.util.concurrent.atomic.AtomicReference<Boolean> pairs = new java.util.concurrent.atomic.AtomicReference<>();
        return (entry, record) -> !record.action().leftAlone() || adopted.contains(Journal.keyId(record))
                || (record.action() == JournalRecord.Action.SKIPPED && entry.segment() != RunLayout.FOLLOW_SEGMENT
                && pairs.updateAndGet(read -> read != null ? read
                : RunFiles.plan(artifacts, runId).table(model).pairedBy() != null));
    }

    @SuppressWarnings("checkstyle:ParameterNumber") // one model's entries, where to write, and which records are listed
    private Written write(List<String> keys, String model, String idAttribute, Writer out, Deadline deadline,
                          java.util.function.BiPredicate<JournalEntry, JournalRecord> listed) {
        Set<String> deleted = deletedByFollowing(keys);
        long count = 0;
        long left = 0;
        try (EntryReader entries = journal.reader(keys)) {
            out.write("old_id,new_id\n");
            while (entries.hasNext()) {
                if (deadline.passed()) {
                    throw new OutOfTimeException("the ID map of " + model + " was not finished within Finalize's time");
                }
                JournalEntry entry = entries.next().entry();
                for (JournalRecord record : entry.records()) {
                    Map<String, AttributeValue> target = DynamoJson.item(record.key());
                    AttributeValue newId = target.get(idAttribute);
                    if (record.sourceId() == null || newId == null || !listed.test(entry, record)) {
                        continue;
                    }
                    if (deleted.contains(Journal.keyId(record))) {
                        left++;
                        continue;
                    }
                    out.write(CsvCell.write(record.sourceId()) + "," + CsvCell.write(ItemKeys.scalar(newId)) + "\n");
                    count++;
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Written(count, left);
    }

    /**
     * The keys whose last state in the journal of following ({@link RunLayout#FOLLOW_SEGMENT}) is no item: its records
     * and later writes, in order, the last of each key's saying what the run left there. Read before the map is
     * written; no more than the keys following touched is held.
     */
    private Set<String> deletedByFollowing(List<String> keys) {
        String unit = "/" + RunLayout.FOLLOW_SEGMENT + "/";
        List<String> following = keys.stream().filter(key -> key.contains(unit)).toList();
        Map<String, Boolean> last = new HashMap<>();
        try (EntryReader entries = journal.reader(following)) {
            while (entries.hasNext()) {
                JournalEntry entry = entries.next().entry();
                entry.records().stream().filter(record -> !record.action().leftAlone())
                        .forEach(record -> last.put(Journal.keyId(record), record.written() != null));
                entry.laterWrites().forEach(write -> last.put(write.key().toString(), write.written() != null));
            }
        }
        Set<String> deleted = new HashSet<>();
        last.forEach((key, holds) -> {
            if (!holds) {
                deleted.add(key);
            }
        });
        return deleted;
    }

    /**
     * Stores {@code runs/<runId>/idmap/<Model>.csv} for a model whose run read up to {@link #STORED_LIMIT} items,
     * streaming journal entry by journal entry, one upload part at a time; returns the records stored, or
     * {@code -1} when the model wrote nothing. Larger maps come from {@code dmig idmap}.
     */
    public long store(String runId, String model, String idAttribute, Deadline deadline) {
        List<String> keys = journal.entries(runId, model);
        if (keys.isEmpty()) {
            return -1;
        }
        long[] count = {0};
        java.util.function.BiPredicate<JournalEntry, JournalRecord> listed = listed(runId, model);
        artifacts.putStreaming(RunLayout.idMap(runId, model), "text/csv", out -> count[0] = write(keys, model, idAttribute,
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)), deadline, listed).listed());
        return count[0];
    }

    /**
     * {@code runs/<runId>/idmap/index.json}: the maps ExportIdMaps stored, for each other model why not
     * and the command that writes it, and the models it has still to do (empty once it is done).
     */
    public record Index(Map<String, Long> stored, Map<String, String> notStored, List<String> pending) {
        public Index {
            pending = pending == null ? List.of() : List.copyOf(pending);
        }
    }
}
