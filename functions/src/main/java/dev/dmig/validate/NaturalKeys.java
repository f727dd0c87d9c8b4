package dev.dmig.validate;

import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord;
import dev.dmig.match.RecordPairing;
import dev.dmig.plan.Match;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The check that a table with a {@code match} holds none of its natural keys twice after the run: a record the run wrote
 * or kept (its journal's keys) whose {@code on} values another record of the target holds too means a record was
 * inserted beside the one it should have been paired with (the target changed after the analysis paired them). Records
 * the run did not touch are the application's, and their duplicates are not the run's to judge. One line per key.
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
        failures.addAll(failures(parts.items(), new Journal(parts.artifacts()), parts.runId(), parts.plan(), parts.models(),
                parts.pageSize()));
    }

    private static List<String> failures(ItemStore items, Journal journal, String runId, MigrationPlan plan, List<String> models,
                                 int pageSize) {
        List<String> failures = new ArrayList<>();
        for (String model : models) {
            TablePlan table = plan.table(model);
            if (table.feature(Match.class) != null) {
                failures.addAll(heldTwice(items, table, plan.targetTable(model), runKeys(journal, runId, model), pageSize));
            }
        }
        return failures;
    }

    /** The IDs of the target records the run's journal names for the table: written, overwritten or kept. */
    private static Set<String> runKeys(Journal journal, String runId, String model) {
        Set<String> ids = new HashSet<>();
        for (String key : journal.entries(runId, model)) {
            journal.read(key).ifPresent(entry -> {
                for (JournalRecord record : entry.records()) {
                    if (record.action() != JournalRecord.Action.LATE) {
                        ids.add(ItemKeys.describe(dev.dmig.store.DynamoJson.item(record.key())));
                    }
                }
            });
        }
        return ids;
    }

    private static List<String> heldTwice(ItemStore items, TablePlan table, String targetTable, Set<String> runKeys, int pageSize) {
        Match match = table.feature(Match.class);
        Map<String, List<Map<String, AttributeValue>>> byValues = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanPage page = items.scan(targetTable, 0, 1, start, pageSize, true);
            for (Map<String, AttributeValue> item : page.items()) {
                String key = RecordPairing.keyOf(match, item);
                if (key != null) {
                    byValues.computeIfAbsent(key, k -> new ArrayList<>(1)).add(item);
                }
            }
            start = page.last() ? null : page.lastEvaluatedKey();
        } while (start != null);
        List<String> failures = new ArrayList<>();
        String attributes = String.join(", ", match.on());
        for (List<Map<String, AttributeValue>> holders : byValues.values()) {
            List<String> keys = holders.stream().map(item -> ItemKeys.describe(Map.of(table.idAttribute(), item.get(table.idAttribute()))))
                    .toList();
            if (holders.size() > 1 && keys.stream().anyMatch(runKeys::contains) && failures.size() < NAMED) {
                failures.add("table " + table.model() + ", attribute " + attributes + ": the target holds "
                        + RecordPairing.describe(match, holders.get(0)) + " " + holders.size() + " times after the run ("
                        + String.join(" and ", keys) + "); a record was written beside the one it should have been paired with"
                        + " (added to the target after the analysis paired them?)");
            }
        }
        return failures;
    }
}
