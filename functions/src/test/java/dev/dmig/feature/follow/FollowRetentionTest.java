package dev.dmig.feature.follow;

import static dev.dmig.SampleMigration.source;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.SampleMigration;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A run that follows its source needs its streams' marks still there when following begins, after the copy: a copy the
 * analysis estimates at longer than a stream keeps its changes (24 hours) is refused with {@code --follow}, in one line
 * with the estimate, the limit and what to do, before anything is written; without {@code --follow} it goes on.
 */
class FollowRetentionTest {
    /** Contacts' items at one write a second: about 25 hours by the estimate. */
    private static final int ITEMS = 90_000;

    private final SampleMigration app = new SampleMigration("abort", 1000, 3);

    @AfterEach
    void close() {
        app.close();
    }

    private RunRequest request(String runId, boolean follow) {
        ObjectNode plan = (ObjectNode) app.planNode();
        ((ObjectNode) plan.path("tables").path("Contacts")).put("writeRateLimit", 1);
        return new RunRequest("full", runId, null, plan, null, null, null, null, true, null, null, null, null, null, null, follow);
    }

    private void manyContacts() {
        List<Map<String, AttributeValue>> contacts = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            contacts.add(item("id", s("c-many" + i), "name", s("contact " + i)));
        }
        app.items.putAll(source("Contacts"), contacts);
    }

    @Test
    void aFollowedRunWhoseCopyOutlivesTheStream_isRefusedInOneLine_beforeAnythingIsWritten() {
        manyContacts();
        var targetsBefore = app.snapshot(app.targetTables());

        assertThatThrownBy(() -> app.analyze(request("run1", true))).isInstanceOf(StreamNotReadyException.class)
                .hasMessage("the copy is estimated at about 25.0 hours, longer than the 24 hours a DynamoDB stream keeps each "
                        + "change: following would find the changes made early in the copy gone. Shorten the copy (more "
                        + "segments, or a higher writeRateLimit, in the plan), or migrate without --follow while the "
                        + "application's writes are paused; nothing was written");

        assertThat(app.snapshot(app.targetTables())).isEqualTo(targetsBefore);
        RunManifest manifest = app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class);
        assertThat(manifest.status()).isEqualTo(RunStatus.REFUSED);
        assertThat(app.artifacts.list(RunLayout.follow("run1"))).as("no stream mark taken").isEmpty();

        // The same copy without following is not refused for it: it is the streams' 24 hours, not the estimate's size.
        assertThat(app.analyze(request("run2", false)).done()).isTrue();
        assertThat(app.artifacts.json(RunLayout.manifest("run2"), RunManifest.class).status()).isEqualTo(RunStatus.MIGRATING);
    }
}
