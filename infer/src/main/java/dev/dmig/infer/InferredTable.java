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
 * @param syncable         an Amplify DataStore table (the plan's {@code "syncable": true})
 * @param onUnmatched      the table's own {@code onUnmatched} for identities without a match; null for the plan's
 * @param schema           what the app's schema said of the table; null when no schema was given
 * @param rounds           rounds of reading it took: 1 for a table read whole or as a sample, more for one read in rounds
 *                         until a round showed nothing new
 * @param mask             the rules of its {@code mask} proposed with {@code --mask} ({@link MaskInference}); empty without
 */
record InferredTable(String model, String table, String keySchema, long approximateItems, int sampled,
                            boolean complete, String idAttribute, String ids, String idsReason,
                            List<ReferenceEvidence> references, List<ReferenceEvidence> rejected, List<String> warnings,
                            List<String> unspellable, boolean syncable, String onUnmatched, SchemaPart schema, int rounds,
                            List<ProposedMask> mask) {
    public InferredTable {
        mask = List.copyOf(mask);
    }

    /** What the data alone shows, before the app's schema is consulted. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the evidence's record's shorter form: its fields but the schema's
    public InferredTable(String model, String table, String keySchema, long approximateItems, int sampled, boolean complete,
                         String idAttribute, String ids, String idsReason, List<ReferenceEvidence> references,
                         List<ReferenceEvidence> rejected, List<String> warnings, List<String> unspellable, int rounds) {
        this(model, table, keySchema, approximateItems, sampled, complete, idAttribute, ids, idsReason, references, rejected,
                warnings, unspellable, false, null, null, rounds, List.of());
    }

    /** The same, with the rules of its {@code mask} proposed. */
    InferredTable withMask(List<ProposedMask> rules) {
        return new InferredTable(model, table, keySchema, approximateItems, sampled, complete, idAttribute, ids, idsReason, references,
                rejected, warnings, unspellable, syncable, onUnmatched, schema, rounds, rules);
    }

    /**
     * What the app's schema said of a table, for its comment: where it declares the model (null: the table is no model of
     * the schema, and its plan comes from the data alone), and what it declares that the plan has no entry for
     * ({@code status#createdAt} joins plain values, a claim dmig does not map), or where the data had to decide.
     */
    public record SchemaPart(String source, String declaredAt, List<String> notes) {
        public SchemaPart {
            notes = List.copyOf(notes);
        }
    }

    public boolean preserve() {
        return "preserve".equals(ids);
    }
}
