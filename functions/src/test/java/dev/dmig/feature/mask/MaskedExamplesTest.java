package dev.dmig.feature.mask;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.ConflictExample;
import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.analysis.UniquenessAnalysis;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.RunLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The examples a masked run's analysis keeps of a table keyed by the emails it masks name its records and the IDs naming
 * them as the run writes them in the target, never by a source email: an orphaned reference's value, a conflict's source
 * item, the items sharing a unique value, a missing object's key; nor do the analysis's parts, stored between its calls
 * (where each scan stands sealed, the table looked up rather than joined). An unmasked run's name them by their source keys.
 */
class MaskedExamplesTest {
    private static final String DOMAIN = "examples-corp.com";

    @Test
    void aMaskedRunsAnalysis_namesWithheldRecordsAsInTheTarget_neverByASourceEmail() {
        try (SampleMigration app = members(true)) {
            // A page a call: the parts are stored between the calls, as a large run's are.
            app.analyze(app.fullRequest("masked"), "exec-masked", 1);
            String text = new String(app.artifacts.get(RunLayout.analysis("masked")).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(text).as("the analysis").doesNotContain(DOMAIN);
            assertThat(app.artifacts.keys()).as("the analysis's parts, stored between its calls").anyMatch(key -> key.startsWith(
                    RunLayout.prefix("masked") + "analysis/Member/"));
            assertThat(app.artifacts.keys().stream().filter(key -> new String(app.artifacts.get(key).orElseThrow(),
                    StandardCharsets.UTF_8).contains(DOMAIN)).toList()).as("artifacts holding a source email").isEmpty();
            Analysis analysis = app.artifacts.json(RunLayout.analysis("masked"), Analysis.class);
            ItemTransformer run = new ItemTransformer(app.plan(), RunMappings.of(app.artifacts, "masked", app.plan()));
            String ghost = run.newId("Member", "ghost@" + DOMAIN);
            assertThat(ghost).as("masked").doesNotContain(DOMAIN);

            OrphanExample orphan = table(analysis, "Badge").references().get(0).orphanExamples().get(0);
            assertThat(orphan.value()).isEqualTo(ghost + WithheldSourceIds.IN_TARGET);
            ConflictExample conflict = table(analysis, "Member").conflictExamples().get(0);
            assertThat(conflict.sourceItem()).isEqualTo("email=" + run.newId("Member", "member3@" + DOMAIN) + WithheldSourceIds.IN_TARGET);
            UniquenessAnalysis unique = table(analysis, "Member").uniqueness().get(0);
            assertThat(unique.examples()).singleElement().asString().contains("email=" + run.newId("Member", "member1@" + DOMAIN)
                    + WithheldSourceIds.IN_TARGET).contains("email=" + run.newId("Member", "member2@" + DOMAIN)
                    + WithheldSourceIds.IN_TARGET).contains("share one value of code");
        }
    }

    @Test
    void anUnmaskedRunsAnalysis_namesThemByTheirSourceKeys() {
        try (SampleMigration app = members(false)) {
            app.analyze(app.fullRequest("plain"));
            Analysis analysis = app.artifacts.json(RunLayout.analysis("plain"), Analysis.class);
            assertThat(table(analysis, "Badge").references().get(0).orphanExamples())
                    .containsExactly(new OrphanExample("id=b2", "ghost@" + DOMAIN));
            assertThat(table(analysis, "Member").conflictExamples().get(0).sourceItem()).isEqualTo("email=member3@" + DOMAIN);
            assertThat(table(analysis, "Member").uniqueness().get(0).examples()).singleElement().asString()
                    .contains("email=member1@" + DOMAIN).contains("email=member2@" + DOMAIN);
        }
    }

    @Test
    void aMissingObjectsKey_isShownAsTheRunWritesIt() {
        MaskSettings settings = new MaskSettings("DMIG_TEST_MASK_KEY");
        WithheldSourceIds withheld = WithheldSourceIds.of(PlanParser.parse(dev.dmig.plan.PlanProblems.minimal("{\"Org\": {}}")
                .replace("\"tables\"", "\"mask\": {\"keyFrom\": \"" + settings.keyFrom() + "\"}, \"tables\"")));
        ItemTransformer masked = new ItemTransformer(PlanParser.parse(dev.dmig.plan.PlanProblems.minimal("{\"Org\": {}}")),
                RunMappings.NONE.with(withheld));
        String source = PlaceholderObjects.standIn("avatars/ann@" + DOMAIN + ".png");
        assertThat(masked.shownObjectKey(source, "avatars/x1f3@example.net.png"))
                .isEqualTo("avatars/x1f3@example.net.png" + WithheldSourceIds.IN_TARGET);
        assertThat(masked.shownObjectKey(PlaceholderObjects.standIn("docs/a.pdf"), "docs/a.pdf")).as("a key the run keeps")
                .isEqualTo("docs/a.pdf");
        ItemTransformer plain = new ItemTransformer(PlanParser.parse(dev.dmig.plan.PlanProblems.minimal("{\"Org\": {}}")),
                RunMappings.NONE);
        assertThat(plain.shownObjectKey("avatars/ann@" + DOMAIN + ".png", "avatars/ann@" + DOMAIN + ".png"))
                .isEqualTo("avatars/ann@" + DOMAIN + ".png");
    }

    private static TableAnalysis table(Analysis analysis, String model) {
        return analysis.tables().stream().filter(t -> t.model().equals(model)).findFirst().orElseThrow();
    }

    /**
     * The sample app with members keyed by their emails (masked, or not) and a unique code two of them share, one already
     * in the target at the key the run gives it, and badges naming members, one a member the source lacks.
     */
    private static SampleMigration members(boolean masked) {
        SampleMigration app = new SampleMigration("skip", 2, 1);
        for (String model : List.of("Member", "Badge")) {
            String key = model.equals("Member") ? "email" : "id";
            app.items.createTable(SampleMigration.source(model), key, ScalarAttributeType.S);
            app.items.createTable(SampleMigration.target(model), key, ScalarAttributeType.S);
            app.items.withPointInTimeRecovery(SampleMigration.target(model));
        }
        for (int i = 0; i < 5; i++) {
            app.items.put(SampleMigration.source("Member"), item("email", s("member" + i + "@" + DOMAIN), "code",
                    s(i == 1 || i == 2 ? "shared" : "code" + i)));
        }
        app.items.put(SampleMigration.source("Badge"), item("id", s("b1"), "memberEmail", s("member0@" + DOMAIN)));
        app.items.put(SampleMigration.source("Badge"), item("id", s("b2"), "memberEmail", s("ghost@" + DOMAIN)));
        app.moreTables.put("Member", "{\"idAttribute\": \"email\", \"ids\": \"preserve\", \"unique\": [\"code\"]"
                + (masked ? ", \"mask\": {\"email\": \"email\"}" : "") + "}");
        app.moreTables.put("Badge", "{\"references\": {\"memberEmail\": \"Member\"}}");
        if (masked) {
            app.moreSections = " \"mask\": {\"keyFrom\": \"DMIG_TEST_MASK_KEY\"},";
            app.moreFields.put("Contacts", "\"mask\": {\"name\": \"keep\", \"email\": \"keep\", \"address\": \"keep\"}");
            app.moreFields.put("Properties", "\"mask\": {\"street\": \"keep\"}");
        }
        ItemTransformer run = new ItemTransformer(app.plan(), masked ? RunMappings.NONE.with(MaskedIds.of(app.plan()))
                : RunMappings.NONE);
        app.items.put(SampleMigration.target("Member"), item("email", s(run.newId("Member", "member3@" + DOMAIN)), "code",
                s("other")));
        return app;
    }
}
