package dev.dmig.validate;

import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.migrate.WriteAt;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.SegmentUnits;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.KnownKeys;
import dev.dmig.store.ScanAhead;
import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Checks one source segment against the target: each source item, transformed again, must equal
 * the target item at its mapped key, and each of its references must resolve in the target.
 * Reads only.
 */
final class SegmentValidator {

    private final ItemStore items;
    private final MigrationPlan plan;
    private final ItemTransformer transformer;
    private final SkippedKeys skippedKeys;
    private final int pageSize;
    private final KnownKeys targetKeys;
    private final KnownKeys sourceKeys;
    private final Map<String, Optional<TableInfo>> tables = new ConcurrentHashMap<>();
    /** What the features check of the copies ({@link CopyChecks}), in order. */
    private final List<CopyCheck> checks;

    /** The target keys one source segment's migration left alone on purpose (skipped conflicts, adopted test items). */
    interface SkippedKeys {
        LeftAlone of(String model, int segment);

        /** The pre-images of the target records the segment's migration wrote over on purpose (a match's update), by key. */
        Map<String, com.fasterxml.jackson.databind.JsonNode> updated(String model, int segment);

        /** The keys of a test run's records the run took over, which are the run's own content, written by that run. */
        default Set<String> adopted(String model) {
            return Set.of();
        }
    }

    /**
     * The keys a segment's migration (and following) left alone, and of those, {@code byProduction}: the run's records
     * production changed since the run wrote them, left as production has them.
     */
    record LeftAlone(Set<String> keys, Set<String> byProduction) {}

    /** The models this run copies: a missing record of another is not the run's to judge. */
    private final Set<String> runModels;

    SegmentValidator(ItemStore items, MigrationPlan plan, RunMappings run, Set<String> runModels, SkippedKeys skippedKeys, int pageSize,
                     CopyCheck.Reach reach) {
        this.runModels = Set.copyOf(runModels);
        this.items = items;
        this.plan = plan;
        this.transformer = new ItemTransformer(plan, run.askingSource(items, plan));
        this.checks = CopyChecks.of(new CopyCheck.Parts(plan, transformer, reach));
        this.skippedKeys = skippedKeys;
        this.pageSize = pageSize;
        this.targetKeys = new KnownKeys(items, KnownKeys.DEFAULT_CAP);
        this.sourceKeys = new KnownKeys(items, KnownKeys.DEFAULT_CAP);
    }

    SegmentCheck run(SegmentUnits.Unit unit, SegmentCheck check, Deadline deadline, Runnable beforePage) {
        return check.byDigest ? byDigest(unit, check, deadline, beforePage) : itemByItem(unit, check, deadline, beforePage);
    }

    /**
     * Reads the source segment (its digest, and the digest of what it maps to), then the same segment of
     * the target table (its digest): two scans, no lookups. The target is read eventually consistent, at
     * half the cost of a consistent read: a copy not yet seen makes the digests differ, and the item-by-item
     * pass that follows reads consistently; the run's own writes are what a stale read could show.
     */
    private SegmentCheck byDigest(SegmentUnits.Unit unit, SegmentCheck check, Deadline deadline, Runnable beforePage) {
        String model = unit.model();
        TableInfo source = table(plan.sourceTable(model)).orElseThrow();
        TableInfo target = table(plan.targetTable(model)).orElseThrow();
        SegmentCheck.Digests digests = check.digests();
        ContentDigest sourceDigest = digests.source();
        ContentDigest expectedDigest = digests.expected();
        ContentDigest targetDigest = digests.target();
        ScanAhead sourcePages = check.sourceRead ? null : new ScanAhead(items, source.name(), unit.segment(), unit.totalSegments(),
                transformer.scanKey(model, check.lastEvaluatedKey), pageSize, false, () -> !deadline.passed());
        ScanAhead targetPages = null;
        boolean first = true;
        while (!check.done && (first || !deadline.passed())) {
            first = false;
            beforePage.run();
            if (!check.sourceRead) {
                ScanPage page = sourcePages.next();
                List<Map<String, AttributeValue>> copied = new ArrayList<>(page.items().size());
                for (Map<String, AttributeValue> item : page.items()) {
                    sourceDigest.add(item);
                    if (transformer.copies(model, item)) {
                        copied.add(item);
                        expectedDigest.add(transformer.transform(model, item));
                    }
                }
                checkCopied(model, copied, check);
                check.lastEvaluatedKey = page.last() ? null : transformer.keptScanKey(model, DynamoJson.item(page.lastEvaluatedKey()));
                check.sourceRead = page.last();
            } else {
                if (targetPages == null) {
                    targetPages = new ScanAhead(items, target.name(), unit.segment(), unit.totalSegments(),
                            DynamoJson.item(check.targetLastEvaluatedKey), pageSize, false, () -> !deadline.passed());
                }
                ScanPage page = targetPages.next();
                page.items().forEach(targetDigest::add);
                // The target held nothing before the run: every item in it is one the run wrote.
                checkWritten(model, target, page.items(), check);
                check.targetLastEvaluatedKey = page.last() ? null : DynamoJson.item(page.lastEvaluatedKey());
                check.done = page.last();
            }
            check.sourceItems = sourceDigest.count();
        }
        check.keep(digests);
        return check;
    }

    /**
     * Reads the source segment page by page and looks up, consistently, the target item at each copy's mapped key: it
     * must equal what the copy maps to, and each reference the copy holds must resolve in the target.
     */
    private SegmentCheck itemByItem(SegmentUnits.Unit unit, SegmentCheck check, Deadline deadline, Runnable beforePage) {
        String model = unit.model();
        TableInfo source = table(plan.sourceTable(model)).orElseThrow();
        TableInfo target = table(plan.targetTable(model)).orElseThrow();
        SegmentCheck.Digests digests = check.digests();
        LeftAlone skipped = skippedKeys.of(model, unit.segment());
        Set<String> adopted = skippedKeys.adopted(model);
        Map<String, com.fasterxml.jackson.databind.JsonNode> updated = skippedKeys.updated(model, unit.segment());
        // At least one page per call, so that even a deadline already passed makes progress.
        boolean first = true;
        while (!check.done && (first || !deadline.passed())) {
            first = false;
            beforePage.run();
            ScanPage page = items.scan(source.name(), unit.segment(), unit.totalSegments(),
                    transformer.scanKey(model, check.lastEvaluatedKey), pageSize, false);
            Copies copies = copies(model, target, page.items(), digests.source(), check);
            Map<String, Map<String, AttributeValue>> found = targetsAt(target, copies.keys());
            Map<String, List<Use>> references = new HashMap<>();
            List<Map<String, AttributeValue>> written = new ArrayList<>(copies.items().size());
            List<Map<String, AttributeValue>> writtenTargets = new ArrayList<>(copies.items().size());
            for (int i = 0; i < copies.items().size(); i++) {
                Map<String, AttributeValue> key = copies.keys().get(i);
                String keyId = DynamoJson.item(key).toString();
                if (skipped.keys().contains(keyId)) {
                    check.skipped++;
                    if (skipped.byProduction().contains(keyId)) {
                        check.leftByProduction++;
                    }
                    continue;
                }
                Map<String, AttributeValue> item = copies.items().get(i);
                written.add(item);
                String where = ItemKeys.describe(key) + " (source " + transformer.shownKey(model, source.keyOf(item), key) + ")";
                Map<String, AttributeValue> want = copies.at().get(i).written(updated.get(keyId), copies.mapped().get(i));
                Map<String, AttributeValue> got = found.get(keyId);
                if (got != null && adopted.contains(keyId) && transformer.sameRecord(model, got, want)) {
                    // A test run's record taken over: what this run writes, but for what differs from run to run (its start).
                    want = got;
                }
                compare(model, where, want, got, check, digests);
                if (found.containsKey(keyId)) {
                    writtenTargets.add(found.get(keyId));
                }
                String itemKey = ItemKeys.describe(key);
                transformer.forEachReference(model, item, (path, targetModel, oldId) ->
                        references.computeIfAbsent(targetModel, m -> new ArrayList<>())
                                .add(new Use(path.text(), itemKey, oldId, transformer.newId(targetModel, oldId))));
            }
            checkReferences(model, check, references);
            checkCopied(model, written, check);
            checkWritten(model, target, writtenTargets, check);
            check.sourceItems = digests.source().count();
            check.lastEvaluatedKey = page.last() ? null : transformer.keptScanKey(model, DynamoJson.item(page.lastEvaluatedKey()));
            check.done = page.last();
        }
        check.keep(digests);
        return check;
    }

    /** What the target holds at {@code keys}, read consistently, by key; a key holding nothing is not there. */
    private Map<String, Map<String, AttributeValue>> targetsAt(TableInfo target, List<Map<String, AttributeValue>> keys) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (Map<String, AttributeValue> item : items.getAll(target.name(), keys, true)) {
            found.put(DynamoJson.item(target.keyOf(item)).toString(), item);
        }
        return found;
    }

    /** A page's source items the run copies, what each maps to, the target key of each, and what the run does there. */
    private record Copies(List<Map<String, AttributeValue>> items, List<Map<String, AttributeValue>> mapped,
                          List<Map<String, AttributeValue>> keys, List<WriteAt> at) {}

    /**
     * The items of a source page the run copies, transformed; each item of the page is added to {@code sourceDigest}, and
     * a soft-deleted DataStore row, not copied on purpose, is counted skipped.
     */
    private Copies copies(String model, TableInfo target, List<Map<String, AttributeValue>> page, ContentDigest sourceDigest,
                          SegmentCheck check) {
        Copies copies = new Copies(new ArrayList<>(page.size()), new ArrayList<>(page.size()), new ArrayList<>(page.size()),
                new ArrayList<>(page.size()));
        for (Map<String, AttributeValue> item : page) {
            sourceDigest.add(item);
            WriteAt at = transformer.writeAt(model, item);
            if (!at.copies()) {
                // An item the run did not copy, on purpose (a soft-deleted DataStore row, ...).
                check.skipped++;
                continue;
            }
            Map<String, AttributeValue> mapped = transformer.transform(model, item);
            copies.items().add(item);
            copies.mapped().add(mapped);
            copies.keys().add(target.keyOf(mapped));
            copies.at().add(at);
        }
        return copies;
    }

    /**
     * Compares the target item found at a copy's key ({@code got}, null when there is none) with what the copy maps to
     * ({@code want}), adding both to the digests; {@code where}: the item's keys, as the examples name it.
     */
    private static void compare(String model, String where, Map<String, AttributeValue> want, Map<String, AttributeValue> got,
                                SegmentCheck check, SegmentCheck.Digests digests) {
        if (got == null) {
            digests.expected().add(want);
            check.missing++;
            check.example("table " + model + ": target item " + where + " is missing");
            return;
        }
        if (ContentDigest.addCompared(digests.expected(), want, digests.target(), got)) {
            check.matched++;
        } else {
            check.mismatched++;
            check.example("table " + model + ": target item " + where + " differs in attributes "
                    + String.join(", ", differing(want, got)));
        }
    }

    /** The features' checks of the source items of a page the run copied. */
    private void checkCopied(String model, List<Map<String, AttributeValue>> copied, SegmentCheck check) {
        checks.forEach(feature -> feature.copied(model, copied, check));
    }

    /** The features' checks of target items the run wrote. */
    private void checkWritten(String model, TableInfo target, List<Map<String, AttributeValue>> written, SegmentCheck check) {
        checks.forEach(feature -> feature.written(model, target, written, check));
    }

    /** One reference value found in an item: where, and its source and target IDs. */
    private record Use(String path, String item, String oldId, String newId) {}

    private void checkReferences(String model, SegmentCheck check, Map<String, List<Use>> references) {
        for (Map.Entry<String, List<Use>> group : references.entrySet()) {
            String targetModel = group.getKey();
            List<Use> uses = group.getValue();
            Optional<TableInfo> target = checkable(targetModel) ? table(plan.targetTable(targetModel)) : Optional.empty();
            if (target.isEmpty()) {
                check.unchecked += uses.size();
                continue;
            }
            check.referencesChecked += uses.size();
            Set<String> missing = targetKeys.missing(target.get(), uses.stream().map(Use::newId).toList());
            if (missing.isEmpty()) {
                continue;
            }
            List<String> oldIds = uses.stream().filter(u -> missing.contains(u.newId())).map(Use::oldId).toList();
            Set<String> orphanedInSource = new HashSet<>(table(plan.sourceTable(targetModel))
                    .map(t -> sourceKeys.missing(t, oldIds)).orElse(new HashSet<>(oldIds)));
            orphanedInSource.addAll(notCopied(targetModel, oldIds.stream().filter(id -> !orphanedInSource.contains(id)).toList()));
            for (Use use : uses) {
                if (!missing.contains(use.newId())) {
                    continue;
                }
                if (orphanedInSource.contains(use.oldId())) {
                    check.sourceOrphans++;
                } else if (!runModels.contains(targetModel)) {
                    // A record of a table this run does not copy, not there yet: analysis warned that such references
                    // resolve once that table is migrated. Not this run's to judge.
                    check.referencesChecked--;
                    check.unchecked++;
                } else {
                    check.brokenReferences++;
                    check.example("table " + model + ": item " + use.item() + ", attribute " + use.path() + " points at "
                            + targetModel + " " + use.newId() + ", which is not in the target table");
                }
            }
        }
    }

    /**
     * Of these IDs of {@code model}'s source records, those the run did not copy on purpose, where its table leaves records
     * behind ({@link ItemTransformer#leavesBehind}: soft-deleted DataStore rows, records a match paired with none): a
     * reference to one points at nothing in the target, as an orphan does. Read only for the few references found missing
     * in the target.
     */
    private Set<String> notCopied(String model, List<String> ids) {
        Optional<TableInfo> source = table(plan.sourceTable(model));
        if (ids.isEmpty() || !transformer.leavesBehind(model) || source.isEmpty()
                || source.get().rangeKey() != null) {
            return Set.of();
        }
        String idAttribute = plan.table(model).idAttribute();
        List<Map<String, AttributeValue>> keys = ids.stream().distinct().map(id -> Map.of(idAttribute, AttributeValue.fromS(id))).toList();
        Set<String> deleted = new HashSet<>();
        for (Map<String, AttributeValue> item : items.getAll(source.get().name(), keys, false)) {
            if (!transformer.copies(model, item)) {
                deleted.add(item.get(idAttribute).s());
            }
        }
        return deleted;
    }

    private boolean checkable(String targetModel) {
        var table = plan.tables().get(targetModel);
        if (table == null || table.skip() || table.idMapped()) {
            return false;
        }
        Optional<TableInfo> info = table(plan.targetTable(targetModel));
        return info.isPresent() && info.get().hashKey().name().equals(table.idAttribute())
                && info.get().hashKey().type() == ScalarAttributeType.S;
    }

    private Optional<TableInfo> table(String name) {
        return tables.computeIfAbsent(name, items::describe);
    }

    static List<String> differing(Map<String, AttributeValue> want, Map<String, AttributeValue> got) {
        Set<String> names = new TreeSet<>(want.keySet());
        names.addAll(got.keySet());
        List<String> differ = new ArrayList<>();
        for (String name : names) {
            AttributeValue a = want.get(name);
            AttributeValue b = got.get(name);
            if (a == null || b == null || !ContentDigest.same(Map.of(name, a), Map.of(name, b))) {
                differ.add(name);
            }
        }
        return differ;
    }
}
