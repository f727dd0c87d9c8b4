package dev.dmig.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import dev.dmig.sample.SampleStorage;
import org.junit.jupiter.api.Test;

/** The whole app's masked plan ({@code --masked}): the bench's key variable, and rules only where the sample has the table. */
class AppMaskTest {
    private final ObjectNode plan = Dataset.of(Dataset.Kind.SAMPLE, 300, "t").plan(null, null);

    @Test
    void everyRule_namesATableOfTheSamplesPlan() {
        // A table renamed in the sample would otherwise leave its personal attributes to strict mode's refusal at run time.
        assertThat(AppMask.RULES.keySet()).allMatch(table -> plan.path("tables").has(table), "a table of the sample's plan");
        assertThat(AppMask.rules(plan)).isEqualTo(AppMask.RULES.values().stream().mapToInt(rules -> rules.size()).sum());
    }

    @Test
    void theMaskedPlan_namesTheKeyVariable_andLeavesThePlanItCameFromUnmasked() {
        ObjectNode masked = AppMask.masked(plan);
        assertThat(masked.at("/mask/keyFrom").asText()).isEqualTo(AppMask.KEY_VARIABLE);
        assertThat(AppMask.ENVIRONMENT.get(AppMask.KEY_VARIABLE)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(masked.at("/tables/Contacts/mask/email").asText()).isEqualTo("email");
        assertThat(plan.has("mask")).isFalse();
        assertThat(plan.at("/tables/Contacts/mask").isMissingNode()).isTrue();
    }

    /** With the app's Storage, every file the plan copies is decided, as a masked run's strict mode asks. */
    @Test
    void theMaskedPlanOfTheWholeApp_decidesEachOfItsFiles() throws Exception {
        ObjectNode withFiles = (ObjectNode) Json.MAPPER.readTree(SampleStorage.plan(plan.toString()));

        ObjectNode masked = AppMask.masked(withFiles);

        int files = 0;
        for (var table : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) masked.path("tables")::fields) {
            for (var file : (Iterable<String>) table.getValue().path("files")::fieldNames) {
                assertThat(table.getValue().path("mask").path(file).asText()).as(table.getKey() + " " + file).isIn("placeholder", "keep");
                files++;
            }
        }
        assertThat(files).isEqualTo(2);
        assertThat(masked.at("/tables/UserProfiles/mask/avatar.key").asText()).isEqualTo("placeholder");
        assertThat(masked.at("/tables/UserProfiles/mask/email").asText()).as("beside its personal attributes").isEqualTo("email");
    }
}
