package dev.dmig.feature.follow;

import dev.dmig.run.Deadline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a table's stream stood at a moment: for every shard it held then, the sequence number of its last record, or, for
 * a shard with none yet, its start ({@link StreamShard#start}: its first sequence number, read from it on). Taken before a
 * copy begins, it divides the stream exactly: what is at or before it is in the copy's reach, what comes after it (after
 * each shard's mark, and in every shard born later, read from its start) was written since. Every position it holds is
 * one the stream can say is trimmed, so no change after it is lost without an error.
 */
public record StreamMark(String table, String streamArn, Map<String, String> shards) {
    public StreamMark {
        shards = Collections.unmodifiableMap(new LinkedHashMap<>(shards));
    }

    /** A page of records read at a time while taking a mark. */
    static final int PAGE = 1000;

    /** Empty pages of a closed shard read one after another while taking a mark before it is taken where it is. */
    static final int CLOSED_EMPTY_PAGES = 100;

    /**
     * Reads every shard of the table's stream from its oldest record kept to its present end, parents first, and notes the
     * last record of each (its start for one with none). Reads only; on a stream that keeps a day of changes this reads
     * them all once.
     */
    public static StreamMark take(SourceStream stream, SourceStream.StreamDescription described) {
        return take(stream, described, Deadline.none());
    }

    /**
     * The same, reading until {@code deadline}: past it, a shard is marked where its reading stands, and one not read yet
     * at its start. Such a mark falls short, which is safe (see {@link #readToEnd}); it never passes a change.
     */
    public static StreamMark take(SourceStream stream, SourceStream.StreamDescription described, Deadline deadline) {
        Map<String, String> marks = new LinkedHashMap<>();
        for (StreamShard shard : ShardLineage.order(stream.shards(described.streamArn()))) {
            String last = deadline.passed() ? null : readToEnd(stream, described.streamArn(), shard, null, change -> { }, deadline);
            marks.put(shard.id(), last != null ? last : shard.start());
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
            readToEnd(stream, streamArn, shard, knew(shard.id()) ? after(shard.id()) : shard.start(), changes::add, Deadline.none());
        }
        return changes;
    }

    /**
     * Reads a shard from {@code position} to its present end, giving each change to {@code sink}; the last position. An
     * open shard's end is where a page brings nothing; a closed shard's, where the stream says it is read to its end (an
     * empty page before that is not its end), or, after {@link #CLOSED_EMPTY_PAGES} empty pages in a row, where it is read
     * to, or, past {@code deadline}, where it is read to: a mark that falls short is safe (the changes after it are applied
     * onto the state they were made on), one past a change would lose it.
     */
    private static String readToEnd(SourceStream stream, String streamArn, StreamShard shard, String position,
                                    Consumer<Change> sink, Deadline deadline) {
        String at = position;
        int empty = 0;
        while (true) {
            if (deadline.passed() && at != null) {
                return at;
            }
            ShardPage page = stream.read(streamArn, shard.id(), at, PAGE);
            page.changes().forEach(sink);
            at = page.position();
            empty = page.changes().isEmpty() ? empty + 1 : 0;
            if (page.ended() || (empty > 0 && !shard.closed()) || empty >= CLOSED_EMPTY_PAGES) {
                return at;
            }
        }
    }

    /**
     * Where reading {@code shard} starts for what came after the mark: after its marked record, or at its start for one
     * that had none; null for a shard the mark did not know (born since: read from its own start).
     */
    public String after(String shard) {
        return shards.get(shard);
    }

    /** Whether {@code shard} was in the stream when the mark was taken. */
    public boolean knew(String shard) {
        return shards.containsKey(shard);
    }
}
