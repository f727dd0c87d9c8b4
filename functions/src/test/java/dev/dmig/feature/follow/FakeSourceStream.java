package dev.dmig.feature.follow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stream in memory: shards listed in the order given, each with its changes; sequence numbers grow across the stream,
 * and a shard starts at the sequence number the stream was at when it was made. As DynamoDB Streams, it can trim a
 * shard's oldest records (a read at or after a trimmed position fails), and give empty pages before a shard's next
 * records.
 */
final class FakeSourceStream implements SourceStream {
    static final String ARN = "arn:aws:dynamodb:eu-west-1:111111111111:table/T/stream/2026-01-01T00:00:00.000";
    private final String arn;
    private final Map<String, StreamShard> shards = new LinkedHashMap<>();
    private final Map<String, List<Change>> changes = new LinkedHashMap<>();
    private long sequence = 100;
    /** By shard: the sequence number of its last record trimmed. */
    private final Map<String, Long> trimmed = new LinkedHashMap<>();
    /** By shard: how many reads give an empty page, not ended, before its records go on. */
    private final Map<String, Integer> emptyReads = new LinkedHashMap<>();
    /** Whether a read at a shard's first sequence number is answered as trimmed, as DynamoDB Local may answer it. */
    boolean startReadsTrimmed;
    /** Reads made, for tests that count them. */
    int reads;

    FakeSourceStream() {
        this(ARN);
    }

    FakeSourceStream(String arn) {
        this.arn = arn;
    }

    String arn() {
        return arn;
    }

    /** Appends a change with the images given to {@code shard}, with the next sequence number. */
    synchronized FakeSourceStream append(String shard, Change.Kind kind, Map<String, AttributeValue> keys,
                                         Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        if (shards.get(shard).closed()) {
            throw new IllegalStateException("shard " + shard + " is closed");
        }
        changes.get(shard).add(new Change(kind, Long.toString(sequence++), keys, oldImage, newImage));
        return this;
    }

    synchronized FakeSourceStream shard(String id, String parent) {
        shards.put(id, new StreamShard(id, parent, false, StreamShard.at(Long.toString(sequence))));
        changes.put(id, new ArrayList<>());
        return this;
    }

    /** Trims every record of {@code shard} made so far, as the stream does 24 hours after each. */
    synchronized FakeSourceStream trim(String id) {
        trimmed.put(id, sequence - 1);
        changes.get(id).clear();
        return this;
    }

    /** The next {@code count} reads of {@code shard} give an empty page, not its end, whatever it holds. */
    synchronized FakeSourceStream emptyReads(String id, int count) {
        emptyReads.put(id, count);
        return this;
    }

    /** Drops a shard, as a stream does once its records are older than its retention. */
    synchronized FakeSourceStream drop(String id) {
        shards.remove(id);
        changes.remove(id);
        return this;
    }

    /** Closes a shard: it takes no more changes. */
    synchronized FakeSourceStream close(String id) {
        StreamShard open = shards.get(id);
        shards.put(id, new StreamShard(id, open.parentId(), true, open.start()));
        return this;
    }

    /** Appends a change of item {@code id} to {@code shard}: an insert, an update or a removal. */
    FakeSourceStream change(String shard, Change.Kind kind, String id) {
        if (shards.get(shard).closed()) {
            throw new IllegalStateException("shard " + shard + " is closed");
        }
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(id));
        Map<String, AttributeValue> image = Map.of("id", AttributeValue.fromS(id), "n", AttributeValue.fromN(Long.toString(sequence)));
        changes.get(shard).add(new Change(kind, Long.toString(sequence++), key, kind == Change.Kind.INSERT ? null : image,
                kind == Change.Kind.REMOVE ? null : image));
        return this;
    }

    @Override
    public Optional<StreamDescription> describe(String table) {
        return Optional.of(new StreamDescription(table, arn, "NEW_AND_OLD_IMAGES"));
    }

    @Override
    public synchronized List<StreamShard> shards(String streamArn) {
        return List.copyOf(shards.values());
    }

    @Override
    public synchronized ShardPage read(String streamArn, String shardId, String position, int limit) {
        reads++;
        List<Change> all = changes.get(shardId);
        if (all == null) {
            throw new ShardTrimmedException(shardId, null);
        }
        // The first sequence number the read gives: after a record's, or at a shard's start.
        long first = position == null ? Long.MIN_VALUE : StreamShard.isAt(position) ? Long.parseLong(StreamShard.sequence(position))
                : Long.parseLong(position) + 1;
        if (position != null && (first <= trimmed.getOrDefault(shardId, Long.MIN_VALUE)
                || (startReadsTrimmed && StreamShard.isAt(position)))) {
            throw new ShardTrimmedException(shardId, null);
        }
        int empty = emptyReads.getOrDefault(shardId, 0);
        if (empty > 0) {
            emptyReads.put(shardId, empty - 1);
            return new ShardPage(List.of(), position, false);
        }
        int from = 0;
        while (from < all.size() && Long.parseLong(all.get(from).sequence()) < first) {
            from++;
        }
        List<Change> page = all.subList(from, Math.min(all.size(), from + limit));
        String last = page.isEmpty() ? position : page.get(page.size() - 1).sequence();
        boolean ended = shards.get(shardId).closed() && from + page.size() == all.size();
        return new ShardPage(page, last, ended);
    }
}
