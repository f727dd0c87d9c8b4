package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.analysis.Analysis;
import dev.dmig.executor.Execution;
import dev.dmig.json.Json;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.report.RunReport;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.sample.SampleData;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.TableInfo;
import dev.dmig.store.ContentDigest;
import dev.dmig.validate.ValidationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The spine, end to end: the real state machine file and handlers, in process, against DynamoDB
 * Local and S3Proxy, moving the whole sample app — then checked item by item with code that does
 * not share dmig's ID function.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullMigrationIT {
    private static final String RUN = "full-it";

    private SampleApp app;
    private Execution execution;
    private Map<String, String> sourceBefore;

    @BeforeAll
    void migrate() {
        app = new SampleApp("full", SampleData.standard());
        sourceBefore = app.digests(app.devSuffix);
        var input = app.input("full", RUN);
        input.put("confirm", true);
        execution = app.runner().run(RUN, input);
    }

    @AfterAll
    void close() {
        app.close();
    }

    @Test
    void takesTheFullPath_andSucceeds() {
        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "FinalizeComplete", "ExportIdMaps", "IdMapsExported", "Succeeded");
        assertThat(execution.succeeded()).isTrue();
    }

    /**
     * What a run pays Step Functions and Lambda (docs/SCALING.md): 13 states of its own, one per level written, three per table
     * and three per segment, and an invocation per segment besides its own four, when no task needed a second one.
     */
    @Test
    void entersTheStatesItsSizeSays_andInvokesOncePerSegment() {
        RunManifest manifest = app.artifacts().getJson(RunLayout.manifest(RUN), RunManifest.class).orElseThrow();
        Analysis analysis = app.artifacts().getJson(RunLayout.analysis(RUN), Analysis.class).orElseThrow();
        // Every target table empty, nothing followed or matched: the run's levels written as one.
        assertThat(analysis.writtenLevels()).as("written together").hasSize(1);
        assertThat(manifest.levels()).as("the run's own levels, kept for its rollback").hasSizeGreaterThan(1);
        int levels = analysis.writtenLevels().size();
        int tables = 0;
        for (List<String> level : analysis.writtenLevels()) {
            tables += level.size();
        }
        int segments = 0;
        for (int n : manifest.segments().values()) {
            segments += n;
        }
        long invocations = execution.history().stream().filter(r -> "Task".equals(r.stateType())).count();
        long segmentCalls = execution.history().stream().filter(r -> "MigrateSegment".equals(r.stateName())).count();
        long continued = segmentCalls - segments;

        // Written together, every table (none large enough for a Distributed Map) is validated once its copy is done.
        long validatedBeside = execution.history().stream().filter(r -> "ValidateTable".equals(r.stateName())).count();

        assertThat(continued).as("every segment done in one invocation").isZero();
        assertThat(validatedBeside).as("each table validated beside the copy, in one invocation").isEqualTo(tables);
        assertThat(execution.history()).hasSize(13 + levels + 5 * tables + 2 * tables + 3 * segments);
        assertThat(invocations).isEqualTo(4 + tables + segments);
    }

    @Test
    void everyTargetItem_equalsItsTransformedSourceItem_andCountsMatch() {
        ItemTransformer transformer = app.transformer(RUN);
        for (String model : app.plan.migratedModels()) {
            TableInfo target = app.describe(app.target(model));
            List<Map<String, AttributeValue>> sources = app.scan(app.source(model));
            Map<String, Map<String, AttributeValue>> targets = new HashMap<>();
            app.scan(app.target(model)).forEach(item -> targets.put(DynamoJson.item(target.keyOf(item)).toString(), item));
            assertThat(targets).as("items in target %s", model).hasSize(sources.size() - (int) SampleSpec.leftBehind(model));
            for (Map<String, AttributeValue> source : sources) {
                if (SampleSpec.leftBehind(source)) {
                    continue;
                }
                Map<String, AttributeValue> expected = transformer.transform(model, source);
                Map<String, AttributeValue> actual = targets.get(DynamoJson.item(target.keyOf(expected)).toString());
                assertThat(actual).as("target item of %s %s", model, source.get("id")).isNotNull();
                assertThat(ContentDigest.same(actual, expected)).as("content of %s %s", model, source.get("id")).isTrue();
            }
        }
        assertThat(app.scan(app.target("Auth"))).as("Auth is skipped by the plan").isEmpty();
    }

    @Test
    void everyItem_followsTheSpec_usersDataStoreRowsAndCompositeKeysIncluded() {
        app.assertExactBySpec(RUN);
        assertThat(SampleData.softDeleted()).as("the sample has soft-deleted rows to leave behind").isNotEmpty();
    }

    @Test
    void idsAndReferences_followTheSpec_inEveryPathForm() {
        String ns = app.plan.idNamespace();
        Map<String, AttributeValue> request = app.scan(app.source("Requests")).stream()
                .filter(i -> i.containsKey("agentContactId") && i.containsKey("homeownerContactId")
                        && i.get("homeownerContactId").type() == AttributeValue.Type.S && !i.get("homeownerContactId").s().isEmpty())
                .findFirst().orElseThrow();
        Map<String, AttributeValue> migrated = byId(app.target("Requests"), SpecIds.newId(ns, "Requests", request.get("id").s()));
        assertThat(migrated.get("agentContactId").s()).isEqualTo(SpecIds.newId(ns, "Contacts", request.get("agentContactId").s()));
        assertThat(migrated.get("homeownerContactId").s()).isEqualTo(SpecIds.newId(ns, "Contacts", request.get("homeownerContactId").s()));
        assertThat(migrated.get("addressId")).isEqualTo(mapped(ns, "Properties", request.get("addressId")));

        // a[] over a List: each ID mapped in place; NULL and "" elements, order and duplicates kept.
        for (Map<String, AttributeValue> queued : app.scan(app.source("NotificationQueue"))) {
            Map<String, AttributeValue> target = byId(app.target("NotificationQueue"), SpecIds.newId(ns, "NotificationQueue", queued.get("id").s()));
            List<AttributeValue> before = queued.get("recipientIds").l();
            List<AttributeValue> after = target.get("recipientIds").l();
            assertThat(after).hasSameSizeAs(before);
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i)).isEqualTo(mapped(ns, "Contacts", before.get(i)));
            }
        }
        // a[] over a String Set.
        for (Map<String, AttributeValue> document : app.scan(app.source("eSignatureDocuments"))) {
            if (!document.containsKey("signerContactIds")) {
                continue;
            }
            Map<String, AttributeValue> target = byId(app.target("eSignatureDocuments"), SpecIds.newId(ns, "eSignatureDocuments", document.get("id").s()));
            Set<String> expected = new HashSet<>();
            document.get("signerContactIds").ss().forEach(id -> expected.add(SpecIds.newId(ns, "Contacts", id)));
            assertThat(new HashSet<>(target.get("signerContactIds").ss())).isEqualTo(expected);
        }
        // a[].b: a list of maps.
        for (Map<String, AttributeValue> appointment : app.scan(app.source("PendingAppointments"))) {
            Map<String, AttributeValue> target = byId(app.target("PendingAppointments"), SpecIds.newId(ns, "PendingAppointments", appointment.get("id").s()));
            List<AttributeValue> before = appointment.get("attendees").l();
            for (int i = 0; i < before.size(); i++) {
                AttributeValue contact = before.get(i).type() == AttributeValue.Type.M ? before.get(i).m().get("contactId") : null;
                if (contact != null) {
                    assertThat(target.get("attendees").l().get(i).m().get("contactId")).isEqualTo(mapped(ns, "Contacts", contact));
                }
            }
        }
        // a.b: a nested map.
        for (Map<String, AttributeValue> membership : app.scan(app.source("Memberships"))) {
            Map<String, AttributeValue> target = byId(app.target("Memberships"), SpecIds.newId(ns, "Memberships", membership.get("id").s()));
            if (membership.containsKey("billing") && membership.get("billing").type() == AttributeValue.Type.M) {
                AttributeValue address = membership.get("billing").m().get("addressId");
                assertThat(target.get("billing").m().get("addressId")).isEqualTo(address == null ? null : mapped(ns, "Properties", address));
            }
        }
        // Preserved IDs stay; the plan's remove and set apply.
        for (Map<String, AttributeValue> preference : app.scan(app.source("AppPreferences"))) {
            Map<String, AttributeValue> target = byId(app.target("AppPreferences"), preference.get("id").s());
            assertThat(target).doesNotContainKey("devOverrides").containsEntry("environment", AttributeValue.fromS("production"));
        }
    }

    @Test
    void everyDynamoDbType_arrivesExactly() {
        Map<AttributeValue.Type, Integer> seen = new HashMap<>();
        boolean largestNumber = false;
        for (String model : app.plan.migratedModels()) {
            for (Map<String, AttributeValue> item : app.scan(app.target(model))) {
                for (AttributeValue value : item.values()) {
                    collect(value, seen);
                    largestNumber |= value.type() == AttributeValue.Type.N && value.n().equals(SampleData.LARGEST_NUMBER);
                }
            }
        }
        assertThat(seen.keySet()).contains(AttributeValue.Type.S, AttributeValue.Type.N, AttributeValue.Type.B,
                AttributeValue.Type.SS, AttributeValue.Type.NS, AttributeValue.Type.BS, AttributeValue.Type.M,
                AttributeValue.Type.L, AttributeValue.Type.BOOL, AttributeValue.Type.NUL);
        assertThat(largestNumber).as("the 38-digit number survives as written").isTrue();
    }

    @Test
    void everyReferenceResolvesInTheTarget_exceptTheSourcesOwnOrphans() {
        ItemTransformer transformer = app.transformer();
        Map<String, Set<String>> targetIds = new HashMap<>();
        for (String model : app.plan.migratedModels()) {
            Set<String> ids = new HashSet<>();
            String idAttribute = app.plan.table(model).idAttribute();
            app.scan(app.target(model)).forEach(item -> ids.add(item.get(idAttribute).s()));
            targetIds.put(model, ids);
        }
        List<String> unresolved = new ArrayList<>();
        int checked = 0;
        for (String model : app.plan.migratedModels()) {
            for (Map<String, AttributeValue> item : app.scan(app.target(model))) {
                int[] count = {0};
                transformer.forEachReference(model, item, (path, referenced, id) -> {
                    count[0]++;
                    if (!targetIds.getOrDefault(referenced, Set.of()).contains(id)) {
                        unresolved.add(model + "." + path.text());
                    }
                });
                checked += count[0];
            }
        }
        assertThat(checked).isGreaterThan(5_000);
        int orphans = SampleData.ORPHAN_REQUEST_AGENT_CONTACTS + SampleData.ORPHAN_QUOTE_ITEM_QUOTES + SampleData.ORPHAN_PROJECT_ADDRESSES;
        assertThat(unresolved).hasSize(orphans)
                .containsOnly("Requests.agentContactId", "QuoteItems.quoteId", "Projects.addressId");
    }

    @Test
    void theSourceIsUnchanged() {
        assertThat(app.digests(app.devSuffix)).isEqualTo(sourceBefore);
    }

    @Test
    void validationAndReport_agree() {
        var artifacts = new dev.dmig.store.S3ArtifactStore(app.s3, SharedStack.BUCKET);
        ValidationReport validation = artifacts.getJson(RunLayout.validation(RUN), ValidationReport.class).orElseThrow();
        assertThat(validation.passed()).isTrue();
        assertThat(validation.tables()).allSatisfy(t -> {
            assertThat(t.countsConsistent()).isTrue();
            assertThat(t.sourceUnchanged()).isTrue();
            assertThat(t.brokenReferences()).isZero();
        });
        RunReport report = artifacts.getJson(RunLayout.report(RUN), RunReport.class).orElseThrow();
        assertThat(report.verdict()).isEqualTo("succeeded");
        assertThat(report.totals().itemsWritten()).isEqualTo(app.copiedItems());
        assertThat(artifacts.get(RunLayout.history(RUN))).isPresent();
        assertThat(Json.tree(artifacts.get(RunLayout.history(RUN)).orElseThrow()).path("path").get(0).asText()).isEqualTo("Analyze");
    }

    private Map<String, AttributeValue> byId(String table, String id) {
        var response = app.dynamoDb.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true));
        assertThat(response.hasItem()).as("%s has an item with id %s", table, id).isTrue();
        return response.item();
    }

    private static AttributeValue mapped(String ns, String model, AttributeValue value) {
        if (value == null || value.type() != AttributeValue.Type.S || value.s().isEmpty()) {
            return value;
        }
        return AttributeValue.fromS(SpecIds.newId(ns, model, value.s()));
    }

    private static void collect(AttributeValue value, Map<AttributeValue.Type, Integer> seen) {
        seen.merge(value.type(), 1, Integer::sum);
        if (value.type() == AttributeValue.Type.M) {
            value.m().values().forEach(v -> collect(v, seen));
        } else if (value.type() == AttributeValue.Type.L) {
            value.l().forEach(v -> collect(v, seen));
        }
    }
}
