package dev.dmig.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A shard read from its oldest record that answers the read is past it (DynamoDB Local does now and then on a shard just
 * begun, and no test can make it do so at will: this client answers as it does) is read again with a new iterator; after
 * a position, the answer stands.
 */
class DynamoDbSourceStreamTest {
    /** Answers GetRecords as trimmed {@code trimmed} times, then with no records; counts the iterators asked for. */
    private static final class Streams implements DynamoDbStreamsClient {
        private final int trimmed;
        private final List<String> iterators = new ArrayList<>();
        private int reads;

        Streams(int trimmed) {
            this.trimmed = trimmed;
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            iterators.add(request.shardIteratorTypeAsString());
            return GetShardIteratorResponse.builder().shardIterator("it-" + iterators.size()).build();
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            if (++reads <= trimmed) {
                throw TrimmedDataAccessException.builder().message("The operation attempted to read past the oldest stream"
                        + " record in a shard.").build();
            }
            return GetRecordsResponse.builder().records(List.of()).nextShardIterator("next").build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }

    @Test
    void aShardReadFromItsOldest_answeringTheReadIsPastIt_isReadAgainWithANewIterator() {
        Streams streams = new Streams(2);
        List<Long> waits = new ArrayList<>();

        ShardPage page = new DynamoDbSourceStream(null, streams, waits::add).read("arn", "shard-1", null, 1_000);

        assertThat(page.changes()).isEmpty();
        assertThat(streams.iterators).containsExactly("TRIM_HORIZON", "TRIM_HORIZON", "TRIM_HORIZON");
        assertThat(waits).containsExactly(100L, 200L);
    }

    @Test
    void aShardAnsweringSoEveryTime_failsFollowing_afterAFewReads() {
        Streams streams = new Streams(Integer.MAX_VALUE);

        assertThatThrownBy(() -> new DynamoDbSourceStream(null, streams, millis -> { }).read("arn", "shard-1", null, 1_000))
                .isInstanceOf(TrimmedDataAccessException.class);
        assertThat(streams.iterators).hasSize(DynamoDbSourceStream.OLDEST_READS);
    }

    @Test
    void aReadAfterAPosition_answeringTheChangesAfterItAreGone_failsAtOnce() {
        Streams streams = new Streams(1);

        assertThatThrownBy(() -> new DynamoDbSourceStream(null, streams, millis -> { }).read("arn", "shard-1", "000100", 1_000))
                .isInstanceOf(TrimmedDataAccessException.class);
        assertThat(streams.iterators).containsExactly("AFTER_SEQUENCE_NUMBER");
    }
}
