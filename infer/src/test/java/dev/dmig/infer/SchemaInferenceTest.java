package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.TestFeatures;
import dev.dmig.json.Json;
import dev.dmig.store.InMemoryItemStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Inference with the app's own declaration (the fixture app of {@link AppSchemaReadersTest}) over its tables: the data
 * alone takes attributes holding users' subs for references to UserProfile, which is keyed by them; with the schema, the
 * plan says what the schema implies (UserProfile keyed by its users' subs, relationships' keys, owner fields, the
 * composite key holding a project ID, the DataStore tables), the data fills what the schema cannot say, and where the two
 * disagree a warning gives the evidence.
 */
class SchemaInferenceTest {
    private static final String DEV = "-fixture-dev";
    private static final String PROD = "-fixture-prod";
    private static final int USERS = 8;
    /** Users 0 to 5 own items; 6 and 7 have profiles and lead projects but own nothing. */
    private static final int OWNERS = 6;

    /** What the schema implies for every table, with what the data adds where the schema says nothing. */
    private static final Map<String, Map<String, String>> WITH_SCHEMA = new TreeMap<>(Map.of(
            "AuditLog", Map.of("actor", "@sub", "projectId", "Project"),
            "Comment", Map.of("owner", "@owner", "projectCommentsId", "Project"),
            "Project", Map.of("lead", "@sub", "members[]", "@sub", "owner", "@owner"),
            "ProjectTags", Map.of("owner", "@owner", "projectId", "Project", "tagId", "Tag"),
            "Task", Map.of("assignee", "@sub", "editors[]", "@owner", "owner", "@owner", "projectId", "Project",
                    "projectId#createdAt", "{projectId}#{createdAt} projectId=Project", "updatedBy", "@sub"),
            "Team", Map.of("admins[]", "@sub"),
            "UserProfile", Map.of("id", "@sub")));

    private final InMemoryItemStore store = new InMemoryItemStore();
    private final List<String> progress = new ArrayList<>();

    @Test
    void theDataAlone_takesUsersSubsForReferencesToTheTableKeyedByThem() {
        app();

        InferredPlan plan = infer(null);

        Map<String, Map<String, String>> references = plan.references();
        assertThat(references.get("Project")).containsEntry("lead", "UserProfile").containsEntry("members[]", "UserProfile");
        assertThat(references.get("Task")).containsEntry("assignee", "UserProfile").containsEntry("updatedBy", "UserProfile");
        assertThat(references.get("Team")).containsEntry("admins[]", "UserProfile");
        assertThat(references).doesNotContainKey("UserProfile");
        assertThat(plan.table("UserProfile").ids()).isEqualTo("sha256");
        // The orphans of Comment's key are too many for the data alone.
        assertThat(references.get("Comment")).doesNotContainKey("projectCommentsId");
        assertThat(plan.planJson()).doesNotContain("syncable", "onUnmatched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen1", "gen2/amplify_outputs.json"})
    void withTheSchema_thePlanSaysWhatTheSchemaImplies_andTheDataFillsTheRest(String fixture) throws Exception {
        app();

        InferredPlan plan = infer(AppSchema.read(AppSchemaReadersTest.fixture(fixture)));

        assertThat(plan.references()).isEqualTo(WITH_SCHEMA);
        JsonNode tables = Json.MAPPER.readTree(plan.planJson()).path("tables");
        // Keyed by its users' subs: mapped by the identity map, and a profile of a user with no match is left behind.
        assertThat(tables.path("UserProfile").path("references").path("id").asText()).isEqualTo("@sub");
        assertThat(tables.path("UserProfile").path("onUnmatched").asText()).isEqualTo("drop");
        List<String> syncable = new ArrayList<>();
        List<String> dropping = new ArrayList<>();
        tables.properties().forEach(e -> {
            if (e.getValue().path("syncable").asBoolean(false)) {
                syncable.add(e.getKey());
            }
            if (e.getValue().has("onUnmatched")) {
                dropping.add(e.getKey());
            }
        });
        // DataStore's key, which the plan holds where the build has DataStore.
        assertThat(syncable).containsExactlyInAnyOrderElementsOf(TestFeatures.has("DataStoreFeature") ? List.of("Task", "Comment") : List.of());
        assertThat(dropping).containsExactly("UserProfile");
        assertThat(tables.path("Tag").has("references")).isFalse();
        assertThat(plan.table("UserProfile").idsReason()).startsWith("partition key 'id' holds users' identities (");

        String taskComment = tables.path("Task").path("comment").asText();
        assertThat(taskComment).contains("from the schema (" + (fixture.equals("gen1") ? "schema.graphql line 16"
                : "amplify_outputs.json data.model_introspection.models.Task") + "): ");
        assertThat(taskComment).contains("projectId#createdAt → {projectId}#{createdAt} projectId=Project (",
                "40 of 40 sampled values are <Project ID>#<createdAt>)",
                "status#createdAt joins status, createdAt (",
                "): no IDs in it, copied as it is",
                fixture.equals("gen1") ? "syncable: it syncs with DataStore (conflict detection, by transform.conf.json (ResolverConfig));"
                        + " 40 of 40 sampled items have _version and _lastChangedAt"
                        : "syncable: from the data (40 of 40 sampled items have _version and _lastChangedAt; amplify_outputs.json says"
                        + " syncable of every model, as Amplify's codegen writes it whatever the app)",
                "from the data: assignee: 8 of 8 values are subs seen in owner values and the keys of UserProfile (keyed by its"
                        + " users, by the schema), by shape only");
        assertThat(tables.path("AuditLog").path("comment").asText()).startsWith("no model of " + (fixture.equals("gen1")
                ? "schema.graphql" : "amplify_outputs.json") + ": from the data alone; actor: 8 of 8 values are subs");
        assertThat(tables.path("UserProfile").path("comment").asText()).contains("onUnmatched drop: its items are keyed by their users");
        // Model introspection's syncable: true on every model is no evidence: the data decides, in a note, not a warning.
        if (!fixture.equals("gen1")) {
            assertThat(tables.path("Project").path("comment").asText()).contains("not syncable: only 0 of 12 sampled items have _version"
                    + " and _lastChangedAt, so its items are copied without DataStore's fields; amplify_outputs.json says syncable of"
                    + " every model, as Amplify's codegen writes it whatever the app");
            assertThat(plan.table("Project").warnings()).noneSatisfy(w -> assertThat(w).contains("DataStore"));
        }

        // The schema and the data disagree on Comment's key: proposed as the schema says, with the evidence.
        assertThat(plan.table("Comment").warnings()).singleElement().asString()
                .startsWith("projectCommentsId: the schema says it holds Project IDs (")
                .contains("but only 8 of 12 sampled values (66.7%) are, e.g. not " + id("Gone", 16))
                .endsWith(": orphans, or values of another kind? proposed as the schema says");
        assertThat(plan.warnings()).contains("1 table is no model of " + (fixture.equals("gen1") ? "schema.graphql" : "amplify_outputs.json")
                + " (AuditLog): their plan comes from the data alone");
        assertThat(store.writeCalls()).isEmpty();
    }

    @Test
    void aSchemaWhoseValuesDisagree_warnsWithTheEvidence_andTheSchemaWins() {
        app();
        // Team's admins hold owner values here, though the schema says subs: @owner maps both.
        for (int i = 0; i < 4; i++) {
            store.put("Team" + DEV, Map.of("id", s(id("Team", i)), "name", s("team " + i),
                    "admins", AttributeValue.fromL(List.of(s(owner(i % OWNERS)), s(owner((i + 2) % OWNERS))))));
        }

        InferredPlan plan = infer(AppSchema.read(AppSchemaReadersTest.fixture("gen1")));

        assertThat(plan.references().get("Team")).isEqualTo(Map.of("admins[]", "@owner"));
        assertThat(plan.table("Team").warnings()).containsExactly("admins[]: the schema says it holds subs (@auth on Team {allow: owner,"
                + " ownerField: \"admins\", identityClaim: \"sub\"}), but 6 of 6 sampled values are <sub>::<username>: proposed @owner,"
                + " which maps each form");
    }

    @Test
    void aSchemaModelWithNoTable_isRefusedInOneLine_beforeAnyItemIsRead() {
        app();
        store.dropTable("Team" + DEV);

        assertThatThrownBy(() -> infer(AppSchema.read(AppSchemaReadersTest.fixture("gen1")))).isInstanceOf(SchemaException.class)
                .hasMessage("schema.graphql line 40: model Team has no table Team-fixture-dev (7 tables end with -fixture-dev): give"
                        + " --schema the schema of the environment --source-suffix names, or --source-suffix the environment this"
                        + " schema describes");
        assertThat(store.calls(InMemoryItemStore.Operation.SCAN)).isZero();
    }

    @Test
    void aSchemaFileAlone_leavesDataStoreToTheData_andAnotherKeyIsWarnedOf(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("schema.graphql");
        java.nio.file.Files.writeString(file, """
                type Order @model {
                  customerId: ID! @primaryKey(sortKeyFields: ["status", "createdAt"])
                  status: String!
                  createdAt: AWSDateTime!
                }
                """);
        table("Order", 12, SchemaInferenceTest::dataStore);

        InferredPlan plan = infer(AppSchema.read(file));

        InferredTable order = plan.table("Order");
        assertThat(order.syncable()).isTrue();
        assertThat(order.schema().notes()).containsExactly("status#createdAt joins status, createdAt (@primaryKey(sortKeyFields:"
                + " [\"status\", \"createdAt\"]) on Order.customerId): no IDs in it, copied as it is", "syncable: from the data (12 of 12 sampled items have _version and"
                + " _lastChangedAt; without the API's transform.conf.json, schema.graphql does not say which models sync with DataStore)");
        assertThat(order.warnings()).containsExactly("the schema keys Order by 'customerId' and 'status#createdAt' (schema.graphql"
                + " line 1), but table Order-fixture-dev is keyed by 'id': is --schema this environment's?");
        // DataStore's key, which the plan holds where the build has DataStore.
        assertThat(Json.MAPPER.readTree(plan.planJson()).path("tables").path("Order").path("syncable").asBoolean())
                .isEqualTo(TestFeatures.has("DataStoreFeature"));
    }

    private InferredPlan infer(AppSchema schema) {
        return PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, 500, Thresholds.DEFAULT), schema,
                progress::add);
    }

    /** The fixture app's tables, and one the API does not declare (AuditLog). */
    private void app() {
        table("UserProfile", USERS, i -> Map.of("displayName", s("User " + i)), SchemaInferenceTest::sub);
        table("Project", 12, i -> Map.of("name", s("Project " + i), "owner", s(owner(i % OWNERS)), "lead", s(sub(i % USERS)),
                "members", AttributeValue.fromL(List.of(s(sub((i + 1) % USERS)), s(sub((i + 3) % USERS))))));
        table("Task", 40, i -> {
            String project = id("Project", i % 12);
            String createdAt = "2024-06-01T08:%02d:00.000Z".formatted(i);
            String status = i % 2 == 0 ? "OPEN" : "DONE";
            Map<String, AttributeValue> item = new LinkedHashMap<>(Map.of("projectId", s(project), "title", s("task " + i),
                    "status", s(status), "createdAt", s(createdAt), "projectId#createdAt", s(project + "#" + createdAt),
                    "status#createdAt", s(status + "#" + createdAt), "assignee", s(sub(i % USERS)),
                    "editors", AttributeValue.fromL(List.of(s(owner((i + 1) % OWNERS)))), "updatedBy", s(sub((i + 5) % USERS)),
                    "owner", s(owner(i % OWNERS))));
            item.putAll(dataStore(i));
            return item;
        });
        table("Comment", 20, i -> {
            Map<String, AttributeValue> item = new LinkedHashMap<>(Map.of("body", s("comment " + i), "owner", s(owner(i % OWNERS)),
                    "projectCommentsId", s(i < 16 ? id("Project", i % 8) : id("Gone", i))));
            item.putAll(dataStore(i));
            return item;
        });
        table("Tag", 6, i -> Map.of("label", s("tag " + i)));
        table("ProjectTags", 15, i -> Map.of("projectId", s(id("Project", i % 12)), "tagId", s(id("Tag", i % 6)),
                "owner", s(owner(i % OWNERS))));
        table("Team", 4, i -> Map.of("name", s("team " + i),
                "admins", AttributeValue.fromL(List.of(s(sub(i % USERS)), s(sub((i + 4) % USERS))))));
        table("AuditLog", 10, i -> Map.of("projectId", s(id("Project", i)), "actor", s(sub(i % USERS))));
    }

    private void table(String model, int count, IntFunction<Map<String, AttributeValue>> attributes) {
        table(model, count, attributes, i -> id(model, i));
    }

    private void table(String model, int count, IntFunction<Map<String, AttributeValue>> attributes, IntFunction<String> key) {
        store.createTable(model + DEV, "id", ScalarAttributeType.S);
        store.createTable(model + PROD, "id", ScalarAttributeType.S);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(attributes.apply(i));
            item.put("id", s(key.apply(i)));
            store.put(model + DEV, item);
        }
    }

    private static Map<String, AttributeValue> dataStore(int i) {
        return Map.of("_version", AttributeValue.fromN(String.valueOf(1 + i % 3)),
                "_lastChangedAt", AttributeValue.fromN(String.valueOf(1_717_000_000_000L + i)));
    }

    private static String sub(int user) {
        return String.format("5a1f0c6e-0000-4000-8000-%012x", user);
    }

    private static String owner(int user) {
        return sub(user) + "::user" + user;
    }

    /** A UUID-shaped ID, distinct per model and index. */
    private static String id(String model, int index) {
        return String.format("%08x", model.hashCode()) + String.format("-0000-4000-8000-%012x", index);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
