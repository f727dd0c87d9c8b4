package dev.dmig.feature.files;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.TestFeatures;
import dev.dmig.migrate.FileObjects;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The walk of a source item's objects: the one the steps reach as {@link FileObjects}, and what it leaves out where a feature copies no object. */
class FileWalkTest {
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "app-dev"},
             "target": {"tableSuffix": "-prod-NONE", "storageBucket": "app-prod"},
             "mask": {"keyFrom": "DMIG_TEST_MASK_KEY"},
             "tables": {"Doc": {"files": {"photo": {"prefix": "public/"}, "notes[]": {}}, "mask": {"notes[]": "remove"}}}}
            """;

    @Test
    void theStepsWalk_isTheFeatures_andAValueAFeatureCopiesNoObjectFor_isLeftOutByPath() {
        TestFeatures.assumeHas("MaskFeature");
        MigrationPlan plan = PlanParser.parse(PLAN);
        ItemTransformer transformer = new ItemTransformer(plan);
        assertThat(FileObjects.of(transformer)).isInstanceOf(FileWalk.class);

        List<String> visited = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        FileWalk.of(transformer).forEach("Doc", item("id", s("d1"), "photo", s("a.png"),
                "notes", AttributeValue.fromL(List.of(s("public/n.txt"), s("public/m.txt")))),
                (path, from, to) -> visited.add(path + " " + from + " → " + to), leftOut::add);

        assertThat(visited).containsExactly("photo public/a.png → public/a.png");
        assertThat(leftOut).containsExactly("notes[]", "notes[]");
    }

    @Test
    void aPlanWithoutFiles_walksNone() {
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev-NONE"}, "target": {"tableSuffix": "-prod-NONE"}, "tables": {"Doc": {}}}
                """);
        List<String> visited = new ArrayList<>();
        FileObjects.of(new ItemTransformer(plan)).forEach("Doc", item("id", s("d1"), "photo", s("a.png")),
                (path, from, to) -> visited.add(path));
        assertThat(visited).isEmpty();
        assertThat(plan.table("Doc").files()).isEmpty();
        assertThat(plan.copiesFiles()).isFalse();
    }
}
