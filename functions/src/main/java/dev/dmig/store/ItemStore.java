package dev.dmig.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The item database as dmig uses it: describe, scan a segment, read by key, one
 * BatchWriteItem call. Retrying unprocessed writes is the caller's job ({@code BatchWriter}),
 * so that the policy lives in one place and fakes can exercise it.
 */
public interface ItemStore {
    /**
     * The store that reaches both sides of a plan: this one when both are in the process's own account,
     * else one that sends each table's calls to the account of its side (told by the table's suffix).
     * Every caller that reads or writes a plan's tables goes through here first.
     */
    default ItemStore across(Sides sides) {
        return this;
    }

    /** Empty when the table does not exist. */
    /**
     * The DynamoDB client this store reaches {@code table} with, for what the store itself does not do (reading a
     * source table's stream); empty for a store behind no DynamoDB client.
     */
    default Optional<software.amazon.awssdk.services.dynamodb.DynamoDbClient> client(String table) {
        return Optional.empty();
    }

    Optional<TableInfo> describe(String table);

    /** Names of every table, for finding the tables a plan leaves out. */
    List<String> listTables();

    /** One page of a parallel-scan segment, strongly consistent when asked. */
    ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey,
                  int limit, boolean consistentRead);

    /**
     * The name of an active global secondary index of {@code table} whose key is exactly {@code attributes} (its partition
     * key, and its sort key when there are two), which a read of those attributes can scan instead of the table; empty
     * when there is none.
     */
    default Optional<String> indexOn(String table, Collection<String> attributes) {
        return Optional.empty();
    }

    /**
     * One page of a parallel-scan segment of {@code table}, or of its index {@code index} when not null, carrying only
     * {@code attributes} of each item (a Scan with a projection; the table's key is one's to ask for). A store that cannot
     * project reads whole items.
     */
    default ScanPage scanAttributes(String table, String index, List<String> attributes, int segment, int totalSegments,
                                    Map<String, AttributeValue> exclusiveStartKey, int limit) {
        return scan(table, segment, totalSegments, exclusiveStartKey, limit, false);
    }

    /**
     * One page of a parallel-scan segment, counted rather than read out ({@code Select=COUNT}); it costs
     * the same read units as a page of items, but carries none of them.
     */
    CountPage count(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey);

    /**
     * The attribute DynamoDB's time to live deletes items by, when TTL is enabled (or being enabled) on
     * the table; empty when it is off.
     */
    Optional<String> timeToLiveAttribute(String table);

    /**
     * The items found at the given keys (any number of keys; batching and unprocessed keys are
     * handled inside). Missing keys are simply absent from the result.
     */
    List<Map<String, AttributeValue>> getAll(String table, Collection<Map<String, AttributeValue>> keys,
                                             boolean consistentRead);

    /** Up to {@code limit} items with this partition-key value (one item for a table without a sort key). */
    List<Map<String, AttributeValue>> query(TableInfo table, AttributeValue hashKeyValue, int limit);

    /** Which of these partition-key values have at least one item in the table. */
    Set<String> existingHashKeys(TableInfo table, Collection<String> hashKeyValues);

    /** Whether the table has point-in-time recovery enabled (a way back that needs no action before writing). */
    boolean pointInTimeRecovery(String table);

    /** Takes an on-demand backup of the table now; returns its ARN. */
    String createBackup(String table, String backupName);

    /**
     * One BatchWriteItem call of at most 25 requests; returns the requests DynamoDB left unprocessed
     * (all of them when the call was throttled: ProvisionedThroughputExceeded and the like are not retried here).
     * Callers must only pass target tables (see {@code WriteGuard}).
     */
    List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests);

    /**
     * Each write carried out only if its key holds what the write expects ({@link GuardedWrite}), one conditional PutItem
     * or DeleteItem call after another (one write unit per started KB each, as a batched write; a transaction would cost two). A throttled
     * write is handed back unprocessed; one whose key held something else is refused, with what it held. Callers must
     * only pass target tables (see {@code WriteGuard}).
     */
    GuardedOutcome writeIfOnce(String table, List<GuardedWrite> writes);
}
