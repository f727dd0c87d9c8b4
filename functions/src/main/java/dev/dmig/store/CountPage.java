package dev.dmig.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page of a segment scan that counts items instead of returning them ({@code Select=COUNT}):
 * DynamoDB ends a page after 1 MB read, so a page that is not the last read about 1 MB.
 */
public record CountPage(long count, Map<String, AttributeValue> lastEvaluatedKey) {
    /** What DynamoDB reads at most for one page of a scan. */
    public static final long PAGE_BYTES = 1024 * 1024;

    public boolean last() {
        return lastEvaluatedKey == null || lastEvaluatedKey.isEmpty();
    }
}
