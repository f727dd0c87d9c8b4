package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.ReferencePath;
import dev.dmig.store.InMemoryItemStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class PlanInferenceTest {
    private static final String DEV = "-app-dev";
    private static final String PROD = "-app-prod";

    private final InMemoryItemStore store = new InMemoryItemStore();
    private final List<String> progress = new ArrayList<>();

    @Test
    void everyPathForm_isProposed() {
        table("Contacts", 20, i -> Map.of());
        table("Orders", 20, i -> Map.of(
                "contactId", s(id("Contacts", i)),
                "billing", m(Map.of("contactId", s(id("Contacts", (i + 1) % 20)), "note", s("paid"))),
                "watcherIds", AttributeValue.fromL(List.of(s(id("Contacts", i)), nul(), s(""))),
                "ccIds", AttributeValue.fromSs(List.of(id("Contacts", i), id("Contacts", (i + 2) % 20))),
                "parties", AttributeValue.fromL(List.of(m(Map.of("contactId", s(id("Contacts", (i + 3) % 20)), "role", s("buyer")))))));

        InferredPlan plan = infer(100);

        assertThat(plan.references()).isEqualTo(Map.of("Orders", Map.of(
                "contactId", "Contacts", "billing.contactId", "Contacts", "watcherIds[]", "Contacts",
                "ccIds[]", "Contacts", "parties[].contactId", "Contacts")));
        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        assertThat(parsed.table("Orders").references().keySet()).extracting(ReferencePath::text)
                .containsExactlyInAnyOrder("contactId", "billing.contactId", "watcherIds[]", "ccIds[]", "parties[].contactId");
        assertThat(parsed.table("Contacts").references()).isEmpty();
        assertThat(parsed.sourceSuffix()).isEqualTo(DEV);
        assertThat(parsed.targetSuffix()).isEqualTo(PROD);
        // Parents first: the plan lists tables in dependency levels.
        assertThat(parsed.tables().keySet()).containsExactly("Contacts", "Orders");
    }

    @Test
    void lowOverlapAttribute_isNotProposed_andTheEvidenceSaysWhy() {
        table("Contacts", 20, i -> Map.of());
        table("Orders", 20, i -> Map.of("relatedId", s(i % 2 == 0 ? id("Contacts", i) : id("Elsewhere", i))));

        InferredTable orders = infer(100).table("Orders");

        assertThat(orders.references()).isEmpty();
        assertThat(orders.rejected()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("relatedId");
            assertThat(r.model()).isEqualTo("Contacts");
            assertThat(r.checked()).isEqualTo(20);
            assertThat(r.matched()).isEqualTo(10);
            assertThat(r.matchRate()).isEqualTo(0.5);
            assertThat(r.reason()).isEqualTo("only 10 of 20 values (50%) are Contacts IDs; at least 90% needed");
        });
    }

    @Test
    void evidence_countsValuesCheckedAndMatched_andNamesTheOrphans() {
        table("Contacts", 20, i -> Map.of());
        String orphan1 = id("Gone", 1);
        String orphan2 = id("Gone", 2);
        table("Orders", 44, i -> {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            if (i < 40) {
                item.put("contactId", s(id("Contacts", i % 20)));
            } else if (i < 42) {
                item.put("contactId", s(i == 40 ? orphan1 : orphan2));
            } else {
                item.put("contactId", i == 42 ? nul() : s(""));
            }
            return item;
        });

        ReferenceEvidence evidence = infer(100).table("Orders").references().get(0);

        assertThat(evidence.path()).isEqualTo("contactId");
        assertThat(evidence.model()).isEqualTo("Contacts");
        assertThat(evidence.checked()).isEqualTo(22);
        assertThat(evidence.matched()).isEqualTo(20);
        assertThat(evidence.matchRate()).isEqualTo(0.9091);
        assertThat(evidence.items()).isEqualTo(42);
        assertThat(evidence.occurrences()).isEqualTo(42);
        assertThat(evidence.emptyValues()).isEqualTo(2);
        assertThat(evidence.nonStringValues()).isZero();
        assertThat(evidence.method()).isEqualTo("sample");
        assertThat(evidence.confidence()).isEqualTo(0.722);
        assertThat(evidence.level()).isEqualTo("medium");
        assertThat(evidence.examples()).hasSize(3).allSatisfy(e -> assertThat(e).startsWith(prefix("Contacts")));
        assertThat(evidence.unresolved()).containsExactlyInAnyOrder(orphan1, orphan2);
        assertThat(evidence.alsoMatches()).isEmpty();
    }

    @Test
    void confidence_isTheWilsonLowerBound_soFewValuesAreLessCertain() {
        assertThat(ReferenceEvidence.confidence(14, 14)).isCloseTo(0.785, org.assertj.core.data.Offset.offset(0.001));
        assertThat(ReferenceEvidence.confidence(366, 369)).isCloseTo(0.976, org.assertj.core.data.Offset.offset(0.001));
        assertThat(ReferenceEvidence.confidence(3, 3)).isCloseTo(0.439, org.assertj.core.data.Offset.offset(0.001));
        assertThat(ReferenceEvidence.level(0.976)).isEqualTo("high");
        assertThat(ReferenceEvidence.level(0.785)).isEqualTo("medium");
        assertThat(ReferenceEvidence.level(0.439)).isEqualTo("low");
    }

    @Test
    void numericKeyTable_isMarkedPreserve_andStillGetsItsReferences() {
        table("Contacts", 10, i -> Map.of());
        store.createTable("Counters" + DEV, "n", ScalarAttributeType.N);
        store.createTable("Counters" + PROD, "n", ScalarAttributeType.N);
        for (int i = 0; i < 10; i++) {
            store.put("Counters" + DEV, Map.of("n", AttributeValue.fromN(String.valueOf(i)), "ownerId", s(id("Contacts", i))));
        }
        store.createTable("Blobs" + DEV, "b", ScalarAttributeType.B);
        store.createTable("Blobs" + PROD, "b", ScalarAttributeType.B);
        store.put("Blobs" + DEV, Map.of("b", AttributeValue.fromB(SdkBytes.fromUtf8String("x"))));

        InferredPlan plan = infer(100);

        InferredTable counters = plan.table("Counters");
        assertThat(counters.ids()).isEqualTo("preserve");
        assertThat(counters.idAttribute()).isEqualTo("n");
        assertThat(counters.idsReason()).isEqualTo("partition key 'n' is a number: dmig's sha256 IDs are strings, so these IDs are kept as they are");
        assertThat(plan.table("Blobs").ids()).isEqualTo("preserve");
        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        assertThat(parsed.table("Counters").ids()).isEqualTo(IdStrategy.PRESERVE);
        assertThat(parsed.table("Counters").idAttribute()).isEqualTo("n");
        assertThat(parsed.table("Counters").references().keySet()).extracting(ReferencePath::text).containsExactly("ownerId");
        assertThat(parsed.table("Contacts").ids()).isEqualTo(IdStrategy.SHA256);
    }

    @Test
    void namesAsIds_arePreserved() {
        store.createTable("SecureConfig" + DEV, "key", ScalarAttributeType.S);
        store.createTable("SecureConfig" + PROD, "key", ScalarAttributeType.S);
        for (String key : List.of("stripe.secretKey", "sendgrid.apiKey", "twilio.authToken")) {
            store.put("SecureConfig" + DEV, Map.of("key", s(key), "value", s("enc:v1:00ff")));
        }

        InferredTable config = infer(100).table("SecureConfig");

        assertThat(config.ids()).isEqualTo("preserve");
        assertThat(config.idAttribute()).isEqualTo("key");
        assertThat(config.idsReason()).startsWith("its IDs look like names, not generated IDs (e.g. 'sendgrid.apiKey',");
    }

    @Test
    void idShapes() {
        assertThat(IdShape.opaque("a1b2c3d4-0000-4000-8000-000000000001")).isTrue();
        assertThat(IdShape.opaque("01ARZ3NDEKTSV4RRFFQ69G5FAV")).isTrue();
        assertThat(IdShape.opaque("V1StGXR8_Z5jdHi6B-myT")).isTrue();
        assertThat(IdShape.opaque("stripe.secretKey")).isFalse();
        assertThat(IdShape.opaque("kitchen-remodel-22")).isFalse();
        assertThat(IdShape.opaque("42")).isFalse();
        assertThat(IdShape.generated("42")).isTrue();
        assertThat(IdShape.signature("a1b2c3d4-0000-4000-8000-000000000001"))
                .isEqualTo(IdShape.signature("ffffffff-1111-4111-8111-111111111111"));
    }

    @Test
    void selfReference_isProposed_butTheTablesOwnIdIsNot() {
        table("Contacts", 30, i -> i % 3 == 0 ? Map.of("referredByContactId", s(id("Contacts", (i + 7) % 30))) : Map.of());

        InferredPlan plan = infer(100);

        assertThat(plan.references()).isEqualTo(Map.of("Contacts", Map.of("referredByContactId", "Contacts")));
        assertThat(plan.table("Contacts").rejected()).isEmpty();
    }

    @Test
    void tooFewValues_areNotProposed() {
        table("Contacts", 10, i -> Map.of());
        table("Orders", 10, i -> i < 2 ? Map.of("contactId", s(id("Contacts", i))) : Map.of());

        InferredTable orders = infer(100).table("Orders");

        assertThat(orders.references()).isEmpty();
        assertThat(orders.rejected()).singleElement().extracting(ReferenceEvidence::reason)
                .isEqualTo("too few values to tell: 2 matched Contacts IDs, at least 3 needed for opaque IDs");
    }

    @Test
    void namesNeedMoreMatchesThanOpaqueIds() {
        store.createTable("Colors" + DEV, "name", ScalarAttributeType.S);
        store.createTable("Colors" + PROD, "name", ScalarAttributeType.S);
        List<String> colors = List.of("red", "green", "blue", "yellow", "black", "white");
        colors.forEach(c -> store.put("Colors" + DEV, Map.of("name", s(c))));
        table("Cars", 12, i -> Map.of("paint", s(colors.get(i % 6))));

        InferredTable cars = infer(100).table("Cars");

        assertThat(cars.references()).isEmpty();
        assertThat(cars.rejected()).singleElement().extracting(ReferenceEvidence::reason).isEqualTo(
                "too few values to tell: 6 matched Colors IDs, at least 10 needed for IDs that look like names or numbers, which coincide by chance");
    }

    @Test
    void slugsAndShortNumbers_areReferences_whenThePathNamesTheTable() {
        store.createTable("Categories" + DEV, "slug", ScalarAttributeType.S);
        store.createTable("Categories" + PROD, "slug", ScalarAttributeType.S);
        List<String> slugs = List.of("garden-tools", "kitchen", "power-tools", "lighting");
        slugs.forEach(c -> store.put("Categories" + DEV, Map.of("slug", s(c))));
        store.createTable("Warehouses" + DEV, "id", ScalarAttributeType.S);
        store.createTable("Warehouses" + PROD, "id", ScalarAttributeType.S);
        List.of("7", "12", "31", "44", "58").forEach(n -> store.put("Warehouses" + DEV, Map.of("id", s(n))));
        table("Products", 20, i -> Map.of("categorySlug", s(slugs.get(i % 4)), "warehouseId", s(List.of("7", "12", "31").get(i % 3)),
                "shelf", s(List.of("7", "12", "31").get((i + 1) % 3))));

        InferredPlan plan = infer(100);

        assertThat(plan.references().get("Products")).isEqualTo(Map.of("categorySlug", "Categories", "warehouseId", "Warehouses"));
        InferredTable products = plan.table("Products");
        assertThat(products.references()).allSatisfy(r -> assertThat(r.matchRate()).isEqualTo(1.0));
        assertThat(products.rejected()).singleElement().satisfies(r -> {
            // The same three numbers under a name that says nothing stay too few to tell.
            assertThat(r.path()).isEqualTo("shelf");
            assertThat(r.reason()).startsWith("too few values to tell: 3 matched Warehouses IDs, at least 10 needed");
        });
        assertThat(plan.table("Categories").ids()).isEqualTo("preserve");
    }

    @Test
    void partlySampledTable_isCheckedByLookingValuesUp() {
        table("Contacts", 100, i -> Map.of());
        // The sample of Contacts is its first 10 items; these values are none of them, so a probe finds the table.
        table("Orders", 30, i -> Map.of("contactId", s(id("Contacts", 50 + i))));

        InferredPlan plan = infer(10);

        ReferenceEvidence evidence = plan.table("Orders").references().get(0);
        assertThat(plan.table("Contacts").complete()).isFalse();
        assertThat(evidence.method()).isEqualTo("lookup");
        assertThat(evidence.checked()).isEqualTo(10);
        assertThat(evidence.matched()).isEqualTo(10);
        assertThat(plan.reads().valuesLookedUp()).isGreaterThanOrEqualTo(10);
        assertThat(store.calls(InMemoryItemStore.Operation.EXISTING_HASH_KEYS)).isPositive();
    }

    @Test
    void compositeKeys_mapAStringPartitionKey_butKeepOneThatHoldsAnotherTablesIds() {
        table("Contacts", 10, i -> Map.of());
        store.createTable("AuditLog" + DEV, "id", ScalarAttributeType.S, "createdAt", ScalarAttributeType.S);
        store.createTable("AuditLog" + PROD, "id", ScalarAttributeType.S, "createdAt", ScalarAttributeType.S);
        store.createTable("ContactEvents" + DEV, "contactId", ScalarAttributeType.S, "at", ScalarAttributeType.S);
        store.createTable("ContactEvents" + PROD, "contactId", ScalarAttributeType.S, "at", ScalarAttributeType.S);
        for (int i = 0; i < 10; i++) {
            store.put("AuditLog" + DEV, Map.of("id", s(id("AuditLog", i)), "createdAt", s("2025-01-0" + i), "contactId", s(id("Contacts", i))));
            store.put("ContactEvents" + DEV, Map.of("contactId", s(id("Contacts", i)), "at", s("2025-01-0" + i)));
        }

        InferredPlan plan = infer(100);

        InferredTable audit = plan.table("AuditLog");
        assertThat(audit.ids()).isEqualTo("sha256");
        assertThat(audit.idsReason()).isEqualTo("composite key (id, createdAt): the partition key gets new IDs, the sort key is copied");
        assertThat(plan.references().get("AuditLog")).isEqualTo(Map.of("contactId", "Contacts"));
        // The partition key holds Contacts IDs: a reference, so the events follow their contact's new ID.
        InferredTable events = plan.table("ContactEvents");
        assertThat(events.idAttribute()).isEqualTo("at");
        assertThat(events.ids()).isEqualTo("preserve");
        assertThat(events.references()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("contactId");
            assertThat(r.model()).isEqualTo("Contacts");
            assertThat(r.matched()).isEqualTo(10);
        });
        assertThat(events.idsReason()).isEqualTo("composite key: the partition key is a reference to Contacts; the sort key"
                + " 'at' is the item's ID, kept as it is");
        assertThat(events.warnings()).singleElement().asString().startsWith("its partition key 'contactId' holds IDs of Contacts"
                + " (10 of 10): proposed as a reference");
        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        assertThat(parsed.table("ContactEvents").ids()).isEqualTo(IdStrategy.PRESERVE);
        assertThat(parsed.table("ContactEvents").idAttribute()).isEqualTo("at");
        assertThat(parsed.table("ContactEvents").references().keySet()).extracting(ReferencePath::text).containsExactly("contactId");
    }

    @Test
    void aChildKeyedByItsParentsIdAndItsOwnId_getsNewIdsForBoth() {
        table("Projects", 10, i -> Map.of());
        store.createTable("Milestones" + DEV, "projectId", ScalarAttributeType.S, "milestoneId", ScalarAttributeType.S);
        store.createTable("Milestones" + PROD, "projectId", ScalarAttributeType.S, "milestoneId", ScalarAttributeType.S);
        for (int i = 0; i < 10; i++) {
            store.put("Milestones" + DEV, Map.of("projectId", s(id("Projects", i)), "milestoneId", s(id("Milestones", i))));
        }

        InferredTable milestones = infer(100).table("Milestones");

        assertThat(milestones.idAttribute()).isEqualTo("milestoneId");
        assertThat(milestones.ids()).isEqualTo("sha256");
        assertThat(milestones.references()).extracting(ReferenceEvidence::path).containsExactly("projectId");
    }

    @Test
    void nonStringValuesOnThePath_stopTheProposal() {
        table("Contacts", 20, i -> Map.of());
        table("Orders", 20, i -> Map.of("contactId", i < 2 ? AttributeValue.fromN("7") : s(id("Contacts", i))));

        InferredTable orders = infer(100).table("Orders");

        assertThat(orders.references()).isEmpty();
        assertThat(orders.rejected()).singleElement().satisfies(r -> {
            assertThat(r.nonStringValues()).isEqualTo(2);
            assertThat(r.reason()).isEqualTo("the path also holds 2 values that are not strings: dmig refuses a reference"
                    + " path that meets one, so fix those items first");
        });
    }

    @Test
    void valuesThatAreIdsOfTwoTables_areProposedForTheOneTheNameSuggests_andFlagged() {
        table("Contacts", 10, i -> Map.of());
        store.createTable("Users" + DEV, "id", ScalarAttributeType.S);
        store.createTable("Users" + PROD, "id", ScalarAttributeType.S);
        for (int i = 0; i < 10; i++) {
            store.put("Users" + DEV, Map.of("id", s(id("Contacts", i))));
        }
        table("Orders", 10, i -> Map.of("userId", s(id("Contacts", i))));

        InferredPlan plan = infer(100);

        ReferenceEvidence evidence = plan.table("Orders").references().get(0);
        assertThat(evidence.model()).isEqualTo("Users");
        assertThat(evidence.alsoMatches()).containsExactly("Contacts");
        assertThat(plan.table("Orders").warnings()).containsExactly(
                "userId: its values are IDs of Users and also of Contacts; proposed Users, check it");
        // Two tables with the same IDs would get different new ones: each is told.
        assertThat(plan.table("Users").warnings()).singleElement().asString()
                .startsWith("its partition key 'id' holds IDs of Contacts (10 of 10): dmig gives the two tables different new IDs");
        assertThat(plan.table("Contacts").warnings()).singleElement().asString()
                .startsWith("its partition key 'id' holds IDs of Users (10 of 10)");
    }

    @Test
    void targetSuffix_isFoundWhenOneOtherEnvironmentHasEveryTable_elsePlaceholder() {
        table("Contacts", 3, i -> Map.of());
        table("Orders", 3, i -> Map.of());
        InferredPlan found = PlanInference.infer(new StoreTableReader(store),
                new PlanInference.Options(DEV, null, 10, Thresholds.DEFAULT), progress::add);
        assertThat(found.targetSuffix()).isEqualTo(PROD);
        assertThat(found.targetHow()).isEqualTo("found: the only other environment with all 2 tables");

        store.createTable("Contacts-app-staging", "id", ScalarAttributeType.S);
        store.createTable("Orders-app-staging", "id", ScalarAttributeType.S);
        InferredPlan ambiguous = PlanInference.infer(new StoreTableReader(store),
                new PlanInference.Options(DEV, null, 10, Thresholds.DEFAULT), progress::add);
        assertThat(ambiguous.targetSuffix()).isEqualTo(PlanInference.TARGET_PLACEHOLDER);
        assertThat(ambiguous.warnings()).singleElement().asString()
                .startsWith("target suffix not chosen: 2 environments have all 2 tables (-app-prod, -app-staging)");
        assertThat(PlanParser.parse(ambiguous.planJson()).targetSuffix()).isEqualTo(PlanInference.TARGET_PLACEHOLDER);
    }

    @Test
    void missingTargetTable_isWarned() {
        table("Contacts", 3, i -> Map.of());
        store.createTable("Extra" + DEV, "id", ScalarAttributeType.S);

        InferredPlan plan = infer(10);

        assertThat(plan.table("Extra").warnings())
                .containsExactly("target table Extra-app-prod does not exist: analysis refuses the plan until it does");
    }

    @Test
    void attributeNamesThePathSyntaxCannotSpell_areLeftOutAndListed() {
        table("Contacts", 10, i -> Map.of());
        table("Orders", 10, i -> Map.of("contact.id", s(id("Contacts", i)),
                "meta", m(Map.of("weird[0]", s(id("Contacts", i))))));

        InferredTable orders = infer(100).table("Orders");

        assertThat(orders.references()).isEmpty();
        assertThat(orders.unspellable()).containsExactly("contact.id", "meta.weird[0]");
    }

    @Test
    void modelsDifferingOnlyInCase_areTwoModels() {
        table("Contacts", 3, i -> Map.of());
        table("contacts", 3, i -> Map.of());

        assertThat(infer(10).tables()).extracting(InferredTable::model).containsExactly("Contacts", "contacts");
    }

    @Test
    void noTableWithTheSuffix_isOneLineError() {
        table("Contacts", 3, i -> Map.of());

        assertThatThrownBy(() -> PlanInference.infer(new StoreTableReader(store),
                new PlanInference.Options("-nope", null, 10, Thresholds.DEFAULT), progress::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no table name ends with '-nope' (2 tables listed): check --source-suffix and where dmig looks"
                        + " (--dynamodb-endpoint, --region)");
    }

    @Test
    void aSuffixGivenWithoutItsSeparator_isReadWithIt_soModelNamesDoNotEndInOne() {
        table("Contacts", 3, i -> Map.of());
        table("Orders", 3, i -> Map.of("contactId", s(id("Contacts", i))));

        InferredPlan plan = PlanInference.infer(new StoreTableReader(store),
                new PlanInference.Options(DEV.substring(1), PROD.substring(1), 10, Thresholds.DEFAULT), progress::add);

        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        assertThat(parsed.tables().keySet()).containsExactly("Contacts", "Orders");
        assertThat(parsed.sourceSuffix()).isEqualTo(DEV);
        assertThat(parsed.targetSuffix()).isEqualTo(PROD);
        assertThat(plan.warnings()).contains("--source-suffix app-dev left every model name ending in '-' (Contacts-, Orders-):"
                + " read as -app-dev, and --target-suffix as -app-prod");
    }

    @Test
    void aSuffixLeavingOnlySomeModelNamesEndingInASeparator_isRefused() {
        store.createTable("Contacts-dev", "id", ScalarAttributeType.S);
        store.createTable("Ordersdev", "id", ScalarAttributeType.S);

        assertThatThrownBy(() -> PlanInference.infer(new StoreTableReader(store),
                new PlanInference.Options("dev", null, 10, Thresholds.DEFAULT), progress::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--source-suffix dev leaves model names ending in a separator (Contacts-), which would be part of"
                        + " every new ID: give the suffix from the separator on, e.g. --source-suffix -dev");
    }

    @Test
    void inference_readsOnly() {
        table("Contacts", 30, i -> Map.of("referredByContactId", s(id("Contacts", (i + 1) % 30))));
        table("Orders", 30, i -> Map.of("contactId", s(id("Contacts", i))));
        Map<String, Map<String, Map<String, AttributeValue>>> before = snapshot();

        infer(5);

        assertThat(store.writeCalls()).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
        assertThat(store.calls(InMemoryItemStore.Operation.BATCH_WRITE)).isZero();
    }

    @Test
    void evidenceJson_carriesTheNumbers() {
        table("Contacts", 10, i -> Map.of());
        table("Orders", 10, i -> Map.of("contactId", s(id("Contacts", i))));

        String json = infer(100).evidenceJson();

        assertThat(json).contains("\"path\" : \"contactId\"", "\"checked\" : 10", "\"matched\" : 10", "\"method\" : \"sample\"",
                "\"valuesLookedUp\"");
    }

    private InferredPlan infer(int sample) {
        return PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, sample, Thresholds.DEFAULT),
                progress::add);
    }

    /** Creates a model's tables in both environments (keyed by {@code id}) and puts {@code count} items in the dev one. */
    private void table(String model, int count, IntFunction<Map<String, AttributeValue>> attributes) {
        store.createTable(model + DEV, "id", ScalarAttributeType.S);
        store.createTable(model + PROD, "id", ScalarAttributeType.S);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(attributes.apply(i));
            item.put("id", s(id(model, i)));
            store.put(model + DEV, item);
        }
    }

    private Map<String, Map<String, Map<String, AttributeValue>>> snapshot() {
        Map<String, Map<String, Map<String, AttributeValue>>> all = new TreeMap<>();
        store.listTables().forEach(t -> all.put(t, store.snapshot(t)));
        return all;
    }

    /** A UUID-shaped ID, distinct per model and index; in index order when sorted. */
    private static String id(String model, int index) {
        return prefix(model) + String.format("-0000-4000-8000-%012x", index);
    }

    private static String prefix(String model) {
        return String.format("%08x", model.hashCode());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue m(Map<String, AttributeValue> map) {
        return AttributeValue.fromM(map);
    }

    private static AttributeValue nul() {
        return AttributeValue.fromNul(true);
    }
}
