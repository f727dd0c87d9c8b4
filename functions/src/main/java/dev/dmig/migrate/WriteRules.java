package dev.dmig.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What has a say in what a run does at a source item's key: every feature's, in the order asked ({@code dev.dmig.Feature}:
 * items holding an identity without a match, DataStore's soft-deleted rows, a table's {@code match}). One table's rules,
 * made once per table ({@link ItemTransformer}).
 */
final class WriteRules {
    private static final List<WriteRule.Feature> FEATURES = dev.dmig.Features.at(WriteRule.Feature.class);

    private final WriteRule[] rules;

    private WriteRules(List<WriteRule> rules) {
        this.rules = rules.toArray(WriteRule[]::new);
    }

    /** The table's rules: every feature's, in order. */
    static WriteRules of(WriteRule.Parts parts) {
        List<WriteRule> rules = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(rules, parts));
        return new WriteRules(rules);
    }

    /** What is done at the key of {@code source}: the first rule's say, else {@link WriteAt#WRITE}. */
    WriteAt at(Map<String, AttributeValue> source) {
        for (WriteRule rule : rules) {
            WriteAt at = rule.at(source);
            if (at != null) {
                return at;
            }
        }
        return WriteAt.WRITE;
    }

    boolean writesOver() {
        for (WriteRule rule : rules) {
            if (rule.writesOver()) {
                return true;
            }
        }
        return false;
    }

    boolean leavesBehind() {
        for (WriteRule rule : rules) {
            if (rule.leavesBehind()) {
                return true;
            }
        }
        return false;
    }
}
