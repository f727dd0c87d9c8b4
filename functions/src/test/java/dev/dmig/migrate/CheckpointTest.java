package dev.dmig.migrate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.store.ContentDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    private static ContentDigest page(ContentDigest.Algorithm algorithm, String... ids) {
        ContentDigest digest = new ContentDigest(algorithm);
        for (String id : ids) {
            digest.add(item("id", s(id)));
        }
        return digest;
    }

    private static Checkpoint advance(Checkpoint checkpoint, ContentDigest page) {
        return checkpoint.advance(new PageTally(null, false, page.count(), page.count(), 0, LeftBehind.NONE, 0, 0, 1, false, page, 0,
                List.of()));
    }

    @Test
    void aNewCheckpoint_addsUpWhatItsPagesRead_inTheCurrentAlgorithm() {
        Checkpoint checkpoint = Checkpoint.start("Contacts", 0, 4);
        checkpoint = advance(advance(checkpoint, page(ContentDigest.CURRENT, "a", "b")), page(ContentDigest.CURRENT, "c"));
        assertThat(checkpoint.sourceRead()).hasValueSatisfying(read -> {
            assertThat(read.algorithm()).isEqualTo(ContentDigest.CURRENT);
            assertThat(read.sameAs(page(ContentDigest.CURRENT, "c", "a", "b"))).isTrue();
        });
    }

    /** A segment an earlier version began (SHA-256 digests) and this one goes on with: no digest stands for its source. */
    @Test
    void aCheckpointWhoseDigestAnEarlierVersionTook_keepsNone_onceThisVersionAddsAPage() {
        ContentDigest earlier = page(ContentDigest.Algorithm.SHA256, "a", "b");
        Checkpoint begun = new Checkpoint("Contacts", 0, 4, null, 1, 2, 2, 0, 0, 0, 1, false, "t", "t", 1, 0, 0, 0, null,
                earlier.hex(), 0, 0, null, null);
        assertThat(begun.sourceRead()).hasValueSatisfying(read -> assertThat(read.sameAs(earlier)).isTrue());

        assertThat(advance(begun, page(ContentDigest.CURRENT, "c")).sourceRead()).isEmpty();
        // One an earlier version started but read nothing into is empty, of any algorithm.
        Checkpoint empty = new Checkpoint("Contacts", 0, 4, null, 0, 0, 0, 0, 0, 0, 1, false, "t", "t", 0, 0, 0, 0, null,
                new ContentDigest(ContentDigest.Algorithm.SHA256).hex(), 0, 0, null, null);
        assertThat(advance(empty, page(ContentDigest.CURRENT, "c")).sourceRead()).hasValueSatisfying(read ->
                assertThat(read.sameAs(page(ContentDigest.CURRENT, "c"))).isTrue());
    }
}
