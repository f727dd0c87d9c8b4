package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import dev.dmig.store.InMemoryItemStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Every value where that is cheap: a table DescribeTable estimates under the limit is read whole, a larger one in
 * growing rounds until a round shows no new shape of any attribute's values, and infer says how much it read of each.
 */
class TableReadingTest {
    private static final String DEV = "-app-dev";
    private static final String PROD = "-app-prod";
    private static final JsonNode EVERYONE_TOO = Json.tree(("[{\"pattern\": \"BOARD#{board}\", \"board\": \"Board\"},"
            + " {\"pattern\": \"@everyone\"}]").getBytes(StandardCharsets.UTF_8));

    private final InMemoryItemStore store = new InMemoryItemStore();

    @Test
    void aTableUnderTheLimit_isReadWhole_soOneRareValuePastTheFirst500IsTaken() {
        table("Board", 5, i -> Map.of());
        table("Post", 662, i -> Map.of("audience", s(i == 661 ? "@everyone" : "BOARD#" + id("Board", i % 5))));

        InferredPlan plan = infer(PlanInference.Options.READ_WHOLE_UNDER);

        assertThat(audience(plan)).isEqualTo(EVERYONE_TOO);
        assertThat(plan.table("Post").complete()).isTrue();
        assertThat(plan.table("Post").sampled()).isEqualTo(662);
        assertThat(plan.summary()).anySatisfy(line -> assertThat(line).matches("  Post +662 +all .*"))
                .anySatisfy(line -> assertThat(line).contains("tables under 100,000 items whole"));
        assertThat(Json.tree(plan.planJson().getBytes(StandardCharsets.UTF_8)).path("comment").asText())
                .contains("from tables under 100,000 items whole");
    }

    @Test
    void theFirstItemsOnly_missTheRareValue_whenToldSo() {
        table("Board", 5, i -> Map.of());
        table("Post", 662, i -> Map.of("audience", s(i == 661 ? "@everyone" : "BOARD#" + id("Board", i % 5))));

        InferredPlan plan = infer(0);

        assertThat(audience(plan)).isEqualTo(Json.tree("{\"pattern\": \"BOARD#{board}\", \"board\": \"Board\"}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(plan.table("Post").sampled()).isEqualTo(500);
        assertThat(plan.summary()).anySatisfy(line -> assertThat(line).contains("(up to 500 items per table)"));
    }

    @Test
    void aLargerTable_isReadInGrowingRounds_untilOneShowsNoNewShape() {
        table("Board", 5, i -> Map.of());
        table("Post", 6_000, i -> Map.of("audience", s(i == 1_200 ? "@everyone" : "BOARD#" + id("Board", i % 5))));
        store.describeAs("Post" + DEV, 2_000_000, 1L << 30);

        InferredPlan plan = infer(PlanInference.Options.READ_WHOLE_UNDER);

        // 500, then 1,000 more (the rare value at 1,200: a new shape), then 2,000 more that show nothing new.
        assertThat(audience(plan)).isEqualTo(EVERYONE_TOO);
        InferredTable post = plan.table("Post");
        assertThat(post.complete()).isFalse();
        assertThat(post.sampled()).isEqualTo(3_500);
        assertThat(post.rounds()).isEqualTo(3);
        assertThat(plan.summary()).anySatisfy(line -> assertThat(line).matches("  Post +2,000,000 +3,500 in 3 rounds .*"));
    }

    @Test
    void roundsThatKeepFindingNewShapes_stopAtTheLimit() {
        table("Tag", 3_000, i -> Map.of("label", s(word(i))));
        store.describeAs("Tag" + DEV, 2_000_000, 1L << 30);

        InferredPlan plan = infer(1_200);

        assertThat(plan.table("Tag").sampled()).isEqualTo(1_200);
        assertThat(plan.table("Tag").rounds()).isEqualTo(2);
    }

    @Test
    void aRareShape_pastTheValuesKeptOfAPath_isKeptAllTheSame() {
        table("User", 1_500, i -> Map.of());
        table("Post", 1_500, i -> Map.of("audience", s(i == 1_400 ? "@everyone" : "USER#" + id("User", i))));

        InferredPlan plan = infer(PlanInference.Options.READ_WHOLE_UNDER);

        assertThat(audience(plan)).isEqualTo(Json.tree(("[{\"pattern\": \"USER#{user}\", \"user\": \"User\"},"
                + " {\"pattern\": \"@everyone\"}]").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aShape_keepsWordsAndSigns_andTakesAnythingElseForAPlaceholder() {
        assertThat(PathValues.shape("USER#" + id("User", 1))).isEqualTo(PathValues.shape("USER#" + id("User", 2)));
        assertThat(PathValues.shape("@everyone")).isNotEqualTo(PathValues.shape("USER#" + id("User", 1)));
        assertThat(PathValues.shape("protected/" + id("User", 1) + "/a.jpg"))
                .isNotEqualTo(PathValues.shape("public/" + id("User", 1) + "/a.jpg"));
    }

    private InferredPlan infer(long readWholeUnder) {
        return PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, 500, Thresholds.DEFAULT, null,
                null, readWholeUnder), line -> { });
    }

    private static JsonNode audience(InferredPlan plan) {
        return Json.tree(plan.planJson().getBytes(StandardCharsets.UTF_8)).at("/tables/Post/references/audience");
    }

    private void table(String model, int count, IntFunction<Map<String, AttributeValue>> attributes) {
        store.createTable(model + DEV, "id", ScalarAttributeType.S);
        store.createTable(model + PROD, "id", ScalarAttributeType.S);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(attributes.apply(i));
            item.put("id", s(id(model, i)));
            store.put(model + DEV, item);
        }
    }

    /** A word of letters only, a different one for each number: a shape of its own each time. */
    private static String word(int n) {
        StringBuilder word = new StringBuilder("tag");
        for (int rest = n; rest > 0 || word.length() == 3; rest /= 26) {
            word.append((char) ('a' + rest % 26));
        }
        return word.toString();
    }

    private static String id(String model, int index) {
        return ValueShapesInferenceTest.id(model, index);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
