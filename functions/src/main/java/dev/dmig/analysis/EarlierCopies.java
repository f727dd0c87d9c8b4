package dev.dmig.analysis;

import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunNotFoundException;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Earlier runs in the same bucket that wrote into this run's target tables from the same source tables (same
 * physical names, same accounts), and not rolled back: with IDs derived the same way they wrote the keys this run
 * writes (conflicts, or nothing to do); with IDs derived otherwise (another {@code idNamespace}, model name or ID
 * strategy) no key is shared, so no conflict check sees them, and this run would write every item a second time.
 * Found from the runs' manifests, frozen plans and journals (which tables each really wrote); the target is read only
 * to see that a copy under other IDs is still there.
 */
final class EarlierCopies {
    /** Keys of an earlier copy looked up in its target table to see whether the copy is still there. */
    private static final int KEYS_LOOKED_UP = 25;
    /** Journal entries read at most to find those keys. */
    private static final int ENTRIES_READ = 4;
    /** Tables a message names before it counts the rest. */
    private static final int TABLES_NAMED = 3;

    /**
     * One target table an earlier run filled from one of this run's source tables: {@code model} is this plan's name of
     * the pair, {@code earlierModel} the earlier plan's; {@code differences} say how its IDs were derived otherwise (none:
     * the same way).
     */
    record Copy(RunManifest run, String model, String earlierModel, String sourceTable, String targetTable,
                List<String> differences) {
        boolean sameIds() {
            return differences.isEmpty();
        }
    }

    private final ArtifactStore artifacts;
    private final List<Copy> copies;

    private EarlierCopies(ArtifactStore artifacts, List<Copy> copies) {
        this.artifacts = artifacts;
        this.copies = copies;
    }

    /**
     * The copies earlier runs made of {@code models}' tables, newest run first; none for a model in {@code emptyTargets}
     * (its target table holds nothing, so no copy is left) or written by a run the plan names in {@code alongside}.
     */
    static EarlierCopies of(ArtifactStore artifacts, MigrationPlan plan, Collection<String> models, Set<String> emptyTargets,
                            String thisRun) {
        List<String> looked = models.stream().filter(model -> !emptyTargets.contains(model)).toList();
        if (looked.isEmpty()) {
            return new EarlierCopies(artifacts, List.of());
        }
        List<RunManifest> runs = RunFiles.manifests(artifacts, thisRun).values().stream()
                .filter(run -> run.mode().writes() && run.status() != RunStatus.ROLLED_BACK
                        && !plan.alongside().contains(run.runId()) && mayShareTables(run, plan, looked))
                .sorted(Comparator.comparing(RunManifest::createdAt).reversed())
                .toList();
        List<Copy> copies = new ArrayList<>();
        for (RunManifest run : runs) {
            List<String> written = artifacts.children(RunLayout.journal(run.runId()));
            if (!written.isEmpty()) {
                frozenPlan(artifacts, run.runId()).ifPresent(earlier -> copies.addAll(copiesBy(run, earlier, written, plan, looked)));
            }
        }
        return new EarlierCopies(artifacts, copies);
    }

    /**
     * The plan a run was started with; empty when it is gone or no longer reads as a plan (a version of dmig with other
     * rules wrote it): such a run cannot be compared, and the check goes on with the others.
     */
    private static Optional<MigrationPlan> frozenPlan(ArtifactStore artifacts, String runId) {
        try {
            return Optional.of(RunFiles.plan(artifacts, runId));
        } catch (PlanInvalidException | RunNotFoundException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Whether a run's suffixes let one of its tables be a pair of {@code models}: a table name ending in its source
     * suffix whose model, with its target suffix, names the same target table. Read from the manifest alone, so that
     * the plans and journals of unrelated runs are never read.
     */
    private static boolean mayShareTables(RunManifest run, MigrationPlan plan, List<String> models) {
        if (run.sourceSuffix() == null || run.targetSuffix() == null) {
            return false;
        }
        for (String model : models) {
            String source = plan.sourceTable(model);
            if (source.endsWith(run.sourceSuffix()) && source.length() > run.sourceSuffix().length()) {
                String earlierModel = source.substring(0, source.length() - run.sourceSuffix().length());
                if ((earlierModel + run.targetSuffix()).equals(plan.targetTable(model))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What {@code run} (whose plan was {@code earlier}) wrote of {@code models}' pairs: the models in its journal. */
    private static List<Copy> copiesBy(RunManifest run, MigrationPlan earlier, List<String> written, MigrationPlan plan,
                                       List<String> models) {
        List<Copy> copies = new ArrayList<>();
        for (String earlierModel : written) {
            if (!earlier.tables().containsKey(earlierModel)) {
                continue;
            }
            String source = earlier.sourceTable(earlierModel);
            String target = earlier.targetTable(earlierModel);
            models.stream()
                    .filter(model -> plan.sourceTable(model).equals(source) && plan.targetTable(model).equals(target)
                            && plan.sourceAccount().equals(earlier.sourceAccount())
                            && plan.targetAccount().equals(earlier.targetAccount()))
                    .findFirst()
                    .ifPresent(model -> copies.add(new Copy(run, model, earlierModel, source, target,
                            differences(earlier, earlierModel, plan, model))));
        }
        return copies;
    }

    /**
     * How the new IDs of {@code earlierModel} under {@code earlier} and of {@code model} under {@code plan} are derived
     * differently (docs/ID-MAPPING.md: namespace, model name and old ID; or the old ID kept); empty when they are the same.
     */
    static List<String> differences(MigrationPlan earlier, String earlierModel, MigrationPlan plan, String model) {
        IdStrategy then = earlier.idsOf(earlierModel);
        IdStrategy now = plan.idsOf(model);
        List<String> differences = new ArrayList<>();
        if (then != now) {
            differences.add("ids \"" + then.planName() + "\" then, \"" + now.planName() + "\" now");
            return differences;
        }
        if (now == IdStrategy.PRESERVE) {
            return differences;
        }
        if (!earlierModel.equals(model)) {
            differences.add("model \"" + earlierModel + "\" then, \"" + model + "\" now");
        }
        if (!earlier.idNamespace().equals(plan.idNamespace())) {
            differences.add("idNamespace \"" + earlier.idNamespace() + "\" then, \"" + plan.idNamespace() + "\" now");
        }
        String idThen = earlier.table(earlierModel).idAttribute();
        String idNow = plan.table(model).idAttribute();
        if (!idThen.equals(idNow)) {
            differences.add("idAttribute \"" + idThen + "\" then, \"" + idNow + "\" now");
        }
        return differences;
    }

    /**
     * The newest run that wrote what this plan writes, under the same IDs, for the most of this run's tables: the run a
     * target already holding exactly what this plan writes is owed to.
     */
    Optional<RunManifest> sameIdsWriter() {
        Map<RunManifest, Long> tables = copies.stream().filter(Copy::sameIds)
                .collect(Collectors.groupingBy(Copy::run, LinkedHashMap::new, Collectors.counting()));
        // Newest first already: max keeps the first of equal counts.
        return tables.entrySet().stream().reduce((a, b) -> b.getValue() > a.getValue() ? b : a).map(Map.Entry::getKey);
    }

    /**
     * Refuses the run when an earlier run's copy under other IDs is still in one of the target tables (some of its keys
     * are found there), naming the newest such run, the tables, what differs and the ways on; {@code items} reaches the
     * target tables.
     */
    void refuseSecondMapping(ItemStore items) {
        secondMapping(items).ifPresent(message -> {
            throw new SecondMappingException(message);
        });
    }

    /** The refusal {@link #refuseSecondMapping} makes, as a message; empty when there is none. */
    Optional<String> secondMapping(ItemStore items) {
        Map<String, List<Copy>> byRun = new LinkedHashMap<>();
        for (Copy copy : copies) {
            if (!copy.sameIds() && stillThere(copy, items)) {
                byRun.computeIfAbsent(copy.run().runId(), r -> new ArrayList<>()).add(copy);
            }
        }
        if (byRun.isEmpty()) {
            return Optional.empty();
        }
        List<Copy> newest = byRun.values().iterator().next();
        RunManifest run = newest.get(0).run();
        List<String> named = newest.stream().limit(TABLES_NAMED)
                .map(c -> c.sourceTable() + " → " + c.targetTable() + " (" + String.join("; ", c.differences()) + ")").toList();
        int more = newest.size() - named.size();
        List<String> others = byRun.keySet().stream().skip(1).toList();
        List<String> all = new ArrayList<>(byRun.keySet());
        return Optional.of("run " + run.runId() + " (" + run.mode().text() + ", " + run.status().text() + ") copied the same source"
                + " tables into the same target tables under IDs derived otherwise: " + String.join(", ", named)
                + (more > 0 ? " and " + more + " more " + (more == 1 ? "table" : "tables") : "")
                + (others.isEmpty() ? "" : "; so did run" + (others.size() == 1 ? " " : "s ") + String.join(", ", others))
                + "; this plan would write each of their items a second time, under new IDs. Roll back "
                + (others.isEmpty() ? "that run first (" + run.rollbackCommand() + ")" : "those runs first ("
                + run.rollbackCommand() + ", and so on)")
                + ", or, to keep both copies on purpose, add \"alongside\": [" + all.stream().map(r -> "\"" + r + "\"")
                .collect(Collectors.joining(", ")) + "] to the plan");
    }

    /**
     * Whether some of the keys the copy's run wrote into its target table are still there: a run whose items were
     * deleted by other means since has left nothing to copy twice. A journal that cannot be read says nothing, and the
     * copy counts as there.
     */
    private boolean stillThere(Copy copy, ItemStore items) {
        List<Map<String, AttributeValue>> keys = writtenKeys(copy.run().runId(), copy.earlierModel());
        return keys.isEmpty() || !items.getAll(copy.targetTable(), keys, true).isEmpty();
    }

    /** Up to {@link #KEYS_LOOKED_UP} keys the run created or overwrote in a model's target table, from its journal. */
    private List<Map<String, AttributeValue>> writtenKeys(String runId, String model) {
        Journal journal = new Journal(artifacts);
        List<String> entries = artifacts.list(RunLayout.journal(runId, model, 0));
        if (entries.isEmpty()) {
            List<String> segments = artifacts.children(RunLayout.journal(runId) + model + "/");
            entries = segments.isEmpty() ? List.of() : artifacts.list(RunLayout.journal(runId) + model + "/" + segments.get(0) + "/");
        }
        // By their JSON text: a key journaled twice (a page redone) is looked up once, as BatchGetItem requires.
        Map<String, Map<String, AttributeValue>> keys = new LinkedHashMap<>();
        for (String key : entries.stream().limit(ENTRIES_READ).toList()) {
            for (JournalRecord record : journal.read(key).map(JournalEntry::records).orElse(List.of())) {
                if (keys.size() < KEYS_LOOKED_UP && !record.action().leftAlone()) {
                    keys.putIfAbsent(record.key().toString(), DynamoJson.item(record.key()));
                }
            }
        }
        return new ArrayList<>(keys.values());
    }
}
