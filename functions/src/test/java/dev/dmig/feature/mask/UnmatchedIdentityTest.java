package dev.dmig.feature.mask;

import static dev.dmig.feature.mask.MaskRewriteTest.s;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.TestFeatures;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.PlanParser;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An identity-pool ID a masked run with user pools cannot map is refused with the fix that serves it (keep or remove such
 * values), not "pair the user" in the map's file, which pairs real users and cannot pair a masked one.
 */
class UnmatchedIdentityTest {
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev-NONE", "userPoolId": "us-east-1_Prod"},
             "target": {"tableSuffix": "-prod-NONE", "userPoolId": "us-east-1_Preview"},
             "identities": {"csv": "sample-identities.csv"}, %s
             "tables": {"Photo": {"references": {"identity": "@identityId"}, "mask": {"caption": "keep"}}}}
            """;
    private static final Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> PHOTO = Map.of("id", s("p1"),
            "identity", s("us-east-1:6a1c2a4e-31f8-4f0e-9a52-3c7f0f7d2e11"), "caption", s("a cat"));

    /** Masking's word to identities: without that feature, no plan of it parses. */
    @BeforeEach
    void identitiesAreListed() {
        TestFeatures.assumeHas("IdentityFeature");
    }

    @Test
    void aMaskedRunsUnmatchedIdentityId_isRefusedWithKeepOrRemove() {
        ItemTransformer masked = new ItemTransformer(PlanParser.parse(PLAN.formatted("\"mask\": {\"keyFrom\": \"DMIG_TEST_MASK_KEY\"},")));
        assertThatThrownBy(() -> masked.transform("Photo", PHOTO)).isInstanceOf(ItemInvalidException.class)
                .hasMessageContaining("has no match in the target user pool (paired by email) and sample-identities.csv; a masked"
                        + " user has no identity-pool ID to pair until they first sign in; keep or remove such values with"
                        + " identities.onUnmatched (\"keep\" or \"remove\"), or with table Photo's onUnmatched")
                .message().doesNotContain("pair the user");
    }

    @Test
    void anUnmaskedRunsUnmatchedIdentityId_isStillToBePairedInTheFile() {
        ItemTransformer plain = new ItemTransformer(PlanParser.parse(PLAN.formatted("").replace(", \"mask\": {\"caption\": \"keep\"}", "")));
        assertThatThrownBy(() -> plain.transform("Photo", PHOTO)).isInstanceOf(ItemInvalidException.class)
                .hasMessageContaining("; pair the user in sample-identities.csv, or set identities.onUnmatched to keep or remove");
    }
}
