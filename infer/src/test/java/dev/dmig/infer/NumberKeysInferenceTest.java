package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryItemStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * References held as numbers ({@code category_id: 7}) to a table keyed by numbers: read, checked against its keys and
 * counted, with their orphans, whether the schema declares them or the data alone shows them.
 */
class NumberKeysInferenceTest {
    private static final String DEV = "-num-dev";
    private static final String PROD = "-num-prod";

    private final InMemoryItemStore store = new InMemoryItemStore();

    @TempDir
    Path dir;

    @Test
    void aDeclaredKeyHeldAsNumbers_isCheckedAgainstTheNumbersOfItsTable_andItsOrphanIsNamed() throws IOException {
        data();
        Path schema = Files.writeString(dir.resolve("schema.graphql"), """
                type Category @model {
                  categoryNo: Int! @primaryKey
                  name: String
                  products: [Product] @hasMany(indexName: "byCategory", fields: ["categoryNo"])
                }
                type Product @model {
                  id: ID!
                  category_id: Int! @index(name: "byCategory")
                }
                """);

        InferredPlan plan = infer(AppSchema.read(schema));

        ReferenceEvidence category = plan.table("Product").references().stream().filter(r -> r.path().equals("category_id"))
                .findFirst().orElseThrow();
        assertThat(category.declared()).isTrue();
        assertThat(category.checked()).isEqualTo(11);
        assertThat(category.matched()).isEqualTo(10);
        assertThat(category.unresolved()).containsExactly("999");
        assertThat(category.basis()).endsWith("10 of 11 sampled values are Category IDs");
        assertThat(PlanParser.parse(plan.planJson()).table("Product").references()).hasSize(1);
    }

    @Test
    void withoutASchema_numbersThatAreKeysOfATableKeyedByNumbers_areProposedAsItsReference() {
        data();

        InferredPlan plan = infer(null);

        assertThat(plan.references().get("Product")).isEqualTo(Map.of("category_id", "Category"));
        ReferenceEvidence category = plan.table("Product").references().get(0);
        assertThat(category.matched()).isEqualTo(10);
        assertThat(category.unresolved()).containsExactly("999");
        assertThat(plan.table("Category").preserve()).isTrue();
        assertThat(plan.planJson()).contains("category_id: 10 of 11 values are Category IDs (1 not: orphans?)");
    }

    /** Ten categories keyed by numbers, and forty products of them but one, whose category 999 is gone. */
    private void data() {
        for (String side : new String[] {DEV, PROD}) {
            store.createTable("Category" + side, "categoryNo", ScalarAttributeType.N);
            store.createTable("Product" + side, "id", ScalarAttributeType.S);
        }
        for (int c = 1; c <= 10; c++) {
            store.put("Category" + DEV, Map.of("categoryNo", AttributeValue.fromN(String.valueOf(c)), "name", AttributeValue.fromS("c" + c)));
        }
        for (int p = 0; p < 40; p++) {
            store.put("Product" + DEV, Map.of("id", AttributeValue.fromS(String.format("%08x-0000-4000-8000-%012x", 7, p)),
                    "category_id", AttributeValue.fromN(p == 39 ? "999" : String.valueOf(1 + p % 10))));
        }
    }

    private InferredPlan infer(AppSchema schema) {
        return PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, 500, Thresholds.DEFAULT), schema,
                line -> { });
    }
}
