package dev.dmig.journal;

import dev.dmig.csv.CsvCell;
import dev.dmig.run.Deadline;
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
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Old ID → new ID, as CSV, for teams that must update references held outside DynamoDB (S3 keys,
 * Cognito attributes, analytics). The journal records every key a run writes, with its source ID,
 * before the write: the map is its projection, available during the run and after it. Cells are written as
 * {@link CsvCell} says (escaped against spreadsheet formulas).
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

    /** Writes {@code old_id,new_id} lines for one model of a run; returns how many records. */
    public long write(String runId, String model, String idAttribute, Writer out) {
        return write(runId, model, idAttribute, out, Deadline.none());
    }

    /** The same, giving up with {@link OutOfTimeException} once {@code deadline} has passed. */
    public long write(String runId, String model, String idAttribute, Writer out, Deadline deadline) {
        return write(journal.entries(runId, model), model, idAttribute, out, deadline);
    }

    private long write(List<String> keys, String model, String idAttribute, Writer out, Deadline deadline) {
        long count = 0;
        try (EntryReader entries = journal.reader(keys)) {
            out.write("old_id,new_id\n");
            while (entries.hasNext()) {
                if (deadline.passed()) {
                    throw new OutOfTimeException("the ID map of " + model + " was not finished within Finalize's time");
                }
                for (JournalRecord record : entries.next().entry().records()) {
                    Map<String, AttributeValue> target = DynamoJson.item(record.key());
                    AttributeValue newId = target.get(idAttribute);
                    if (record.sourceId() == null || newId == null) {
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
        return count;
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
        artifacts.putStreaming(RunLayout.idMap(runId, model), "text/csv", out -> count[0] = write(keys, model, idAttribute,
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)), deadline));
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
