package dev.dmig.feature.follow;

import java.util.List;

/**
 * A page of a shard's changes, in the order they were made, and where the next page starts: {@code position} is the
 * sequence number of the last change read (or the position given, when the page is empty); {@code ended}, whether the
 * shard is closed and read to its end (the stream gave no iterator after it). An empty page that has not ended the shard
 * says nothing more was found for now, not that the shard is done.
 */
record ShardPage(List<Change> changes, String position, boolean ended) {
    public ShardPage {
        changes = List.copyOf(changes);
    }
}
