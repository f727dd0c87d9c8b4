package dev.dmig.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runs/<id>/follow/tables/<table>.json}: how far a followed table's changes have reached the target. {@code
 * positions}: each shard's last change applied (at first, the mark taken before the copy; a shard with none, its start);
 * {@code ended}: the shards read to their end; {@code nextSeq}: the journal entry the next batch writes; {@code applied}:
 * changes applied so far; {@code behindSince}: when the last change applied was made (ISO-8601), while the last call left
 * changes after it (about the age of the oldest change not applied yet); null when that call reached the stream's end.
 * {@code pending}: changes read from the stream past these positions and not applied yet, a floor (the stream does not
 * say how many it holds beyond a page read; 0 when none was read ahead); 0 once a pass reached the stream's end. {@code
 * older}: of the changes applied, those found older than what the target held (made before the copy read their item),
 * which changed nothing. {@code conflicts}: of those applied, the changes left unwritten because the target held a
 * record the run did not write at their key ({@code onConflict: skip}), production's own. {@code edited}: of those
 * applied, the changes left unwritten at records the run wrote that production changed since, left as production has
 * them. {@code markedAt}: when the mark was taken (ISO-8601); a checkpoint that has it names every shard the stream held
 * then, empty ones too (one stored by an earlier version, without it, left out the empty ones). {@code left}: the first
 * {@link #NAMED} keys left as production has them, each with why; {@code held}: under {@code onConflict: abort}, the keys
 * following holds for a decision ({@code dmig resolve}), the table's changes waiting from the first of them.
 */
public record FollowCheckpoint(String table, String streamArn, Map<String, String> positions, List<String> ended,
                        long nextSeq, long applied, String behindSince, long pending, long older, long conflicts,
                        String markedAt, long edited, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<KeyNote> left,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<KeyNote> held) {
    /** Keys left as production has them named in a checkpoint at most; the journal holds them all. */
    public static final int NAMED = 10;

    @com.fasterxml.jackson.annotation.JsonCreator
    public FollowCheckpoint {
        positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions == null ? Map.of() : positions));
        ended = List.copyOf(ended == null ? List.of() : ended);
        left = List.copyOf(left == null ? List.of() : left);
        held = List.copyOf(held == null ? List.of() : held);
    }

    @SuppressWarnings("checkstyle:ParameterNumber") // a checkpoint of an earlier version, without production's keys
    public FollowCheckpoint(String table, String streamArn, Map<String, String> positions, List<String> ended, long nextSeq,
                            long applied, String behindSince, long pending, long older, long conflicts, String markedAt) {
        this(table, streamArn, positions, ended, nextSeq, applied, behindSince, pending, older, conflicts, markedAt, 0,
                List.of(), List.of());
    }

    /** Why a key is left as production has it, or held: production's own record, its edit of the run's, or its write while following wrote. */
    public enum Why {
        OWN("production's own record"),
        EDITED("the run's record, changed by production since the run wrote it"),
        RACING("written by production while following wrote there"),
        RACING_EDIT("the run's record, changed by production while following wrote there");

        private final String text;

        Why(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** A target key (DynamoDB JSON) left as production has it or held, and why. */
    public record KeyNote(JsonNode key, Why why) {
        /** {@code id=l7 (the run's record, changed by production since the run wrote it)}. */
        public String describe() {
            return ItemKeys.describe(DynamoJson.item(key)) + " (" + why.text() + ")";
        }
    }

    /**
     * The checkpoint of {@code table}'s following, which starts at the mark of its stream {@code streamArn}, {@code shards}
     * (each shard's position, or null for its start), taken at {@code markedAt}.
     */
    public static FollowCheckpoint at(String table, String streamArn, Map<String, String> shards, Instant markedAt) {
        return new FollowCheckpoint(table, streamArn, shards, List.of(), 0, 0, null, 0, 0, 0, markedAt.toString(), 0, List.of(),
                List.of());
    }

    /** Where reading {@code shard} goes on: after its last change applied, or at its start; null for one never read. */
    public String after(String shard) {
        return positions.get(shard);
    }

    public boolean ended(String shard) {
        return ended.contains(shard);
    }

    /** Whether the checkpoint names {@code shard}: marked, read since, or read to its end. */
    public boolean knows(String shard) {
        return positions.containsKey(shard) || ended.contains(shard);
    }

    /**
     * Past a batch of {@code count} changes of {@code shard} applied up to {@code position}, the last made at {@code made};
     * {@code journaled}: the batch took its journal entry.
     */
    public FollowCheckpoint advanced(String shard, String position, boolean shardEnded, long count, Instant made, boolean journaled) {
        Map<String, String> moved = new LinkedHashMap<>(positions);
        if (position != null) {
            moved.put(shard, position);
        }
        List<String> done = new ArrayList<>(ended);
        if (shardEnded && !done.contains(shard)) {
            done.add(shard);
        }
        return new FollowCheckpoint(table, streamArn, moved, done, journaled ? nextSeq + 1 : nextSeq, applied + count,
                made != null ? made.toString() : behindSince, Math.max(0, pending - count), older, conflicts, markedAt, edited, left,
                held);
    }

    /**
     * With {@code olderCount} more of its changes applied found older than the target (nothing written for them), and
     * {@code leftKeys} more left unwritten at production's records (its own, or its edits of the run's), named while
     * fewer than {@link #NAMED} are.
     */
    public FollowCheckpoint counted(long olderCount, List<KeyNote> leftKeys) {
        long edits = leftKeys.stream().filter(note -> note.why() == Why.EDITED || note.why() == Why.RACING_EDIT).count();
        List<KeyNote> named = new ArrayList<>(left);
        for (KeyNote note : leftKeys) {
            if (named.size() < NAMED && named.stream().noneMatch(n -> n.key().equals(note.key()))) {
                named.add(note);
            }
        }
        return new FollowCheckpoint(table, streamArn, positions, ended, nextSeq, applied, behindSince, pending,
                older + olderCount, conflicts + leftKeys.size() - edits, markedAt, edited + edits, named, held);
    }

    /** Holding {@code keys} for a decision (none: nothing held). */
    public FollowCheckpoint holding(List<KeyNote> keys) {
        return new FollowCheckpoint(table, streamArn, positions, ended, nextSeq, applied, behindSince, pending, older, conflicts,
                markedAt, edited, left, keys);
    }

    /** With {@code read} changes read past its positions and not applied yet: what {@code dmig status} calls pending. */
    public FollowCheckpoint readAhead(long read) {
        return new FollowCheckpoint(table, streamArn, positions, ended, nextSeq, applied, behindSince, read, older, conflicts,
                markedAt, edited, left, held);
    }

    /** As it stands once a pass read every shard to its present end: nothing left behind. */
    public FollowCheckpoint caughtUp() {
        return new FollowCheckpoint(table, streamArn, positions, ended, nextSeq, applied, null, 0, older, conflicts, markedAt,
                edited, left, held);
    }
}
