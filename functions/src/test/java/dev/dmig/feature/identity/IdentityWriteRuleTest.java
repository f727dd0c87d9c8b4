package dev.dmig.feature.identity;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.identity.IdentityCsv;
import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.PlanParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Under a table's {@code onUnmatched: drop}, an item holding an identity the map has no match for is not copied. */
class IdentityWriteRuleTest {
    private static final String S_ANN = "5a000000-0000-4000-8000-000000000001";
    private static final String T_ANN = "7a000000-0000-4000-8000-000000000001";
    private static final String S_CY = "5c000000-0000-4000-8000-000000000003";
    private static final IdentityMap USERS = IdentityCsv.parse("identities.csv",
            (S_ANN + "," + T_ANN + ",ann,ann@x\n").getBytes(StandardCharsets.UTF_8));
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev-NONE"}, "target": {"tableSuffix": "-prod-NONE"},
             "identities": {"csv": "identities.csv", "onUnmatched": "keep"},
             "tables": {
               "Todo": {"references": {"owner": "@owner"}},
               "Profile": {"onUnmatched": "drop", "idAttribute": "PK", "references": {"PK": {"pattern": "USER#{sub}", "sub": "@sub"}}}
             }}""";

    @Test
    void underDrop_anItemHoldingAnIdentityWithoutAMatch_isLeftBehind_andTheOthersAreCopied() {
        ItemTransformer drop = new ItemTransformer(PlanParser.parse(PLAN), new RunMappings(1_717_000_000_123L, USERS));
        Map<String, AttributeValue> cy = item("PK", s("USER#" + S_CY), "bio", s("no production account"));
        Map<String, AttributeValue> ann = item("PK", s("USER#" + S_ANN), "bio", s("hi"));

        assertThat(drop.copies("Profile", cy)).isFalse();
        assertThat(drop.writeAt("Profile", cy).notCopied()).as("left behind for its identity").isEqualTo(
                IdentityWriteRule.UNMATCHED_IDENTITY);
        assertThat(drop.copies("Profile", ann)).isTrue();
        assertThat(drop.copies("Todo", item("id", s("t1"), "owner", s(S_CY + "::cy")))).as("the plan's keep still holds for other tables")
                .isTrue();
    }

    @Test
    void itemsLeftBehindForAnIdentity_areSaidInItsWords_beforeACountNoReasonOfThisBuildNames() {
        LeftBehind dropped = new LeftBehind(Map.of("unmatchedIdentities", 4L, "retired", 2L));

        assertThat(dropped.counted()).extracting(LeftBehind.Counted::text).containsExactly(
                "4 not written: holding an identity with no match (onUnmatched is drop)",
                "2 items left behind (retired)");
    }
}
