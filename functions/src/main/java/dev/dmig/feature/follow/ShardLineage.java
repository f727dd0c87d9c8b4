package dev.dmig.feature.follow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shards in the order their records must be applied: a parent before its children (a split or a rotation closes a shard
 * and carries on its keys' changes in its children), and otherwise as the stream lists them.
 */
final class ShardLineage {
    private ShardLineage() {}

    static List<StreamShard> order(List<StreamShard> shards) {
        Map<String, StreamShard> byId = new LinkedHashMap<>();
        shards.forEach(shard -> byId.put(shard.id(), shard));
        List<StreamShard> ordered = new ArrayList<>(shards.size());
        Map<String, Boolean> placed = new LinkedHashMap<>();
        for (StreamShard shard : shards) {
            place(shard, byId, placed, ordered);
        }
        return ordered;
    }

    private static void place(StreamShard shard, Map<String, StreamShard> byId, Map<String, Boolean> placed, List<StreamShard> ordered) {
        if (placed.containsKey(shard.id())) {
            return;
        }
        placed.put(shard.id(), Boolean.TRUE);
        StreamShard parent = shard.parentId() == null ? null : byId.get(shard.parentId());
        if (parent != null) {
            place(parent, byId, placed, ordered);
        }
        ordered.add(shard);
    }
}
