/**
 * The write-ahead journal: each page's keys and Storage objects, written before any of them is, read back by resume,
 * rollback, validation and the ID map export.
 *
 * <p>Floor 4: imports the root package, csv, run and store. (ArchitectureTest checks it: docs/development.md,
 * "Packages").
 */
@Face({EntryReader.class, FollowedItems.class, IdMapExport.class, Journal.class, JournalEntry.class, JournalRecord.class,
        ObjectRecord.class})
package dev.dmig.journal;

import dev.dmig.Face;
