package dev.dmig.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.Settings;
import dev.dmig.json.Json;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A way back before the first write: a full run refuses a target table without point-in-time
 * recovery, unless the plan lets dmig take an on-demand backup or opts out explicitly.
 */
class BackupsTest {
    private static final String SRC = "-b-dev";
    private static final String DST = "-b-prod";

    private final InMemoryItemStore items = new InMemoryItemStore()
            .createTable("A" + SRC, "id", ScalarAttributeType.S).createTable("A" + DST, "id", ScalarAttributeType.S)
            .createTable("B" + SRC, "id", ScalarAttributeType.S).createTable("B" + DST, "id", ScalarAttributeType.S)
            .withPointInTimeRecovery("A" + DST)
            .put("A" + SRC, Map.of("id", AttributeValue.fromS("a1")))
            .put("B" + SRC, Map.of("id", AttributeValue.fromS("b1")));
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    @Test
    void aTargetWithoutPointInTimeRecovery_isRefused_beforeAnyWrite() {
        assertThatThrownBy(() -> full("", null)).isInstanceOf(BackupRequiredException.class)
                .hasMessage("no way back for B" + DST + ": point-in-time recovery is off; turn it on, set \"backupBeforeWrite\": "
                        + "true to let dmig take on-demand backups, or set \"backup\": false (--no-backup) to go without "
                        + "(nothing was written)");
        RunManifest manifest = artifacts.json(RunLayout.manifest("r"), RunManifest.class);
        assertThat(manifest.status()).isEqualTo(RunStatus.REFUSED);
        assertThat(manifest.failure().error()).isEqualTo("BackupRequired");
        assertThat(items.backups()).isEmpty();
        assertThat(items.writeCalls()).isEmpty();
    }

    @Test
    void backupBeforeWrite_takesOnePerTableWithoutRecovery_andRecordsItsArn() {
        RunState state = full("\"backupBeforeWrite\": true,", null);
        assertThat(state.levels()).isNotEmpty();
        assertThat(items.backups()).containsExactly("B" + DST + "/dmig-r-B" + DST);
        assertThat(artifacts.json(RunLayout.manifest("r"), RunManifest.class).backups())
                .containsExactly(Map.entry("B" + DST, "arn:aws:dynamodb:local:000000000000:table/B" + DST + "/backup/dmig-r-B" + DST));
    }

    @Test
    void anExplicitOptOut_goesWithout() {
        full("\"backup\": false,", null);
        new dev.dmig.run.RunLock(artifacts).release(DST, "r");
        full2("r2", "", false);
        assertThat(items.backups()).isEmpty();
        assertThat(artifacts.json(RunLayout.manifest("r2"), RunManifest.class).status()).isEqualTo(RunStatus.MIGRATING);
    }

    @Test
    void aDynamoDbWithoutBackups_isRefusedWithAHint() {
        items.withoutBackups();
        assertThatThrownBy(() -> full("", null)).isInstanceOf(BackupRequiredException.class)
                .hasMessage("table A" + DST + ": this DynamoDB has no backups (DynamoDB Local has none); set \"backup\": false "
                        + "or pass --no-backup to go without (nothing was written)");
    }

    private RunState full(String planExtra, Boolean backup) {
        return full2("r", planExtra, backup);
    }

    private RunState full2(String runId, String planExtra, Boolean backup) {
        String plan = "{\"source\": {\"tableSuffix\": \"" + SRC + "\"}, \"target\": {\"tableSuffix\": \"" + DST + "\"}, " + planExtra
                + " \"tables\": {\"A\": {}, \"B\": {}}}";
        RunRequest request = new RunRequest("full", runId, null, Json.tree(plan.getBytes(StandardCharsets.UTF_8)), null, null, null,
                null, true, null, null, null, backup);
        return new Analyzer(items, artifacts, Settings.defaults("b"), pool).analyze(request, runId, Deadline.in(60_000));
    }
}
