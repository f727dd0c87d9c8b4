package dev.dmig.feature.follow;

import java.util.List;
import java.util.Optional;

/** A source stream that hands every call to another; a test overrides the calls it watches or changes. */
class ForwardingSourceStream implements SourceStream {
    protected final SourceStream inner;

    ForwardingSourceStream(SourceStream inner) {
        this.inner = inner;
    }

    @Override
    public Optional<StreamDescription> describe(String table) {
        return inner.describe(table);
    }

    @Override
    public List<StreamShard> shards(String streamArn) {
        return inner.shards(streamArn);
    }

    @Override
    public ShardPage read(String streamArn, String shardId, String position, int limit) {
        return inner.read(streamArn, shardId, position, limit);
    }

    @Override
    public void readAfresh() {
        inner.readAfresh();
    }
}
