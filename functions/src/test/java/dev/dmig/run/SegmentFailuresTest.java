package dev.dmig.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentFailuresTest {
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final RunManifest.Failure mapFailed = new RunManifest.Failure(SegmentFailures.MAP_FAILED,
            "The specified tolerated failure threshold was exceeded");

    /** The records' clock: each failure is recorded a second after the one before. */
    private Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private void fail(String table, int segment, RuntimeException e) {
        fail("MigrateSegment", table, segment, e);
    }

    private void fail(String state, String table, int segment, RuntimeException e) {
        assertThatThrownBy(() -> SegmentFailures.recording(clock, artifacts, "run1", state, table, segment, () -> {
            throw e;
        })).isSameAs(e);
        clock = Clock.offset(clock, Duration.ofSeconds(1));
    }

    @Test
    void aTaskThatSucceeds_recordsNothing() {
        assertThat(SegmentFailures.recording(artifacts, "run1", "MigrateSegment", "Quotes", 0, () -> 7)).isEqualTo(7);
        assertThat(artifacts.list(RunLayout.segmentFailures("run1"))).isEmpty();
    }

    @Test
    void aFailedMap_isExplainedByTheLatestErrorNoRetryWasMeantToHeal() {
        fail("Quotes", 1, new IllegalStateException("quote q9 has no project"));
        fail("Contacts", 0, new StoreUnavailableException("S3 unavailable after retries", null));

        RunManifest.Failure explained = SegmentFailures.explain(artifacts, "run1", mapFailed);

        assertThat(explained.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(explained.cause()).isEqualTo("table Quotes, segment 1 (MigrateSegment): quote q9 has no project");
    }

    @Test
    void onlyRetriedErrors_theLatestExplainsIt() {
        fail("Contacts", 2, new StoreUnavailableException("DynamoDB unavailable after retries", null));

        assertThat(SegmentFailures.explain(artifacts, "run1", mapFailed).cause())
                .isEqualTo("table Contacts, segment 2 (MigrateSegment): DynamoDB unavailable after retries");
    }

    @Test
    void aFailedMapWithNoRecord_saysWhereToLook_once() {
        RunManifest.Failure explained = SegmentFailures.explain(artifacts, "run1", mapFailed);

        assertThat(explained.error()).isEqualTo(SegmentFailures.MAP_FAILED);
        assertThat(explained.cause()).isEqualTo("The specified tolerated failure threshold was exceeded; no segment task recorded an "
                + "error, as one that Lambda stopped (its timeout, out of memory) cannot: the Map Run's failed child execution and "
                + "its function's log name it");
        assertThat(SegmentFailures.explain(artifacts, "run1", explained)).isEqualTo(explained);
    }

    @Test
    void whatTheRollbacksOwnSegmentsThrew_neverExplainsTheRun() {
        fail("Quotes", 1, new IllegalStateException("quote q9 has no project"));
        fail(SegmentFailures.ROLLBACK_SEGMENT, "Contacts", 0, new IllegalStateException("deletes refused"));

        assertThat(SegmentFailures.explain(artifacts, "run1", mapFailed).cause())
                .isEqualTo("table Quotes, segment 1 (MigrateSegment): quote q9 has no project");
    }

    @Test
    void aSiblingSegmentStoppedByTheRollbacksFence_neverExplainsTheRun() {
        fail("Quotes", 1, new IllegalStateException("quote q9 has no project"));
        // Later, and no retry was meant to heal it: only the rule for fenced writers keeps it from explaining the run.
        fail("Contacts", 0, new RunFencedException("run run1 is being rolled back: segment 0 of table Contacts stopped"));

        RunManifest.Failure explained = SegmentFailures.explain(artifacts, "run1", mapFailed);

        assertThat(explained.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(explained.cause()).isEqualTo("table Quotes, segment 1 (MigrateSegment): quote q9 has no project");
    }

    @Test
    void anyOtherFailure_isLeftAsItIs() {
        fail("Quotes", 1, new IllegalStateException("boom"));
        RunManifest.Failure validation = new RunManifest.Failure("ValidationFailed", "see validation.json", List.of());
        assertThat(SegmentFailures.explain(artifacts, "run1", validation)).isEqualTo(validation);
        assertThat(SegmentFailures.explain(artifacts, "run1", null)).isNull();
    }
}
