package dev.dmig.store;

import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A process that dies at its {@code at}-th write, to the target's items or to the run's artifacts (a journal entry, a
 * checkpoint, a lease), the write carried out first or cut off: the stores it hands out count the writes made through
 * them and throw {@link Killed} there, and at every write after. A kill sweep runs once per write, as the process would
 * die there.
 */
public final class Deaths {
    private final int at;
    private final boolean carriedOut;
    private int count;
    private boolean died;

    public Deaths(int at, boolean carriedOut) {
        this.at = at;
        this.carriedOut = carriedOut;
    }

    /** Thrown where the process dies, and at every write it would make after. */
    public static final class Killed extends RuntimeException {
        Killed(String where) {
            super("killed at " + where);
        }
    }

    /** Whether the process died: the sweep's write was among those it made. */
    public synchronized boolean died() {
        return died;
    }

    private synchronized <T> T write(String where, Supplier<T> write) {
        if (died) {
            throw new Killed(where + " (after its death)");
        }
        if (++count != at) {
            return write.get();
        }
        died = true;
        T done = carriedOut ? write.get() : null;
        throw new Killed(where + (done == null ? "" : ", carried out"));
    }

    /** {@code inner}, its writes counted. */
    public ItemStore items(ItemStore inner) {
        return new ForwardingItemStore(inner) {
            @Override
            public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
                return write(table, () -> inner.batchWriteOnce(table, requests));
            }

            @Override
            public GuardedOutcome writeIfOnce(String table, List<GuardedWrite> writes) {
                return write(table, () -> inner.writeIfOnce(table, writes));
            }
        };
    }

    /** {@code inner}, its writes counted. */
    public ArtifactStore artifacts(ArtifactStore inner) {
        return new ForwardingArtifactStore(inner) {
            @Override
            public void put(String key, byte[] body, String contentType) {
                write(key, () -> {
                    super.put(key, body, contentType);
                    return null;
                });
            }

            @Override
            public boolean putIfAbsent(String key, byte[] body, String contentType) {
                return write(key, () -> super.putIfAbsent(key, body, contentType));
            }

            @Override
            public void delete(String key) {
                write(key, () -> {
                    super.delete(key);
                    return null;
                });
            }
        };
    }
}
