package dev.dmig.feature.mask;

import static dev.dmig.plan.PlanProblems.minimal;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.SampleMigration;
import dev.dmig.journal.IdMapExport;
import dev.dmig.json.Json;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.migrate.SegmentMigrator;
import dev.dmig.migrate.WriteWindows;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.store.Deaths;
import dev.dmig.store.DynamoJson;
import dev.dmig.validate.ValidationReport;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A masked run keeps no source ID that holds a value it masks: the journal names such a table's records by their
 * target keys only (its ID map lists none), and a checkpoint keeps where a scan stands sealed under the masking key,
 * which the resumed run opens. Killed part-way, its artifacts hold no source email, and it resumes exactly.
 */
class WithheldSourceIdsTest {
    static final String DOMAIN = "withheld-corp.com";
    private static final String PLAN = minimal("{\"Member\": {\"idAttribute\": \"email\", \"ids\": \"preserve\", \"mask\":"
            + " {\"email\": \"email\"}}, \"Membership\": {\"idAttribute\": \"PK\", \"references\": {\"PK\": {\"pattern\":"
            + " \"USER#{email}\", \"email\": \"Member\"}}}, \"Org\": {}}")
            .replace("\"tables\"", "\"mask\": {\"keyFrom\": \"DMIG_TEST_MASK_KEY\"}, \"tables\"");

    @Test
    void theTablesWhoseIdsHoldAMaskedValue_areWithheld_andNoOther() {
        MigrationPlan plan = PlanParser.parse(PLAN);
        WithheldSourceIds withheld = WithheldSourceIds.of(plan);
        assertThat(withheld.withholds("Member")).as("keyed by the email it masks").isTrue();
        assertThat(withheld.withholds("Membership")).as("its key holds a member's ID").isTrue();
        assertThat(withheld.withholds("Org")).isFalse();
        assertThat(WithheldSourceIds.of(PlanParser.parse(minimal("{\"Org\": {}}")))).as("an unmasked run").isNull();

        ItemTransformer transformer = new ItemTransformer(plan, RunMappings.NONE.with(withheld));
        assertThat(transformer.keptSourceId("Member", "ann@" + DOMAIN)).isNull();
        assertThat(transformer.keptSourceId("Org", "o-1")).isEqualTo("o-1");
        JsonNode key = DynamoJson.item(Map.of("email", AttributeValue.fromS("ann@" + DOMAIN)));
        JsonNode kept = transformer.keptScanKey("Member", key);
        assertThat(kept.toString()).doesNotContain("ann").doesNotContain(DOMAIN).contains("sealed");
        assertThat(transformer.keptScanKey("Member", key)).as("a new nonce each time").isNotEqualTo(kept);
        assertThat(transformer.scanKey("Member", kept)).isEqualTo(DynamoJson.item(key));
        JsonNode org = DynamoJson.item(Map.of("id", AttributeValue.fromS("o-1")));
        assertThat(transformer.keptScanKey("Org", org).toString()).as("every table's place sealed").doesNotContain("o-1");
        assertThat(transformer.scanKey("Org", transformer.keptScanKey("Org", org))).isEqualTo(DynamoJson.item(org));
        MigrationPlan unmasked = PlanParser.parse(minimal("{\"Org\": {}}"));
        assertThat(new ItemTransformer(unmasked, RunMappings.NONE.with(WithheldSourceIds.of(unmasked))).keptScanKey("Org", org))
                .as("an unmasked run's as it is").isEqualTo(org);
    }

    @Test
    void aSealedKey_opensUnderTheKeyThatSealedIt_only() {
        ScanKeySeal seal = new ScanKeySeal(MaskKey.of("DMIG_TEST_MASK_KEY", "one key of at least sixteen"));
        JsonNode key = Json.MAPPER.createObjectNode().set("email", Json.MAPPER.createObjectNode().put("S", "bo@" + DOMAIN));
        JsonNode sealed = seal.sealed(key);
        assertThat(seal.opened(sealed)).isEqualTo(key);
        assertThat(seal.opened(key)).as("a key a version before sealing kept").isEqualTo(key);
        ScanKeySeal other = new ScanKeySeal(MaskKey.of("DMIG_TEST_MASK_KEY", "another key of sixteen or more"));
        assertThatThrownBy(() -> other.opened(sealed)).hasMessage("a key the run keeps was sealed under another masking key"
                + " than this process's; resume or roll back the run with the key it began with");
        String objectKey = seal.sealedText("public/avatars/bo@" + DOMAIN + ".png");
        assertThat(objectKey).startsWith("sealed:").doesNotContain(DOMAIN).isNotEqualTo(seal.sealedText("public/avatars/bo@"
                + DOMAIN + ".png"));
        assertThat(seal.openedText(objectKey)).isEqualTo("public/avatars/bo@" + DOMAIN + ".png");
        assertThat(seal.openedText("public/a.png")).as("a key a version before sealing kept").isEqualTo("public/a.png");
    }

    @ParameterizedTest(name = "killed at write {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void aMaskedRunKilledMidCopy_keepsNoSourceEmail_andResumesExactly(int killAt) {
        List<Map<String, Map<String, Map<String, AttributeValue>>>> expected = new ArrayList<>();
        try (SampleMigration app = members()) {
            app.fullRun("run1");
            expected.add(app.snapshot(List.of(SampleMigration.target("Member"))));
        }
        try (SampleMigration app = members()) {
            RunState state = app.analyze(app.fullRequest("run1"));
            Deaths deaths = new Deaths(killAt, killAt % 2 == 0);
            SegmentMigrator dying = new SegmentMigrator(deaths.items(app.items), deaths.artifacts(app.artifacts), app.writePool,
                    app.faults, app.settings.pageSize(), new WriteWindows(app.settings.writeConcurrency(),
                    app.settings.throttlePatienceMillis()));
            copyMembers(dying, state, deaths);
            assertThat(deaths.died()).isTrue();
            assertThat(holdingSourceEmails(app)).as("artifacts of the killed run").isEmpty();
            app.artifacts.list(RunLayout.writers("run1")).forEach(app.artifacts::delete);

            app.migrate(state, 60_000);

            assertThat(app.snapshot(List.of(SampleMigration.target("Member")))).isEqualTo(expected.get(0));
            assertThat(app.validate("run1", "exec-run1").passed())
                    .as(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures().toString()).isTrue();
            StringWriter idMap = new StringWriter();
            assertThat(new IdMapExport(app.artifacts).write("run1", "Member", "email", idMap).listed()).isZero();
            assertThat(holdingSourceEmails(app)).as("artifacts of the resumed run").isEmpty();
        }
    }

    /** The sample app with a table of members keyed by their emails, masked, scanned two at a time. */
    private static SampleMigration members() {
        return members(9);
    }

    /** The sample app with {@code count} members in a table keyed by their emails, masked, scanned two at a time. */
    static SampleMigration members(int count) {
        SampleMigration app = new SampleMigration("abort", 2, 1);
        app.items.createTable(SampleMigration.source("Member"), "email", ScalarAttributeType.S);
        app.items.createTable(SampleMigration.target("Member"), "email", ScalarAttributeType.S);
        app.items.withPointInTimeRecovery(SampleMigration.target("Member"));
        for (int i = 0; i < count; i++) {
            app.items.put(SampleMigration.source("Member"), item("email", s("member" + i + "@" + DOMAIN), "role", s("admin")));
        }
        app.moreTables.put("Member", "{\"idAttribute\": \"email\", \"ids\": \"preserve\", \"mask\": {\"email\": \"email\"}}");
        app.moreSections = " \"mask\": {\"keyFrom\": \"DMIG_TEST_MASK_KEY\"},";
        app.moreFields.put("Contacts", "\"mask\": {\"name\": \"keep\", \"email\": \"keep\", \"address\": \"keep\"}");
        app.moreFields.put("Properties", "\"mask\": {\"street\": \"keep\"}");
        return app;
    }

    /** The members' table's segment, called until done or until the process dies. */
    private static void copyMembers(SegmentMigrator migrator, RunState state, Deaths deaths) {
        for (int call = 0; call < 1_000; call++) {
            try {
                if (migrator.migrate(state.runId(), "Member", 0, 1, Deadline.in(60_000)).done()) {
                    return;
                }
            } catch (RuntimeException e) {
                if (deaths.died()) {
                    return;
                }
                throw e;
            }
        }
    }

    private static List<String> holdingSourceEmails(SampleMigration app) {
        return app.artifacts.keys().stream().filter(key -> new String(app.artifacts.get(key).orElseThrow(),
                StandardCharsets.UTF_8).contains(DOMAIN)).toList();
    }
}
