package dev.dmig.feature.files;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.files.Buckets;
import dev.dmig.files.InMemoryBucket;
import dev.dmig.files.InMemoryObjectStore;
import dev.dmig.files.ObjectReader;
import dev.dmig.files.ObjectStore;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.journal.JournalRecord.Action;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.rollback.UndoStep;
import dev.dmig.run.Deadline;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.InFlight;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The objects a rollback undoes beside a journal entry's items, and those it keeps because an item left in the target names them. */
class RollbackObjectsTest {
    private static final MigrationPlan PLAN = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "app-dev"},
             "target": {"tableSuffix": "-prod-NONE", "storageBucket": "app-prod"},
             "tables": {"Photo": {"ids": "preserve", "files": {"image": {}}},
                        "Album": {"ids": "preserve", "files": {"cover": {}}}}}""");

    private final InMemoryItemStore items = new InMemoryItemStore();
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final InMemoryObjectStore target = new InMemoryObjectStore("app-prod");
    private final InMemoryBucket source = new InMemoryBucket("app-dev", new InFlight(1));
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final Buckets buckets = new Buckets() {
        @Override
        public ObjectReader source(MigrationPlan plan) {
            return source;
        }

        @Override
        public ObjectStore target(MigrationPlan plan) {
            return target;
        }
    };

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    /**
     * The run copied two photos and their objects; production's album names the first. Once the photos are undone, the
     * album still names that object, so it is kept and counted; the other object, named when the rollback began by an
     * album gone before the photos' objects were undone, is deleted.
     */
    @Test
    void anObjectTheRunWrote_thatAnotherTablesRecordLeftInTheTargetNames_isKept_andCounted_andTheOthersAreDeleted() {
        items.createTable("Photo-prod-NONE", "id", ScalarAttributeType.S);
        items.createTable("Album-prod-NONE", "id", ScalarAttributeType.S);
        items.put("Photo-prod-NONE", item("id", s("p1"), "image", s("public/a.jpg")), item("id", s("p2"), "image", s("public/b.jpg")));
        items.put("Album-prod-NONE", item("id", s("prod-album"), "cover", s("public/a.jpg")),
                item("id", s("gone-album"), "cover", s("public/b.jpg")));
        target.with("public/a.jpg", "A").with("public/b.jpg", "B");
        JournalEntry entry = new JournalEntry("run1", "Photo", "Photo-prod-NONE", 0, 1, "full",
                List.of(created("p1"), created("p2")),
                List.of(new ObjectRecord(Action.CREATED, "public/a.jpg", "public/a.jpg", null, null, new ObjectRecord.Written("\"A\"", null)),
                        new ObjectRecord(Action.CREATED, "public/b.jpg", "public/b.jpg", null, null, new ObjectRecord.Written("\"B\"", null))));

        // The execution's first call reads the target's names before it undoes anything.
        steps().forEach(step -> assertThat(step.prepare(Deadline.none())).isTrue());
        // The photos' items are undone; the other album goes meanwhile (a child's record the rollback deleted first).
        items.delete("Photo-prod-NONE", item("id", s("p1")));
        items.delete("Photo-prod-NONE", item("id", s("p2")));
        items.delete("Album-prod-NONE", item("id", s("gone-album")));
        Counted part = new Counted();
        List<String> failed = new ArrayList<>();
        // A later call: what the first read is found with the execution's progress.
        steps().forEach(step -> step.undo(entry, part, failed));

        assertThat(failed).isEmpty();
        assertThat(target.keys()).isEqualTo(Set.of("public/a.jpg"));
        assertThat(part.objectsKept).isEqualTo(1);
        assertThat(part.objectsKeptKeys).containsExactly("app-prod/public/a.jpg");
        assertThat(part.objectsDeleted).isEqualTo(1);
        // The target's names were read once, a projected scan of each table with files, not once per object or call.
        assertThat(items.projectedScans()).containsExactlyInAnyOrder("Photo-prod-NONE", "Album-prod-NONE");
    }

    /**
     * The object is named by a record the run also created in another table, undone later (its table a parent's): that
     * record is gone once the rollback ends, so the object is deleted, not kept for it (nothing is left that names it).
     */
    @Test
    void anObjectNamedOnlyByRecordsTheRollbackDeletes_isDeleted_evenWhenOneOfThemIsUndoneLater() {
        items.createTable("Photo-prod-NONE", "id", ScalarAttributeType.S);
        items.createTable("Album-prod-NONE", "id", ScalarAttributeType.S);
        items.put("Photo-prod-NONE", item("id", s("p1"), "image", s("public/a.jpg")));
        items.put("Album-prod-NONE", item("id", s("run-album"), "cover", s("public/a.jpg")));
        target.with("public/a.jpg", "A");
        JournalEntry photos = new JournalEntry("run1", "Photo", "Photo-prod-NONE", 0, 1, "full", List.of(created("p1")),
                List.of(new ObjectRecord(Action.CREATED, "public/a.jpg", "public/a.jpg", null, null, new ObjectRecord.Written("\"A\"", null))));
        dev.dmig.journal.Journal journal = new dev.dmig.journal.Journal(artifacts);
        journal.write(photos);
        journal.write(new JournalEntry("run1", "Album", "Album-prod-NONE", 0, 1, "full", List.of(created("run-album"))));

        steps().forEach(step -> assertThat(step.prepare(Deadline.none())).isTrue());
        items.delete("Photo-prod-NONE", item("id", s("p1")));
        Counted part = new Counted();
        List<String> failed = new ArrayList<>();
        steps().forEach(step -> step.undo(photos, part, failed));

        assertThat(target.keys()).isEmpty();
        assertThat(part.objectsKept).isZero();
        assertThat(part.objectsDeleted).isEqualTo(1);
    }

    /**
     * The target's names are read a page at a time: a call whose time is up stops after its first page, keeps what it
     * read, and says it is not done; the next call goes on from there, until every table is read, and what the calls
     * read together names every object.
     */
    @Test
    void theTargetsNames_readPastACallsDeadline_goOnInTheNextCall_fromWhereItStopped() {
        items.createTable("Photo-prod-NONE", "id", ScalarAttributeType.S);
        items.createTable("Album-prod-NONE", "id", ScalarAttributeType.S);
        for (int i = 0; i < 2_500; i++) {
            items.put("Photo-prod-NONE", item("id", s("p" + i), "image", s("public/" + i + ".jpg")));
        }
        Deadline passed = Deadline.in(0, () -> 0L);

        List<Boolean> calls = new ArrayList<>();
        List<Integer> scans = new ArrayList<>();
        while (calls.isEmpty() || !calls.get(calls.size() - 1)) {
            int before = items.projectedScans().size();
            calls.add(steps().stream().allMatch(step -> step.prepare(passed)));
            scans.add(items.projectedScans().size() - before);
            assertThat(calls).as("the scan ends").hasSizeLessThan(10);
        }

        // Photo's 2,500 items in three pages, then Album's one: a page a call, each call but the last not done.
        assertThat(calls).containsExactly(false, false, false, true);
        assertThat(scans).containsExactly(1, 1, 1, 1);
        assertThat(items.projectedScans()).containsExactlyInAnyOrder("Photo-prod-NONE", "Photo-prod-NONE", "Photo-prod-NONE", "Album-prod-NONE");
        // A call once it is all read scans nothing again.
        assertThat(steps().stream().allMatch(step -> step.prepare(passed))).isTrue();
        assertThat(items.projectedScans()).hasSize(4);
        // What the calls read together: an Album's entry keeps the objects the photos of every page still name.
        JournalEntry album = new JournalEntry("run1", "Album", "Album-prod-NONE", 0, 1, "full", List.of(), List.of());
        assertThat(TargetNames.read(artifacts, "run1", "exec-rb").stillNamed(PLAN, items, album,
                List.of("public/0.jpg", "public/1500.jpg", "public/2499.jpg", "public/none.jpg")))
                .containsExactlyInAnyOrder("public/0.jpg", "public/1500.jpg", "public/2499.jpg");
    }

    /**
     * A delete lands but its answer is lost (the call fails): the object is tried once more, found gone, and counted as
     * deleted by the rollback, not as nothing done.
     */
    @Test
    void aDeleteWhoseAnswerIsLost_countsAsDeleted_onceTheSecondTryFindsTheObjectGone() {
        items.createTable("Photo-prod-NONE", "id", ScalarAttributeType.S);
        items.createTable("Album-prod-NONE", "id", ScalarAttributeType.S);
        target.with("public/a.jpg", "A").with("public/b.jpg", "B").losingAnswers(2);
        JournalEntry entry = new JournalEntry("run1", "Photo", "Photo-prod-NONE", 0, 1, "full",
                List.of(created("p1"), created("p2")),
                List.of(new ObjectRecord(Action.CREATED, "public/a.jpg", "public/a.jpg", null, null, new ObjectRecord.Written("\"A\"", null)),
                        new ObjectRecord(Action.CREATED, "public/b.jpg", "public/b.jpg", null, null, new ObjectRecord.Written("\"B\"", null))));

        steps().forEach(step -> assertThat(step.prepare(Deadline.none())).isTrue());
        Counted part = new Counted();
        List<String> failed = new ArrayList<>();
        steps().forEach(step -> step.undo(entry, part, failed));

        assertThat(failed).isEmpty();
        assertThat(target.keys()).isEmpty();
        assertThat(part.objectsDeleted).as("objects the rollback deleted").isEqualTo(2);
        assertThat(part.objectsKept).isZero();
    }

    /** The rollback's step for the Storage objects, as the rollback makes it for one call. */
    private List<UndoStep> steps() {
        List<UndoStep> steps = new ArrayList<>();
        ObjectUndo.addTo(steps, parts());
        return steps;
    }

    private UndoStep.Parts parts() {
        return new UndoStep.Parts("run1", "exec-rb", PLAN, dev.dmig.Reaches.NONE.with(Buckets.class, buckets), artifacts, pool, items);
    }

    private static JournalRecord created(String id) {
        Map<String, AttributeValue> key = item("id", s(id));
        return new JournalRecord(Action.CREATED, DynamoJson.item(key), id, null);
    }

    /** What the step counted of one (table, segment), each object once, as the rollback's part counts it. */
    private static final class Counted implements UndoStep.Counts {
        long objectsDeleted;
        long objectsKept;
        final List<String> objectsKeptKeys = new ArrayList<>();
        String failedBecause;

        @Override
        public void undidObjects(long deleted, long restored, List<String> left) {
            objectsDeleted += deleted;
        }

        @Override
        public void keptObjects(List<String> kept) {
            kept.stream().filter(key -> !objectsKeptKeys.contains(key)).forEach(key -> {
                objectsKeptKeys.add(key);
                objectsKept++;
            });
        }

        @Override
        public void failedBecause(String why) {
            failedBecause = failedBecause == null ? why : failedBecause;
        }
    }
}
