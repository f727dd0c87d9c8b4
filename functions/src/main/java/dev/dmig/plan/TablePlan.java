package dev.dmig.plan;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plan for one model: how its IDs are mapped, where its references live, and the
 * rename/remove/set edits applied (in that order) after IDs and references are mapped.
 * {@code references}: paths whose whole value is an ID of a model; {@code mappings}: paths whose value
 * is mapped by patterns (IDs inside composite values), the ID attribute's included; {@code features}: the
 * values of the other fields of its entry ({@link TableFields}, features' included), each under its type
 * ({@link #feature}), among them the paths whose value names an object in the source's Storage bucket ({@link #files}).
 */
public record TablePlan(String model, String idAttribute, IdStrategy ids, Map<ReferencePath, String> references,
                        Map<String, String> rename, List<String> remove, Map<String, AttributeValue> set,
                        boolean skip, Integer segments, Integer writeRateLimit, List<String> unique,
                        Map<ReferencePath, ValueMapping> mappings, Map<Class<?>, Object> features) {

    public TablePlan {
        references = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(references));
        mappings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
        rename = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rename));
        remove = List.copyOf(remove);
        set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
        unique = List.copyOf(unique);
        features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /**
     * The value of a feature's field in the table's entry, by its type ({@code plan.table("Users").feature(DataStoreTable.class)});
     * null when the entry does not use it.
     */
    public <T> T feature(Class<T> type) {
        return type.cast(features.get(type));
    }

    /**
     * The field of the entry that pairs the table's records with records the target already holds, giving them their IDs
     * ({@link PairsWithTarget}); null when none does.
     */
    public String pairedBy() {
        return features.values().stream().filter(PairsWithTarget.class::isInstance).map(value -> ((PairsWithTarget) value).field())
                .findFirst().orElse(null);
    }

    /** A plan entry with every default: sha256 IDs under {@code id}, no references, no edits. */
    public static TablePlan defaults(String model) {
        return new TablePlan(model, "id", IdStrategy.SHA256, Map.of(), Map.of(), List.of(), Map.of(), false, null, null, List.of(), Map.of(),
                Map.of());
    }

    /**
     * The paths whose value names an object in the source's Storage bucket, copied with the item (and renamed with it),
     * each with its file reference, in the entry's order ({@link TableFiles}, the entry's {@code files}); empty when it has none.
     */
    public Map<ReferencePath, FileReference> files() {
        TableFiles files = feature(TableFiles.class);
        return files == null ? Map.of() : files.references();
    }

    /**
     * Whether the ID attribute's value is mapped by a pattern (a single-table key such as {@code ORG#<id>}): then
     * the table cannot be looked up by a bare ID, and references to it are mapped but not checked.
     */
    public boolean idMapped() {
        return mappings.keySet().stream().anyMatch(path -> path.steps().size() == 1 && !path.steps().get(0).each()
                && path.attribute().equals(idAttribute));
    }

    /** Whether an attribute holds IDs of the table whose source holds each value ({@link ValueMapping#byHolder}). */
    public boolean mapsByHolder() {
        return mappings.values().stream().anyMatch(ValueMapping::byHolder);
    }

    /** Every model whose IDs this table's items hold: in whole values and in placeholders of patterns. */
    public Set<String> referencedModels() {
        Set<String> models = new LinkedHashSet<>(references.values());
        mappings.values().forEach(mapping -> models.addAll(mapping.models()));
        return models;
    }

    /**
     * Every reference to a model's IDs by the name analysis reports it under, and the model: a whole value by its
     * path ({@code projectId}), a placeholder by its path and name ({@code SK{id}}).
     */
    public Map<String, String> modelReferences() {
        Map<String, String> all = new LinkedHashMap<>();
        references.forEach((path, target) -> all.put(path.text(), target));
        mappings.forEach((path, mapping) -> mapping.alternatives().forEach(pattern -> pattern.placeholders().forEach(p -> {
            if (p.target() instanceof PlaceholderTarget.Model target) {
                all.putIfAbsent(placeholderPath(path, p.name()), target.model());
            }
        })));
        return all;
    }

    /**
     * Every reference to an identity by the name analysis reports it under, and what it holds: a whole value by its path
     * ({@code owner}, {@code editors[]}), a placeholder by its path and name ({@code PK{sub}}), a file key's placeholder
     * likewise ({@code avatarKey{identityId}}).
     */
    public Map<String, IdentityKind> identityReferences() {
        Map<String, IdentityKind> all = new LinkedHashMap<>();
        Map<ReferencePath, ValueMapping> mapped = new LinkedHashMap<>(mappings);
        // A file's key may hold an identity too (protected/{identityId}/...): counted with the others.
        files().forEach((path, file) -> {
            if (file.mapping() != null) {
                mapped.put(path, file.mapping());
            }
        });
        mapped.forEach((path, mapping) -> mapping.alternatives().forEach(pattern -> pattern.placeholders().forEach(p -> {
            if (p.target() instanceof PlaceholderTarget.Identity identity) {
                all.putIfAbsent(placeholderPath(path, p.name()), identity.kind());
            }
        })));
        return all;
    }

    /** The name of a placeholder's references: the path, then the placeholder in braces (the path alone for a whole value). */
    public static String placeholderPath(ReferencePath path, String name) {
        return name.isEmpty() ? path.text() : path.text() + "{" + name + "}";
    }

    public boolean hasEdits() {
        return !rename.isEmpty() || !remove.isEmpty() || !set.isEmpty();
    }
}
