package dev.dmig.follow;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.AwsClients;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sleeper;
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
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A source table's stream through DynamoDB Streams: DescribeTable for the stream, DescribeStream for its shards (page by
 * page), GetShardIterator and GetRecords for a shard's changes.
 */
public final class DynamoDbSourceStream implements SourceStream {
    /** How many times a shard is read from its oldest record before its answer that the read is past it stands. */
    static final int OLDEST_READS = 5;

    private final DynamoDbClient tables;
    private final DynamoDbStreamsClient streams;
    private final Sleeper sleeper;

    public DynamoDbSourceStream(DynamoDbClient tables, DynamoDbStreamsClient streams) {
        this(tables, streams, Sleeper.REAL);
    }

    DynamoDbSourceStream(DynamoDbClient tables, DynamoDbStreamsClient streams, Sleeper sleeper) {
        this.tables = tables;
        this.streams = streams;
        this.sleeper = sleeper;
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
        GetRecordsResponse records = records(streamArn, shardId, position, limit);
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

    /**
     * A page of the shard's records after {@code position}, or from its oldest when none. Read from the oldest, a shard
     * may answer that the read is past its oldest record (DynamoDB when a record is trimmed between the iterator and the
     * read, which the API reference says to meet with a new iterator; DynamoDB Local, now and then, on a shard just
     * begun): read again with a new iterator, a few times. After a position, the answer means the changes after it are
     * gone, and it stands: following fails rather than leave them out.
     */
    private GetRecordsResponse records(String streamArn, String shardId, String position, int limit) {
        for (int attempt = 1; ; attempt++) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(position == null ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(position)).shardIterator();
            try {
                return streams.getRecords(b -> b.shardIterator(iterator).limit(limit));
            } catch (TrimmedDataAccessException e) {
                if (position != null || attempt == OLDEST_READS) {
                    throw e;
                }
                sleeper.sleep(100L * attempt);
            }
        }
    }

    /** An image as a record gives it; the SDK gives an absent one as an empty map. */
    private static Map<String, AttributeValue> images(Map<String, AttributeValue> image) {
        return image == null || image.isEmpty() ? null : image;
    }
}
