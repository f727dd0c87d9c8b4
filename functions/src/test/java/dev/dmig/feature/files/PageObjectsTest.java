package dev.dmig.feature.files;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import dev.dmig.files.ObjectStore;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord.Action;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InFlight;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a page of file references plans before it journals: the source's and the target's heads of each key. */
class PageObjectsTest {
    private static final MigrationPlan PLAN = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "app-dev"},
             "target": {"tableSuffix": "-prod-NONE", "storageBucket": "app-prod"},
             "tables": {"Photo": {"files": {"plain": {}}}}}
            """);

    /** Heads of either bucket, each under way with another if it can be; the keys asked. */
    private static final class Heads {
        final InFlight together = new InFlight(2);
        final List<String> asked = new CopyOnWriteArrayList<>();

        Optional<ObjectHead> head(String bucket, String key, boolean there) {
            asked.add(bucket + "/" + key);
            return together.during(() -> there ? Optional.of(new ObjectHead(key, 3, "\"e1\"", null, "text/plain", Map.of(), null, null, null))
                    : Optional.<ObjectHead>empty());
        }
    }

    @Test
    void aKeysSourceObject_andWhatTheTargetHoldsThere_areAskedSideBySide() {
        Heads heads = new Heads();
        ObjectReader source = new Bucket("app-dev", heads, true);
        ObjectStore target = new Bucket("app-prod", heads, false);
        InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
        PageObjects objects = new PageObjects(PLAN, source, target, artifacts, new Journal(artifacts), null);

        PageObjects.Planned planned = objects.plan(new ItemTransformer(PLAN), "Photo",
                List.of(item("id", s("p1"), "plain", s("public/a.txt"))), Map.of(), "run1", 0, 0);

        assertThat(heads.asked).containsExactlyInAnyOrder("app-dev/public/a.txt", "app-prod/public/a.txt");
        assertThat(heads.together.most()).as("the source's head and the target's of one key at once").isEqualTo(2);
        assertThat(planned.records()).extracting(ObjectRecord::action, ObjectRecord::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Action.CREATED, "public/a.txt"));
        assertThat(planned.sources()).containsOnlyKeys("public/a.txt");
    }

    /** A bucket that only answers heads: the source holds every object, the target none. */
    private record Bucket(String bucket, Heads heads, boolean holds) implements ObjectStore {
        @Override
        public Optional<ObjectHead> head(String key) {
            return heads.head(bucket, key, holds);
        }

        @Override
        public boolean versioned() {
            return false;
        }

        @Override
        public InputStream open(String key) {
            throw new UnsupportedOperationException("planning reads no object");
        }

        @Override
        public List<String> list(String prefix, int limit) {
            throw new UnsupportedOperationException("planning lists nothing");
        }

        @Override
        public Written copy(ObjectReader from, ObjectHead head, String key, Condition condition) {
            throw new UnsupportedOperationException("planning writes nothing");
        }

        @Override
        public Written put(String key, ObjectHead like, InputStream body, long size, Condition condition) {
            throw new UnsupportedOperationException("planning writes nothing");
        }

        @Override
        public Listing listSizes(String prefix, String after) {
            throw new UnsupportedOperationException("planning lists nothing");
        }

        @Override
        public InputStream open(String key, String versionId) {
            throw new UnsupportedOperationException("planning reads no object");
        }

        @Override
        public List<ObjectVersion> versions(String key) {
            throw new UnsupportedOperationException("an unversioned bucket");
        }

        @Override
        public Outcome delete(String key, String etag) {
            throw new UnsupportedOperationException("planning writes nothing");
        }

        @Override
        public void deleteVersion(String key, String versionId) {
            throw new UnsupportedOperationException("planning writes nothing");
        }
    }
}
