package dev.dmig.journal;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.InMemoryArtifactStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EntryReaderTest {
    private final InMemoryArtifactStore stored = new InMemoryArtifactStore();
    private final AtomicInteger reading = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    /** The store, each read taking longer the earlier its entry: reads finish in the reverse of their order. */
    private final ArtifactStore slowEarlyReads = new ForwardingArtifactStore(stored) {
        @Override
        public Optional<byte[]> get(String key) {
            mostAtOnce.accumulateAndGet(reading.incrementAndGet(), Math::max);
            try {
                Thread.sleep(Math.max(0, 40 - 2 * RunLayout.journalSeq(key)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                reading.decrementAndGet();
            }
            return super.get(key);
        }
    };
    private final Journal journal = new Journal(slowEarlyReads);

    private void write(long seq) {
        journal.write(new JournalEntry("run1", "Contacts", "Contacts-prod", 0, seq, "full",
                List.of(new JournalRecord(JournalRecord.Action.CREATED, DynamoJson.item(item("id", s("new-" + seq))), "old-" + seq, null))), false);
    }

    @Test
    void entries_comeInTheirOrder_whileSeveralAreReadAtOnce() {
        for (long seq = 0; seq < 20; seq++) {
            write(seq);
        }
        List<String> sourceIds = new ArrayList<>();
        try (EntryReader reader = journal.reader(journal.entries("run1", "Contacts"))) {
            while (reader.hasNext()) {
                EntryReader.Read read = reader.next();
                assertThat(RunLayout.journalSeq(read.key())).isEqualTo(read.entry().seq());
                sourceIds.add(read.entry().records().get(0).sourceId());
            }
        }
        assertThat(sourceIds).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).mapToObj(seq -> "old-" + seq).toList());
        assertThat(mostAtOnce.get()).isBetween(2, EntryReader.READ_AHEAD);
    }

    @Test
    void anEntryListedButGone_failsItsRead_namingIt() {
        write(0);
        write(1);
        List<String> keys = journal.entries("run1", "Contacts");
        stored.delete(keys.get(1));
        try (EntryReader reader = journal.reader(keys)) {
            assertThat(reader.next().entry().seq()).isZero();
            assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class)
                    .hasMessage("journal entry " + keys.get(1) + " was listed but cannot be read");
        }
    }
}
