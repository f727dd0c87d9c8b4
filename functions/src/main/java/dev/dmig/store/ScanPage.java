package dev.dmig.store;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One page of a segment scan; {@code lastEvaluatedKey} is null when the segment is exhausted. */
public record ScanPage(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastEvaluatedKey) {
    public boolean last() {
        return lastEvaluatedKey == null || lastEvaluatedKey.isEmpty();
    }
}
