package dev.dmig.feature.match;

import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord;
import dev.dmig.plan.TablePlan;
import dev.dmig.validate.VerdictCheck;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.TableInfo;
import dev.dmig.store.ScanPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The check that a table with a {@code match} holds none of its natural keys ({@link NaturalKey}, compared as the pairing
 * compares them) twice after the run among its live records: a key held by two records, one of which the run wrote or
 * kept (its journal's keys), is named with the records that hold it and those of them the run wrote or kept. Records the
 * run did not touch are the application's, and their duplicates are not the run's to judge; tombstones
 * ({@link Tombstones}, told as the pairing told them, at the time it paired) hold no key. One line per key, the first
 * {@value #NAMED}, then how many more.
 */
final class NaturalKeys implements VerdictCheck {
    /** Keys held twice named per table; the count says the rest. */
    private static final int NAMED = 5;

    private final VerdictCheck.Parts parts;

    private NaturalKeys(VerdictCheck.Parts parts) {
        this.parts = parts;
    }

    /** A plan with a {@code match} in any table's entry. */
    static void addTo(List<VerdictCheck> checks, VerdictCheck.Parts parts) {
        if (parts.plan().uses(Match.class)) {
            checks.add(new NaturalKeys(parts));
        }
    }

    @Override
    public void failures(List<String> failures) {
        MatchedRecords matched = MatchedRecords.of(parts.artifacts(), parts.runId());
        Journal journal = new Journal(parts.artifacts());
        for (String model : parts.models()) {
            TablePlan table = parts.plan().table(model);
            if (table.feature(Match.class) != null) {
                failures.addAll(heldTwice(table, parts.plan().targetTable(model), runKeys(journal, parts.runId(), model),
                        matched.tables().get(model)));
            }
        }
    }

    /** The IDs of the target records the run's journal names for the table: written, overwritten or kept. */
    private static Set<String> runKeys(Journal journal, String runId, String model) {
        Set<String> ids = new HashSet<>();
        for (String key : journal.entries(runId, model)) {
            journal.read(key).ifPresent(entry -> {
                for (JournalRecord record : entry.records()) {
                    if (record.action() != JournalRecord.Action.LATE) {
                        ids.add(describe(dev.dmig.store.DynamoJson.item(record.key())));
                    }
                }
            });
        }
        return ids;
    }

    /** The table's live records by natural key, each as its ID's key ({@code id=P3}); tombstones left out. */
    private Map<String, List<Map<String, AttributeValue>>> byNaturalKey(TablePlan table, String targetTable,
                                                                        MatchedRecords.TableMatch pairing) {
        Match match = table.feature(Match.class);
        String timeToLive = pairing == null ? null : pairing.timeToLive();
        Instant pairedAt = pairing == null ? null : pairing.pairedInstant();
        Map<String, List<Map<String, AttributeValue>>> byValues = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanPage page = parts.items().scan(targetTable, 0, 1, start, parts.pageSize(), true);
            for (Map<String, AttributeValue> item : page.items()) {
                String key = Tombstones.why(item, timeToLive, pairedAt) == null ? NaturalKey.of(match, item) : null;
                if (key != null) {
                    byValues.computeIfAbsent(key, k -> new ArrayList<>(1)).add(item);
                }
            }
            start = page.last() ? null : page.lastEvaluatedKey();
        } while (start != null);
        return byValues;
    }

    private List<String> heldTwice(TablePlan table, String targetTable, Set<String> runKeys, MatchedRecords.TableMatch pairing) {
        Match match = table.feature(Match.class);
        List<String> failures = new ArrayList<>();
        String where = "table " + table.model() + ", attribute " + String.join(", ", match.on()) + ": ";
        TableInfo info = parts.items().describe(targetTable).orElse(null);
        if (info == null) {
            return failures;
        }
        long more = 0;
        for (List<Map<String, AttributeValue>> holders : byNaturalKey(table, targetTable, pairing).values()) {
            // Each record by its whole key, as the journal names the run's: a table keyed by two attributes, or a record
            // without the ID attribute, is told apart as well as one keyed by its ID.
            // By its raw key, compared with the journal's; shown with the matched values masked (an email as a key names no one).
            Map<String, String> shown = new java.util.TreeMap<>();
            holders.forEach(item -> shown.put(describe(info.keyOf(item)),
                    NaturalKey.describeKey(match, new java.util.TreeMap<>(info.keyOf(item)))));
            List<String> keys = List.copyOf(shown.keySet());
            List<String> runs = keys.stream().filter(runKeys::contains).toList();
            if (holders.size() < 2 || runs.isEmpty()) {
                continue;
            }
            if (failures.size() < NAMED) {
                failures.add(where + "the target holds " + NaturalKey.describe(match, holders.get(0)) + " in " + holders.size()
                        + " live records after the run, " + listed(keys.stream().map(shown::get).toList()) + ", of which the run"
                        + " wrote or kept " + listed(runs.stream().map(shown::get).toList())
                        + "; one natural key is one record: merge or remove the others, or roll the run back");
            } else {
                more++;
            }
        }
        if (more > 0) {
            failures.add(where + more + " more natural " + (more == 1 ? "key is" : "keys are") + " held by several live records"
                    + " after the run, one of them written or kept by the run");
        }
        return failures;
    }

    /** A key as this check names it: its attributes in their names' order ({@code id=m2, org=o1}). */
    private static String describe(Map<String, AttributeValue> key) {
        return ItemKeys.describe(new java.util.TreeMap<>(key));
    }

    private static String listed(List<String> keys) {
        return String.join(" and ", keys.stream().limit(NAMED).toList())
                + (keys.size() > NAMED ? " and " + (keys.size() - NAMED) + " more" : "");
    }
}
