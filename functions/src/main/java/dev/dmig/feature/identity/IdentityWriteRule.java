package dev.dmig.feature.identity;

import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.WriteAt;
import dev.dmig.migrate.WriteRule;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Under {@code onUnmatched: drop}, an item holding an identity the identity map has no match for is not copied
 * ({@link IdentityWalk#leftBehindUnmatched}); a reference to it points at nothing in the target, as to any record not
 * copied: validation counts it an orphan, not a broken reference ({@link WriteRule#leavesBehind}).
 */
final class IdentityWriteRule implements WriteRule {
    /** Why such an item is not copied, counted under {@code unmatchedIdentities}. */
    static final LeftBehind.Reason UNMATCHED_IDENTITY = new LeftBehind.Reason("unmatchedIdentities",
            "holds an identity with no match and is not copied (onUnmatched is drop)",
            "it holds a user the identity map has no match for, and the table's onUnmatched is drop",
            "items holding an identity with no match (onUnmatched is drop)",
            "not written: holding an identity with no match (onUnmatched is drop)", null);
    private static final WriteAt UNMATCHED = WriteAt.notCopied(UNMATCHED_IDENTITY);

    private final String model;
    private final IdentityWalk identities;

    private IdentityWriteRule(String model, IdentityWalk identities) {
        this.model = model;
        this.identities = identities;
    }

    static void addTo(List<WriteRule> rules, Parts parts) {
        if (UnmatchedPolicy.of(parts.plan(), parts.table().model()) == UnmatchedPolicy.DROP) {
            rules.add(new IdentityWriteRule(parts.table().model(),
                    new IdentityWalk(parts.plan(), parts.run().identities(), parts.placeholders())));
        }
    }

    @Override
    public WriteAt at(Map<String, AttributeValue> source) {
        return identities.leftBehindUnmatched(model, source) ? UNMATCHED : null;
    }

    @Override
    public boolean leavesBehind() {
        return true;
    }
}
