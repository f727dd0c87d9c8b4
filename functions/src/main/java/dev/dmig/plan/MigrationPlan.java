package dev.dmig.plan;

import dev.dmig.store.Account;
import dev.dmig.store.Sides;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated migration plan: which models move from which environment to which, and how.
 * Physical table name = model name + environment suffix. {@code alongside}: earlier runs whose copy of the same
 * source tables, under IDs derived otherwise, this plan writes a second copy beside on purpose.
 * {@code sections}: the value of each feature's section the plan uses ({@link #section}), by its type, the two sides'
 * Storage buckets ({@link #storage}) and the identity map's sources ({@link #identities}) among them.
 */
public record MigrationPlan(String sourceSuffix, String targetSuffix, String idNamespace, ConflictPolicy onConflict,
                            Integer segments, Integer writeRateLimit, boolean backup, boolean backupBeforeWrite,
                            Map<String, TablePlan> tables, String digest, Account sourceAccount, Account targetAccount,
                            List<String> alongside, Map<Class<?>, Object> sections) {

    public MigrationPlan {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        alongside = alongside == null ? List.of() : List.copyOf(alongside);
        sourceAccount = sourceAccount == null ? Account.OWN : sourceAccount;
        targetAccount = targetAccount == null ? Account.OWN : targetAccount;
        sections = sections == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** The value of a feature's section of the plan ({@code type}: its value's type); null when the plan has none. */
    public <T> T section(Class<T> type) {
        return type.cast(sections.get(type));
    }

    /**
     * The two sides' Storage buckets, which its file references name objects of, and what becomes of a reference whose
     * object is missing: the files feature's section ({@link Storage}); {@link Storage#NONE} when the plan names no bucket.
     */
    public Storage storage() {
        Storage storage = section(Storage.class);
        return storage == null ? Storage.NONE : storage;
    }

    /** Where the map of the plan's identity references comes from: the identity feature's section; null when it has none. */
    public Identities identities() {
        return section(Identities.class);
    }

    /** Each side's suffix and account, for the stores that reach them. */
    public Sides sides() {
        return new Sides(sourceSuffix, sourceAccount, targetSuffix, targetAccount);
    }

    /** This plan as run {@code runId} carries it out: a side reached through a role is assumed under that run's session name. */
    public MigrationPlan forRun(String runId) {
        return new MigrationPlan(sourceSuffix, targetSuffix, idNamespace, onConflict, segments, writeRateLimit, backup,
                backupBeforeWrite, tables, digest, sourceAccount.forRun(runId), targetAccount.forRun(runId), alongside, sections);
    }

    /** What a run does at {@code model}'s keys the target already holds: its entry's {@code onConflict}, else the plan's. */
    public ConflictPolicy onConflictOf(String model) {
        TablePlan table = tables.get(model);
        ConflictPolicy own = table == null ? null : table.feature(ConflictPolicy.class);
        return own == null ? onConflict : own;
    }

    public String sourceTable(String model) {
        return model + sourceSuffix;
    }

    public String targetTable(String model) {
        return model + targetSuffix;
    }

    /** Whether any table's entry uses the feature of this type ({@link TablePlan#feature}). */
    public boolean uses(Class<?> feature) {
        return tables.values().stream().anyMatch(table -> table.feature(feature) != null);
    }

    public TablePlan table(String model) {
        TablePlan table = tables.get(model);
        if (table == null) {
            throw new IllegalArgumentException("model " + model + " is not in the plan");
        }
        return table;
    }

    /** Models that are migrated (not {@code skip}), in plan order. */
    public List<String> migratedModels() {
        List<String> models = new ArrayList<>();
        tables.values().stream().filter(t -> !t.skip()).forEach(t -> models.add(t.model()));
        return models;
    }

    /** The model whose source table has this physical name, if the name carries the source suffix. */
    public String modelOfSourceTable(String physicalName) {
        return physicalName.endsWith(sourceSuffix) ? physicalName.substring(0, physicalName.length() - sourceSuffix.length()) : null;
    }

    /** Items/s the model's target table may take: its own limit, else the plan's; null or 0 for none. */
    public Integer writeRateLimitOf(String model) {
        Integer own = table(model).writeRateLimit();
        return own != null ? own : writeRateLimit;
    }

    /** Whether some migrated table holds file references: the run copies objects too. */
    public boolean copiesFiles() {
        return tables.values().stream().anyMatch(t -> !t.skip() && !t.files().isEmpty());
    }

    public IdStrategy idsOf(String model) {
        TablePlan table = tables.get(model);
        return table == null ? IdStrategy.SHA256 : table.ids();
    }
}
