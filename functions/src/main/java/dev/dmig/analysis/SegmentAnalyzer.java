package dev.dmig.analysis;

import dev.dmig.Reaches;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import dev.dmig.run.Deadline;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemSize;
import dev.dmig.store.ItemStore;
import dev.dmig.store.KnownKeys;
import dev.dmig.store.PageSpool;
import dev.dmig.store.ScanAhead;
import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Scans one source segment for analysis, page by page, until done or out of time: counts and
 * sizes, reference fill and orphans, data problems, and target items already at the mapped keys.
 * Reads only.
 */
final class SegmentAnalyzer {

    /**
     * What the analysis knows of the target tables before it reads them: those that held nothing when the run began
     * ({@code empty}: no item there can conflict, none is looked up), the keys earlier test runs left in each, and
     * each one's TTL attribute ({@code timeToLive}) with the moment expiry is judged ({@code now}).
     */
    record Targets(Set<String> empty, Map<String, Set<String>> testRunKeys, Map<String, String> timeToLive, Instant now) {}

    private final ItemStore items;
    private final MigrationPlan plan;
    private final Map<String, TablePair> pairs;
    private final ItemTransformer transformer;
    private final int pageSize;
    private final KnownKeys sourceKeys;
    private final HeldIdLookup held;
    private final Targets targets;
    private final ReferenceJoin join;
    /** What the features count of each page ({@link ScanChecks}), in order. */
    private final List<ScanCheck> checks;
    /** Where each page analyzed is kept for the run's copy ({@link PageSpool}); nowhere unless {@link #keepingPages} says. */
    private PageSpool.Recorder kept = PageSpool.Recorder.NONE;

    /**
     * {@code join}: which referenced tables are checked by joining instead of lookups; {@code reaches}: what the features'
     * checks reach beside the tables.
     */
    SegmentAnalyzer(ItemStore items, Mapping mapping, Map<String, TablePair> pairs, int pageSize, Targets targets, ReferenceJoin join,
                    Reaches reaches) {
        ItemTransformer transformer = mapping.transformer();
        this.items = items;
        this.plan = transformer.plan();
        this.pairs = pairs;
        this.transformer = transformer;
        this.pageSize = pageSize;
        this.sourceKeys = new KnownKeys(items, KnownKeys.DEFAULT_CAP);
        this.held = mapping.held();
        this.targets = targets;
        this.join = join;
        this.checks = ScanChecks.of(new ScanCheck.Parts(plan, transformer, mapping.users(), targets, reaches));
    }

    /**
     * How the run maps items, the users its identity map knows, and the lookups of the source tables that hold the values of
     * references to the table whose source holds each ({@code held}: what the transformer's mapping of them asks).
     */
    record Mapping(ItemTransformer transformer, IdentityMap users, HeldIdLookup held) {}

    /**
     * This analyzer, keeping every page it has analyzed in {@code kept}, under the scan that read it, for the run's copy
     * (a full run's, in the process that copies it); set once, before the first {@link #run}.
     */
    SegmentAnalyzer keepingPages(PageSpool.Recorder kept) {
        this.kept = kept;
        return this;
    }

    /** Continues {@code scan} until its segment is exhausted or the deadline passes; returns it updated. */
    SegmentScan run(SegmentScan scan, int totalSegments, Deadline deadline) {
        TablePair pair = pairs.get(scan.model);
        ContentDigest digest = ContentDigest.of(scan.digest, scan.digestCount);
        ContentDigest expected = scan.expectedDigest == null ? null
                : ContentDigest.of(scan.expectedDigest, scan.expectedCount, digest.algorithm());
        // At least one page per call, so that even a deadline already passed makes progress. The next page is
        // read while this one is worked on.
        ScanAhead pages = new ScanAhead(items, pair.source().name(), scan.segment, totalSegments,
                transformer.scanKey(scan.model, scan.lastEvaluatedKey), pageSize, false, () -> !deadline.passed());
        // A part begun by a version that kept no source IDs goes on without: its table gets no filter.
        OwnIds ownIds = scan.sourceIds != null && SourceIds.kept(plan.table(scan.model), pair.source()) ? new OwnIds() : null;
        boolean first = true;
        Map<String, AttributeValue> from = transformer.scanKey(scan.model, scan.lastEvaluatedKey);
        while (!scan.done && (first || !deadline.passed())) {
            first = false;
            ScanPage page = pages.next();
            long bytesBefore = scan.bytes;
            page(scan, pair, page.items(), digest, expected, ownIds);
            // Kept once analyzed, under the very scan the copy's would ask for: the copy writes what was checked here.
            kept.keep(new PageSpool.Read(pair.source().name(), scan.segment, totalSegments, from, pageSize), page,
                    scan.bytes - bytesBefore);
            from = page.lastEvaluatedKey();
            // Kept as a checkpoint keeps it: sealed where a feature seals the table's scans' places.
            scan.lastEvaluatedKey = page.last() ? null : transformer.keptScanKey(scan.model, DynamoJson.item(page.lastEvaluatedKey()));
            scan.done = page.last();
        }
        if (ownIds != null && ownIds.count > 0) {
            scan.addSourceIdHashes(ownIds.hashes, ownIds.count);
        }
        scan.digest = digest.hex();
        scan.digestCount = digest.count();
        if (expected != null) {
            scan.expectedDigest = expected.hex();
            scan.expectedCount = expected.count();
        }
        return scan;
    }

    /** The hashes of the own IDs a call has read, for its part ({@link SourceIds}). */
    private static final class OwnIds {
        long[] hashes = new long[256];
        int count;

        void add(String id) {
            if (count == hashes.length) {
                hashes = Arrays.copyOf(hashes, count * 2);
            }
            hashes[count++] = SourceIdFilter.hash(id);
        }
    }

    /**
     * {@code expected}: adds what each item without a problem maps to; null when this part's earlier pages did not;
     * {@code ownIds}: takes the items' own IDs, when the run keeps the table's (else null).
     */
    private void page(SegmentScan scan, TablePair pair, List<Map<String, AttributeValue>> page, ContentDigest digest,
                      ContentDigest expected, OwnIds ownIds) {
        String model = scan.model;
        TablePlan table = plan.table(model);
        List<Map<String, AttributeValue>> sources = new ArrayList<>(page.size());
        List<Map<String, AttributeValue>> mapped = new ArrayList<>(page.size());
        Map<String, Map<String, List<String>>> valuesByTarget = new HashMap<>();
        List<ScanCheck.Page> features = new ArrayList<>(checks.size());
        checks.forEach(check -> features.add(check.page(scan, pair)));
        if (table.mapsByHolder()) {
            // Which table holds each such value decides how the page's items are mapped: asked before any is.
            held.lookUp(scan, page, transformer);
        }
        for (Map<String, AttributeValue> source : page) {
            // The size counted on the digest's walk of the item, where a walk of its own cost as much again.
            count(scan, digest.addSized(source));
            features.forEach(feature -> feature.read(source));
            if (ownIds != null) {
                // Every source record's, copied or not: a soft-deleted row's ID is the source's all the same.
                SourceIds.forEachOwnId(table, source, ownIds::add);
            }
            if (!transformer.copies(model, source)) {
                // Not copied: neither mapped, nor an item that references point at (they will dangle, as orphans).
                scan.leftBehind++;
                features.forEach(feature -> feature.notCopied(source));
                continue;
            }
            if (join.joins(model)) {
                AttributeValue id = source.get(pair.source().hashKey().name());
                scan.ids.add(id.n() != null ? ItemTransformer.numberText(id.n()) : id.s());
            }
            Map<String, AttributeValue> target = map(scan, pair, source, valuesByTarget, features);
            if (target == null) {
                continue;
            }
            // Formed, then sized, then added: one walk gives the size that decides whether it is added, and its hash.
            ContentDigest.Form form = expected == null ? null : expected.form(target);
            if (!withinSize(scan, pair, source, target, form == null ? ItemSize.of(target) : form.size())) {
                continue;
            }
            features.forEach(feature -> feature.accepted(source, target));
            if (expected != null) {
                expected.add(form);
            }
            sources.add(source);
            mapped.add(target);
        }
        orphans(scan, valuesByTarget);
        conflicts(scan, pair, table, sources, mapped);
        features.forEach(ScanCheck.Page::done);
    }

    /** Counts a source item and its size. */
    private static void count(SegmentScan scan, long size) {
        scan.items++;
        scan.bytes += size;
        scan.maxItemBytes = Math.max(scan.maxItemBytes, size);
    }

    /**
     * The item as the run would write it, what the features count of it and its references counted on the way; null,
     * with a problem counted, when it cannot be mapped.
     */
    private Map<String, AttributeValue> map(SegmentScan scan, TablePair pair, Map<String, AttributeValue> source,
                                            Map<String, Map<String, List<String>>> valuesByTarget, List<ScanCheck.Page> features) {
        String model = scan.model;
        Map<String, AttributeValue> sourceKey = pair.source().keyOf(source);
        // As the examples name it: where the run withholds the table's source keys, by its key in the target once mapped.
        String before = transformer.shownKey(model, sourceKey, null);
        try {
            features.forEach(feature -> feature.mapping(source, before));
            Map<String, AttributeValue> target = transformer.transform(model, source);
            String itemKey = transformer.shownKey(model, sourceKey, pair.target().keyOf(target));
            features.forEach(feature -> feature.mapped(source, target, itemKey));
            Set<String> counted = new HashSet<>();
            ItemTransformer.ReferenceVisitor count = (path, targetModel, id) -> {
                SegmentScan.ReferenceTally tally = scan.references.computeIfAbsent(path.text(),
                        p -> new SegmentScan.ReferenceTally(targetModel));
                tally.values++;
                if (counted.add(path.text())) {
                    tally.itemsWithValue++;
                }
                if (join.joins(model, targetModel)) {
                    // In scan order, as a part read back from JSON keeps it: a resumed scan gives the same orphan examples.
                    scan.referenced.computeIfAbsent(targetModel, m -> new LinkedHashMap<>())
                            .computeIfAbsent(id, v -> new ReferenceJoin.Uses()).add(path.text(), itemKey);
                } else {
                    valuesByTarget.computeIfAbsent(targetModel, m -> new HashMap<>())
                            .computeIfAbsent(id, v -> new ArrayList<>()).add(path.text() + "\u0000" + itemKey);
                }
            };
            transformer.forEachReference(model, source, count);
            transformer.forEachNumberReference(model, source, count);
            return target;
        } catch (ItemInvalidException e) {
            // Name the item by its primary key, which the transformer does not know.
            Problem p = e.problem();
            scan.problem(new Problem(p.table(), p.attribute(), before, p.message()), e.unmatched());
            return null;
        }
    }

    /** Whether the mapped item is within DynamoDB's item size; if not, a problem, and false. */
    private boolean withinSize(SegmentScan scan, TablePair pair, Map<String, AttributeValue> source, Map<String, AttributeValue> target,
                               long mappedSize) {
        String model = scan.model;
        if (mappedSize > ItemSize.LIMIT_BYTES) {
            scan.problem(new Problem(model, null, transformer.shownKey(model, pair.source().keyOf(source), pair.target().keyOf(target)),
                    "the mapped item would be " + mappedSize + " bytes, over DynamoDB's 400 KB item limit"));
            return false;
        }
        return true;
    }

    private void orphans(SegmentScan scan, Map<String, Map<String, List<String>>> valuesByTarget) {
        for (Map.Entry<String, Map<String, List<String>>> byTarget : valuesByTarget.entrySet()) {
            String targetModel = byTarget.getKey();
            TablePair referenced = pairs.get(targetModel);
            Map<String, List<String>> values = byTarget.getValue();
            if (!checkable(plan, referenced, targetModel) || referenced.source().hashKey().type() != ScalarAttributeType.S) {
                // A skipped model (or one left out by --tables, or not keyed by its ID) is not looked up, nor one keyed by
                // numbers too large to join.
                values.values().forEach(uses -> uses.forEach(use -> scan.references.get(use.substring(0, use.indexOf('\u0000'))).unchecked++));
                continue;
            }
            for (String id : sourceKeys.missing(referenced.source(), values.keySet())) {
                for (String use : values.get(id)) {
                    int split = use.indexOf('\u0000');
                    SegmentScan.ReferenceTally tally = scan.references.get(use.substring(0, split));
                    tally.orphans++;
                    if (tally.orphanExamples.size() < SegmentScan.EXAMPLES) {
                        tally.orphanExamples.add(new OrphanExample(use.substring(split + 1), transformer.shownId(targetModel, id)));
                    }
                }
            }
        }
    }

    /** Continues a scan of the target table's {@code unique} attributes until done or out of time. */
    TargetValues scanTarget(TargetValues part, int totalSegments, Deadline deadline) {
        TablePair pair = pairs.get(part.model);
        List<String> unique = plan.table(part.model).unique();
        boolean first = true;
        while (!part.done && (first || !deadline.passed())) {
            first = false;
            ScanPage page = items.scan(pair.target().name(), part.segment, totalSegments,
                    DynamoJson.item(part.lastEvaluatedKey), pageSize, false);
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, AttributeValue> key = pair.target().keyOf(item);
                for (String attribute : unique) {
                    String hash = UniqueValues.hash(attribute, item.get(attribute));
                    if (hash != null) {
                        part.add(attribute, UniqueValues.entry(hash, DynamoJson.item(key).toString(), ItemKeys.describe(key)));
                    }
                }
            }
            part.lastEvaluatedKey = page.last() ? null : DynamoJson.item(page.lastEvaluatedKey());
            part.done = page.last();
        }
        return part;
    }

    /**
     * True when references to {@code targetModel} can be checked by its source table's key: the table is keyed by its
     * ID, a string or a number, as it is (not built by a pattern). A table keyed by numbers is checked by the join
     * ({@link ReferenceJoin}) only.
     */
    static boolean checkable(MigrationPlan plan, TablePair referenced, String targetModel) {
        return referenced != null && !plan.table(targetModel).idMapped()
                && referenced.source().hashKey().name().equals(plan.table(targetModel).idAttribute())
                && (referenced.source().hashKey().type() == ScalarAttributeType.S || referenced.source().hashKey().type() == ScalarAttributeType.N);
    }

    private void conflicts(SegmentScan scan, TablePair pair, TablePlan table, List<Map<String, AttributeValue>> sources,
                           List<Map<String, AttributeValue>> targets) {
        if (targets.isEmpty() || this.targets.empty().contains(table.model())) {
            return;
        }
        TableInfo target = pair.target();
        Map<String, Integer> indexByKey = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Map<String, AttributeValue> key = target.keyOf(targets.get(i));
            keys.add(key);
            indexByKey.put(DynamoJson.item(key).toString(), i);
        }
        Set<String> fromTests = this.targets.testRunKeys().getOrDefault(table.model(), Set.of());
        for (Map<String, AttributeValue> existing : items.getAll(target.name(), keys, false)) {
            ObjectNode keyNode = DynamoJson.item(target.keyOf(existing));
            Integer index = indexByKey.get(keyNode.toString());
            if (index == null || transformer.writeAt(table.model(), sources.get(index)).onPurpose()) {
                // Not in the way: the target's record the run keeps or writes over on purpose (a match's pair).
                continue;
            }
            boolean identical = transformer.sameRecord(table.model(), existing, targets.get(index));
            if (identical && fromTests.contains(keyNode.toString())) {
                // Left by an earlier `test` run of this plan, exactly as this run would write it.
                scan.adopted.add(keyNode);
                continue;
            }
            scan.conflicts++;
            if (identical) {
                scan.identical++;
            }
            if (scan.conflictExamples.size() < SegmentScan.EXAMPLES) {
                scan.conflictExamples.add(new ConflictExample(transformer.shownKey(table.model(), pair.source().keyOf(sources.get(index)),
                        target.keyOf(targets.get(index))),
                        ItemKeys.describe(target.keyOf(existing)), identical));
            }
        }
    }
}
