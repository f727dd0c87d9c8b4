package dev.dmig.follow;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.AwsClients;
import dev.dmig.store.ItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A source table's stream through DynamoDB Streams: DescribeTable for the stream, DescribeStream for its shards (page by
 * page), GetShardIterator and GetRecords for a shard's changes.
 */
public final class DynamoDbSourceStream implements SourceStream {
    private final DynamoDbClient tables;
    private final DynamoDbStreamsClient streams;

    public DynamoDbSourceStream(DynamoDbClient tables, DynamoDbStreamsClient streams) {
        this.tables = tables;
        this.streams = streams;
    }

    /**
     * The streams of a plan's source tables, read where the store reaches those tables (the side's endpoint, region and
     * role); one Streams client per DynamoDB client, kept for the process's life as the store keeps its clients.
     */
    public static Function<MigrationPlan, SourceStream> through(ItemStore home) {
        Map<DynamoDbClient, SourceStream> opened = new ConcurrentHashMap<>();
        return plan -> {
            String table = plan.sourceTable(plan.migratedModels().get(0));
            DynamoDbClient client = home.across(plan.sides()).client(table).orElseThrow(() ->
                    new IllegalStateException("the source tables (" + table + ") are reached by no DynamoDB client"));
            return opened.computeIfAbsent(client, c -> new DynamoDbSourceStream(c, AwsClients.streams(c, 4)));
        };
    }

    @Override
    public Optional<StreamDescription> describe(String table) {
        TableDescription description;
        try {
            description = tables.describeTable(b -> b.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        StreamSpecification spec = description.streamSpecification();
        if (spec == null || !Boolean.TRUE.equals(spec.streamEnabled()) || description.latestStreamArn() == null) {
            return Optional.empty();
        }
        return Optional.of(new StreamDescription(table, description.latestStreamArn(), spec.streamViewTypeAsString()));
    }

    @Override
    public List<StreamShard> shards(String streamArn) {
        List<StreamShard> shards = new ArrayList<>();
        String after = null;
        do {
            String start = after;
            DescribeStreamResponse page = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start));
            for (Shard shard : page.streamDescription().shards()) {
                shards.add(new StreamShard(shard.shardId(), shard.parentShardId(),
                        shard.sequenceNumberRange() != null && shard.sequenceNumberRange().endingSequenceNumber() != null));
            }
            after = page.streamDescription().lastEvaluatedShardId();
        } while (after != null);
        return shards;
    }

    @Override
    public ShardPage read(String streamArn, String shardId, String position, int limit) {
        String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(position == null ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .sequenceNumber(position)).shardIterator();
        GetRecordsResponse records = streams.getRecords(b -> b.shardIterator(iterator).limit(limit));
        List<Change> changes = new ArrayList<>(records.records().size());
        String last = position;
        for (software.amazon.awssdk.services.dynamodb.model.Record record : records.records()) {
            var item = record.dynamodb();
            changes.add(new Change(Change.Kind.valueOf(record.eventNameAsString()), item.sequenceNumber(), item.keys(),
                    images(item.oldImage()), images(item.newImage()), item.approximateCreationDateTime()));
            last = item.sequenceNumber();
        }
        return new ShardPage(changes, last, records.nextShardIterator() == null);
    }

    /** An image as a record gives it; the SDK gives an absent one as an empty map. */
    private static Map<String, AttributeValue> images(Map<String, AttributeValue> image) {
        return image == null || image.isEmpty() ? null : image;
    }
}
