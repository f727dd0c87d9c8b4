package dev.dmig.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.store.DynamoJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A write to a source table is impossible, even through a wrong or tampered plan or journal: every
 * write goes through one guarded path, and that path refuses anything but target tables.
 */
class SourceProtectionTest {
    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void aFrozenPlanTamperedToTargetTheSource_isRefused_andNothingIsWritten() {
        RunState state = app.analyze(app.fullRequest("tampered"));
        String tampered = app.planJson().replace(SampleMigration.TARGET, SampleMigration.SOURCE);
        app.artifacts.put(RunLayout.plan("tampered"), tampered.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThatThrownBy(() -> app.migrate(state, 60_000)).isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("source and target table suffixes are the same");
        assertThat(app.items.tablesWrittenTo()).isEmpty();
    }

    @Test
    void aJournalEntryNamingASourceTable_isNeverRolledBack() {
        app.fullRun("full1");
        Map<String, Map<String, Map<String, AttributeValue>>> sourceBefore = app.snapshot(app.sourceTables());
        String key = app.artifacts.keys().stream().filter(k -> RunLayout.journalSeq(k) >= 0).findFirst().orElseThrow();
        JournalEntry entry = new Journal(app.artifacts).read(key).orElseThrow();
        Map<String, AttributeValue> sourceItem = app.items.snapshot(SampleMigration.source(entry.model())).values().iterator().next();
        JournalEntry forged = new JournalEntry(entry.runId(), entry.model(), SampleMigration.source(entry.model()), entry.segment(),
                entry.seq(), entry.mode(), List.of(new JournalRecord(JournalRecord.Action.CREATED,
                        DynamoJson.item(Map.of("id", sourceItem.get("id"))), null, null)));
        app.artifacts.putGzipJson(key, forged);
        assertThatThrownBy(() -> app.rollBack("full1", "rb")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to roll it back");
        assertThat(app.snapshot(app.sourceTables())).isEqualTo(sourceBefore);
    }

    @Test
    void theGuard_refusesSourceAndForeignTables_beforeAnyRequest() {
        WriteGuard guard = new WriteGuard(SampleMigration.SOURCE, SampleMigration.TARGET);
        assertThatThrownBy(() -> guard.check("Contacts" + SampleMigration.SOURCE)).isInstanceOf(SourceWriteRefusedException.class)
                .hasMessage("refusing to write to table Contacts" + SampleMigration.SOURCE + ": it carries the source suffix "
                        + SampleMigration.SOURCE + " (dmig never writes to a source table)");
        assertThatThrownBy(() -> guard.check("Contacts-elsewhere")).isInstanceOf(SourceWriteRefusedException.class);
        guard.check("Contacts" + SampleMigration.TARGET);
    }

    @Test
    void everyWriteInTheCore_goesThroughTheGuardedBatchWriter() throws IOException {
        Path main = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                String name = file.getFileName().toString();
                for (String write : List.of(".putItem(", ".deleteItem(", ".updateItem(", ".transactWriteItems(",
                        ".batchWriteItem(", ".executeStatement(", ".batchExecuteStatement(")) {
                    if (code.contains(write)) {
                        assertThat(name).as("%s calls %s", file, write).isEqualTo("DynamoDbItemStore.java");
                        assertThat(write).as("the only DynamoDB write calls").isIn(".batchWriteItem(", ".transactWriteItems(",
                                ".putItem(", ".deleteItem(");
                    }
                }
                for (String write : List.of(".batchWriteOnce(", ".writeIfOnce(")) {
                    // SidedItemStore passes a write on to the target account's store only (its own test checks that);
                    // ForwardingItemStore passes it on to the store it wraps, which is what the writer was given.
                    if (code.contains(write) && !name.equals("ItemStore.java") && !name.equals("DynamoDbItemStore.java")
                            && !name.equals("SidedItemStore.java") && !name.equals("ForwardingItemStore.java")) {
                        assertThat(name).as("%s writes items without the guarded writer", file).isEqualTo("BatchWriter.java");
                    }
                }
            }
        }
        String writer = Files.readString(main.resolve("dev/dmig/migrate/BatchWriter.java"));
        // One way in for every write: it checks the guard first, and sends every batch.
        assertThat(writer.split("guard\\.check\\(table\\)", -1)).as("one guard check").hasSize(2);
        assertThat(writer.split("\\.submit\\(", -1)).as("one place sends batches").hasSize(2);
        int start = writer.indexOf("private Pending start(");
        assertThat(start).as("the one way in").isPositive();
        assertThat(writer.indexOf("guard.check(table)")).as("the guard checked in it").isGreaterThan(start)
                .isLessThan(writer.indexOf(".submit("));
    }
}
