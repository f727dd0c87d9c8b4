package dev.dmig.feature.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.journal.JournalRecord.Action;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.files.ObjectStore;
import dev.dmig.files.S3Buckets;
import dev.dmig.store.AwsClients;
import dev.dmig.store.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rollback's undoing of Storage objects on a real S3-compatible store (S3Proxy, versioned and not), one journal record
 * at a time: it undoes the object the run's write made and nothing else, leaves an object someone changed since the run
 * as it is, and recognises the run's own object where the journal never recorded the write (the run stopped between the
 * write and the journal).
 */
class ObjectUndoIT {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
    private static final String SOURCE_KEY = "public/photo.jpg";
    private static final String KEY = "public/new-photo.jpg";

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private record Bucket(StorageBuckets buckets, S3Buckets reach, MigrationPlan plan, ObjectStore target, ObjectUndo undo)
            implements AutoCloseable {
        static Bucket of(String name, boolean versioned) {
            StorageBuckets buckets = new StorageBuckets(name, versioned);
            MigrationPlan plan = PlanParser.parse("""
                    {"source": {"tableSuffix": "-dev", "storageBucket": "%s"}, "target": {"tableSuffix": "-prod", "storageBucket": "%s"},
                     "tables": {"Photo": {"files": {"image": {"prefix": "public/"}}}}}
                    """.formatted(buckets.dev, buckets.prod));
            S3Buckets reach = new S3Buckets(new AwsClients.Connection(SharedStack.stack().s3Endpoint(), SharedStack.stack().region(),
                    SharedStack.stack().credentials(), 8), null, null);
            buckets.put(buckets.dev, SOURCE_KEY, "the source's photo".getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of());
            return new Bucket(buckets, reach, plan, reach.target(plan),
                    new ObjectUndo(reach.target(plan), () -> reach.source(plan), ARTIFACTS, POOL, Map.of()));
        }

        /** An undo of a run whose journal holds {@code journaled}, following's writes again among them. */
        ObjectUndo undo(List<ObjectRecord> journaled) {
            return new ObjectUndo(target, () -> reach.source(plan), ARTIFACTS, POOL, ObjectUndo.rewrites(journaled));
        }

        /** Writes {@code text} at the key as the run, or someone, does; returns what the write made. */
        ObjectRecord.Written put(String text) {
            var put = buckets.s3.putObject(b -> b.bucket(buckets.prod).key(KEY).contentType("image/jpeg"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString(text));
            return new ObjectRecord.Written(put.eTag(), put.versionId());
        }

        /** The versions the key has now, as a journal record's prior versions; null in an unversioned bucket. */
        List<String> versions(boolean versioned) {
            return versioned ? target.versions(KEY).stream().map(ObjectStore.ObjectVersion::versionId).toList() : null;
        }

        String current() {
            return target.head(KEY).map(h -> new String(buckets.s3.getObjectAsBytes(b -> b.bucket(buckets.prod).key(KEY)).asByteArray(),
                    StandardCharsets.UTF_8)).orElse(null);
        }

        @Override
        public void close() {
            reach.close();
            buckets.close();
        }
    }

    @ParameterizedTest(name = "versioned: {0}")
    @ValueSource(booleans = {true, false})
    void anObjectTheRunCreated_isDeleted_butOneSomeoneWroteOverIt_isLeftAndNamed(boolean versioned) {
        try (Bucket bucket = Bucket.of("undocreated" + versioned, versioned)) {
            List<String> prior = bucket.versions(versioned);
            ObjectRecord.Written made = bucket.put("the source's photo");
            ObjectRecord record = new ObjectRecord(Action.CREATED, KEY, SOURCE_KEY, prior, null, made);
            bucket.put("a user's later upload");

            ObjectUndo.Undone undone = bucket.undo().undo(List.of(record));

            assertThat(undone.left()).containsExactly(bucket.buckets().prod + "/" + KEY);
            assertThat(undone.deleted()).isZero();
            assertThat(bucket.current()).isEqualTo("a user's later upload");
            if (versioned) {
                assertThat(bucket.target().versions(KEY)).as("the run's own version is gone, the user's kept").hasSize(1);
            }
        }
    }

    @ParameterizedTest(name = "versioned: {0}")
    @ValueSource(booleans = {true, false})
    void anObjectTheRunCreated_untouchedSince_isDeleted_andASecondUndoDoesNothing(boolean versioned) {
        try (Bucket bucket = Bucket.of("undountouched" + versioned, versioned)) {
            List<String> prior = bucket.versions(versioned);
            ObjectRecord record = new ObjectRecord(Action.CREATED, KEY, SOURCE_KEY, prior, null, bucket.put("the source's photo"));

            ObjectUndo.Undone undone = bucket.undo().undo(List.of(record));
            ObjectUndo.Undone again = bucket.undo().undo(List.of(record));

            assertThat(undone.deleted()).isOne();
            assertThat(undone.left()).isEmpty();
            assertThat(bucket.current()).isNull();
            assertThat(bucket.target().versions(KEY)).as("no version, no delete marker").isEmpty();
            assertThat(again.deleted() + again.left().size() + again.failed().size()).isZero();
        }
    }

    @ParameterizedTest(name = "versioned: {0}")
    @ValueSource(booleans = {true, false})
    void aWriteTheJournalNeverRecorded_isRecognisedByItsContent_andUndone(boolean versioned) {
        try (Bucket bucket = Bucket.of("undounrecorded" + versioned, versioned)) {
            List<String> prior = bucket.versions(versioned);
            bucket.put("the source's photo");
            ObjectRecord record = new ObjectRecord(Action.CREATED, KEY, SOURCE_KEY, prior, null, null);

            ObjectUndo.Undone undone = bucket.undo().undo(List.of(record));

            assertThat(undone.deleted()).isOne();
            assertThat(bucket.current()).isNull();
        }
    }

    @ParameterizedTest(name = "versioned: {0}")
    @ValueSource(booleans = {true, false})
    void withoutARecordedWrite_anObjectThatIsNotTheSources_isLeftAndNamed(boolean versioned) {
        try (Bucket bucket = Bucket.of("undoforeign" + versioned, versioned)) {
            List<String> prior = bucket.versions(versioned);
            // The run stopped before its copy; then someone uploaded at the key.
            ObjectRecord record = new ObjectRecord(Action.CREATED, KEY, SOURCE_KEY, prior, null, null);
            bucket.put("a user's upload");

            ObjectUndo.Undone undone = bucket.undo().undo(List.of(record));

            assertThat(undone.left()).containsExactly(bucket.buckets().prod + "/" + KEY);
            assertThat(bucket.current()).isEqualTo("a user's upload");
        }
    }

    @Test
    void anUnversionedOverwrite_isWrittenBack_onlyWhileTheKeyHoldsTheRunsObject() {
        try (Bucket bucket = Bucket.of("undorestore", false)) {
            ObjectRecord.Written before = bucket.put("production's own photo");
            String artifact = "runs/undo-restore/objects/Photo/0/0/" + KEY.hashCode();
            ARTIFACTS.put(artifact, "production's own photo".getBytes(StandardCharsets.UTF_8), "image/jpeg");
            ObjectRecord.SavedCopy saved = new ObjectRecord.SavedCopy(artifact, "production's own photo".length(), "image/jpeg",
                    Map.of(), before.etag(), null, null);
            ObjectRecord record = new ObjectRecord(Action.OVERWRITTEN, KEY, SOURCE_KEY, null, saved, bucket.put("the source's photo"));

            ObjectUndo.Undone restored = bucket.undo().undo(List.of(record));
            ObjectUndo.Undone again = bucket.undo().undo(List.of(record));

            assertThat(restored.restored()).isOne();
            assertThat(bucket.current()).isEqualTo("production's own photo");
            assertThat(again.restored() + again.left().size()).as("already written back: nothing more").isZero();

            // Overwritten by the run again, then by someone else: the rollback leaves theirs.
            ObjectRecord second = new ObjectRecord(Action.OVERWRITTEN, KEY, SOURCE_KEY, null, saved, bucket.put("the source's photo"));
            bucket.put("someone's edit");

            ObjectUndo.Undone left = bucket.undo().undo(List.of(second));

            assertThat(left.left()).containsExactly(bucket.buckets().prod + "/" + KEY);
            assertThat(bucket.current()).isEqualTo("someone's edit");
        }
    }

    /**
     * The key's records: the copy's (it created the object, or overwrote production's own), then following's two writes
     * again of it (the app replaced the file in place, twice), each with the run's object it replaced.
     */
    private static List<ObjectRecord> copiedThenWrittenTwiceAgain(Bucket bucket, boolean versioned, boolean held) {
        ObjectRecord.SavedCopy saved = null;
        if (held) {
            ObjectRecord.Written before = bucket.put("production's own photo");
            String artifact = "runs/undo-again/objects/Photo/0/0/" + KEY.hashCode() + versioned;
            ARTIFACTS.put(artifact, "production's own photo".getBytes(StandardCharsets.UTF_8), "image/jpeg");
            saved = versioned ? null : new ObjectRecord.SavedCopy(artifact, "production's own photo".length(), "image/jpeg",
                    Map.of(), before.etag(), null, null);
        }
        List<String> prior = bucket.versions(versioned);
        ObjectRecord copied = new ObjectRecord(held ? Action.OVERWRITTEN : Action.CREATED, KEY, SOURCE_KEY, prior, saved,
                bucket.put("the source's photo"));
        List<String> priorAgain = bucket.versions(versioned);
        ObjectRecord again = new ObjectRecord(Action.OVERWRITTEN, KEY, SOURCE_KEY, priorAgain, null, bucket.put("the photo, replaced"),
                copied.written());
        List<String> priorTwice = bucket.versions(versioned);
        ObjectRecord twice = new ObjectRecord(Action.OVERWRITTEN, KEY, SOURCE_KEY, priorTwice, null, bucket.put("the photo, replaced twice"),
                again.written());
        return List.of(copied, again, twice);
    }

    /** Undoes the records one at a time (as a rollback does entries), in the order given; what they did, summed. */
    private static ObjectUndo.Undone undoEach(ObjectUndo undo, List<ObjectRecord> records) {
        long deleted = 0;
        long restored = 0;
        List<String> failed = new java.util.ArrayList<>();
        List<String> left = new java.util.ArrayList<>();
        for (ObjectRecord record : records) {
            ObjectUndo.Undone undone = undo.undo(List.of(record));
            deleted += undone.deleted();
            restored += undone.restored();
            failed.addAll(undone.failed());
            left.addAll(undone.left());
        }
        return new ObjectUndo.Undone(deleted, restored, failed, left, List.of(), null);
    }

    /**
     * A key the copy wrote and following wrote twice again: undone in either order (a rollback undoes a table's copy and
     * its following side by side, and following's entries oldest first), the key holds what it held before the run,
     * byte for byte (in a versioned bucket, exactly its versions before the run), and nothing is named as changed by
     * someone else.
     */
    @ParameterizedTest(name = "versioned: {0}, production held an object there: {1}, newest first: {2}")
    @org.junit.jupiter.params.provider.CsvSource({"false,false,false", "false,false,true", "false,true,false", "false,true,true",
            "true,false,false", "true,false,true", "true,true,false", "true,true,true"})
    void aKeyFollowingWroteAgain_isPutBackAsItWasBeforeTheRun_inEitherOrder(boolean versioned, boolean held, boolean newestFirst) {
        try (Bucket bucket = Bucket.of("undoagain" + versioned + held + newestFirst, versioned)) {
            List<ObjectRecord> records = copiedThenWrittenTwiceAgain(bucket, versioned, held);
            List<ObjectRecord> order = newestFirst ? List.of(records.get(2), records.get(1), records.get(0)) : records;

            ObjectUndo.Undone undone = undoEach(bucket.undo(records), order);

            assertThat(bucket.current()).isEqualTo(held ? "production's own photo" : null);
            assertThat(undone.left()).as("the run's own objects, not someone else's").isEmpty();
            assertThat(undone.failed()).isEmpty();
            assertThat(held ? undone.restored() : undone.deleted()).as("the key, counted once").isOne();
            if (versioned) {
                assertThat(bucket.target().versions(KEY).stream().map(ObjectStore.ObjectVersion::versionId).toList())
                        .as("the versions the key had before the run, no more").isEqualTo(records.get(0).priorVersions());
            }
        }
    }

    /**
     * The same key, uploaded to by a user after following's last write: undone in either order, the user's upload is
     * kept (in a versioned bucket, the only version the run's leave) and named once.
     */
    @ParameterizedTest(name = "versioned: {0}, newest first: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void aKeyFollowingWroteAgain_thenAUserUploadedTo_keepsTheUpload_inEitherOrder(boolean versioned, boolean newestFirst) {
        try (Bucket bucket = Bucket.of("undoagainuser" + versioned + newestFirst, versioned)) {
            List<ObjectRecord> records = copiedThenWrittenTwiceAgain(bucket, versioned, false);
            ObjectRecord.Written upload = bucket.put("a user's later upload");
            List<ObjectRecord> order = newestFirst ? List.of(records.get(2), records.get(1), records.get(0)) : records;

            ObjectUndo.Undone undone = undoEach(bucket.undo(records), order);

            assertThat(bucket.current()).isEqualTo("a user's later upload");
            assertThat(undone.left()).containsExactly(bucket.buckets().prod + "/" + KEY);
            assertThat(undone.deleted() + undone.restored()).isZero();
            if (versioned) {
                assertThat(bucket.target().versions(KEY).stream().map(ObjectStore.ObjectVersion::versionId).toList())
                        .containsExactly(upload.versionId());
            }
        }
    }

    /**
     * Following wrote a key again and was stopped before it recorded what its write made: the key holds the source's
     * bytes, and a rollback, in either order, takes them as the run's: the key is put back as before the run, nothing
     * named as someone else's.
     */
    @ParameterizedTest(name = "versioned: {0}, newest first: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void aWriteAgainNeverRecorded_isRecognisedByItsContent_andTheKeyPutBack(boolean versioned, boolean newestFirst) {
        try (Bucket bucket = Bucket.of("undoagainunrecorded" + versioned + newestFirst, versioned)) {
            List<String> prior = bucket.versions(versioned);
            ObjectRecord copied = new ObjectRecord(Action.CREATED, KEY, SOURCE_KEY, prior, null, bucket.put("the photo, as first copied"));
            ObjectRecord again = new ObjectRecord(Action.OVERWRITTEN, KEY, SOURCE_KEY, bucket.versions(versioned), null, null,
                    copied.written());
            bucket.put("the source's photo");
            List<ObjectRecord> records = List.of(copied, again);

            ObjectUndo.Undone undone = undoEach(bucket.undo(records), newestFirst ? List.of(again, copied) : records);

            assertThat(bucket.current()).isNull();
            assertThat(undone.left()).isEmpty();
            assertThat(undone.deleted()).isOne();
            assertThat(bucket.target().versions(KEY)).isEmpty();
        }
    }
}
