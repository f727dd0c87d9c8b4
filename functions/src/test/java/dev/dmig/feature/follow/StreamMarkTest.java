package dev.dmig.feature.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamMarkTest {
    private static List<String> described(List<Change> changes) {
        return changes.stream().map(c -> c.kind() + " " + c.keys().get("id").s()).toList();
    }

    @Test
    void aParentIsReadBeforeItsChildren_whateverOrderTheStreamListsThem() {
        List<StreamShard> shards = List.of(new StreamShard("c2", "b", false), new StreamShard("c1", "b", false),
                new StreamShard("b", "a", true), new StreamShard("a", null, true), new StreamShard("x", "gone", false));

        assertThat(ShardLineage.order(shards)).extracting(StreamShard::id).containsExactly("a", "b", "c2", "c1", "x");
    }

    @Test
    void changesSinceTheMark_areExactlyThoseMadeAfterIt_inShardsKnownThenAndBornSince() {
        FakeSourceStream stream = new FakeSourceStream().shard("s1", null).shard("s2", null)
                .change("s1", Change.Kind.INSERT, "a").change("s1", Change.Kind.INSERT, "b").change("s2", Change.Kind.INSERT, "c");
        StreamMark mark = StreamMark.take(stream, stream.describe("T").orElseThrow());
        // After the mark: more in s1, s1 closes and its child takes its keys, s2 gets a removal, and a shard with none before.
        stream.change("s1", Change.Kind.MODIFY, "a").close("s1").shard("s1-child", "s1")
                .change("s1-child", Change.Kind.REMOVE, "b").change("s1-child", Change.Kind.INSERT, "b")
                .change("s2", Change.Kind.REMOVE, "c");

        assertThat(mark.shards()).containsEntry("s1", "101").containsEntry("s2", "102");
        // Each item's changes in the order they were made; shards side by side in the order the stream lists them.
        assertThat(described(mark.changesSince(stream)))
                .containsExactly("MODIFY a", "REMOVE c", "REMOVE b", "INSERT b");
    }

    @Test
    void aMarkOfAShardWithNoRecord_isItsStart_fromWhichItsChangesAreRead() {
        FakeSourceStream stream = new FakeSourceStream().shard("s1", null);
        StreamMark mark = StreamMark.take(stream, stream.describe("T").orElseThrow());
        stream.change("s1", Change.Kind.INSERT, "a");

        assertThat(mark.knew("s1")).isTrue();
        assertThat(mark.after("s1")).isEqualTo(StreamShard.at("100"));
        assertThat(described(mark.changesSince(stream))).containsExactly("INSERT a");
    }

    @Test
    void aMarkedShardEmptyThen_whoseChangesAreTrimmed_isNotReadFromTheOldestRecordKept() {
        FakeSourceStream stream = new FakeSourceStream().shard("s1", null);
        StreamMark mark = StreamMark.take(stream, stream.describe("T").orElseThrow());
        stream.change("s1", Change.Kind.REMOVE, "a").change("s1", Change.Kind.INSERT, "b").trim("s1");

        assertThatThrownBy(() -> mark.changesSince(stream)).isInstanceOf(ShardTrimmedException.class);
    }

    /** An empty page of a closed shard is not its end: the mark is taken at its last record, and no change after is missed. */
    @Test
    void aClosedShardGivingEmptyPagesBeforeItsLastRecords_isReadToItsEnd() {
        FakeSourceStream stream = new FakeSourceStream().shard("s1", null).change("s1", Change.Kind.INSERT, "a")
                .change("s1", Change.Kind.INSERT, "b").close("s1").emptyReads("s1", 3);
        StreamMark mark = StreamMark.take(stream, stream.describe("T").orElseThrow());

        assertThat(mark.after("s1")).isEqualTo("101");
        stream.emptyReads("s1", 3);
        assertThat(described(new StreamMark("T", stream.arn(), Map.of("s1", StreamShard.at("100"))).changesSince(stream)))
                .containsExactly("INSERT a", "INSERT b");
    }

    @Test
    void aLongShard_isReadPageByPage_toItsEnd() {
        FakeSourceStream stream = new FakeSourceStream().shard("s1", null);
        for (int i = 0; i < StreamMark.PAGE * 2 + 5; i++) {
            stream.change("s1", Change.Kind.INSERT, "i" + i);
        }
        StreamMark mark = StreamMark.take(stream, stream.describe("T").orElseThrow());

        assertThat(mark.after("s1")).isEqualTo(Long.toString(100 + StreamMark.PAGE * 2 + 4));
        assertThat(mark.changesSince(stream)).isEmpty();
    }

    /** Out of time, the mark is taken short of the stream's end (a shard not read, at its start): no change is passed. */
    @Test
    void aMarkTakenOutOfTime_fallsShort_andPassesNoChange() {
        FakeSourceStream stream = new FakeSourceStream().shard("s1", null).shard("s2", null);
        for (int i = 0; i < StreamMark.PAGE + 5; i++) {
            stream.change("s1", Change.Kind.INSERT, "i" + i);
        }
        stream.change("s2", Change.Kind.INSERT, "x");

        StreamMark mark = StreamMark.take(stream, stream.describe("T").orElseThrow(), dev.dmig.run.Deadline.in(0));

        assertThat(mark.after("s1")).isEqualTo(StreamShard.at("100"));
        assertThat(mark.changesSince(stream)).hasSize(StreamMark.PAGE + 6);
    }
}
