package dev.dmig.follow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;

/**
 * Where a table's stream stood at a moment: for every shard it held then, the sequence number of its last record (null
 * for a shard with none yet). Taken before a copy begins, it divides the stream exactly: what is at or before it is in
 * the copy's reach, what comes after it (after each shard's mark, and in every shard born later) was written since.
 */
public record StreamMark(String table, String streamArn, Map<String, String> shards) {
    public StreamMark {
        shards = Collections.unmodifiableMap(new LinkedHashMap<>(shards));
    }

    /** A page of records read at a time while taking a mark. */
    static final int PAGE = 1000;

    /**
     * Reads every shard of the table's stream to its present end, parents first, and notes the last record of each. Reads
     * only; on a stream that keeps a day of changes this reads them all once.
     */
    public static StreamMark take(SourceStream stream, SourceStream.StreamDescription described) {
        Map<String, String> marks = new LinkedHashMap<>();
        for (StreamShard shard : ShardLineage.order(stream.shards(described.streamArn()))) {
            marks.put(shard.id(), readToEnd(stream, described.streamArn(), shard.id(), null, change -> { }));
        }
        return new StreamMark(described.table(), described.streamArn(), marks);
    }

    /**
     * Every change made since the mark, shard by shard in their lineage, each shard's in the order they were made: what a
     * follower applies. Reads only.
     */
    public List<Change> changesSince(SourceStream stream) {
        List<Change> changes = new ArrayList<>();
        for (StreamShard shard : ShardLineage.order(stream.shards(streamArn))) {
            readToEnd(stream, streamArn, shard.id(), after(shard.id()), changes::add);
        }
        return changes;
    }

    /** Reads a shard from after {@code position} to its present end, giving each change to {@code sink}; the last position. */
    private static String readToEnd(SourceStream stream, String streamArn, String shard, String position,
                                    Consumer<Change> sink) {
        String at = position;
        while (true) {
            ShardPage page = stream.read(streamArn, shard, at, PAGE);
            page.changes().forEach(sink);
            at = page.position();
            if (page.changes().isEmpty() || page.ended()) {
                return at;
            }
        }
    }

    /**
     * Where reading {@code shard} starts for what came after the mark: after its marked record, or from its oldest record
     * (null) for a shard the mark did not know (born since) or one that had none.
     */
    public String after(String shard) {
        return shards.get(shard);
    }

    /** Whether {@code shard} was in the stream when the mark was taken. */
    public boolean knew(String shard) {
        return shards.containsKey(shard);
    }
}
