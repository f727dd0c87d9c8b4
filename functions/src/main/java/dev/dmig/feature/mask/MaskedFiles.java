package dev.dmig.feature.mask;

import dev.dmig.files.ObjectReader;
import dev.dmig.migrate.FileSources;
import dev.dmig.plan.FileFormat;
import dev.dmig.plan.FileReference;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A masked run's Storage files: per file reference of a table (a path of its {@code files}), what its {@code mask} makes of
 * the objects: {@code placeholder} (a small file of the object's type at the key the copy would take, {@link Placeholder}),
 * {@code remove} (no object, and the attribute removed from the record, so that nothing names a file that is not there) or
 * {@code keep} (the objects copied as they are); with a pattern ({@code {"kind": "placeholder", "pattern":
 * "avatars/{email}.png", "email": "email"}}, of a file whose values are keys), the parts of the key its placeholders
 * name masked as the record's value is ({@link MaskRewrite}), so the object is written at the key the masked record names.
 * The files feature reads the objects through it ({@link FileSources}): the analysis, the copy, validation and the
 * rollback see the placeholder as the object, a removed file's object not at all, and a masked key as the object's.
 */
final class MaskedFiles implements FileSources {
    /** The kinds a file reference may be masked as. */
    static final Set<MaskKind> KINDS = Set.of(MaskKind.PLACEHOLDER, MaskKind.REMOVE, MaskKind.KEEP);
    private static final String CHOICES = "\"placeholder\" (a small file of the same type in its stead), \"remove\" (no file, and"
            + " the attribute removed from the record) or \"keep\" (the files copied as they are)";

    /** Per table, per file path, a rule that changes what is copied, or where: {@code placeholder}, {@code remove}, a pattern. */
    private final Map<String, Map<String, Masked>> tables;
    private final MaskSettings settings;
    private Masker masker;
    private ScanKeySeal seal;

    /** A file reference's rule, and the file reference, whose prefix a key's value is after. */
    private record Masked(MaskRule rule, FileReference file) {}

    private MaskedFiles(Map<String, Map<String, Masked>> tables, MaskSettings settings) {
        this.tables = tables;
        this.settings = settings;
    }

    /** The plan's: null when it is not masked or copies no file. */
    static FileSources of(MigrationPlan plan) {
        if (plan.section(MaskSettings.class) == null || !plan.copiesFiles()) {
            return null;
        }
        Map<String, Map<String, Masked>> tables = new LinkedHashMap<>();
        plan.tables().forEach((model, table) -> {
            TableMask mask = table.feature(TableMask.class);
            if (mask == null) {
                return;
            }
            mask.rules().stream().filter(rule -> ofAFile(table, rule) && (rule.kind() != MaskKind.KEEP || rule.parts() != null))
                    .forEach(rule -> tables.computeIfAbsent(model, m -> new LinkedHashMap<>())
                            .put(rule.path().text(), new Masked(rule, table.files().get(rule.path()))));
        });
        // Every masked run's, so that the journal keeps no source key as it is ({@link #keptKey}).
        return new MaskedFiles(tables, plan.section(MaskSettings.class));
    }

    @Override
    public String sourceKey(String model, String path, String key) {
        MaskKind kind = kind(model, path);
        if (kind == null || kind == MaskKind.KEEP) {
            return key;
        }
        return kind == MaskKind.PLACEHOLDER ? PlaceholderObjects.standIn(key) : null;
    }

    /** A file masked as {@code placeholder}: its objects' placeholders, the run's counts of them said as such. */
    @Override
    public String standIns(String model, String path) {
        return kind(model, path) == MaskKind.PLACEHOLDER ? "placeholder" : null;
    }

    /** A file masked as {@code remove}: its objects left out, the run's counts of them said as removed by the mask. */
    @Override
    public String leftOutBy(String model, String path) {
        return kind(model, path) == MaskKind.REMOVE ? "removed by the mask" : null;
    }

    private MaskKind kind(String model, String path) {
        Masked masked = tables.getOrDefault(model, Map.of()).get(path);
        return masked == null ? null : masked.rule().kind();
    }

    /**
     * The key with the parts its file's pattern names masked, as the rewrite masks the value that names it (the key's part
     * after the file's prefix); a key no pattern takes is the rewrite's to refuse, with its item, and stays as it is here.
     */
    @Override
    public String targetKey(String model, String path, String key) {
        Masked masked = tables.getOrDefault(model, Map.of()).get(path);
        if (masked == null || masked.rule().parts() == null || !key.startsWith(masked.file().prefix())) {
            return key;
        }
        try {
            AttributeValue value = AttributeValue.fromS(key.substring(masked.file().prefix().length()));
            return masked.file().objectKey(masker().mask(masked.rule(), value).s());
        } catch (IllegalArgumentException e) {
            return key;
        }
    }

    /** The key is read when the first key is masked, as the rewrite reads it. */
    private synchronized Masker masker() {
        if (masker == null) {
            masker = new Masker(settings.key());
        }
        return masker;
    }

    /** Sealed under the masking key: an object's key may hold a value the run masks (an email in an avatar's name). */
    @Override
    public String keptKey(String key) {
        return seal().sealedText(key);
    }

    @Override
    public String openedKey(String kept) {
        return seal().openedText(kept);
    }

    private synchronized ScanKeySeal seal() {
        if (seal == null) {
            seal = new ScanKeySeal(settings.key());
        }
        return seal;
    }

    @Override
    public ObjectReader reader(ObjectReader bucket) {
        boolean placeholders = tables.values().stream().flatMap(paths -> paths.values().stream())
                .anyMatch(masked -> masked.rule().kind() == MaskKind.PLACEHOLDER);
        return placeholders ? new PlaceholderObjects(bucket) : bucket;
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
            boolean filed = rule.kind() == MaskKind.PLACEHOLDER || rule.kind() == MaskKind.KEEP;
            if (ofAFile(table, rule) && rule.parts() != null) {
                keyed(table, rule, filed, problems);
            } else if (ofAFile(table, rule) && !KINDS.contains(rule.kind())) {
                problems.add(Problem.attribute(table.model(), path, "is a file reference, whose value names an object of the"
                        + " Storage bucket, and mask masks the object, not the value: mask it as " + CHOICES));
            } else if (!ofAFile(table, rule) && rule.parts() != null && filed) {
                problems.add(Problem.attribute(table.model(), path, "mask pattern " + rule.parts().describe() + " has a \"kind\","
                        + " which only a file reference's takes" + files(table) + ": take \"kind\" out"));
            } else if (!ofAFile(table, rule) && rule.kind() == MaskKind.PLACEHOLDER && rule.parts() == null) {
                problems.add(Problem.attribute(table.model(), path, "mask placeholder stands for a Storage file, and " + path
                        + " is none of table " + table.model() + "'s files" + files(table) + ": name a file reference, or"
                        + " mask it as another kind"));
            }
        }
    }

    /** A file reference whose key's parts a pattern masks: its kind said beside it, its values keys. */
    private static void keyed(TablePlan table, MaskRule rule, boolean filed, List<Problem> problems) {
        String path = rule.path().text();
        if (!filed) {
            problems.add(Problem.attribute(table.model(), path, "is a file reference whose key's parts mask pattern "
                    + rule.parts().describe() + " masks: say what becomes of its objects beside it, \"kind\": \"placeholder\" or"
                    + " \"keep\", like {\"kind\": \"placeholder\", \"pattern\": \"avatars/{email}.png\", \"email\": \"email\"}"));
        } else if (table.files().get(rule.path()).format() != FileFormat.KEY) {
            problems.add(Problem.attribute(table.model(), path, "is a file reference of " + table.files().get(rule.path()).format()
                    .planName() + " values, and mask patterns mask the keys of files whose values are keys (format key): take the"
                    + " pattern out (\"" + path + "\": \"" + rule.kind().planName() + "\"), or remove the file"));
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
