package dev.dmig.feature.mask;

import dev.dmig.files.ObjectReader;
import dev.dmig.migrate.FileSources;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A masked run's Storage files: per file reference of a table (a path of its {@code files}), what its {@code mask} makes of
 * the objects: {@code placeholder} (a small file of the object's type at the key the copy would take, {@link Placeholder}),
 * {@code remove} (no object, and the attribute removed from the record, so that nothing names a file that is not there) or
 * {@code keep} (the objects copied as they are). The files feature reads the objects through it ({@link FileSources}): the
 * analysis, the copy, validation and the rollback see the placeholder as the object, and a removed file's object not at all.
 */
final class MaskedFiles implements FileSources {
    /** The kinds a file reference may be masked as. */
    static final Set<MaskKind> KINDS = Set.of(MaskKind.PLACEHOLDER, MaskKind.REMOVE, MaskKind.KEEP);
    private static final String CHOICES = "\"placeholder\" (a small file of the same type in its stead), \"remove\" (no file, and"
            + " the attribute removed from the record) or \"keep\" (the files copied as they are)";

    /** Per table, per file path, a kind that changes what is copied: {@code placeholder} or {@code remove}. */
    private final Map<String, Map<String, MaskKind>> tables;

    private MaskedFiles(Map<String, Map<String, MaskKind>> tables) {
        this.tables = tables;
    }

    /** The plan's: null when it is not masked or copies every file as it is. */
    static FileSources of(MigrationPlan plan) {
        if (plan.section(MaskSettings.class) == null || !plan.copiesFiles()) {
            return null;
        }
        Map<String, Map<String, MaskKind>> tables = new LinkedHashMap<>();
        plan.tables().forEach((model, table) -> {
            TableMask mask = table.feature(TableMask.class);
            if (mask == null) {
                return;
            }
            mask.rules().stream().filter(rule -> rule.parts() == null && table.files().containsKey(rule.path())
                    && rule.kind() != MaskKind.KEEP)
                    .forEach(rule -> tables.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(rule.path().text(), rule.kind()));
        });
        return tables.isEmpty() ? null : new MaskedFiles(tables);
    }

    @Override
    public String sourceKey(String model, String path, String key) {
        MaskKind kind = tables.getOrDefault(model, Map.of()).get(path);
        if (kind == null) {
            return key;
        }
        return kind == MaskKind.PLACEHOLDER ? PlaceholderObjects.standIn(key) : null;
    }

    @Override
    public ObjectReader reader(ObjectReader bucket) {
        return new PlaceholderObjects(bucket);
    }

    /** Whether {@code rule} is one of a file reference of {@code table}, which {@link #check} checks instead of the others. */
    static boolean ofAFile(TablePlan table, MaskRule rule) {
        return table.files().containsKey(rule.path());
    }

    /**
     * {@code table}'s rules of files: a file reference masked by a kind of values (its value names an object: what is masked
     * is the object), or {@code placeholder} at a path that is no file reference; each problem one line with the fix.
     */
    static void check(TablePlan table, TableMask mask, List<Problem> problems) {
        for (MaskRule rule : mask.rules()) {
            String path = rule.path().text();
            if (ofAFile(table, rule) && (rule.parts() != null || !KINDS.contains(rule.kind()))) {
                problems.add(Problem.attribute(table.model(), path, "is a file reference, whose value names an object of the"
                        + " Storage bucket, and mask masks the object, not the value: mask it as " + CHOICES));
            } else if (!ofAFile(table, rule) && rule.kind() == MaskKind.PLACEHOLDER && rule.parts() == null) {
                problems.add(Problem.attribute(table.model(), path, "mask placeholder stands for a Storage file, and " + path
                        + " is none of table " + table.model() + "'s files" + files(table) + ": name a file reference, or"
                        + " mask it as another kind"));
            }
        }
    }

    private static String files(TablePlan table) {
        return table.files().isEmpty() ? "" : " (" + String.join(", ", table.files().keySet().stream().map(ReferencePath::text).toList()) + ")";
    }

    /**
     * Strict mode of a masked run that copies files: each of {@code table}'s file references that its mask does not decide,
     * one line with the fix. A file holds what a user uploaded (a photo, a document, under Amplify's {@code protected/} or
     * {@code private/} a person's own), so every file is personal until the plan says what to do with it.
     */
    static void undecided(MigrationPlan plan, TablePlan table, List<Problem> problems) {
        if (!plan.copiesFiles()) {
            return;
        }
        TableMask mask = table.feature(TableMask.class);
        for (ReferencePath path : table.files().keySet()) {
            boolean decided = mask != null && mask.rules().stream().anyMatch(rule -> rule.path().equals(path));
            if (!decided) {
                problems.add(Problem.attribute(table.model(), path.text(), "names Storage files, which hold what people upload,"
                        + " and the plan neither masks nor keeps them: add \"" + path.text() + "\": \"placeholder\" (a small file"
                        + " of the same type in each one's stead) or \"remove\" to table " + table.model() + "'s mask, or \""
                        + path.text() + "\": \"keep\" to copy the files as they are"));
            }
        }
    }
}
