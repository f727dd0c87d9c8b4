package dev.dmig.feature.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.journal.JournalEntry;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.ReferencePath;
import dev.dmig.rollback.UndoStep;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which items of the target name each object of its bucket: read once per rollback execution, before anything is
 * undone, over as many of its calls as the scan takes, by a Scan of each of the plan's target tables with file references that carries only the table's key and its
 * files' attributes, and stored with the rollback's progress for its later calls and {@code RollbackSegment} tasks. An
 * object the run created is kept when an item that named it then still names it once the object's own records are
 * undone, read again by key: another table's record, a test run's or another run's, one production wrote. The run's own
 * records that named it are gone by then: a table's objects are undone after its items, children's tables before their
 * parents', and the run wrote an object with the first record that named it.
 */
final class TargetNames {
    /** Items read per page of a table's scan. */
    private static final int PAGE = 1000;

    /**
     * One item that names an object: its table's model and its key, in DynamoDB JSON; {@code undone}, whether the rollback
     * deletes it (a record the run created, as the run left it, that nothing left in the target points to): such a
     * record keeps no object, whenever its own table is undone.
     */
    record Namer(String model, JsonNode key, boolean undone) {}

    /**
     * What is stored: by object key, the items that named it; while the scan is under way, the table it is at and the key
     * its next page starts after (null: at the table's start), {@code scanning} null once every table is read.
     */
    record Index(Map<String, List<Namer>> byObject, String scanning, JsonNode from) {
        Index {
            byObject = byObject == null ? Map.of() : byObject;
        }
    }

    private final Map<String, List<Namer>> byObject;

    private TargetNames(Map<String, List<Namer>> byObject) {
        this.byObject = byObject;
    }

    /**
     * Reads on from where an earlier call of the execution stopped: the plan's target tables with file references, each
     * scanned whole, projected to its key and files' attributes, a page at a time until {@code deadline} passes (at least
     * one page a call, so that every call goes on). Stores what it read with the execution's progress, where its next call
     * and {@link #read} find it; true once every table is read.
     */
    static boolean prepare(UndoStep.Parts parts, Deadline deadline) {
        MigrationPlan plan = parts.plan();
        ItemStore target = parts.target();
        ArtifactStore artifacts = parts.artifacts();
        String runId = parts.runId();
        String execution = parts.execution();
        String key = RunLayout.rollbackNames(runId, execution);
        Index stored = artifacts.getGzipJson(key, Index.class).orElse(null);
        List<String> models = plan.migratedModels().stream().filter(model -> !plan.table(model).files().isEmpty()).toList();
        if (stored != null && stored.scanning() == null || models.isEmpty()) {
            return true;
        }
        Map<String, List<Namer>> byObject = new HashMap<>();
        if (stored != null) {
            stored.byObject().forEach((object, namers) -> byObject.put(object, new ArrayList<>(namers)));
        }
        String at = stored == null ? models.get(0) : stored.scanning();
        Map<String, AttributeValue> start = stored == null || stored.from() == null ? null : DynamoJson.item(stored.from());
        boolean first = true;
        UndoStep.Deletes undone = parts.deletes();
        for (String model : models.subList(models.indexOf(at), models.size())) {
            Optional<TableInfo> table = target.describe(plan.targetTable(model));
            while (table.isPresent()) {
                if (!first && deadline.passed()) {
                    artifacts.putGzipJson(key, new Index(byObject, model, start == null ? null : DynamoJson.item(start)));
                    return false;
                }
                first = false;
                start = page(plan, model, table.get(), target, start, byObject, undone);
                if (start == null) {
                    break;
                }
            }
        }
        artifacts.putGzipJson(key, new Index(byObject, null, null));
        return true;
    }

    /** Reads one page of {@code model}'s table from {@code start} into {@code byObject}; where the next starts, null at its end. */
    @SuppressWarnings("checkstyle:ParameterNumber") // one page of one table's scan, and what it is looked at with
    private static Map<String, AttributeValue> page(MigrationPlan plan, String model, TableInfo table, ItemStore target,
                                                    Map<String, AttributeValue> start, Map<String, List<Namer>> byObject,
                                                    UndoStep.Deletes undone) {
        List<String> attributes = new ArrayList<>(new LinkedHashSet<>(table.keyNames()));
        Set<String> named = new LinkedHashSet<>(attributes);
        plan.table(model).files().keySet().stream().map(ReferencePath::attribute).forEach(named::add);
        // Whole items where the run created records in the table: whether one is as the run left it is told by its hash.
        ScanPage page = undone.createdIn(model) ? target.scan(table.name(), 0, 1, start, PAGE, true)
                : target.scanAttributes(table.name(), null, List.copyOf(named), 0, 1, start, PAGE);
        for (Map<String, AttributeValue> item : page.items()) {
            JsonNode key = DynamoJson.item(table.keyOf(item));
            Namer namer = new Namer(model, key, undone.deletes(model, key.toString(), item));
            PageObjects.named(plan, model, List.of(item)).forEach(object ->
                    byObject.computeIfAbsent(object, o -> new ArrayList<>()).add(namer));
        }
        return page.last() ? null : page.lastEvaluatedKey();
    }

    /** What the execution's first call read; none when it read nothing (a rollback begun by an earlier version). */
    static TargetNames read(ArtifactStore artifacts, String runId, String execution) {
        return new TargetNames(artifacts.getGzipJson(RunLayout.rollbackNames(runId, execution), Index.class)
                .map(Index::byObject).orElse(Map.of()));
    }

    /**
     * The {@code objects} that an item other than the entry's own records named when the rollback began, and still names
     * now: each such item read again by key, strongly consistent.
     */
    Set<String> stillNamed(MigrationPlan plan, ItemStore target, JournalEntry entry, Collection<String> objects) {
        Set<Map<String, AttributeValue>> own = new HashSet<>();
        entry.records().forEach(r -> own.add(DynamoJson.item(r.key())));
        Map<String, Set<Map<String, AttributeValue>>> byModel = new LinkedHashMap<>();
        for (String object : objects) {
            for (Namer namer : byObject.getOrDefault(object, List.of())) {
                Map<String, AttributeValue> key = DynamoJson.item(namer.key());
                // A record the rollback deletes names nothing once it is done, though its own table may come later.
                if (!namer.undone() && !(namer.model().equals(entry.model()) && own.contains(key))) {
                    byModel.computeIfAbsent(namer.model(), m -> new LinkedHashSet<>()).add(key);
                }
            }
        }
        Set<String> named = new HashSet<>();
        byModel.forEach((model, keys) -> {
            List<Map<String, AttributeValue>> there = target.getAll(plan.targetTable(model), keys, true);
            Set<String> theirs = PageObjects.named(plan, model, there);
            objects.stream().filter(theirs::contains).forEach(named::add);
        });
        return named;
    }
}
