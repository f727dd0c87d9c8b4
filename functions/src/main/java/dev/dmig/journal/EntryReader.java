package dev.dmig.journal;

import dev.dmig.Tasks;
import dev.dmig.store.Reads;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * Journal entries read in a given order, a few ahead of the one being used: each read is a store round trip
 * (tens of milliseconds on S3), and a caller going through thousands of entries (the ID map, a rollback)
 * would otherwise wait for each in turn. Reads only; an entry missing from the store fails the read.
 */
public final class EntryReader implements AutoCloseable {
    /** Entries read at once by one reader. */
    static final int READ_AHEAD = 8;

    /** One entry and its key. */
    public record Read(String key, JournalEntry entry) {}

    private final Journal journal;
    private final List<String> keys;
    private final Deque<CompletableFuture<Read>> ahead = new ArrayDeque<>();
    private int next;

    EntryReader(Journal journal, List<String> keys) {
        this.journal = journal;
        this.keys = List.copyOf(keys);
        fill();
    }

    public boolean hasNext() {
        return !ahead.isEmpty();
    }

    /** The next entry in order, once read. */
    public Read next() {
        CompletableFuture<Read> head = ahead.poll();
        if (head == null) {
            throw new NoSuchElementException("no journal entry left to read");
        }
        Read read = Tasks.join(head);
        fill();
        return read;
    }

    private void fill() {
        while (ahead.size() < READ_AHEAD && next < keys.size()) {
            String key = keys.get(next++);
            ahead.add(Reads.start(() -> new Read(key, journal.read(key)
                    .orElseThrow(() -> new IllegalStateException("journal entry " + key + " was listed but cannot be read")))));
        }
    }

    /** Drops the entries read ahead and not used. */
    @Override
    public void close() {
        ahead.forEach(read -> read.cancel(false));
        ahead.clear();
    }
}
