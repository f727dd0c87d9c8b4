package dev.dmig.analysis;

import static dev.dmig.SampleMigration.source;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.SampleMigration;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A refusal of the data says each kind of problem once per table and attribute, with its count and first items, never
 * one line per item; for values none of a path's patterns takes, it writes the entry that takes them, and that entry,
 * pasted into the plan, makes the next analysis pass.
 */
class ProblemGroupsTest {
    /** The entry a refusal writes: {@code so that table Requests's references say "subject": [...]}. */
    private static final Pattern ENTRY = Pattern.compile("references say \"subject\": (\\[.*\\])$");

    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void valuesNoPatternTakes_areOneLinePerAttribute_withTheEntryToAdd_andThatEntryPastedMakesTheNextAnalysisPass() throws Exception {
        for (int i = 0; i < 40; i++) {
            String subject = i % 10 == 3 ? "@everyone" : i == 17 ? "{all}" : "CONTACT#c" + (1 + i % 7);
            app.items.put(source("Requests"), item("id", s("q" + i), "subject", s(subject), "addressId", s("p1")));
        }
        ObjectNode plan = (ObjectNode) app.planNode();
        ObjectNode references = (ObjectNode) plan.at("/tables/Requests/references");
        references.set("subject", Json.tree("{\"pattern\": \"CONTACT#{contact}\", \"contact\": \"Contacts\"}".getBytes(StandardCharsets.UTF_8)));

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class, () -> app.analyze(request(plan, "refused")));

        assertThat(refused.problems()).singleElement().satisfies(p -> {
            assertThat(p.table()).isEqualTo("Requests");
            assertThat(p.attribute()).isEqualTo("subject");
            assertThat(p.key()).isNull();
        });
        String line = refused.problems().get(0).toString();
        assertThat(line).startsWith("table Requests, attribute subject: 5 values fit none of its patterns (CONTACT#{contact}), first: ");
        assertThat(line).contains("'@everyone' (item id=q", "'{all}' (item id=q17)");
        assertThat(line).contains("; to copy them as they are, add {\"pattern\":\"", " to its patterns, so that table Requests's"
                + " references say \"subject\": [{\"pattern\":\"CONTACT#{contact}\",\"contact\":\"Contacts\"},", "{\"pattern\":\"@everyone\"}",
                "{\"pattern\":\"{{all}}\"}");
        assertThat(refused).hasMessageStartingWith("5 problems, nothing was written: table Requests, attribute subject: 5 values");
        assertThat(app.artifacts.json(RunLayout.analysis("refused"), Analysis.class).problems()).containsExactly(line);

        Matcher entry = ENTRY.matcher(line);
        assertThat(entry.find()).as(line).isTrue();
        references.set("subject", Json.tree(entry.group(1).getBytes(StandardCharsets.UTF_8)));
        RunState passed = app.analyze(request(plan, "fixed"));

        assertThat(passed.done()).isTrue();
        Analysis analysis = app.artifacts.json(RunLayout.analysis("fixed"), Analysis.class);
        assertThat(analysis.totals().problems()).isZero();
        assertThat(analysis.problems()).isEmpty();
    }

    @Test
    void manyValuesNoPatternTakes_getTheCatchAll_andAnEmailAmongThemIsNeverPrinted() {
        for (int i = 0; i < 12; i++) {
            String subject = i < 6 ? "CONTACT#c" + (1 + i) : i == 6 ? "jo.smith@example.com" : "legacy-" + i;
            app.items.put(source("Requests"), item("id", s("q" + i), "subject", s(subject)));
        }
        ObjectNode plan = (ObjectNode) app.planNode();
        ((ObjectNode) plan.at("/tables/Requests/references")).set("subject",
                Json.tree("{\"pattern\": \"CONTACT#{contact}\", \"contact\": \"Contacts\"}".getBytes(StandardCharsets.UTF_8)));

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class, () -> app.analyze(request(plan, "many")));

        String line = refused.problems().get(0).toString();
        assertThat(refused.problems()).hasSize(1);
        assertThat(line).contains("to copy every value none of its patterns takes as it is, add the catch-all {\"pattern\":\"{other}\"}"
                + " last (or an alternative of their form, once you know what they are), so that table Requests's references say"
                + " \"subject\": [{\"pattern\":\"CONTACT#{contact}\",\"contact\":\"Contacts\"},{\"pattern\":\"{other}\"}]");
        assertThat(refused.getMessage()).doesNotContain("jo.smith", "example.com");
    }

    @Test
    void problemsOfOtherKinds_areGroupedByTableAndAttribute_too_withTheirCountAndFirstItems() {
        for (int i = 0; i < 25; i++) {
            app.items.put(source("Requests"), item("id", s("bad" + i), "agentContactId", n("42")));
        }

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class, () -> app.analyze(app.request("dry-run", "n")));

        assertThat(refused.problems()).extracting(Problem::attribute).containsExactly("agentContactId");
        assertThat(refused.problems().get(0).toString()).matches("table Requests, attribute agentContactId: 25 items \\(first: item"
                + " id=bad\\d+, item id=bad\\d+, item id=bad\\d+\\): expected a string ID, found a number \\(N\\)");
        assertThat(refused).hasMessageStartingWith("25 problems, nothing was written: table Requests, attribute agentContactId: 25 items");
    }

    private RunRequest request(JsonNode plan, String runId) {
        return new RunRequest("dry-run", runId, null, plan, null, null, null, null, null, null, null, null, null);
    }
}
