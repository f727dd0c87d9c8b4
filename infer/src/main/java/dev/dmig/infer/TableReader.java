package dev.dmig.infer;

import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Everything inference may do to an environment's tables: list, describe, scan and look up
 * partition-key values. There is no write here, so inference cannot write by construction.
 */
interface TableReader {
    /** Every table name the account (or endpoint) lists. */
    List<String> tableNames();

    /** Empty when the table does not exist. */
    Optional<TableInfo> describe(String table);

    /** One page of a plain (one-segment, eventually consistent) scan. */
    ScanPage scan(String table, Map<String, AttributeValue> exclusiveStartKey, int limit);

    /** Which of these string partition-key values name at least one item of the table. */
    Set<String> existingIds(TableInfo table, Collection<String> values);
}
