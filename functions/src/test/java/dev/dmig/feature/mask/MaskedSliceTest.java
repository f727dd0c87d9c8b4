package dev.dmig.feature.mask;

import static dev.dmig.feature.mask.WithheldSourceIdsTest.DOMAIN;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.SampleMigration;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.Slice;
import dev.dmig.validate.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A masked run of a slice that reaches a table keyed by its members' emails keeps none of them in its artifacts: its
 * {@code slice.json} keeps that table's members sealed (their count readable) and names a reference missing from the
 * slice as the run's examples do; the run copies exactly the slice's members and its validation, the look through its
 * artifacts included, passes.
 */
class MaskedSliceTest {

    @Test
    void aMaskedSlice_keepsItsEmailKeyedMembersSealed_copiesExactlyThem_andValidates() {
        try (SampleMigration app = WithheldSourceIdsTest.members(6)) {
            posts(app);
            RunState state = app.analyze(sliced(app, "run1", "Post:p1"));
            app.migrate(state, 60_000);

            List<Map<String, AttributeValue>> members = List.copyOf(app.items.snapshot(SampleMigration.target("Member")).values());
            assertThat(members).as("the author of p1 and who liked it").hasSize(2);
            assertThat(members).allMatch(m -> !m.get("email").s().endsWith("@" + DOMAIN));
            assertThat(app.items.snapshot(SampleMigration.target("Post")).values()).extracting(p -> p.get("id").s()).containsExactly("p1");
            assertThat(app.items.snapshot(SampleMigration.target("Like"))).hasSize(2);

            Slice kept = app.artifacts.json(RunLayout.slice("run1"), Slice.class);
            Slice.Members member = kept.tables().get("Member");
            assertThat(member.ids()).isEmpty();
            assertThat(member.sealed()).isNotNull();
            assertThat(member.count()).isEqualTo(2);
            assertThat(kept.tables().get("Post").ids()).as("a table whose IDs hold no masked value, as it is").hasSize(1);
            assertThat(kept.missing()).singleElement().satisfies(r -> {
                assertThat(r.target()).isEqualTo("Member");
                assertThat(r.count()).isEqualTo(1);
                assertThat(r.examples()).singleElement().asString().doesNotContain(DOMAIN).doesNotContain("ghost");
            });

            assertThat(app.validate("run1", "exec-v").passed())
                    .as(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures().toString()).isTrue();
            assertThat(holdingSourceEmails(app)).isEmpty();
        }
    }

    @Test
    void aRootInTheEmailKeyedTable_isKeptInTheManifestAsGiven_andShownInTheSlice() {
        try (SampleMigration app = WithheldSourceIdsTest.members(6)) {
            posts(app);
            RunState state = app.analyze(sliced(app, "run1", "Member:member1@" + DOMAIN));
            app.migrate(state, 60_000);

            assertThat(app.items.snapshot(SampleMigration.target("Post")).values()).extracting(p -> p.get("id").s())
                    .containsExactlyInAnyOrder("p1", "p2");
            assertThat(app.items.snapshot(SampleMigration.target("Member"))).as("member1, and member3 who liked p1").hasSize(2);
            assertThat(app.validate("run1", "exec-v").passed())
                    .as(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures().toString()).isTrue();
            assertThat(holdingSourceEmails(app)).as("the team's own input only").containsExactly(RunLayout.manifest("run1"));
            Slice kept = app.artifacts.json(RunLayout.slice("run1"), Slice.class);
            assertThat(kept.roots()).singleElement().satisfies(root -> {
                assertThat(root.model()).isEqualTo("Member");
                assertThat(root.id()).doesNotContain(DOMAIN);
            });
        }
    }

    @Test
    void anUnmaskedSlice_keepsItsMembersAsTheyAre() {
        try (SampleMigration app = new SampleMigration("abort", 2, 1)) {
            app.items.createTable(SampleMigration.source("Member"), "email", ScalarAttributeType.S);
            app.items.createTable(SampleMigration.target("Member"), "email", ScalarAttributeType.S);
            app.items.withPointInTimeRecovery(SampleMigration.target("Member"));
            app.items.put(SampleMigration.source("Member"), item("email", s("member1@" + DOMAIN)));
            app.moreTables.put("Member", "{\"idAttribute\": \"email\", \"ids\": \"preserve\"}");
            posts(app);
            app.analyze(sliced(app, "run1", "Post:p1"));

            JsonNode kept = app.artifacts.json(RunLayout.slice("run1"), JsonNode.class);
            assertThat(kept.path("tables").path("Member").has("sealed")).isFalse();
            assertThat(kept.path("tables").path("Member").path("ids").toString()).isEqualTo("[\"member1@" + DOMAIN + "\"]");
            assertThat(kept.path("missing").toString()).contains("ghost@" + DOMAIN);
        }
    }

    /**
     * Posts by members, and likes of them by members: p1 by member1, liked by member3 and by a member not in the source;
     * p2 by member1 and p3 by member2, outside the slice of p1.
     */
    private static void posts(SampleMigration app) {
        for (String side : List.of(SampleMigration.source("Post"), SampleMigration.target("Post"),
                SampleMigration.source("Like"), SampleMigration.target("Like"))) {
            app.items.createTable(side, "id", ScalarAttributeType.S);
        }
        app.items.withPointInTimeRecovery(SampleMigration.target("Post"));
        app.items.withPointInTimeRecovery(SampleMigration.target("Like"));
        app.items.put(SampleMigration.source("Post"), item("id", s("p1"), "author", s("member1@" + DOMAIN)));
        app.items.put(SampleMigration.source("Post"), item("id", s("p2"), "author", s("member1@" + DOMAIN)));
        app.items.put(SampleMigration.source("Post"), item("id", s("p3"), "author", s("member2@" + DOMAIN)));
        app.items.put(SampleMigration.source("Like"), item("id", s("l1"), "postId", s("p1"), "by", s("member3@" + DOMAIN)));
        app.items.put(SampleMigration.source("Like"), item("id", s("l2"), "postId", s("p1"), "by", s("ghost@" + DOMAIN)));
        app.moreTables.put("Post", "{\"ids\": \"preserve\", \"references\": {\"author\": \"Member\"}}");
        app.moreTables.put("Like", "{\"ids\": \"preserve\", \"references\": {\"postId\": \"Post\", \"by\": \"Member\"}}");
    }

    private static RunRequest sliced(SampleMigration app, String runId, String root) {
        return new RunRequest("full", runId, null, app.planNode(), null, null, null, null, true, null, null, null, null, List.of(root), null);
    }

    private static List<String> holdingSourceEmails(SampleMigration app) {
        return app.artifacts.keys().stream().filter(key -> new String(app.artifacts.get(key).orElseThrow(),
                StandardCharsets.UTF_8).contains(DOMAIN)).toList();
    }
}
