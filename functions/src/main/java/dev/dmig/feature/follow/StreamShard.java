package dev.dmig.feature.follow;

/**
 * A shard of a stream: its ID, its parent's (null for none, or one the stream no longer keeps), whether it is closed (it
 * has an ending sequence number: it takes no new records, its children do), and {@code start}, the position of its
 * first sequence number ({@link #at}: reading from it gives every record the shard holds, and fails if the stream has
 * trimmed any), null where the stream does not say.
 */
record StreamShard(String id, String parentId, boolean closed, String start) {
    /** The prefix of a position read at a sequence number rather than after it. */
    static final String AT = "at:";

    StreamShard(String id, String parentId, boolean closed) {
        this(id, parentId, closed, null);
    }

    /** The position of {@code sequence} itself, read from it on (null for none). */
    static String at(String sequence) {
        return sequence == null ? null : AT + sequence;
    }

    /** Whether {@code position} is read at its sequence number ({@link #at}), not after it. */
    static boolean isAt(String position) {
        return position != null && position.startsWith(AT);
    }

    /** The sequence number of a position, read at or after it. */
    static String sequence(String position) {
        return isAt(position) ? position.substring(AT.length()) : position;
    }
}
