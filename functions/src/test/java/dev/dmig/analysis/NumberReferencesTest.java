package dev.dmig.analysis;

import static dev.dmig.SampleMigration.SOURCE;
import static dev.dmig.SampleMigration.TARGET;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * References held as numbers ({@code category_id: 7}) to a table keyed by numbers, which keeps its IDs: analysis
 * counts them as it counts strings, and names their orphans.
 */
class NumberReferencesTest {
    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void numbersReferringToATableKeyedByNumbers_areCounted_andAnOrphanIsNamed() {
        for (String side : List.of(SOURCE, TARGET)) {
            app.items.createTable("Categories" + side, "id", ScalarAttributeType.N);
            app.items.createTable("Products" + side, "id", ScalarAttributeType.S);
        }
        for (int c = 1; c <= 4; c++) {
            app.items.put("Categories" + SOURCE, item("id", n(String.valueOf(c)), "name", s("category " + c)));
        }
        for (int p = 0; p < 10; p++) {
            AttributeValue category = p == 9 ? n("999") : n(String.valueOf(1 + p % 4));
            app.items.put("Products" + SOURCE, item("id", s("p" + p), "category_id", category,
                    "also", AttributeValue.fromNs(List.of("1", "2.0"))));
        }
        String plan = """
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "segments": 2,
                 "tables": {"Categories": {"ids": "preserve"},
                            "Products": {"references": {"category_id": "Categories", "also[]": "Categories"}}}}
                """.formatted(SOURCE, TARGET);

        app.analyze(new RunRequest("dry-run", "numbers", null, Json.tree(plan.getBytes(StandardCharsets.UTF_8)), null, null, null,
                null, null, null, null, null, null));

        Analysis analysis = app.artifacts.json(RunLayout.analysis("numbers"), Analysis.class);
        TableAnalysis products = analysis.tables().stream().filter(t -> t.model().equals("Products")).findFirst().orElseThrow();
        ReferenceAnalysis category = products.references().stream().filter(r -> r.path().equals("category_id")).findFirst().orElseThrow();
        assertThat(category.values()).isEqualTo(10);
        assertThat(category.itemsWithValue()).isEqualTo(10);
        assertThat(category.fillRate()).isEqualTo(1.0);
        assertThat(category.orphans()).isEqualTo(1);
        assertThat(category.orphanExamples()).containsExactly(new OrphanExample("id=p9", "999"));
        ReferenceAnalysis also = products.references().stream().filter(r -> r.path().equals("also[]")).findFirst().orElseThrow();
        assertThat(also.values()).isEqualTo(20);
        assertThat(also.orphans()).as("2.0 is category 2").isZero();
        assertThat(analysis.totals().problems()).isZero();
    }
}
