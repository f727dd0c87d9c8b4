package dev.dmig.migrate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.idmapping.IdMapper;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A reference whose table another attribute of the item names ({@code ShareLink.resourceId}, an Evaluation's or a
 * Report's ID as {@code resourceType} says): each value is mapped as an ID of the table its item's type names.
 */
class PolymorphicReferenceTest {
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "pr",
             "tables": {"Evaluation": {}, "Report": {},
               "ShareLink": {"references": {"resourceId": %s}}}}""";
    private static final String BY_TYPE = """
            {"by": "resourceType", "models": {"EVALUATION": "Evaluation", "Evaluation": "Evaluation", "REPORT": "Report"}}""";

    private final IdMapper ids = new IdMapper("pr");

    @Test
    void eachValue_isMappedAsAnIdOfTheTableItsItemsTypeNames() {
        ItemTransformer transformer = new ItemTransformer(PlanParser.parse(PLAN.formatted(BY_TYPE)));

        Map<String, AttributeValue> evaluation = transformer.transform("ShareLink", link("EVALUATION", "eval-0001"));
        Map<String, AttributeValue> spelledOtherwise = transformer.transform("ShareLink", link("Evaluation", "eval-0002"));
        Map<String, AttributeValue> report = transformer.transform("ShareLink", link("REPORT", "report-0001"));

        assertThat(evaluation.get("resourceId").s()).isEqualTo(ids.newId("Evaluation", "eval-0001"));
        assertThat(spelledOtherwise.get("resourceId").s()).isEqualTo(ids.newId("Evaluation", "eval-0002"));
        assertThat(report.get("resourceId").s()).isEqualTo(ids.newId("Report", "report-0001"));
        assertThat(report.get("resourceType").s()).as("the type is copied as it is").isEqualTo("REPORT");
    }

    @Test
    void anItemWhoseTypeNamesNoTableOfTheReference_isADataProblemNamingTheItem_andThePatterns() {
        ItemTransformer transformer = new ItemTransformer(PlanParser.parse(PLAN.formatted(BY_TYPE)));

        assertThatThrownBy(() -> transformer.transform("ShareLink", link("FOLDER", "folder-0001")))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table ShareLink, item id=link-folder-0001, attribute resourceId: 'folder-0001' matches none of its"
                        + " patterns {Evaluation} (when resourceType is EVALUATION or Evaluation), {Report} (when resourceType is REPORT)");
    }

    @Test
    void theTablesItNames_areTheReferencesModels_andAWrongFormIsRefusedInOneLine() {
        MigrationPlan plan = PlanParser.parse(PLAN.formatted(BY_TYPE));
        assertThat(plan.table("ShareLink").referencedModels()).containsExactly("Evaluation", "Report");
        assertThat(plan.table("ShareLink").modelReferences()).containsEntry("resourceId{Evaluation}", "Evaluation")
                .containsEntry("resourceId{Report}", "Report");

        assertThatThrownBy(() -> PlanParser.parse(PLAN.formatted("{\"by\": \"resourceType\", \"models\": [\"Report\"]}")))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("a reference whose table another attribute names must be {\"by\": <that attribute>, \"models\":"
                        + " {<its value>: <model>, …}}, like {\"by\": \"resourceType\", \"models\": {\"EVALUATION\": \"Evaluation\","
                        + " \"REPORT\": \"Report\"}}");
        assertThatThrownBy(() -> PlanParser.parse(PLAN.formatted("{\"by\": \"resourceType\", \"models\": {\"FOLDER\": \"Folder\"}}")))
                .isInstanceOf(PlanInvalidException.class).hasMessageContaining("Folder");
    }

    private static final String ONE_OF = "{\"oneOf\": [\"Evaluation\", \"Report\"]}";

    @Test
    void aReferenceToTheTableWhoseSourceHoldsEachValue_mapsEachAsAnIdOfThatTable_andOneNoneHoldsAsTheFirsts() {
        HeldIds held = HeldIds.NONE.with(Map.of("Evaluation", java.util.Set.of("eval-0001"), "Report", java.util.Set.of("report-0001")));
        ItemTransformer transformer = new ItemTransformer(PlanParser.parse(PLAN.formatted(ONE_OF)),
                RunMappings.NONE.withHolders(held));

        assertThat(transformer.transform("ShareLink", link("anything", "eval-0001")).get("resourceId").s())
                .isEqualTo(ids.newId("Evaluation", "eval-0001"));
        assertThat(transformer.transform("ShareLink", link("anything", "report-0001")).get("resourceId").s())
                .isEqualTo(ids.newId("Report", "report-0001"));
        assertThat(transformer.transform("ShareLink", link("anything", "gone-0001")).get("resourceId").s())
                .as("an orphan: mapped, and counted, as the first table's").isEqualTo(ids.newId("Evaluation", "gone-0001"));
        java.util.List<String> visited = new java.util.ArrayList<>();
        transformer.forEachReference("ShareLink", link("x", "report-0001"), (path, model, id) -> visited.add(path.text() + "=" + model));
        assertThat(visited).containsExactly("resourceId{Report}=Report");
    }

    @Test
    void aValueTwoOfItsTablesHold_isADataProblemNamingTheItemAndBothTables() {
        HeldIds held = HeldIds.NONE.with(Map.of("Evaluation", java.util.Set.of("7"), "Report", java.util.Set.of("7")));
        ItemTransformer transformer = new ItemTransformer(PlanParser.parse(PLAN.formatted(ONE_OF)),
                RunMappings.NONE.withHolders(held));

        assertThatThrownBy(() -> transformer.transform("ShareLink", link("x", "7")))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table ShareLink, item id=link-7, attribute resourceId: '7' is the ID of a record in each of Evaluation"
                        + " and Report in the source, so which it names cannot be told; say it by another attribute of the item"
                        + " ({\"by\": <attribute>, \"models\": {…}}) or make the IDs differ");
    }

    @Test
    void theOneOfForm_namesItsTables_andAWrongFormIsRefusedInOneLine() {
        MigrationPlan plan = PlanParser.parse(PLAN.formatted(ONE_OF));
        assertThat(plan.table("ShareLink").referencedModels()).containsExactly("Evaluation", "Report");
        assertThat(plan.table("ShareLink").mapsByHolder()).isTrue();

        for (String wrong : java.util.List.of("{\"oneOf\": [\"Report\"]}", "{\"oneOf\": \"Report\"}",
                "{\"oneOf\": [\"Report\", \"Report\"]}", "{\"oneOf\": [\"Report\", \"Evaluation\"], \"models\": {}}")) {
            assertThatThrownBy(() -> PlanParser.parse(PLAN.formatted(wrong))).as(wrong)
                    .isInstanceOf(PlanInvalidException.class)
                    .hasMessageContaining("table ShareLink, attribute resourceId: ")
                    .hasMessageContaining("{\"oneOf\": [<model>, <model>, …]}");
        }
        assertThatThrownBy(() -> PlanParser.parse(PLAN.formatted("{\"oneOf\": [\"Report\", \"Folder\"]}")))
                .isInstanceOf(PlanInvalidException.class).hasMessageContaining("Folder");
    }

    private static Map<String, AttributeValue> link(String type, String resource) {
        return item("id", s("link-" + resource), "resourceType", s(type), "resourceId", s(resource));
    }
}
