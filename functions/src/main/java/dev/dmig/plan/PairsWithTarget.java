package dev.dmig.plan;

/**
 * A feature's field of a table's entry ({@link TableField}) whose value pairs some of the table's records with records
 * the target already holds, each taking the ID of the record it pairs with: the table's IDs are mapped even where the
 * plan preserves them, its references point at production's records, and it is not followed ({@link TablePlan#pairedBy}).
 */
public interface PairsWithTarget {
    /** The field's key in the table's entry, as a message names it. */
    String field();

    /** The attributes, as the target holds them, whose values pair a record with the target's (its natural key). */
    java.util.List<String> on();
}
