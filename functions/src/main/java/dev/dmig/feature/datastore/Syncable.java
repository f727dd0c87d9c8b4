package dev.dmig.feature.datastore;

/**
 * What a table's entry says of Amplify DataStore ({@code "syncable"}). Saying nothing is not saying {@code false}: a
 * table that says nothing is judged by its rows (a row is DataStore's when it carries the fields) under the plan's
 * {@code datastore}, while one that says {@code false} is no DataStore table at all.
 */
public enum Syncable {
    /** {@code "syncable": true}: its model syncs, so every row it writes carries DataStore's fields. */
    YES,
    /** {@code "syncable": false}: its model does not sync; its rows are copied as they are, DataStore's fields included. */
    NO,
    /** The entry does not say: the plan's {@code datastore} decides what becomes of the rows that carry the fields. */
    UNSAID
}
