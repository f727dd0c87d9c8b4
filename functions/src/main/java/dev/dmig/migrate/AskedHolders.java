package dev.dmig.migrate;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.ItemStore;
import dev.dmig.store.KnownKeys;
import dev.dmig.store.TableInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which source table holds a value of a reference to the table whose source holds each ({@code oneOf}), for the steps
 * after the analysis: what the analysis froze for a value it met, else the source asked now, one lookup per table for a
 * value not asked before. Following meets such values in the changes the source made since (a comment on a photo
 * created since); the copy and validation ask the same of a value the analysis found no table holding, so that they
 * map it alike.
 */
final class AskedHolders implements SourceHolders {
    private final HeldIds frozen;
    private final ItemStore items;
    private final MigrationPlan plan;
    private final KnownKeys asked;
    private final Map<String, TableInfo> tables = new ConcurrentHashMap<>();
    /** Of the values asked, those a table did not hold, by table: up to {@link KnownKeys#DEFAULT_CAP}, then asked afresh. */
    private final java.util.Set<String> absent = ConcurrentHashMap.newKeySet();

    AskedHolders(HeldIds frozen, ItemStore items, MigrationPlan plan) {
        this.frozen = frozen;
        this.items = items;
        this.plan = plan;
        this.asked = new KnownKeys(items, KnownKeys.DEFAULT_CAP);
    }

    @Override
    public boolean holds(String model, String id) {
        if (frozen.knows(id)) {
            return frozen.holds(model, id);
        }
        TableInfo table = tables.computeIfAbsent(model, m -> items.describe(plan.sourceTable(m)).orElseThrow(() ->
                new IllegalStateException("table " + m + ": source table " + plan.sourceTable(m) + " disappeared")));
        String entry = model + '\n' + id;
        if (absent.contains(entry)) {
            return false;
        }
        boolean held = asked.missing(table, List.of(id)).isEmpty();
        if (!held) {
            // An orphan met again (the same deleted post named by many comments) is not asked again by this step.
            if (absent.size() >= KnownKeys.DEFAULT_CAP) {
                absent.clear();
            }
            absent.add(entry);
        }
        return held;
    }
}
