package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.json.Json;
import dev.dmig.migrate.HeldIds;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryItemStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * An attribute holding IDs of one table or another, as another attribute of the item says ({@code ShareLink.resourceId},
 * an Evaluation's or a Report's ID as {@code resourceType} says): proposed as the plan's reference to one of several
 * tables when an attribute says which, as the table whose source holds each value when none does and no value is an ID
 * of two, and as no table when one is.
 */
class PolymorphicInferenceTest {
    private static final String DEV = "-poly-dev";
    private static final String PROD = "-poly-prod";
    /** The namespace a plan without idNamespace takes: its target suffix without its dash. */
    private static final IdMapper IDS = new IdMapper(PROD.substring(1));

    private final InMemoryItemStore store = new InMemoryItemStore();

    @Test
    void idsOfTwoTables_areProposedByTheAttributeThatSaysWhich_andMapEachAsItsTablesId() throws Exception {
        evaluationsAndReports();
        links("ShareLink", 20, 12, i -> i < 12 ? "EVALUATION" : "REPORT");

        InferredPlan plan = infer(null);

        JsonNode links = Json.MAPPER.readTree(plan.planJson()).at("/tables/ShareLink");
        assertThat(links.path("references")).isEqualTo(Json.MAPPER.readTree("{\"resourceId\": {\"by\": \"resourceType\", \"models\":"
                + " {\"EVALUATION\": \"Evaluation\", \"REPORT\": \"Report\"}}}"));
        assertThat(links.path("comment").asText()).isEqualTo("resourceId: 20 of 20 values are IDs of Evaluation (12) or Report (8), as"
                + " resourceType says (EVALUATION: 12 items, Evaluation IDs; REPORT: 8 items, Report IDs), medium confidence 0.84");
        assertThat(plan.table("ShareLink").warnings()).isEmpty();
        assertThat(plan.summary()).anySatisfy(line -> assertThat(line).contains("resourceId → <Evaluation ID> when resourceType is"
                + " EVALUATION | <Report ID> when resourceType is REPORT (20/20, medium)"));
        assertThat(plan.summary()).contains("1 reference to one of several tables proposed in 1 table (1 below high confidence); 0 tables"
                + " keep their IDs; 0 warnings");
        ItemTransformer run = new ItemTransformer(PlanParser.parse(plan.planJson()));
        String evaluation = id("Evaluation", 3);
        String report = id("Report", 5);
        assertThat(run.transform("ShareLink", Map.of("id", s("l1"), "resourceId", s(evaluation), "resourceType", s("EVALUATION"))))
                .containsEntry("resourceId", s(IDS.newId("Evaluation", evaluation)));
        assertThat(run.transform("ShareLink", Map.of("id", s("l2"), "resourceId", s(report), "resourceType", s("REPORT"))))
                .containsEntry("resourceId", s(IDS.newId("Report", report)));
        assertThat(plan.evidenceJson()).contains("\"when\" : {", "\"attribute\" : \"resourceType\"");
    }

    @Test
    void aFewIdsOfASecondTable_makeItOneOfTwo_notOrphansOfTheFirst() throws Exception {
        evaluationsAndReports();
        links("ShareLink", 31, 28, i -> i < 28 ? "EVALUATION" : "REPORT");

        InferredPlan plan = infer(null);

        assertThat(Json.MAPPER.readTree(plan.planJson()).at("/tables/ShareLink/references/resourceId"))
                .isEqualTo(Json.MAPPER.readTree("{\"by\": \"resourceType\", \"models\": {\"EVALUATION\": \"Evaluation\", \"REPORT\":"
                        + " \"Report\"}}"));
    }

    @Test
    void noAttributeSayingWhich_proposesTheTableWhoseSourceHoldsEachValue_whichMapsEachAsItsTablesId() throws Exception {
        evaluationsAndReports();
        // Two items' types are wrong: no attribute's values each go with one table's IDs only.
        links("ShareLink", 20, 12, i -> (i < 12 && i != 4) || i == 15 ? "EVALUATION" : "REPORT");

        InferredPlan plan = infer(null);

        JsonNode links = Json.MAPPER.readTree(plan.planJson()).at("/tables/ShareLink");
        assertThat(links.at("/references/resourceId")).isEqualTo(Json.MAPPER.readTree("{\"oneOf\": [\"Evaluation\", \"Report\"]}"));
        assertThat(links.path("comment").asText()).startsWith("resourceId: 20 of 20 values are IDs of Evaluation (12) or Report (8), none"
                + " of two, and no attribute of its items says which: each mapped as an ID of the table whose source holds it");
        assertThat(plan.table("ShareLink").warnings()).isEmpty();
        assertThat(plan.summary()).anySatisfy(line -> assertThat(line).contains("resourceId → <Evaluation ID> where Evaluation holds it |"
                + " <Report ID> where Report holds it (20/20, medium)"));
        String evaluation = id("Evaluation", 3);
        String report = id("Report", 5);
        ItemTransformer run = new ItemTransformer(PlanParser.parse(plan.planJson()), RunMappings.NONE.withHolders(
                HeldIds.NONE.with(Map.of("Evaluation", Set.of(evaluation), "Report", Set.of(report)))));
        assertThat(run.transform("ShareLink", Map.of("id", s("l1"), "resourceId", s(evaluation))))
                .containsEntry("resourceId", s(IDS.newId("Evaluation", evaluation)));
        assertThat(run.transform("ShareLink", Map.of("id", s("l2"), "resourceId", s(report))))
                .containsEntry("resourceId", s(IDS.newId("Report", report)));
    }

    @Test
    void aValueThatIsAnIdOfBothTables_isCountedAndNamed() throws Exception {
        evaluationsAndReports();
        String both = id("Evaluation", 0);
        store.put("Report" + DEV, Map.of("id", s(both), "title", s("a report under an evaluation's ID")));
        links("ShareLink", 20, 12, i -> i < 12 ? "EVALUATION" : "REPORT");
        links("Comment", 20, 12, i -> i % 2 == 0 ? "a" : "b");

        InferredPlan plan = infer(null);

        assertThat(Json.MAPPER.readTree(plan.planJson()).at("/tables/ShareLink/comment").asText()).contains("IDs of Evaluation (11) or"
                + " Report (8), as resourceType says (EVALUATION: 12 items, Evaluation IDs; REPORT: 8 items, Report IDs); 1 value is an"
                + " ID of Evaluation and Report ('" + both + "'), mapped as its item's resourceType says");
        assertThat(plan.table("Comment").warnings()).singleElement().asString().startsWith("resourceId: its values are IDs of several"
                + " tables, Evaluation (11) and Report (8) of 20 values; 1 value is an ID of Evaluation and Report ('" + both + "'),"
                + " and no attribute of its items says which");
    }

    @Test
    void aSchemaDeclaringTheKeyOfTwoModels_isProposedByTheAttributeTheDataFinds(@TempDir Path dir) throws Exception {
        evaluationsAndReports();
        links("ShareLink", 20, 12, i -> i < 12 ? "EVALUATION" : "REPORT");

        InferredPlan plan = infer(twoModels(dir));

        JsonNode links = Json.MAPPER.readTree(plan.planJson()).at("/tables/ShareLink");
        assertThat(links.at("/references/resourceId/by").asText()).isEqualTo("resourceType");
        assertThat(links.path("comment").asText()).contains("resourceId: the schema declares Evaluation and Report on it (@belongsTo on"
                + " ShareLink.evaluation (fields); @belongsTo on ShareLink.report (fields)), and the data says which table each value"
                + " names: resourceType");
        assertThat(plan.table("ShareLink").warnings()).isEmpty();
    }

    @Test
    void aSchemaDeclaringTheKeyOfTwoModels_whoseSampleHoldsOneModelsIds_proposesTheTableWhoseSourceHoldsEachValue(@TempDir Path dir)
            throws Exception {
        evaluationsAndReports();
        links("ShareLink", 12, 12, i -> "EVALUATION");

        InferredPlan plan = infer(twoModels(dir));

        JsonNode links = Json.MAPPER.readTree(plan.planJson()).at("/tables/ShareLink");
        assertThat(links.at("/references/resourceId")).isEqualTo(Json.MAPPER.readTree("{\"oneOf\": [\"Evaluation\", \"Report\"]}"));
        assertThat(links.path("comment").asText()).contains("resourceId → one of Evaluation, Report, the table whose source holds each"
                + " value (@belongsTo on ShareLink.evaluation (fields); @belongsTo on ShareLink.report (fields); of 12 sampled values, IDs of 12 Evaluation, 0 Report, and no attribute of its items says"
                + " which: each mapped as an ID of the table whose source holds it");
        assertThat(plan.table("ShareLink").warnings()).containsExactly("resourceId: the schema says one of Evaluation, Report, the"
                + " table whose source holds each value, the data suggests Evaluation (12 of 12 values are Evaluation IDs): proposed as"
                + " the schema says");
    }

    @Test
    void aSchemaDeclaringOneModel_whereTheValuesAreIdsOfTwo_isWarnedOf_andGetsTheAttributeThatSaysWhich(@TempDir Path dir)
            throws Exception {
        evaluationsAndReports();
        links("ShareLink", 20, 12, i -> i < 12 ? "EVALUATION" : "REPORT");

        InferredPlan plan = infer(oneModel(dir));

        assertThat(Json.MAPPER.readTree(plan.planJson()).at("/tables/ShareLink/references/resourceId/by").asText()).isEqualTo("resourceType");
        assertThat(plan.table("ShareLink").warnings()).containsExactly("resourceId: the schema says it holds IDs of Evaluation"
                + " (@belongsTo on ShareLink.evaluation (fields)), but its values are IDs of Evaluation or Report as resourceType says:"
                + " proposed by resourceType, which maps each value as an ID of its table");
    }

    @Test
    void aSchemaDeclaringOneModel_whereNoAttributeSaysWhich_neverProposesTheOneAlone(@TempDir Path dir) throws Exception {
        evaluationsAndReports();
        links("ShareLink", 20, 12, i -> i % 2 == 0 ? "EVALUATION" : "REPORT");

        InferredPlan plan = infer(oneModel(dir));

        assertThat(Json.MAPPER.readTree(plan.planJson()).at("/tables/ShareLink/references/resourceId"))
                .as("Evaluation alone would leave the reports' IDs naming nothing")
                .isEqualTo(Json.MAPPER.readTree("{\"oneOf\": [\"Evaluation\", \"Report\"]}"));
        assertThat(plan.table("ShareLink").warnings()).containsExactly("resourceId: the schema says it holds IDs of Evaluation"
                + " (@belongsTo on ShareLink.evaluation (fields)), but its values are IDs of Evaluation or Report: proposed as one of"
                + " them, the table whose source holds each value, which maps each value as an ID of its table");
    }

    /** 30 evaluations and 10 reports, with UUID-shaped IDs. */
    private void evaluationsAndReports() {
        table("Evaluation", 30, i -> Map.of("score", s("A")));
        table("Report", 10, i -> Map.of("status", s("DRAFT")));
    }

    /**
     * {@code count} links of {@code model}: the first {@code evaluations} to the evaluation of their index, the others to
     * the reports in turn, each with its {@code type}, and attributes that say no table (a title of its own, a status of
     * two values, a constant type name).
     */
    private void links(String model, int count, int evaluations, IntFunction<String> type) {
        table(model, count, i -> Map.of("resourceId", s(i < evaluations ? id("Evaluation", i) : id("Report", i - evaluations)),
                "resourceType", s(type.apply(i)), "title", s("link " + i), "status", s(i % 3 == 0 ? "ACTIVE" : "EXPIRED"),
                "__typename", s(model)));
    }

    /** A schema whose share links declare their resourceId a key of an evaluation and of a report. */
    private static AppSchema twoModels(Path dir) throws Exception {
        return schema(dir, "evaluation: Evaluation @belongsTo(fields: [\"resourceId\"]) report: Report @belongsTo(fields: [\"resourceId\"])");
    }

    /** A schema whose share links declare their resourceId a key of an evaluation only. */
    private static AppSchema oneModel(Path dir) throws Exception {
        return schema(dir, "evaluation: Evaluation @belongsTo(fields: [\"resourceId\"])");
    }

    private static AppSchema schema(Path dir, String relationships) throws Exception {
        Path schema = dir.resolve("schema.graphql");
        Files.writeString(schema, """
                type Evaluation @model { id: ID! score: String }
                type Report @model { id: ID! status: String }
                type ShareLink @model { id: ID! resourceId: ID! resourceType: String! title: String status: String %s }
                """.formatted(relationships));
        return AppSchema.read(schema);
    }

    private InferredPlan infer(AppSchema schema) {
        return PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, 100, Thresholds.DEFAULT), schema,
                new ArrayList<String>()::add);
    }

    /** A model's tables in both environments (keyed by {@code id}), {@code count} items in the dev one. */
    private void table(String model, int count, IntFunction<Map<String, AttributeValue>> attributes) {
        store.createTable(model + DEV, "id", ScalarAttributeType.S);
        store.createTable(model + PROD, "id", ScalarAttributeType.S);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(attributes.apply(i));
            item.put("id", s(id(model, i)));
            store.put(model + DEV, item);
        }
    }

    /** A UUID-shaped ID, distinct per model and index. */
    private static String id(String model, int index) {
        return String.format("%08x-0000-4000-8000-%012x", model.hashCode(), index);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
