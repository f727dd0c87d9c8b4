package dev.dmig.analysis;

import static dev.dmig.SampleMigration.source;
import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.SampleMigration;
import dev.dmig.json.Json;
import dev.dmig.migrate.HeldIds;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reference to the table whose source holds each value ({@code {"oneOf": [...]}}): the analysis looks each value up in
 * those tables' source, maps and counts it as the holder's (an orphan as the first table's), freezes what it found for
 * the copy, refuses a value two of them hold, and refuses a run that leaves one of them out.
 */
class HeldIdsTest {
    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    /** The sample's plan, with Requests' agentContactId and addressId each an ID of Properties or Contacts. */
    private JsonNode plan() {
        ObjectNode plan = (ObjectNode) app.planNode().deepCopy();
        ObjectNode references = (ObjectNode) plan.at("/tables/Requests/references");
        references.set("agentContactId", Json.tree("{\"oneOf\": [\"Properties\", \"Contacts\"]}".getBytes()));
        references.set("addressId", Json.tree("{\"oneOf\": [\"Contacts\", \"Properties\"]}".getBytes()));
        return plan;
    }

    private RunRequest request(String mode, String runId, List<String> tables) {
        return new RunRequest(mode, runId, null, plan(), null, null, null, null, mode.equals("full") ? true : null, null, tables, null, null);
    }

    @Test
    void eachValue_isCountedAndCopiedAsAnIdOfTheTableThatHoldsIt_andWhatWasFoundIsFrozenForTheCopy() {
        app.analyze(request("dry-run", "held-dry", null));

        Analysis analysis = app.artifacts.json(RunLayout.analysis("held-dry"), Analysis.class);
        TableAnalysis requests = analysis.tables().stream().filter(t -> t.model().equals("Requests")).findFirst().orElseThrow();
        assertThat(requests.references()).filteredOn(r -> r.path().startsWith("agentContactId")).extracting(r -> r.path() + " "
                + r.values() + " values, " + r.orphans() + " orphans").containsExactlyInAnyOrder(
                "agentContactId{Properties} 1 values, 1 orphans", "agentContactId{Contacts} 3 values, 0 orphans");
        assertThat(requests.references()).filteredOn(r -> r.path().startsWith("addressId")).extracting(r -> r.path() + " "
                + r.values()).containsExactlyInAnyOrder("addressId{Contacts} 0", "addressId{Properties} 4");
        HeldIds held = HeldIds.of(app.artifacts, "held-dry");
        assertThat(held.byModel().get("Contacts")).containsExactlyInAnyOrder("c1", "c2", "c6");
        assertThat(held.byModel().get("Properties")).containsExactlyInAnyOrder("p1", "p2", "p3");

        RunState state = app.analyze(request("full", "held-full", null));
        app.migrate(state, 60_000);

        var r1 = app.items.item(target("Requests"), item("id", s(app.newId("Requests", "r1")))).orElseThrow();
        assertThat(r1.get("agentContactId").s()).isEqualTo(app.newId("Contacts", "c1"));
        assertThat(r1.get("addressId").s()).isEqualTo(app.newId("Properties", "p1"));
        var r2 = app.items.item(target("Requests"), item("id", s(app.newId("Requests", "r2")))).orElseThrow();
        assertThat(r2.get("agentContactId").s()).as("an orphan, as the first table's").isEqualTo(app.newId("Properties", "ghost"));
    }

    @Test
    void aValueTwoOfTheTablesHold_isAProblemOfItsItem_refusedBeforeAnyWrite() {
        app.items.put(source("Properties"), item("id", s("c6"), "street", s("6 Contact Way")));

        assertThatThrownBy(() -> app.analyze(request("full", "held-both", null))).isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("table Requests, item id=r4, attribute agentContactId: 'c6' is the ID of a record in each of"
                        + " Properties and Contacts in the source, so which it names cannot be told");
        assertThat(app.items.items(target("Requests"))).isEmpty();
    }

    @Test
    void aRunThatLeavesOneOfTheTablesOut_isRefusedBeforeItsScans_namingTheTableAndTheFix() {
        assertThatThrownBy(() -> app.analyze(request("dry-run", "held-some", List.of("Requests", "Contacts"))))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("table Requests, attribute agentContactId: its values are mapped by which of Properties, Contacts"
                        + " holds each in the source, and this run leaves Properties out; run them together (--tables Requests,Properties)");
    }
}
