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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EntryReaderTest {
    private static final int ENTRIES = 20;

    private final InMemoryArtifactStore stored = new InMemoryArtifactStore();
    private final Journal journal = new Journal(stored);
    /** Per entry (by its seq): its read has started; the test lets it go; its read has ended. */
    private final Map<Long, CountDownLatch> started = new ConcurrentHashMap<>();
    private final Map<Long, CountDownLatch> letGo = new ConcurrentHashMap<>();
    private final Map<Long, CountDownLatch> ended = new ConcurrentHashMap<>();
    private final AtomicInteger reading = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    /** The store, each read of an entry held until the test lets it go: the test says in what order reads end. */
    private final ArtifactStore heldReads = new ForwardingArtifactStore(stored) {
        @Override
        public Optional<byte[]> get(String key) {
            long seq = RunLayout.journalSeq(key);
            mostAtOnce.accumulateAndGet(reading.incrementAndGet(), Math::max);
            try {
                latch(started, seq).countDown();
                if (!latch(letGo, seq).await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the read of entry " + seq + " was never let go");
                }
                return super.get(key);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                reading.decrementAndGet();
                latch(ended, seq).countDown();
            }
        }
    };

    private static CountDownLatch latch(Map<Long, CountDownLatch> latches, long seq) {
        return latches.computeIfAbsent(seq, any -> new CountDownLatch(1));
    }

    private static void await(Map<Long, CountDownLatch> latches, long seq, String what) throws InterruptedException {
        assertThat(latch(latches, seq).await(10, TimeUnit.SECONDS)).as(what + " (waited 10 s)").isTrue();
    }

    /** A test that failed half-way lets go of the reads it held. */
    @AfterEach
    void letGoOfAll() {
        LongStream.range(0, ENTRIES).forEach(seq -> latch(letGo, seq).countDown());
    }

    private void write(long seq) {
        journal.write(new JournalEntry("run1", "Contacts", "Contacts-prod", 0, seq, "full",
                List.of(new JournalRecord(JournalRecord.Action.CREATED, DynamoJson.item(item("id", s("new-" + seq))), "old-" + seq, null))), false);
    }

    @Test
    void entries_comeInTheirOrder_whileSeveralAreReadAtOnce() throws InterruptedException {
        for (long seq = 0; seq < ENTRIES; seq++) {
            write(seq);
        }
        List<String> sourceIds = new ArrayList<>();
        try (EntryReader reader = new Journal(heldReads).reader(journal.entries("run1", "Contacts"))) {
            // The first READ_AHEAD reads all start while none has ended: they are on their way side by side.
            for (long seq = 0; seq < EntryReader.READ_AHEAD; seq++) {
                await(started, seq, "the read of entry " + seq + " started while the reads before it were held");
            }
            // They end from the last to the first: each entry is read before the one ahead of it.
            for (long seq = EntryReader.READ_AHEAD - 1; seq >= 0; seq--) {
                latch(letGo, seq).countDown();
                await(ended, seq, "the read of entry " + seq + " ended");
            }
            for (long seq = 0; seq < ENTRIES; seq++) {
                EntryReader.Read read = reader.next();
                assertThat(read.entry().seq()).isEqualTo(seq);
                assertThat(RunLayout.journalSeq(read.key())).isEqualTo(seq);
                sourceIds.add(read.entry().records().get(0).sourceId());
                // Taking an entry starts the read of the one READ_AHEAD after it, let go as soon as it starts.
                long following = seq + EntryReader.READ_AHEAD;
                if (following < ENTRIES) {
                    await(started, following, "the read of entry " + following + " started once entry " + seq + " was taken");
                    latch(letGo, following).countDown();
                }
            }
            assertThat(reader.hasNext()).isFalse();
        }
        assertThat(sourceIds).containsExactlyElementsOf(LongStream.range(0, ENTRIES).mapToObj(seq -> "old-" + seq).toList());
        assertThat(mostAtOnce).as("reads on their way at once").hasValue(EntryReader.READ_AHEAD);
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
