package dev.dmig.feature.follow;

import dev.dmig.store.InMemoryItemStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Source tables in memory with their streams, as DynamoDB keeps them: each put or delete made through it changes the
 * table and appends the change, with the item before and after, to the table's stream (one shard each, unless a test
 * splits it). Tables not {@link #streamed} have no stream.
 */
final class StreamedSource implements SourceStream {
    private final InMemoryItemStore items;
    private final Map<String, FakeSourceStream> byTable = new LinkedHashMap<>();
    private final Map<String, String> openShard = new HashMap<>();
    private final Map<String, String> viewTypes = new HashMap<>();
    /** The most changes a read returns, as a stream returns fewer than asked when its records are large. */
    private int pageLimit = Integer.MAX_VALUE;
    /** What the app writes right after following next reads a table's stream, by table: run once. */
    private final Map<String, Runnable> afterRead = new HashMap<>();

    StreamedSource(InMemoryItemStore items) {
        this.items = items;
    }

    /** Reads return at most {@code limit} changes each. */
    StreamedSource pagesOf(int limit) {
        this.pageLimit = limit;
        return this;
    }

    /** Turns {@code table}'s stream on, with images of both sides. */
    StreamedSource streamed(String table) {
        return streamed(table, "NEW_AND_OLD_IMAGES");
    }

    StreamedSource streamed(String table, String viewType) {
        byTable.put(table, new FakeSourceStream("arn:aws:dynamodb:eu-west-1:111111111111:table/" + table + "/stream/1")
                .shard(table + "-0", null));
        openShard.put(table, table + "-0");
        viewTypes.put(table, viewType);
        return this;
    }

    /** Closes the table's open shard and carries on in a child, as a shard split or rotation does. */
    StreamedSource split(String table) {
        String parent = openShard.get(table);
        String child = parent + "c";
        byTable.get(table).close(parent).shard(child, parent);
        openShard.put(table, child);
        return this;
    }

    /** Drops the table's first shard, as the stream does 24 hours after its last record. */
    StreamedSource expire(String table) {
        byTable.get(table).drop(table + "-0");
        return this;
    }

    /** Drops the table's shard {@code shard}, as the stream does 24 hours after its last record. */
    StreamedSource expire(String table, String shard) {
        byTable.get(table).drop(shard);
        return this;
    }

    /** Closes the table's open shard with no child, as turning the stream off does. */
    StreamedSource close(String table) {
        byTable.get(table).close(openShard.get(table));
        return this;
    }

    /** Trims every record of the table's open shard made so far, as the stream does 24 hours after each. */
    StreamedSource trim(String table) {
        byTable.get(table).trim(openShard.get(table));
        return this;
    }

    /** The next {@code count} reads of the table's first shard give an empty page, not its end, whatever it holds. */
    StreamedSource emptyReads(String table, int count) {
        byTable.get(table).emptyReads(table + "-0", count);
        return this;
    }

    /** Answers every read at a shard's first sequence number as trimmed, as DynamoDB Local does once other tables were written. */
    StreamedSource startReadsTrimmed() {
        byTable.values().forEach(stream -> stream.startReadsTrimmed = true);
        return this;
    }

    /** Runs {@code writes} once, right after following's next read of {@code table}'s stream returns. */
    StreamedSource afterRead(String table, Runnable writes) {
        afterRead.put(table, writes);
        return this;
    }

    synchronized void put(String table, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = Map.of("id", item.get("id"));
        Optional<Map<String, AttributeValue>> before = items.item(table, key);
        items.put(table, item);
        record(table, before.isPresent() ? Change.Kind.MODIFY : Change.Kind.INSERT, key, before.orElse(null), item);
    }

    synchronized void delete(String table, String id) {
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(id));
        Optional<Map<String, AttributeValue>> before = items.item(table, key);
        if (before.isPresent()) {
            items.delete(table, key);
            record(table, Change.Kind.REMOVE, key, before.get(), null);
        }
    }

    private void record(String table, Change.Kind kind, Map<String, AttributeValue> key, Map<String, AttributeValue> before,
                        Map<String, AttributeValue> after) {
        FakeSourceStream stream = byTable.get(table);
        if (stream != null) {
            stream.append(openShard.get(table), kind, key, before, after);
        }
    }

    @Override
    public Optional<StreamDescription> describe(String table) {
        FakeSourceStream stream = byTable.get(table);
        return stream == null ? Optional.empty() : Optional.of(new StreamDescription(table, stream.arn(), viewTypes.get(table)));
    }

    private FakeSourceStream byArn(String arn) {
        return byTable.values().stream().filter(s -> s.arn().equals(arn)).findFirst().orElseThrow();
    }

    @Override
    public List<StreamShard> shards(String streamArn) {
        return byArn(streamArn).shards(streamArn);
    }

    @Override
    public ShardPage read(String streamArn, String shardId, String position, int limit) {
        ShardPage page = byArn(streamArn).read(streamArn, shardId, position, Math.min(limit, pageLimit));
        String table = byTable.entrySet().stream().filter(e -> e.getValue().arn().equals(streamArn)).findFirst().orElseThrow().getKey();
        Runnable writes = afterRead.remove(table);
        if (writes != null) {
            writes.run();
        }
        return page;
    }
}
