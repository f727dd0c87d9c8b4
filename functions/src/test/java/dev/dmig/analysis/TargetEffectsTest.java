package dev.dmig.analysis;

import static dev.dmig.SampleMigration.source;
import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.store.TableInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writing to a target table can set off more than the write: its stream hands every item to
 * triggers and Amplify {@code @searchable}, and its time to live deletes items whose expiry has
 * passed. Analysis warns about both, counts the items TTL would delete, and blocks nothing.
 */
class TargetEffectsTest {
    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    private Analysis analysis(String runId) {
        return app.artifacts.json(RunLayout.analysis(runId), Analysis.class);
    }

    private static TableAnalysis table(Analysis analysis, String model) {
        return analysis.tables().stream().filter(t -> t.model().equals(model)).findFirst().orElseThrow();
    }

    @Test
    void targetWithAStream_isWarnedAbout_namingTheTableAndTheViewType_andTheFullRunGoesOn() {
        app.items.withStream(target("Requests"), "NEW_AND_OLD_IMAGES");

        RunState state = app.analyze(app.fullRequest("stream"));

        Analysis analysis = analysis("stream");
        assertThat(analysis.warnings()).containsExactly("table Requests: target table " + target("Requests")
                + " has a DynamoDB stream (NEW_AND_OLD_IMAGES): every item this run writes, and every delete of a rollback,"
                + " reaches its consumers (Lambda triggers and functions, Amplify @searchable)");
        assertThat(table(analysis, "Requests").targetStream()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(table(analysis, "Contacts").targetStream()).isNull();
        assertThat(state.levels()).as("warnings do not block the run").flatMap(RunState.Level::tables).hasSize(4);
        assertThat(app.artifacts.json(RunLayout.manifest("stream"), RunManifest.class).status()).isEqualTo(RunStatus.MIGRATING);
    }

    @Test
    void targetWithTimeToLive_countsTheSourceItemsItWouldDeleteOnArrival_byKeyOnly() {
        Instant now = Instant.now();
        app.items.put(source("Contacts"),
                item("id", s("hour-ago"), "expiresAt", n(String.valueOf(now.minus(Duration.ofHours(1)).getEpochSecond()))),
                item("id", s("year-ago"), "expiresAt", n(String.valueOf(now.minus(Duration.ofDays(365)).getEpochSecond()))),
                item("id", s("tomorrow"), "expiresAt", n(String.valueOf(now.plus(Duration.ofDays(1)).getEpochSecond()))),
                // Milliseconds read as seconds lie tens of thousands of years ahead: TTL never deletes such an item.
                item("id", s("millis"), "expiresAt", n(String.valueOf(now.toEpochMilli()))),
                // More than five years in the past: DynamoDB's TTL leaves it alone.
                item("id", s("ancient"), "expiresAt", n(String.valueOf(now.minus(Duration.ofDays(6 * 365)).getEpochSecond()))),
                item("id", s("text"), "expiresAt", s("1")));
        app.items.withTimeToLive(target("Contacts"), "expiresAt");

        app.analyze(app.request("dry-run", "ttl"));

        TimeToLiveAnalysis ttl = table(analysis("ttl"), "Contacts").timeToLive();
        assertThat(ttl.attribute()).isEqualTo("expiresAt");
        assertThat(ttl.expiredItems()).isEqualTo(2);
        assertThat(ttl.expiredExamples()).containsExactlyInAnyOrder("id=hour-ago", "id=year-ago");
        assertThat(ttl.unreadable()).isNull();
        assertThat(table(analysis("ttl"), "Requests").timeToLive()).isNull();
        assertThat(analysis("ttl").warnings()).singleElement().asString()
                .startsWith("table Contacts: target table " + target("Contacts") + " deletes items by time to live on attribute"
                        + " expiresAt; 2 source items have expiresAt already in the past and will be deleted by TTL soon after"
                        + " they are copied (e.g. id=")
                .contains("id=hour-ago").contains("id=year-ago")
                .doesNotContain("tomorrow", "millis", "ancient");
    }

    @Test
    void targetWithTimeToLive_andNoExpiredItem_isStillNamed() {
        app.items.withTimeToLive(target("Properties"), "ttl");

        app.analyze(app.request("dry-run", "ttl0"));

        assertThat(analysis("ttl0").warnings()).containsExactly("table Properties: target table " + target("Properties")
                + " deletes items by time to live on attribute ttl; no source item has ttl already in the past");
        assertThat(table(analysis("ttl0"), "Properties").timeToLive()).isEqualTo(new TimeToLiveAnalysis("ttl", 0, List.of(), null));
    }

    @Test
    void timeToLiveSettingThatCannotBeRead_isAWarning_notAFailure() {
        app.items.withoutTimeToLive();

        RunState state = app.analyze(app.request("dry-run", "nottl"));

        assertThat(state.done()).isTrue();
        assertThat(analysis("nottl").warnings()).hasSize(4).contains("table Contacts: target table " + target("Contacts")
                + ": its time-to-live setting could not be read (UnknownOperationException); if TTL is on, items whose TTL"
                + " attribute is already in the past are deleted soon after they are copied");
    }

    @Test
    void tableWithNeither_hasNoWarning() {
        app.analyze(app.request("dry-run", "plain"));

        assertThat(analysis("plain").warnings()).isEmpty();
        assertThat(analysis("plain").tables()).allSatisfy(t -> {
            assertThat(t.targetStream()).isNull();
            assertThat(t.timeToLive()).isNull();
        });
    }

    @Test
    void anOnDemandTargetServingLessThanTheRunWouldWrite_isWarnedAbout_withTheCommandThatRaisesIt() {
        for (int i = 0; i < 100; i++) {
            app.items.put(source("Contacts"), item("id", s("extra-" + i), "name", s("Extra")));
        }
        app.items.withWriteCapacity(target("Contacts"), new TableInfo.WriteCapacity(true, 0, List.of(), 1));
        // Not warned: provisioned; too few writes to outlast a minute at its warm throughput; a warm throughput that suffices.
        app.items.withWriteCapacity(target("Properties"), new TableInfo.WriteCapacity(false, 5, List.of(), 1));
        app.items.withWriteCapacity(target("Requests"), new TableInfo.WriteCapacity(true, 0, List.of(), 1));
        app.items.withWriteCapacity(target("AppPreferences"), new TableInfo.WriteCapacity(true, 0, List.of(), 1_000_000));

        RunState state = app.analyze(app.fullRequest("warm"));

        // Its three segment tasks at once (the plan's segments), each writing about 1,000 items/s of one write unit each.
        assertThat(analysis("warm").warnings()).containsExactly("table Contacts: target table " + target("Contacts")
                + " is on demand and serves about 1 write units/s before it scales up (its warm throughput); this run would write"
                + " up to 3000 units/s, so it is throttled and slows down (it does not fail) until the table has scaled, which"
                + " takes minutes to hours; to write at full speed from the start, raise it before the run: aws dynamodb"
                + " update-table --table-name " + target("Contacts") + " --warm-throughput WriteUnitsPerSecond=3000");
        assertThat(state.levels()).as("a warning blocks nothing").flatMap(RunState.Level::tables).hasSize(4);
    }
}
