package dev.dmig.feature.follow;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.AwsClients;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sleeper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A source table's stream through DynamoDB Streams: DescribeTable for the stream, DescribeStream for its shards (page by
 * page), GetShardIterator and GetRecords for a shard's changes. A shard is read to its end only when GetRecords gives no
 * next iterator; empty pages before that are read through (a few calls with a new iterator), and the iterator a read
 * ends with is kept for the next read from the same place, so that every read moves on from the last.
 */
public final class DynamoDbSourceStream implements SourceStream {
    /** How many times a shard is read from its start before its answer that the read is past its oldest record stands. */
    static final int OLDEST_READS = 5;
    /**
     * GetRecords calls a read with a new iterator makes at most while they return nothing: DynamoDB Streams may give empty
     * pages before a shard's next records ("it might take multiple calls"), and an open shard's quiet end gives them for
     * ever. A read that goes on from the iterator the last one ended with makes one call. Under the 5 GetRecords calls a
     * second a shard takes.
     */
    static final int EMPTY_READS = 4;

    private final DynamoDbClient tables;
    private final DynamoDbStreamsClient streams;
    private final Sleeper sleeper;
    /** By stream and shard: where the last read of it left off, to go on from without a new iterator or the empty pages again. */
    private final Map<String, Resume> resumes = new ConcurrentHashMap<>();

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
                SequenceNumberRange range = shard.sequenceNumberRange();
                shards.add(new StreamShard(shard.shardId(), shard.parentShardId(), range != null && range.endingSequenceNumber() != null,
                        range == null ? null : StreamShard.at(range.startingSequenceNumber())));
            }
            after = page.streamDescription().lastEvaluatedShardId();
        } while (after != null);
        return shards;
    }

    @Override
    public ShardPage read(String streamArn, String shardId, String position, int limit) {
        String shard = streamArn + " " + shardId;
        Resume kept = resumes.remove(shard);
        boolean goesOn = kept != null && Objects.equals(kept.position(), position);
        GetRecordsResponse records = goesOn ? goOn(kept.iterator(), streamArn, shardId, position, limit)
                : first(streamArn, shardId, position, limit);
        // An empty page is not the shard's end: a new iterator may take several calls to reach the next records. One kept
        // from the last read is past the empty pages read then: one call a read, as often as a caught-up pass polls.
        for (int call = 1; records.records().isEmpty() && records.nextShardIterator() != null && !goesOn && call < EMPTY_READS;
             call++) {
            records = goOn(records.nextShardIterator(), streamArn, shardId, position, limit);
        }
        List<Change> changes = new ArrayList<>(records.records().size());
        String last = position;
        for (software.amazon.awssdk.services.dynamodb.model.Record record : records.records()) {
            var item = record.dynamodb();
            changes.add(new Change(Change.Kind.valueOf(record.eventNameAsString()), item.sequenceNumber(), item.keys(),
                    images(item.oldImage()), images(item.newImage()), item.approximateCreationDateTime()));
            last = item.sequenceNumber();
        }
        if (records.nextShardIterator() != null) {
            resumes.put(shard, new Resume(last, records.nextShardIterator()));
        }
        return new ShardPage(changes, last, records.nextShardIterator() == null);
    }

    @Override
    public void readAfresh() {
        resumes.clear();
    }

    /** Where the last read of a shard left off: its position, and the iterator that goes on from there. */
    private record Resume(String position, String iterator) {}

    /**
     * The page after {@code iterator}, which stands at {@code position} (nothing read since but empty pages). One that has
     * expired (15 minutes), or that answers the read is past the oldest record (a record trimmed since the iterator was
     * given, or DynamoDB Local on a shard just begun), is replaced by a new one at the same position, as the API reference
     * says: {@link #first} decides whether the answer stands.
     */
    private GetRecordsResponse goOn(String iterator, String streamArn, String shardId, String position, int limit) {
        try {
            return streams.getRecords(b -> b.shardIterator(iterator).limit(limit));
        } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
            return first(streamArn, shardId, position, limit);
        }
    }

    /**
     * A page of the shard's records from {@code position} with a new iterator. Read from a shard's start (or its oldest
     * record), a shard may answer that the read is past its oldest record (DynamoDB when a record is trimmed between the
     * iterator and the read, which the API reference says to meet with a new iterator; DynamoDB Local, now and then, on a
     * shard just begun): read again with a new iterator, a few times. After a record, the answer means the changes after
     * it are gone, and it stands. Either way, an answer that stands, or a shard the stream no longer has, is {@link
     * ShardTrimmedException}: following fails rather than leave the changes out.
     */
    private GetRecordsResponse first(String streamArn, String shardId, String position, int limit) {
        for (int attempt = 1; ; attempt++) {
            try {
                String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                        .shardIteratorType(type(position)).sequenceNumber(StreamShard.sequence(position))).shardIterator();
                return streams.getRecords(b -> b.shardIterator(iterator).limit(limit));
            } catch (TrimmedDataAccessException e) {
                if ((position != null && !StreamShard.isAt(position)) || attempt == OLDEST_READS) {
                    throw new ShardTrimmedException(shardId, e);
                }
                sleeper.sleep(100L * attempt);
            } catch (ResourceNotFoundException e) {
                throw new ShardTrimmedException(shardId, e);
            }
        }
    }

    private static ShardIteratorType type(String position) {
        if (position == null) {
            return ShardIteratorType.TRIM_HORIZON;
        }
        return StreamShard.isAt(position) ? ShardIteratorType.AT_SEQUENCE_NUMBER : ShardIteratorType.AFTER_SEQUENCE_NUMBER;
    }

    /** An image as a record gives it; the SDK gives an absent one as an empty map. */
    private static Map<String, AttributeValue> images(Map<String, AttributeValue> image) {
        return image == null || image.isEmpty() ? null : image;
    }
}
