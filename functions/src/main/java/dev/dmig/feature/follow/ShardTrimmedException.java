package dev.dmig.feature.follow;

/**
 * A shard's stream answered that the records at or after a position are gone (DynamoDB Streams' {@code
 * TrimmedDataAccessException}: a stream keeps each record 24 hours): the changes after it cannot all be read any more.
 * The follower names the table, the shard and the mark's age ({@link ChangesLostException}).
 */
final class ShardTrimmedException extends RuntimeException {
    private final String shard;

    ShardTrimmedException(String shard, Throwable cause) {
        super("shard " + shard + ": its records after the position read are trimmed", cause);
        this.shard = shard;
    }

    String shard() {
        return shard;
    }
}
