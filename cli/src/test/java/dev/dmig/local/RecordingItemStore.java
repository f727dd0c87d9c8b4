package dev.dmig.local;

import dev.dmig.store.ForwardingItemStore;
import dev.dmig.store.ItemStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The real item store, with every BatchWriteItem call recorded: table, what it carried, when it started and ended. */
final class RecordingItemStore extends ForwardingItemStore {
    /** One BatchWriteItem call. */
    record Write(String table, int puts, int deletes, Instant start, Instant end) {}

    private final List<Write> writes = new CopyOnWriteArrayList<>();

    RecordingItemStore(ItemStore inner) {
        super(inner);
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    @Override
    public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
        Instant start = Instant.now();
        try {
            return inner.batchWriteOnce(table, requests);
        } finally {
            int puts = (int) requests.stream().filter(r -> r.putRequest() != null).count();
            writes.add(new Write(table, puts, requests.size() - puts, start, Instant.now()));
        }
    }

    @Override
    public dev.dmig.store.GuardedOutcome writeIfOnce(String table, List<dev.dmig.store.GuardedWrite> guarded) {
        Instant start = Instant.now();
        try {
            return inner.writeIfOnce(table, guarded);
        } finally {
            int puts = (int) guarded.stream().filter(w -> w.request().putRequest() != null).count();
            writes.add(new Write(table, puts, guarded.size() - puts, start, Instant.now()));
        }
    }
}
