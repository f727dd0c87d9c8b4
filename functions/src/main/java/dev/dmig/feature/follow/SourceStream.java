package dev.dmig.feature.follow;

import java.util.List;
import java.util.Optional;

/**
 * A source table's change stream as dmig reads it: what the table says of its stream, the stream's shards, and a shard's
 * changes a page at a time. Read only: nothing here writes to a table or a stream.
 */
public interface SourceStream {
    /** The table's stream as DescribeTable gives it; empty when the table has none turned on. */
    Optional<StreamDescription> describe(String table);

    /** Every shard the stream holds now (closed ones within the retention period too), each naming its parent. */
    List<StreamShard> shards(String streamArn);

    /**
     * The changes of {@code shardId} from {@code position} on, a page: after a record's sequence number, from a sequence
     * number itself ({@link StreamShard#at}: a shard's first), or from the oldest record the stream keeps (null). A page
     * ends the shard only where the stream says it is closed and read to its end; a page with no change of an open shard
     * is "nothing more for now". Throws {@link ShardTrimmedException} when the stream no longer holds the records there.
     */
    ShardPage read(String streamArn, String shardId, String position, int limit);

    /**
     * Forgets where earlier reads left off: the next read of each shard starts from a new iterator at its position and
     * reads through empty pages, as a first read does. An iterator kept from a read answers one call a read, and one empty
     * page of it does not prove an open shard holds nothing more: the cut-over reads afresh before following ends.
     */
    default void readAfresh() {
        // A stream that keeps nothing between reads has nothing to forget.
    }

    /** A table's stream: its ARN and what its records carry ({@code NEW_AND_OLD_IMAGES}, {@code KEYS_ONLY}, …). */
    record StreamDescription(String table, String streamArn, String viewType) {
        /** Whether its records carry what following needs: the item after each change and before it. */
        public boolean carriesImages() {
            return "NEW_AND_OLD_IMAGES".equals(viewType);
        }
    }
}
