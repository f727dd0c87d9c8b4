package dev.dmig.migrate;

import dev.dmig.identity.Usernames;
import dev.dmig.ids.IdMapper;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.DataStoreMode;
import dev.dmig.plan.FileReference;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.ObjectKeys;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.UnmatchedPolicy;
import dev.dmig.plan.ValueMapping;
import dev.dmig.plan.ValuePattern;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.ItemKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a source item into its target item: the table's own ID and every reference mapped with
 * the deterministic ID function, the IDs inside composite values by their patterns, file references renamed
 * with them (to the target's bucket), DataStore's fields reset (under {@code reset}), then rename, remove and set. Every other attribute, type and
 * value is carried over exactly; list order, duplicates, NULL and empty-string elements stay.
 */
public final class ItemTransformer {
    /** S3's longest object key, in bytes of UTF-8. */
    static final int MAX_KEY_BYTES = 1024;
    private final MigrationPlan plan;
    private final IdMapper ids;
    private final RunMappings run;

    /** For mapping outside a run (tests, benchmarks): DataStore rows under {@code reset} cannot be mapped. */
    public ItemTransformer(MigrationPlan plan) {
        this(plan, RunMappings.NONE);
    }

    public ItemTransformer(MigrationPlan plan, RunMappings run) {
        this.plan = plan;
        this.ids = new IdMapper(plan.idNamespace());
        this.run = run;
    }

    /** Receives each non-empty reference value found in an item. */
    @FunctionalInterface
    public interface ReferenceVisitor {
        void visit(ReferencePath path, String targetModel, String id);
    }

    public MigrationPlan plan() {
        return plan;
    }

    /** The target ID of a record of {@code model}, by that model's ID strategy. */
    public String newId(String model, String oldId) {
        return plan.idsOf(model) == IdStrategy.PRESERVE ? oldId : ids.newId(model, oldId);
    }

    /** The target item for a source item of {@code model}; throws {@link ItemInvalidException} naming table, attribute and key. */
    @SuppressWarnings("ReferenceEquality") // a mapping returns the very value it was given when it changed nothing
    public Map<String, AttributeValue> transform(String model, Map<String, AttributeValue> source) {
        TablePlan table = plan.table(model);
        Map<String, AttributeValue> item = new HashMap<>(source);
        // An ID attribute mapped by a pattern gets its new value with the other patterns.
        if (table.ids() == IdStrategy.SHA256 && !table.idMapped()) {
            AttributeValue id = source.get(table.idAttribute());
            if (id == null || id.type() != AttributeValue.Type.S || id.s().isEmpty()) {
                throw invalid(model, table.idAttribute(), source, id == null
                        ? "the item has no ID attribute"
                        : "sha256 IDs must be non-empty strings, found " + describe(id));
            }
            item.put(table.idAttribute(), AttributeValue.fromS(ids.newId(model, id.s())));
        }
        for (Map.Entry<ReferencePath, String> reference : table.references().entrySet()) {
            String target = reference.getValue();
            if (plan.idsOf(target) == IdStrategy.PRESERVE) {
                continue;
            }
            ReferencePath path = reference.getKey();
            AttributeValue value = item.get(path.attribute());
            AttributeValue mapped = walk(value, path, 0, id -> ids.newId(target, id), model, source);
            if (mapped != value) {
                item.put(path.attribute(), mapped);
            }
        }
        for (Map.Entry<ReferencePath, ValueMapping> mapping : table.mappings().entrySet()) {
            ReferencePath path = mapping.getKey();
            AttributeValue value = item.get(path.attribute());
            AttributeValue mapped = walk(value, path, 0, v -> mapped(model, path, mapping.getValue(), v, source), model, source);
            if (mapped == null) {
                // An identity without a match, removed (identities.onUnmatched is remove).
                item.remove(path.attribute());
            } else if (mapped != value) {
                item.put(path.attribute(), mapped);
            }
        }
        for (Map.Entry<ReferencePath, FileReference> file : table.files().entrySet()) {
            ReferencePath path = file.getKey();
            AttributeValue value = item.get(path.attribute());
            AttributeValue mapped = walk(value, path, 0, v -> {
                FileKeys keys = fileKeys(model, path, file.getValue(), v, source);
                return keys == null ? null : keys.value();
            }, model, source);
            if (mapped == null) {
                item.remove(path.attribute());
            } else if (mapped != value) {
                item.put(path.attribute(), mapped);
            }
        }
        if (table.datastore() == DataStoreMode.RESET && DataStoreItems.managed(source)) {
            DataStoreItems.reset(item, run.startedAt());
        } else if (table.syncable() && !DataStoreItems.managed(source)) {
            // A row of a DataStore table written outside AppSync: without the fields, clients could never update it.
            DataStoreItems.stamp(item, run.startedAt());
        }
        if (table.hasEdits()) {
            edit(table, item, source);
        }
        return item;
    }

    /**
     * Whether a source item of {@code model} is copied at all: a soft-deleted DataStore row under {@code reset} is not, nor
     * one that holds an identity without a match under {@code onUnmatched: drop} ({@link #leftBehindUnmatched}).
     */
    public boolean copies(String model, Map<String, AttributeValue> source) {
        return (plan.table(model).datastore() != DataStoreMode.RESET || !DataStoreItems.softDeleted(source))
                && !leftBehindUnmatched(model, source);
    }

    /**
     * Whether the item is left behind because it holds an identity the map has no match for and its table's
     * {@code onUnmatched} is {@code drop}. An item whose values do not even match their patterns is not: mapping it
     * names that problem.
     */
    public boolean leftBehindUnmatched(String model, Map<String, AttributeValue> source) {
        if (plan.onUnmatched(model) != UnmatchedPolicy.DROP) {
            return false;
        }
        boolean[] unmatched = {false};
        try {
            forEachIdentity(model, source, (path, kind, value, matched) -> unmatched[0] |= !matched);
        } catch (ItemInvalidException e) {
            return false;
        }
        return unmatched[0];
    }

    /**
     * Whether {@code existing} is what mapping the same source item gives ({@code mapped}), up to what differs from one
     * run to the next: a reset DataStore row's {@code _lastChangedAt}, the run's start. So a record an earlier run wrote
     * is known for the same.
     */
    public boolean sameRecord(String model, Map<String, AttributeValue> existing, Map<String, AttributeValue> mapped) {
        TablePlan table = plan.table(model);
        if ((table.datastore() == DataStoreMode.RESET || table.syncable()) && DataStoreItems.managed(mapped)) {
            return ContentDigest.same(DataStoreItems.unstamped(existing), DataStoreItems.unstamped(mapped));
        }
        return ContentDigest.same(existing, mapped);
    }

    /**
     * {@code value} built again by the first of the mapping's patterns it matches, each placeholder's part mapped; null
     * when an identity in it has no match and the plan removes such values.
     */
    private String mapped(String model, ReferencePath path, ValueMapping mapping, String value, Map<String, AttributeValue> source) {
        Matched matched = match(model, path, mapping, value, source);
        List<String> parts = matched.parts();
        for (int i = 0; i < parts.size(); i++) {
            PlaceholderTarget target = matched.pattern().placeholders().get(i).target();
            if (target instanceof PlaceholderTarget.Model m) {
                parts.set(i, newId(m.model(), parts.get(i)));
            } else if (target instanceof PlaceholderTarget.Identity identity) {
                String user = run.identities().map(identity.kind(), parts.get(i));
                if (user == null) {
                    UnmatchedPolicy policy = plan.onUnmatched(model);
                    if (policy == UnmatchedPolicy.REMOVE) {
                        return null;
                    }
                    if (policy == UnmatchedPolicy.REFUSE || policy == UnmatchedPolicy.DROP) {
                        // Under drop such an item is left behind before it is mapped (copies): mapping it anyway is refused.
                        throw invalid(model, path.text(), source, "identity '" + shortened(Usernames.shownValue(parts.get(i))) + "' has no match in "
                                + plan.identities().mapName() + run.identities().advice(identity.kind(), parts.get(i), plan.identities())
                                + ", or set identities.onUnmatched to keep or remove");
                    }
                    user = parts.get(i);
                }
                parts.set(i, user);
            }
        }
        return matched.pattern().render(parts);
    }

    /** What one file value of an item names: the object in the source bucket, its name in the target's, and the value that names it there. */
    private record FileKeys(String sourceKey, String targetKey, String value) {}

    /** Receives each non-empty file value of a source item: its path, the object's key in the source bucket and in the target's. */
    @FunctionalInterface
    public interface FileVisitor {
        void visit(String path, String sourceKey, String targetKey);
    }

    /**
     * Visits every non-empty file value of a source item (one an identity without a match leaves out under {@code remove}
     * is not visited: its object is not copied); throws {@link ItemInvalidException} as {@link #transform} does.
     */
    public void forEachFile(String model, Map<String, AttributeValue> item, FileVisitor visitor) {
        for (Map.Entry<ReferencePath, FileReference> file : plan.table(model).files().entrySet()) {
            ReferencePath path = file.getKey();
            walk(item.get(path.attribute()), path, 0, value -> {
                FileKeys keys = fileKeys(model, path, file.getValue(), value, item);
                if (keys != null) {
                    visitor.visit(path.text(), keys.sourceKey(), keys.targetKey());
                }
                return value;
            }, model, item);
        }
    }

    /** The object a file value names and its new name; null when an identity in it has no match and the plan removes such values. */
    private FileKeys fileKeys(String model, ReferencePath path, FileReference file, String value, Map<String, AttributeValue> item) {
        String sourceBucket = plan.storage().sourceBucket();
        String part;
        try {
            part = file.keyPart(value, sourceBucket);
        } catch (IllegalArgumentException e) {
            throw invalid(model, path.text(), item, e.getMessage());
        }
        String mapped = file.mapping() == null ? part : mapped(model, path, file.mapping(), part, item);
        if (mapped == null) {
            return null;
        }
        String targetKey = file.objectKey(mapped);
        int bytes = targetKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw invalid(model, path.text(), item, "the object key '" + shortened(targetKey) + "' would be " + bytes
                    + " bytes, over S3's " + MAX_KEY_BYTES);
        }
        String sourceKey = file.objectKey(part);
        ObjectKeys.refusal(sourceKey, targetKey).ifPresent(why -> {
            throw invalid(model, path.text(), item, why);
        });
        return new FileKeys(sourceKey, targetKey, file.value(value, mapped, sourceBucket, plan.storage().targetBucket()));
    }

    /** Receives each non-empty identity value found in an item, and whether the identity map has a match for it. */
    @FunctionalInterface
    public interface IdentityVisitor {
        void visit(String path, IdentityKind kind, String value, boolean matched);
    }

    /** Visits every non-empty identity value of a source item, by its path as analysis reports it ({@code owner}, {@code PK{sub}}). */
    public void forEachIdentity(String model, Map<String, AttributeValue> item, IdentityVisitor visitor) {
        TablePlan table = plan.table(model);
        Map<ReferencePath, ValueMapping> mappings = new LinkedHashMap<>(table.mappings());
        table.files().forEach((path, file) -> {
            if (file.mapping() != null) {
                mappings.put(path, file.mapping());
            }
        });
        for (Map.Entry<ReferencePath, ValueMapping> mapping : mappings.entrySet()) {
            ReferencePath path = mapping.getKey();
            if (!mapping.getValue().mapsIdentities()) {
                continue;
            }
            FileReference file = table.files().get(path);
            walk(item.get(path.attribute()), path, 0, whole -> {
                String value = file == null ? whole : keyPart(model, path, file, whole, item);
                Matched matched = match(model, path, mapping.getValue(), value, item);
                for (int i = 0; i < matched.parts().size(); i++) {
                    ValuePattern.Placeholder placeholder = matched.pattern().placeholders().get(i);
                    if (placeholder.target() instanceof PlaceholderTarget.Identity identity) {
                        String part = matched.parts().get(i);
                        visitor.visit(TablePlan.placeholderPath(path, placeholder.name()), identity.kind(), part,
                                run.identities().map(identity.kind(), part) != null);
                    }
                }
                return whole;
            }, model, item);
        }
    }

    private String keyPart(String model, ReferencePath path, FileReference file, String value, Map<String, AttributeValue> item) {
        try {
            return file.keyPart(value, plan.storage().sourceBucket());
        } catch (IllegalArgumentException e) {
            throw invalid(model, path.text(), item, e.getMessage());
        }
    }

    /** The parts of {@code value} that hold IDs of a model, each by its placeholder's path ({@code SK{id}}). */
    private void forEachPlaceholder(String model, ReferencePath path, ValueMapping mapping, String value,
                                    Map<String, AttributeValue> item, ReferenceVisitor visitor) {
        Matched matched = match(model, path, mapping, value, item);
        for (int i = 0; i < matched.parts().size(); i++) {
            ValuePattern.Placeholder placeholder = matched.pattern().placeholders().get(i);
            if (placeholder.target() instanceof PlaceholderTarget.Model target) {
                visitor.visit(new ReferencePath(TablePlan.placeholderPath(path, placeholder.name()), path.steps()),
                        target.model(), matched.parts().get(i));
            }
        }
    }

    /** The first of a mapping's patterns that {@code value} matches, and its parts. */
    private record Matched(ValuePattern pattern, List<String> parts) {}

    private Matched match(String model, ReferencePath path, ValueMapping mapping, String value, Map<String, AttributeValue> item) {
        for (ValuePattern pattern : mapping.alternatives()) {
            List<String> parts = pattern.match(value);
            if (parts != null) {
                return new Matched(pattern, parts);
            }
        }
        throw invalid(model, path.text(), item, "'" + shortened(value) + "' "
                + (mapping.alternatives().size() == 1 ? "does not match its pattern " : "matches none of its patterns ")
                + mapping.describe());
    }

    private static String shortened(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    /** Visits every non-empty reference value of a (source or target) item; checks types as {@link #transform} does. */
    public void forEachReference(String model, Map<String, AttributeValue> item, ReferenceVisitor visitor) {
        for (Map.Entry<ReferencePath, String> reference : plan.table(model).references().entrySet()) {
            ReferencePath path = reference.getKey();
            String target = reference.getValue();
            boolean preserved = plan.idsOf(target) == IdStrategy.PRESERVE;
            try {
                walk(item.get(path.attribute()), path, 0, id -> {
                    visitor.visit(path, target, id);
                    return id;
                }, model, item);
            } catch (ItemInvalidException e) {
                // References to preserved tables are copied as they are, whatever their type.
                if (!preserved) {
                    throw e;
                }
            }
        }
        for (Map.Entry<ReferencePath, ValueMapping> mapping : plan.table(model).mappings().entrySet()) {
            ReferencePath path = mapping.getKey();
            if (mapping.getValue().models().isEmpty()) {
                continue;
            }
            walk(item.get(path.attribute()), path, 0, value -> {
                forEachPlaceholder(model, path, mapping.getValue(), value, item, visitor);
                return value;
            }, model, item);
        }
    }

    private void edit(TablePlan table, Map<String, AttributeValue> item, Map<String, AttributeValue> source) {
        Map<String, AttributeValue> renamed = new LinkedHashMap<>();
        for (Map.Entry<String, String> rename : table.rename().entrySet()) {
            AttributeValue value = item.remove(rename.getKey());
            if (value != null) {
                renamed.put(rename.getValue(), value);
            }
        }
        for (Map.Entry<String, AttributeValue> entry : renamed.entrySet()) {
            if (item.containsKey(entry.getKey())) {
                throw invalid(table.model(), entry.getKey(), source,
                        "rename would overwrite the existing attribute " + entry.getKey());
            }
            item.put(entry.getKey(), entry.getValue());
        }
        table.remove().forEach(item::remove);
        item.putAll(table.set());
    }

    /** Maps one string value; null removes it (the attribute, or the element of its list or set). */
    private interface IdFunction {
        String apply(String id);
    }

    @SuppressWarnings("ReferenceEquality") // a mapping returns the very value it was given when it changed nothing
    private AttributeValue walk(AttributeValue value, ReferencePath path, int step, IdFunction f,
                                String model, Map<String, AttributeValue> item) {
        if (value == null || value.type() == AttributeValue.Type.NUL) {
            return value;
        }
        ReferencePath.Step here = path.steps().get(step);
        boolean last = step == path.steps().size() - 1;
        if (!here.each()) {
            if (last) {
                if (value.type() != AttributeValue.Type.S) {
                    throw invalid(model, path.text(), item, "expected a string ID, found " + describe(value));
                }
                return value.s().isEmpty() ? value : string(f.apply(value.s()));
            }
            if (value.type() != AttributeValue.Type.M) {
                throw invalid(model, path.text(), item, "expected a map at '" + here.name() + "', found " + describe(value));
            }
            return inMap(value, path, step + 1, f, model, item);
        }
        if (last && value.type() == AttributeValue.Type.SS) {
            List<String> mapped = new ArrayList<>(value.ss().size());
            value.ss().forEach(id -> {
                String result = f.apply(id);
                if (result != null) {
                    mapped.add(result);
                }
            });
            // DynamoDB refuses an empty set: a set whose every element was removed goes.
            return mapped.isEmpty() ? null : AttributeValue.fromSs(mapped);
        }
        if (value.type() != AttributeValue.Type.L) {
            throw invalid(model, path.text(), item, "expected a list" + (last ? " or string set of IDs" : " of maps")
                    + " at '" + here.name() + "', found " + describe(value));
        }
        List<AttributeValue> elements = value.l();
        List<AttributeValue> mapped = null;
        for (int i = 0; i < elements.size(); i++) {
            AttributeValue element = elements.get(i);
            AttributeValue result;
            if (element.type() == AttributeValue.Type.NUL) {
                result = element;
            } else if (last) {
                if (element.type() != AttributeValue.Type.S) {
                    throw invalid(model, path.text(), item, "element " + i + " should be a string ID, found " + describe(element));
                }
                result = element.s().isEmpty() ? element : string(f.apply(element.s()));
            } else {
                if (element.type() != AttributeValue.Type.M) {
                    throw invalid(model, path.text(), item, "element " + i + " should be a map, found " + describe(element));
                }
                result = inMap(element, path, step + 1, f, model, item);
            }
            if (result != element && mapped == null) {
                mapped = new ArrayList<>(elements.subList(0, i));
            }
            if (mapped != null && result != null) {
                mapped.add(result);
            }
        }
        return mapped == null ? value : AttributeValue.fromL(mapped);
    }

    /** A mapped string, or null (removed) for none. */
    private static AttributeValue string(String value) {
        return value == null ? null : AttributeValue.fromS(value);
    }

    @SuppressWarnings("ReferenceEquality") // a mapping returns the very value it was given when it changed nothing
    private AttributeValue inMap(AttributeValue map, ReferencePath path, int step, IdFunction f,
                                 String model, Map<String, AttributeValue> item) {
        String name = path.steps().get(step).name();
        AttributeValue child = map.m().get(name);
        AttributeValue mapped = walk(child, path, step, f, model, item);
        if (mapped == child) {
            return map;
        }
        Map<String, AttributeValue> copy = new HashMap<>(map.m());
        if (mapped == null) {
            copy.remove(name);
        } else {
            copy.put(name, mapped);
        }
        return AttributeValue.fromM(copy);
    }

    private ItemInvalidException invalid(String model, String attribute, Map<String, AttributeValue> item, String message) {
        TablePlan table = plan.table(model);
        AttributeValue id = item.get(table.idAttribute());
        String key = id == null ? "(no " + table.idAttribute() + ")" : table.idAttribute() + "=" + ItemKeys.scalar(id);
        return new ItemInvalidException(new Problem(model, attribute, key, message));
    }

    static String describe(AttributeValue value) {
        return switch (value.type()) {
            case S -> "a string";
            case N -> "a number (N)";
            case B -> "binary (B)";
            case BOOL -> "a boolean (BOOL)";
            case NUL -> "NULL";
            case SS -> "a string set (SS)";
            case NS -> "a number set (NS)";
            case BS -> "a binary set (BS)";
            case L -> "a list (L)";
            case M -> "a map (M)";
            default -> "an unknown type";
        };
    }
}
