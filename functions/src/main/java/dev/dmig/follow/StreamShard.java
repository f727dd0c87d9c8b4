package dev.dmig.follow;

/**
 * A shard of a stream: its ID, its parent's (null for none, or one the stream no longer keeps), and whether it is
 * closed (it has an ending sequence number: it takes no new records, its children do).
 */
record StreamShard(String id, String parentId, boolean closed) {}
