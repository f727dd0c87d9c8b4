package dev.dmig.migrate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import dev.dmig.run.RunFiles;
import dev.dmig.Features;
import dev.dmig.migrate.TestPicks.Pick;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunOpener;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.KnownKeys;
import dev.dmig.store.ScanPage;
import dev.dmig.store.Sleeper;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@code test} mode: moves a few records of one table (one by ID, or the first N), with
 * their referenced parents when asked, journals them, writes parents first, then reads every one
 * back and checks it and its references. Records already present and identical are left alone,
 * so a test can be repeated safely.
 */
public final class TestRecords {
    private static final int EXAMPLES = 20;

    /** The process's own store; {@link #items} reaches a plan's sides from it. */
    private final ItemStore home;
    private final ArtifactStore artifacts;
    private final ExecutorService writePool;
    private final Settings settings;
    /** What travels with the picks of each table (their items' objects), written before them, as the copy's pages. */
    private final PageCargo.Source cargo;

    public TestRecords(ItemStore items, ArtifactStore artifacts, ExecutorService writePool, Settings settings) {
        this(items, artifacts, writePool, settings, PageCargo.Source.NONE);
    }

    private TestRecords(ItemStore items, ArtifactStore artifacts, ExecutorService writePool, Settings settings,
                        PageCargo.Source cargo) {
        this.home = items;
        this.artifacts = artifacts;
        this.writePool = writePool;
        this.settings = settings;
        this.cargo = cargo;
    }

    /** These tests, carrying with each table's picks what {@code cargo} says travels with them, as a full run's pages do. */
    public TestRecords with(PageCargo.Source cargo) {
        return new TestRecords(home, artifacts, writePool, settings, cargo);
    }

    private ItemStore items(MigrationPlan plan) {
        return home.across(plan.sides());
    }

    public TestResult run(String runId) {
        MigrationPlan plan = RunFiles.plan(artifacts, runId);
        try {
            return new TestRun(runId, plan).result();
        } catch (ConflictsFoundException | RunInputInvalidException e) {
            // Refused before any write: record why, and the environment is free again.
            new RunOpener(artifacts).refuse(RunFiles.manifest(artifacts, runId).refused(e));
            throw e;
        }
    }

    /**
     * One test of a run: the records it picks, what it does at each one's target key (decided for all of them before
     * anything is written, so that a conflict refuses the test whole), and what reading them back shows.
     */
    private final class TestRun {
        private final String runId;
        private final MigrationPlan plan;
        private final RunManifest manifest;
        private final RunManifest.Test test;
        private final ItemTransformer transformer;
        private final Map<String, TableInfo> sources = new HashMap<>();
        private final Map<String, TableInfo> targets = new HashMap<>();
        private final List<String> orphans = new ArrayList<>();
        private final List<TestResult.Record> records = new ArrayList<>();
        private final Map<String, List<Map<String, AttributeValue>>> toWrite = new LinkedHashMap<>();
        /**
         * The source items of each table whose cargo the test carries: those it writes, and those already present and
         * identical (whose cargo is found there, or copied now if an earlier test left it out).
         */
        private final Map<String, List<Map<String, AttributeValue>>> carrying = new LinkedHashMap<>();
        private long carried;
        /** What each table's picks carry, made once the test writes. */
        private final Map<String, PageCargo> cargoes = new HashMap<>();
        private final Map<String, List<JournalRecord>> journaled = new LinkedHashMap<>();
        private final List<String> conflicts = new ArrayList<>();
        /** {@code <model> <target key>} of the items found with other content and left as they are. */
        private final Set<String> leftAlone = new HashSet<>();
        /** Keys of the target's own records the plan keeps where a pick would go (a match's keep): not the test's to compare. */
        private final Set<String> kept = new HashSet<>();
        /** The target's records written over on purpose (a match's update), as they were: the item written is built over each. */
        private final Map<String, Map<String, AttributeValue>> updated = new HashMap<>();
        /** {@code <model>/<source ID>} of the picks the test does not copy, and why. */
        private final Map<String, LeftBehind.Reason> leftBehind = new HashMap<>();
        private long alreadyPresent;
        private long overwritten;

        TestRun(String runId, MigrationPlan plan) {
            this.runId = runId;
            this.plan = plan;
            this.manifest = RunFiles.manifest(artifacts, runId);
            this.test = manifest.test();
            this.transformer = new ItemTransformer(plan, RunMappings.of(artifacts, plan, manifest));
            for (String model : plan.migratedModels()) {
                items(plan).describe(plan.sourceTable(model)).ifPresent(t -> sources.put(model, t));
                items(plan).describe(plan.targetTable(model)).ifPresent(t -> targets.put(model, t));
            }
        }

        TestResult result() {
            List<Pick> picks = picks();
            List<String> notCopied = notCopied(picks);
            Map<String, List<Pick>> byModel = byLevel(picks);
            byModel.forEach(this::decide);
            if (!conflicts.isEmpty()) {
                throw new ConflictsFoundException(conflicts.size() + " target items already exist with other content "
                        + "(onConflict is abort), nothing was written: " + String.join("; ", conflicts.subList(0, Math.min(5, conflicts.size()))));
            }
            long written = write();
            List<String> failures = new ArrayList<>();
            List<String> warnings = new ArrayList<>(notCopied.subList(0, Math.min(EXAMPLES, notCopied.size())));
            verify(byModel, failures, warnings);
            TestResult result = new TestResult(runId, test.table(), failures.isEmpty(), written, alreadyPresent, overwritten,
                    records, orphans, warnings, failures, carried);
            artifacts.putJson(RunLayout.testResult(runId), result);
            return result;
        }

        /** The items the test copies: as a feature decides for the run (a slice: all of it), else the test's table's. */
        private List<Pick> picks() {
            TestPicks.Parts parts = new TestPicks.Parts(runId, manifest, plan, artifacts, items(plan), Map.copyOf(sources),
                    settings.pageSize());
            for (TestPicks feature : Features.at(TestPicks.class)) {
                Optional<List<Pick>> picked = feature.picks(parts);
                if (picked.isPresent()) {
                    return picked.get();
                }
            }
            List<Pick> picks = pick(sources.get(test.table()));
            return test.withParents() ? withParents(picks) : picks;
        }

        /** What the picks hold that the test does not copy, each with why; each one's reason kept in {@link #leftBehind}. */
        private List<String> notCopied(List<Pick> picks) {
            List<String> notCopied = new ArrayList<>();
            for (Pick pick : picks) {
                LeftBehind.Reason why = transformer.leftBehind(pick.model(), pick.source());
                if (why != null) {
                    leftBehind.put(pick.model() + "/" + stringOrNull(pick.source().get(plan.table(pick.model()).idAttribute())), why);
                    notCopied.add("table " + pick.model() + ": item " + transformer.shownKey(pick.model(),
                            sources.get(pick.model()).keyOf(pick.source()), null)
                            + " " + why.notCopied());
                }
            }
            return notCopied;
        }

        /** The picks the test copies, by model, in the order of the run's levels: parents first. */
        private Map<String, List<Pick>> byLevel(List<Pick> picks) {
            Map<String, List<Pick>> byModel = new LinkedHashMap<>();
            for (List<String> level : manifest.levels()) {
                for (String model : level) {
                    picks.stream().filter(p -> p.model().equals(model) && transformer.copies(model, p.source()))
                            .forEach(p -> byModel.computeIfAbsent(model, m -> new ArrayList<>()).add(p));
                }
            }
            return byModel;
        }

        /**
         * Decides, against what the target holds at each pick's new key, what the test does there: creates it, leaves an
         * identical item, follows onConflict for one with other content (abort: a conflict); records and journals it.
         */
        private void decide(String model, List<Pick> group) {
            TableInfo target = targets.get(model);
            TableInfo source = sources.get(model);
            List<Map<String, AttributeValue>> mapped = new ArrayList<>();
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (Pick pick : group) {
                Map<String, AttributeValue> item = transformer.transform(model, pick.source());
                mapped.add(item);
                keys.add(target.keyOf(item));
            }
            Map<String, Map<String, AttributeValue>> existing = new HashMap<>();
            items(plan).getAll(target.name(), keys, true).forEach(e -> existing.put(DynamoJson.item(target.keyOf(e)).toString(), e));
            for (int i = 0; i < mapped.size(); i++) {
                ObjectNode key = DynamoJson.item(keys.get(i));
                Map<String, AttributeValue> there = existing.get(key.toString());
                String sourceKey = transformer.shownKey(model, source.keyOf(group.get(i).source()), keys.get(i));
                String oldId = transformer.keptSourceId(model,
                        stringOrNull(group.get(i).source().get(plan.table(model).idAttribute())));
                WriteAt at = transformer.writeAt(model, group.get(i).source());
                JournalRecord.Action action;
                if (there == null) {
                    action = JournalRecord.Action.CREATED;
                } else if (at.keeps()) {
                    // The target's own record the plan keeps: left as it is, as a full run leaves it.
                    action = JournalRecord.Action.SKIPPED;
                    kept.add(model + " " + key);
                } else if (at.writesOver()) {
                    action = JournalRecord.Action.OVERWRITTEN;
                    updated.put(model + " " + key, there);
                    overwritten++;
                } else if (transformer.sameRecord(model, there, mapped.get(i))) {
                    action = JournalRecord.Action.SKIPPED;
                    alreadyPresent++;
                } else if (plan.onConflictOf(model).atTaken() == ConflictPolicy.Taken.STOP) {
                    conflicts.add(model + " " + ItemKeys.describe(keys.get(i)) + " (source " + sourceKey + ")");
                    continue;
                } else if (plan.onConflictOf(model).atTaken() == ConflictPolicy.Taken.LEAVE) {
                    action = JournalRecord.Action.SKIPPED;
                    leftAlone.add(model + " " + key);
                } else {
                    action = JournalRecord.Action.OVERWRITTEN;
                    overwritten++;
                }
                Map<String, AttributeValue> written = at.written(updated.get(model + " " + key), mapped.get(i));
                // What is written, hashed, so that a rollback undoes the key only while it holds that.
                journaled.computeIfAbsent(model, m -> new ArrayList<>()).add(new JournalRecord(action, key, oldId,
                        action == JournalRecord.Action.OVERWRITTEN ? DynamoJson.item(there) : null,
                        action == JournalRecord.Action.SKIPPED ? null : ContentDigest.itemHash(written)));
                if (action != JournalRecord.Action.SKIPPED) {
                    toWrite.computeIfAbsent(model, m -> new ArrayList<>()).add(written);
                }
                if (action != JournalRecord.Action.SKIPPED || !(keptThere(model, key) || leftAlone.contains(model + " " + key))) {
                    carrying.computeIfAbsent(model, m -> new ArrayList<>()).add(group.get(i).source());
                }
                records.add(new TestResult.Record(model, sourceKey, ItemKeys.describe(keys.get(i)), action.name().toLowerCase(java.util.Locale.ROOT)));
            }
        }

        private boolean keptThere(String model, ObjectNode key) {
            return kept.contains(model + " " + key);
        }

        /**
         * Journals what the test does at every key, with what each table's picks carry, then writes, parents first, each
         * table's cargo and then the items it creates or overwrites; how many items.
         */
        private long write() {
            Journal journal = new Journal(artifacts);
            Map<String, PageCargo.Planned> loads = new HashMap<>();
            journaled.forEach((model, list) -> {
                PageCargo carries = cargo.of(plan, model, artifacts, journal, writePool);
                PageCargo.Planned load = carries.plan(transformer, model, carrying.getOrDefault(model, List.of()), Map.of(), runId, 0, 0);
                cargoes.put(model, carries);
                loads.put(model, load);
                journal.write(new JournalEntry(runId, model, plan.targetTable(model), 0, 0, "test", list, load.records()));
            });
            BatchWriter writer = new BatchWriter(items(plan), WriteGuard.of(plan), Sleeper.REAL,
                    new WriteWindows(settings.writeConcurrency(), settings.throttlePatienceMillis()));
            // A table's cargo before its items: a record the test writes never names an object that is not there yet.
            journaled.keySet().forEach(model -> carried += cargoes.get(model).write(loads.get(model), runId, model, 0, 0));
            long written = 0;
            for (Map.Entry<String, List<Map<String, AttributeValue>>> batch : toWrite.entrySet()) {
                List<WriteRequest> puts = new ArrayList<>();
                batch.getValue().forEach(item -> puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()));
                writer.write(plan.targetTable(batch.getKey()), puts);
                written += puts.size();
            }
            return written;
        }

        private List<Pick> pick(TableInfo source) {
            String model = test.table();
            TablePlan table = plan.table(model);
            if (test.sourceId() != null) {
                if (!source.hashKey().name().equals(table.idAttribute())) {
                    throw new RunInputInvalidException("table " + model + ": --id needs " + table.idAttribute()
                            + " to be the partition key; it is " + source.hashKey().name());
                }
                AttributeValue id = switch (source.hashKey().type()) {
                    case N -> AttributeValue.fromN(test.sourceId());
                    default -> AttributeValue.fromS(test.sourceId());
                };
                List<Map<String, AttributeValue>> found = items(plan).query(source, id, test.limit() > 0 ? test.limit() : 1);
                if (found.isEmpty()) {
                    throw new RunInputInvalidException("table " + model + ": no source item with " + table.idAttribute()
                            + "=" + test.sourceId() + " in " + source.name());
                }
                return found.stream().map(item -> new Pick(model, item)).toList();
            }
            List<Pick> picks = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                ScanPage page = items(plan).scan(source.name(), 0, 1, start, test.limit() - picks.size(), true);
                page.items().forEach(item -> picks.add(new Pick(model, item)));
                start = page.lastEvaluatedKey();
            } while (start != null && picks.size() < test.limit());
            if (picks.isEmpty()) {
                throw new RunInputInvalidException("table " + model + ": the source table " + source.name() + " is empty");
            }
            return picks;
        }

        /** Adds every record the picks reference, directly or through other parents, breadth first. */
        private List<Pick> withParents(List<Pick> picks) {
            List<Pick> all = new ArrayList<>(picks);
            Set<String> seen = new HashSet<>();
            picks.forEach(p -> seen.add(p.model() + "/" + stringOrNull(p.source().get(plan.table(p.model()).idAttribute()))));
            List<Pick> frontier = picks;
            while (!frontier.isEmpty()) {
                Map<String, Set<String>> wanted = new LinkedHashMap<>();
                for (Pick pick : frontier) {
                    transformer.forEachReference(pick.model(), pick.source(), (path, target, id) -> {
                        if (sources.containsKey(target) && seen.add(target + "/" + id)) {
                            wanted.computeIfAbsent(target, t -> new HashSet<>()).add(id);
                        }
                    });
                }
                List<Pick> next = new ArrayList<>();
                wanted.forEach((model, ids) -> {
                    TableInfo source = sources.get(model);
                    String idAttribute = plan.table(model).idAttribute();
                    if (!source.hashKey().name().equals(idAttribute) || source.rangeKey() != null || plan.table(model).idMapped()) {
                        ids.forEach(id -> orphans.add(model + " " + idAttribute + "=" + id + " (not fetched: table is not keyed by its ID alone)"));
                        return;
                    }
                    List<Map<String, AttributeValue>> keys = ids.stream().map(id -> Map.of(idAttribute, AttributeValue.fromS(id))).toList();
                    Set<String> found = new HashSet<>();
                    for (Map<String, AttributeValue> item : items(plan).getAll(source.name(), keys, true)) {
                        found.add(item.get(idAttribute).s());
                        next.add(new Pick(model, item));
                    }
                    ids.stream().filter(id -> !found.contains(id)).sorted()
                            .forEach(id -> orphans.add(model + " " + idAttribute + "=" + id + " is referenced but not in the source"));
                });
                all.addAll(next);
                frontier = next;
            }
            return all;
        }

        /** Reads every copied pick back: it must equal its transformed source item, and each parent it names must be there. */
        private void verify(Map<String, List<Pick>> byModel, List<String> failures, List<String> warnings) {
            boolean withParents = manifest.sliced() || test.withParents();
            KnownKeys targetKeys = new KnownKeys(items(plan), KnownKeys.DEFAULT_CAP);
            Set<String> included = new HashSet<>();
            byModel.forEach((model, picks) -> picks.forEach(p ->
                    included.add(model + "/" + stringOrNull(p.source().get(plan.table(model).idAttribute())))));
            // What the copied picks carry is in the target, as their sources' (an object missing is a failure, as a missing item).
            carrying.forEach((model, sources) -> cargoes.get(model).missing(transformer, model, sources).forEach(line -> add(failures, line)));
            for (Map.Entry<String, List<Pick>> group : byModel.entrySet()) {
                String model = group.getKey();
                TableInfo target = targets.get(model);
                List<Map<String, AttributeValue>> expected = new ArrayList<>();
                group.getValue().forEach(p -> expected.add(transformer.transform(model, p.source())));
                Map<String, Map<String, AttributeValue>> found = new HashMap<>();
                items(plan).getAll(target.name(), expected.stream().map(target::keyOf).toList(), true)
                        .forEach(item -> found.put(DynamoJson.item(target.keyOf(item)).toString(), item));
                for (int i = 0; i < expected.size(); i++) {
                    String key = DynamoJson.item(target.keyOf(expected.get(i))).toString();
                    Pick pick = group.getValue().get(i);
                    Map<String, AttributeValue> want = transformer.writeAt(model, pick.source()).written(updated.get(model + " " + key),
                            expected.get(i));
                    Map<String, AttributeValue> got = found.get(key);
                    String where = "table " + model + ": target item " + ItemKeys.describe(target.keyOf(want));
                    // The target's own record the plan keeps is not the test's copy: it need only be there.
                    boolean keptThere = kept.contains(model + " " + key);
                    if (leftAlone.contains(model + " " + key)) {
                        add(warnings, where + " already held other content and was left as it is (onConflict is skip)");
                    } else if (got == null) {
                        add(failures, where + " is missing after the write");
                    } else if (!keptThere && !transformer.sameRecord(model, got, want)) {
                        add(failures, where + " does not equal the transformed source item");
                    }
                    transformer.forEachReference(model, pick.source(), (path, targetModel, oldId) -> {
                        TableInfo parentTable = targets.get(targetModel);
                        if (parentTable == null || parentTable.rangeKey() != null || plan.table(targetModel).idMapped()) {
                            return;
                        }
                        String newId = transformer.newId(targetModel, oldId);
                        if (targetKeys.missing(parentTable, List.of(newId)).isEmpty()) {
                            return;
                        }
                        String message = where + ", attribute " + path.text() + ": " + targetModel + " " + newId
                                + " is not in the target";
                        boolean parentWasMigrated = included.contains(targetModel + "/" + oldId);
                        LeftBehind.Reason parentLeft = leftBehind.get(targetModel + "/" + oldId);
                        if (parentLeft != null) {
                            add(warnings, message + ": its source record " + parentLeft.notCopied());
                        } else if (withParents && parentWasMigrated) {
                            add(failures, message);
                        } else {
                            add(warnings, message + (withParents ? " (the source has no such record)" : " (run with --with-parents to include it)"));
                        }
                    });
                }
            }
        }
    }

    private static void add(List<String> list, String line) {
        if (list.size() < EXAMPLES) {
            list.add(line);
        }
    }

    private static String stringOrNull(AttributeValue value) {
        if (value == null) {
            return null;
        }
        return value.type() == AttributeValue.Type.S ? value.s() : value.type() == AttributeValue.Type.N ? value.n() : null;
    }
}
