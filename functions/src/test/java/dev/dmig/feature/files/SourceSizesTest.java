package dev.dmig.feature.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.files.InMemoryBucket;
import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import dev.dmig.store.InFlight;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Whether the source holds the objects records name, and their sizes: listed where that is cheaper, headed elsewhere. */
class SourceSizesTest {
    private final InFlight heads = new InFlight(1);

    private InMemoryBucket bucket(int objects) {
        InMemoryBucket bucket = new InMemoryBucket("app-dev", heads);
        IntStream.range(0, objects).forEach(i -> bucket.with(key(i), "x".repeat(1 + i % 7)));
        return bucket;
    }

    private static String key(int i) {
        return String.format("public/photo-%05d.jpg", i);
    }

    private static List<String> keys(int from, int to, int step) {
        return IntStream.iterate(from, i -> i < to, i -> i + step).mapToObj(SourceSizesTest::key).toList();
    }

    @Test
    void aFolderWhoseObjectsAPageNames_isListedOnce_andNoObjectHeaded() {
        InMemoryBucket bucket = bucket(500);
        List<String> asked = new ArrayList<>(keys(0, 500, 1));
        asked.add("public/gone.jpg");

        Map<String, Optional<Long>> sizes = new SourceSizes(bucket).of(asked);

        assertThat(bucket.listings()).isEqualTo(1);
        assertThat(heads.calls()).isZero();
        assertThat(sizes.get(key(0))).contains(1L);
        assertThat(sizes.get(key(13))).contains(7L);
        assertThat(sizes.get("public/gone.jpg")).isEmpty();
        assertThat(sizes).hasSize(501);
    }

    /** A bucket that says a folder's listing is not the way to its sizes (a masked run's placeholders): its keys are headed. */
    @Test
    void aFolderTheBucketDoesNotList_isHeaded() {
        InMemoryBucket bucket = bucket(500);
        ObjectReader unlisted = new ObjectReader() {
            @Override
            public String bucket() {
                return bucket.bucket();
            }

            @Override
            public Optional<ObjectHead> head(String key) {
                return bucket.head(key);
            }

            @Override
            public InputStream open(String key) {
                return bucket.open(key);
            }

            @Override
            public List<String> list(String prefix, int limit) {
                return bucket.list(prefix, limit);
            }

            @Override
            public Listing listSizes(String prefix, String after) {
                return bucket.listSizes(prefix, after);
            }

            @Override
            public boolean listsSizes(String prefix) {
                return false;
            }
        };

        Map<String, Optional<Long>> sizes = new SourceSizes(unlisted).of(keys(0, 100, 1));

        assertThat(bucket.listings()).isZero();
        assertThat(heads.calls()).isEqualTo(100);
        assertThat(sizes.get(key(13))).contains(7L);
    }

    @Test
    void usersOwnFolders_areListedTogether_underTheirAccessLevel() {
        InMemoryBucket bucket = new InMemoryBucket("app-dev", heads);
        List<String> avatars = IntStream.range(0, 40).mapToObj(i -> "protected/us-east-1:user-" + i + "/avatar.png").toList();
        avatars.forEach(key -> bucket.with(key, "png"));
        bucket.with("public/projects/p1/cover.jpg", "jpg");

        Map<String, Optional<Long>> sizes = new SourceSizes(bucket).of(avatars);

        assertThat(bucket.listings()).isEqualTo(1);
        assertThat(heads.calls()).isZero();
        assertThat(sizes.values()).containsOnly(Optional.of(3L));
    }

    @Test
    void aFewObjects_areHeaded_notListed() {
        InMemoryBucket bucket = bucket(500);

        Map<String, Optional<Long>> sizes = new SourceSizes(bucket).of(List.of(key(3), key(4), "public/gone.jpg"));

        assertThat(bucket.listings()).isZero();
        assertThat(heads.calls()).isEqualTo(3);
        assertThat(sizes.get(key(3))).contains(4L);
        assertThat(sizes.get("public/gone.jpg")).isEmpty();
    }

    @Test
    void aListing_goesOnFromWhereItStopped_acrossPages() {
        InMemoryBucket bucket = bucket(300).listingPage(100);
        SourceSizes sizes = new SourceSizes(bucket);

        sizes.of(keys(0, 100, 1));
        sizes.of(keys(100, 200, 1));
        Map<String, Optional<Long>> last = sizes.of(keys(0, 300, 1));

        assertThat(bucket.listings()).as("each page of the folder listed once").isEqualTo(3);
        assertThat(heads.calls()).isZero();
        assertThat(last.get(key(299))).contains(299L % 7 + 1);
    }

    @Test
    void aLargeFolderOfWhichFewAreNamed_costsAtMostATenthMoreRequestsThanTheirHeads() {
        InMemoryBucket bucket = bucket(20_000).listingPage(1000);
        List<String> asked = keys(0, 20_000, 500);

        Map<String, Optional<Long>> sizes = new SourceSizes(bucket).of(asked);

        assertThat(asked).hasSize(40);
        assertThat(bucket.listings()).isEqualTo(4);
        assertThat(heads.calls() + bucket.listings()).isLessThanOrEqualTo(asked.size() + asked.size() / SourceSizes.KEYS_PER_PAGE);
        assertThat(sizes.values()).allMatch(Optional::isPresent);
    }

    @Test
    void keysAreComparedAsS3OrdersThem_theirUtf8Bytes() {
        // In Java's order the emoji (a surrogate pair) comes before U+FFFD; S3 lists it after.
        String replacement = "public/\uFFFD.jpg";
        String emoji = "public/\uD83D\uDE00.jpg";
        InMemoryBucket bucket = new InMemoryBucket("app-dev", heads).listingPage(10);
        IntStream.range(0, 9).forEach(i -> bucket.with("public/a" + i + ".jpg", "a"));
        bucket.with(replacement, "r").with(emoji, "emoji");
        List<String> asked = new ArrayList<>(IntStream.range(0, 9).mapToObj(i -> "public/a" + i + ".jpg").toList());
        asked.add(replacement);
        asked.add(emoji);

        Map<String, Optional<Long>> sizes = new SourceSizes(bucket).of(asked);

        assertThat(bucket.listings()).isEqualTo(1);
        assertThat(sizes.get(emoji)).as("beyond the first page: headed, not taken for missing").contains(5L);
        assertThat(sizes.get(replacement)).contains(1L);
    }

    @Test
    void aListingOutOfOrder_isGivenUpForHeads() {
        InMemoryBucket ordered = bucket(50);
        ObjectReader reversed = new ObjectReader() {
            @Override
            public String bucket() {
                return ordered.bucket();
            }

            @Override
            public Optional<ObjectHead> head(String key) {
                return ordered.head(key);
            }

            @Override
            public InputStream open(String key) {
                return ordered.open(key);
            }

            @Override
            public List<String> list(String prefix, int limit) {
                return ordered.list(prefix, limit);
            }

            @Override
            public Listing listSizes(String prefix, String after) {
                Listing page = ordered.listSizes(prefix, after);
                List<Listed> objects = new ArrayList<>(page.objects());
                java.util.Collections.reverse(objects);
                return new Listing(objects.subList(0, 10), true);
            }
        };

        Map<String, Optional<Long>> sizes = new SourceSizes(reversed).of(keys(0, 50, 1));

        assertThat(heads.calls()).isEqualTo(50);
        assertThat(sizes.values()).allMatch(Optional::isPresent);
    }
}
