package dev.dmig.analysis;

import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dmig.SampleMigration;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code onConflict} in a table's entry: that table's keys the target already holds follow it, the others the plan's.
 * A full run stops before any write at the conflicts of its {@code abort} tables only, naming them; a {@code skip}
 * table's conflicting records are left as production has them while the run writes the rest.
 */
class OnConflictByTableTest {
    private final List<SampleMigration> apps = new ArrayList<>();

    @AfterEach
    void close() {
        apps.forEach(SampleMigration::close);
    }

    /** The sample app under the plan's {@code onConflict}, production holding its own record at Contacts c3's new key. */
    private SampleMigration app(String onConflict) {
        SampleMigration app = new SampleMigration(onConflict, 2, 3);
        apps.add(app);
        app.items.put(target("Contacts"), item("id", s(app.newId("Contacts", "c3")), "name", s("production's own")));
        return app;
    }

    /** The app's plan with {@code model}'s entry saying {@code onConflict}. */
    private static ObjectNode plan(SampleMigration app, String model, String onConflict) {
        ObjectNode plan = app.planNode().deepCopy();
        ((ObjectNode) plan.at("/tables/" + model)).set("onConflict", TextNode.valueOf(onConflict));
        return plan;
    }

    private static RunRequest full(ObjectNode plan, String runId) {
        return new RunRequest("full", runId, null, plan, null, null, null, null, true, null, null, null, null);
    }

    @Test
    void aTableSayingSkip_underAPlanThatAborts_leavesProductionsRecord_andTheRunWritesTheRest() {
        SampleMigration app = app("abort");

        RunState state = app.analyze(full(plan(app, "Contacts", "skip"), "skip-contacts"));

        assertThat(state.blockingConflicts()).isZero();
        Analysis analysis = app.artifacts.json(RunLayout.analysis("skip-contacts"), Analysis.class);
        assertThat(analysis.onConflictText()).isEqualTo("abort; Contacts skip");
        app.migrate(state, 60_000);
        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c3")))).orElseThrow().get("name"))
                .isEqualTo(s("production's own"));
        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c2"))))).isPresent();
        assertThat(app.items.items(target("Requests"))).hasSize(5);
    }

    @Test
    void aTableSayingAbort_underAPlanThatSkips_stopsTheRunBeforeAnyWrite_namingTheTable() {
        SampleMigration app = app("skip");

        RunState state = app.analyze(full(plan(app, "Contacts", "abort"), "abort-contacts"));

        assertThat(state.blockingConflicts()).isEqualTo(1);
        RunManifest manifest = app.artifacts.json(RunLayout.manifest("abort-contacts"), RunManifest.class);
        assertThat(manifest.status()).isEqualTo(RunStatus.REFUSED);
        assertThat(manifest.failure().cause()).isEqualTo("table Contacts (onConflict: abort): 1 target items already exist at the"
                + " mapped keys");
        assertThat(app.items.writeCalls()).isEmpty();

        // The same conflict in a table that skips, beside one that aborts with none: the run goes on.
        RunState other = app.analyze(full(plan(app, "Properties", "abort"), "abort-properties"));
        assertThat(other.blockingConflicts()).isZero();
    }

    @Test
    void aTablesOnConflict_isReadFromItsEntry_andAWrongOneIsRefusedNamingTheTable() {
        SampleMigration app = app("abort");
        MigrationPlan plan = PlanParser.parse(app.planJson().replace("\"Properties\": {}", "\"Properties\": {\"onConflict\": \"overwrite\"}"));
        assertThat(plan.onConflictOf("Properties")).isEqualTo(ConflictPolicy.OVERWRITE);
        assertThat(plan.onConflictOf("Contacts")).isEqualTo(ConflictPolicy.ABORT);

        assertThatThrownBy(() -> PlanParser.parse(app.planJson().replace("\"Properties\": {}", "\"Properties\": {\"onConflict\": \"merge\"}")))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("table Properties, attribute onConflict: must be \"abort\", \"skip\" or \"overwrite\", not \"merge\"");
    }
}
