package dev.dmig.feature.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A shard read through DynamoDB Streams' API as a client that answers as DynamoDB does and no DynamoDB Local can be made
 * to at will: empty pages before a shard's next records ("it might take multiple calls"), an open shard's quiet end, a
 * read past the oldest record (trimmed; DynamoDB Local answers so now and then on a shard just begun), which is read
 * again with a new iterator from a shard's start and stands after a position.
 */
class DynamoDbSourceStreamTest {
    /**
     * Answers GetShardIterator (as trimmed {@code trimmed} times), then GetRecords with the pages given, in order, and,
     * past them, with an empty page and a next iterator; counts what was asked.
     */
    private static final class Streams implements DynamoDbStreamsClient {
        private final int trimmed;
        /** GetRecords calls still to answer as trimmed, whenever they come. */
        private int trimNext;
        private final Deque<GetRecordsResponse> pages = new ArrayDeque<>();
        private final List<String> iterators = new ArrayList<>();
        private int reads;

        Streams(int trimmed, GetRecordsResponse... pages) {
            this.trimmed = trimmed;
            this.pages.addAll(List.of(pages));
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            iterators.add(request.shardIteratorTypeAsString() + (request.sequenceNumber() == null ? "" : " " + request.sequenceNumber()));
            return GetShardIteratorResponse.builder().shardIterator("it-" + iterators.size()).build();
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            if (++reads <= trimmed || trimNext-- > 0) {
                throw TrimmedDataAccessException.builder().message("The operation attempted to read past the oldest stream"
                        + " record in a shard.").build();
            }
            return pages.isEmpty() ? page("next") : pages.poll();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }

    /** A page of the records of these sequence numbers (inserts), then {@code next} (null: the shard is read to its end). */
    private static GetRecordsResponse page(String next, String... sequences) {
        List<Record> records = new ArrayList<>();
        for (String sequence : sequences) {
            Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("i" + sequence));
            records.add(Record.builder().eventName("INSERT").dynamodb(StreamRecord.builder().sequenceNumber(sequence).keys(key)
                    .newImage(key).build()).build());
        }
        return GetRecordsResponse.builder().records(records).nextShardIterator(next).build();
    }

    @Test
    void aShardReadFromItsStart_answeringTheReadIsPastItsOldest_isReadAgainWithANewIterator() {
        Streams streams = new Streams(2);
        List<Long> waits = new ArrayList<>();

        ShardPage page = new DynamoDbSourceStream(null, streams, waits::add).read("arn", "shard-1", StreamShard.at("000100"), 1_000);

        assertThat(page.changes()).isEmpty();
        assertThat(streams.iterators).containsExactly("AT_SEQUENCE_NUMBER 000100", "AT_SEQUENCE_NUMBER 000100",
                "AT_SEQUENCE_NUMBER 000100");
        assertThat(waits).containsExactly(100L, 200L);
    }

    @Test
    void aShardAnsweringSoEveryTime_isNamedTrimmed_afterAFewReads() {
        Streams streams = new Streams(Integer.MAX_VALUE);

        assertThatThrownBy(() -> new DynamoDbSourceStream(null, streams, millis -> { }).read("arn", "shard-1", StreamShard.at("000100"),
                1_000)).isInstanceOf(ShardTrimmedException.class).hasMessageStartingWith("shard shard-1:");
        assertThat(streams.iterators).hasSize(DynamoDbSourceStream.OLDEST_READS);
    }

    @Test
    void aReadAfterAPosition_answeringTheChangesAfterItAreGone_isNamedTrimmedAtOnce() {
        Streams streams = new Streams(1);

        assertThatThrownBy(() -> new DynamoDbSourceStream(null, streams, millis -> { }).read("arn", "shard-1", "000100", 1_000))
                .isInstanceOf(ShardTrimmedException.class);
        assertThat(streams.iterators).containsExactly("AFTER_SEQUENCE_NUMBER 000100");
    }

    /**
     * Empty pages in a shard before its next records are read through, and the shard ends only where GetRecords gives no
     * next iterator: a page with nothing does not end it. Each read goes on from the iterator the last one ended with, one
     * call a read, not from a new one.
     */
    @Test
    void emptyPagesBeforeAShardsNextRecords_areReadThrough_andTheShardEndsOnlyWithoutANextIterator() {
        Streams streams = new Streams(0, page("i2"), page("i3"), page("i4", "000101", "000102"), page("i5"), page("i6"),
                page(null, "000103"));
        DynamoDbSourceStream stream = new DynamoDbSourceStream(null, streams, millis -> { });

        ShardPage first = stream.read("arn", "shard-1", StreamShard.at("000100"), 1_000);
        List<ShardPage> then = new ArrayList<>();
        for (ShardPage page = first; !page.ended(); ) {
            page = stream.read("arn", "shard-1", page.position(), 1_000);
            then.add(page);
        }

        assertThat(first.changes()).extracting(Change::sequence).containsExactly("000101", "000102");
        assertThat(first.ended()).isFalse();
        assertThat(then).extracting(page -> page.changes().size(), ShardPage::ended).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, false), org.assertj.core.groups.Tuple.tuple(0, false),
                org.assertj.core.groups.Tuple.tuple(1, true));
        assertThat(streams.iterators).containsExactly("AT_SEQUENCE_NUMBER 000100");
        assertThat(streams.reads).isEqualTo(6);
    }

    /**
     * An iterator kept from the last read that answers the read is past the oldest record (a record trimmed since, or
     * DynamoDB Local on a shard just begun) is met with a new iterator at the same position, as the API reference says.
     */
    @Test
    void aKeptIteratorAnsweredTrimmed_isReplacedByANewOneAtTheSamePosition() {
        Streams streams = new Streams(0, page("i2", "000101"), page("i3", "000102"));
        DynamoDbSourceStream stream = new DynamoDbSourceStream(null, streams, millis -> { });
        ShardPage first = stream.read("arn", "shard-1", StreamShard.at("000100"), 1_000);
        streams.trimNext = 1;

        ShardPage next = stream.read("arn", "shard-1", first.position(), 1_000);

        assertThat(next.changes()).extracting(Change::sequence).containsExactly("000102");
        assertThat(streams.iterators).containsExactly("AT_SEQUENCE_NUMBER 000100", "AFTER_SEQUENCE_NUMBER 000101");
    }

    /**
     * An open shard's quiet end gives empty pages for ever: a read with a new iterator stops after a few, with nothing, the
     * shard not ended; the next read, polling, goes on from where that one stopped, in one call.
     */
    @Test
    void anOpenShardsQuietEnd_isNothingForNow_afterAFewEmptyPages_notTheShardsEnd() {
        Streams streams = new Streams(0);
        DynamoDbSourceStream stream = new DynamoDbSourceStream(null, streams, millis -> { });

        ShardPage page = stream.read("arn", "shard-1", "000100", 1_000);
        ShardPage polled = stream.read("arn", "shard-1", "000100", 1_000);

        assertThat(page.changes()).isEmpty();
        assertThat(page.ended()).isFalse();
        assertThat(page.position()).isEqualTo("000100");
        assertThat(polled.ended()).isFalse();
        assertThat(streams.reads).isEqualTo(DynamoDbSourceStream.EMPTY_READS + 1);
        assertThat(streams.iterators).hasSize(1);
    }
}
