package dev.dmig.infer;

import java.util.List;

/**
 * What inference proposes for one model, and why.
 *
 * @param model            the model (table name minus the source suffix)
 * @param table            the source table
 * @param keySchema        its primary key, e.g. {@code hash id (S), range createdAt (S)}
 * @param approximateItems DescribeTable's item count (DynamoDB refreshes it about every six hours)
 * @param sampled          items read
 * @param complete         the scan reached the end of the table
 * @param idAttribute      the partition key, the plan's {@code idAttribute}
 * @param ids              {@code sha256} or {@code preserve}
 * @param idsReason        why, when it is not plain sha256 of a simple string key
 * @param references       proposed references
 * @param rejected         paths whose values partly matched a table's IDs, turned down
 * @param warnings         what a person must look at
 * @param unspellable      attribute names the plan's path syntax cannot name (not checked)
 */
public record InferredTable(String model, String table, String keySchema, long approximateItems, int sampled,
                            boolean complete, String idAttribute, String ids, String idsReason,
                            List<ReferenceEvidence> references, List<ReferenceEvidence> rejected, List<String> warnings,
                            List<String> unspellable) {
    public boolean preserve() {
        return "preserve".equals(ids);
    }
}
