package dev.dmig.follow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A stream in memory: shards listed in the order given, each with its changes; sequence numbers grow across the stream. */
final class FakeSourceStream implements SourceStream {
    static final String ARN = "arn:aws:dynamodb:eu-west-1:111111111111:table/T/stream/2026-01-01T00:00:00.000";
    private final String arn;
    private final Map<String, StreamShard> shards = new LinkedHashMap<>();
    private final Map<String, List<Change>> changes = new LinkedHashMap<>();
    private long sequence = 100;
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
        shards.put(id, new StreamShard(id, parent, false));
        changes.put(id, new ArrayList<>());
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
        shards.put(id, new StreamShard(id, shards.get(id).parentId(), true));
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
        int from = 0;
        if (position != null) {
            while (from < all.size() && Long.parseLong(all.get(from).sequence()) <= Long.parseLong(position)) {
                from++;
            }
        }
        List<Change> page = all.subList(from, Math.min(all.size(), from + limit));
        String last = page.isEmpty() ? position : page.get(page.size() - 1).sequence();
        boolean ended = shards.get(shardId).closed() && from + page.size() == all.size();
        return new ShardPage(page, last, ended);
    }
}
