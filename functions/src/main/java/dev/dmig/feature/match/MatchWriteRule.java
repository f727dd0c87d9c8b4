package dev.dmig.feature.match;

import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.WriteAt;
import dev.dmig.migrate.WriteRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table's {@code match}: a record paired with one the target holds leaves it as it is ({@code whenMatched: keep}) or
 * is written over it ({@code update}: the target's record, its pre-image journaled first, with the mapped record over it
 * but for the attributes the pair was made on, and without its {@code _deleted} flag or time to live, {@link MatchUpdate}), unless production deleted or soft-deleted
 * it since the pairing (the key is then left as production left it); a record paired with none is not copied under {@code whenNotMatched: skip}, and a reference to
 * it is an orphan. ({@code whenMatched: fail} pairs nothing: a pair refuses the run before anything is written.)
 */
final class MatchWriteRule implements WriteRule {
    /** A record paired with no target record, under {@code whenNotMatched: skip}. */
    static final LeftBehind.Reason UNPAIRED = new LeftBehind.Reason("unpaired",
            "has no matching record in the target and is not copied (match.whenNotMatched is skip)",
            "no matching record in the target (match.whenNotMatched is skip)",
            "records with no matching record in the target (match.whenNotMatched is skip)",
            "not written: no matching record in the target (match.whenNotMatched is skip)", null);
    private static final WriteAt NOT_PAIRED = WriteAt.notCopied(UNPAIRED);

    private final String model;
    private final String idAttribute;
    private final Match match;
    private final MatchedRecords matched;
    /** A paired record under {@code keep}: the target's left as it is. */
    private final WriteAt keep;
    /** A paired record under {@code update}: written over the target's, the TTL attribute the pairing found left out. */
    private final WriteAt update;

    private MatchWriteRule(String model, String idAttribute, Match match, MatchedRecords matched) {
        this.model = model;
        this.idAttribute = idAttribute;
        this.match = match;
        this.matched = matched;
        MatchedRecords.TableMatch pairing = matched.tables().get(model);
        String timeToLive = pairing == null ? null : pairing.timeToLive();
        Instant pairedAt = pairing == null ? null : pairing.pairedInstant();
        WriteAt.Pairing by = new WriteAt.Pairing(String.join(", ", match.on()), match.whenMatched().planName());
        this.keep = WriteAt.keep(by);
        this.update = WriteAt.over((preImage, mapped) -> MatchUpdate.over(preImage, mapped, timeToLive, match.on()),
                found -> Tombstones.why(found, timeToLive, pairedAt) == null, by);
    }

    static void addTo(List<WriteRule> rules, Parts parts) {
        Match match = parts.table().feature(Match.class);
        if (match != null) {
            MatchedRecords matched = parts.run().feature(MatchedRecords.class);
            rules.add(new MatchWriteRule(parts.table().model(), parts.table().idAttribute(), match,
                    matched == null ? MatchedRecords.NONE : matched));
        }
    }

    @Override
    public WriteAt at(Map<String, AttributeValue> source) {
        AttributeValue id = source.get(idAttribute);
        boolean paired = id != null && id.type() == AttributeValue.Type.S && matched.targetId(model, id.s()) != null;
        if (!paired) {
            return match.whenNotMatched() == Match.WhenNotMatched.SKIP ? NOT_PAIRED : null;
        }
        return switch (match.whenMatched()) {
            case KEEP -> keep;
            case UPDATE -> update;
            case FAIL -> null;
        };
    }

    @Override
    public boolean writesOver() {
        return match.whenMatched() == Match.WhenMatched.UPDATE;
    }

    @Override
    public boolean leavesBehind() {
        return match.whenNotMatched() == Match.WhenNotMatched.SKIP;
    }
}
