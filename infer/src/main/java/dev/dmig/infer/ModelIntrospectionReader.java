package dev.dmig.infer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.PersonalAttributes;
import dev.dmig.plan.IdentityKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Amplify's model introspection schema (MIS) into an {@link AppSchema}: Gen 2's {@code amplify_outputs.json}
 * ({@code data.model_introspection}), Gen 1 codegen's {@code amplifyconfiguration.json} ({@code modelIntrospection}) or
 * {@code model-introspection.json} (the MIS alone). The MIS is the transformer's output, so its keys are the ones the
 * tables hold: a field's {@code association} names them ({@code targetNames}: this model's fields holding the associated
 * model's key; {@code associatedWith}: the associated model's fields holding this one's; amplify-codegen,
 * appsync-modelgen-plugin, process-connections.ts), {@code key} attributes name the key fields; {@code syncable} is true
 * for every model codegen writes (amplify-codegen, appsync-modelgen-plugin: {@code syncable: true} whatever the app), so
 * it does not say DataStore, and the data decides ({@link AppSchema.Sync#CLAIMED}).
 */
final class ModelIntrospectionReader {
    private static final String FIX = "give --schema amplify_outputs.json (Gen 2), amplifyconfiguration.json or"
            + " model-introspection.json (Gen 1 codegen), or the app's schema.graphql";

    private final String file;
    private final String prefix;
    private final JsonNode models;
    /** The MIS's {@code nonModels}: the custom types a model's fields may be of, by name. */
    private final JsonNode nonModels;
    private final Map<String, List<AppSchema.ForeignKey>> foreignKeys = new LinkedHashMap<>();
    private final Set<String> notes = new LinkedHashSet<>();

    private ModelIntrospectionReader(String file, String prefix, JsonNode models, JsonNode nonModels) {
        this.file = file;
        this.prefix = prefix;
        this.models = models;
        this.nonModels = nonModels;
    }

    static AppSchema read(String file, String text) {
        JsonNode root;
        try {
            root = dev.dmig.json.Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SchemaException(file + " line " + e.getLocation().getLineNr() + ": not JSON (" + e.getOriginalMessage() + "): " + FIX);
        }
        String prefix;
        JsonNode mis;
        if (root.path("data").path("model_introspection").isObject()) {
            prefix = "data.model_introspection.";
            mis = root.path("data").path("model_introspection");
        } else if (root.path("modelIntrospection").isObject()) {
            prefix = "modelIntrospection.";
            mis = root.path("modelIntrospection");
        } else {
            prefix = "";
            mis = root;
        }
        if (!mis.path("models").isObject() || mis.path("models").isEmpty()) {
            throw new SchemaException(file + ": no models of a model introspection schema in it (data.model_introspection.models, "
                    + "modelIntrospection.models or models): " + FIX);
        }
        return new ModelIntrospectionReader(file, prefix, mis.path("models"), mis.path("nonModels")).schema();
    }

    private AppSchema schema() {
        for (Map.Entry<String, JsonNode> model : models.properties()) {
            if (!model.getValue().path("fields").isObject()) {
                throw new SchemaException(file + ": " + where(model.getKey()) + " has no fields object: " + FIX);
            }
            model.getValue().path("fields").properties().forEach(field -> association(model.getKey(), field.getKey(), field.getValue()));
        }
        List<AppSchema.Model> result = new ArrayList<>();
        models.properties().forEach(entry -> result.add(model(entry.getKey(), entry.getValue())));
        return new AppSchema(file, result, List.copyOf(notes), file + " (syncable)", file + " says syncable: false of %s");
    }

    private AppSchema.Model model(String name, JsonNode model) {
        List<String> key = primaryKey(model);
        String sortKey = key.size() < 2 ? null : String.join("#", key.subList(1, key.size()));
        JsonNode syncable = model.path("syncable");
        // Amplify's codegen writes syncable: true for every model, whether the app uses DataStore or not.
        AppSchema.Sync sync = syncable.isBoolean() ? (syncable.asBoolean() ? AppSchema.Sync.CLAIMED : AppSchema.Sync.NOT_SYNCED)
                : AppSchema.Sync.UNKNOWN_CONFIG;
        return new AppSchema.Model(name, file + " " + where(name), key.get(0), sortKey, foreignKeys.getOrDefault(name, List.of()),
                owners(name, model), composites(name, model), sync, scalars(model.path("fields"), "", 1, new LinkedHashMap<>()));
    }

    /**
     * A model's fields of scalar types, each with its type: a field's {@code type} is the scalar's name ({@code "String"},
     * {@code "AWSEmail"}), or an object naming a model, an enum or a non-model type, whose fields are the map's parts at
     * their paths ({@code contact.email}; a list's, {@code guests[].phone}), {@link PersonalAttributes#DEPTH} names deep at
     * most (a type may hold itself).
     */
    private Map<String, String> scalars(JsonNode fields, String prefix, int depth, Map<String, String> scalars) {
        fields.properties().forEach(field -> {
            JsonNode type = field.getValue().path("type");
            String path = prefix + field.getKey();
            if (type.isTextual()) {
                scalars.put(path, type.asText());
            } else if (type.path("nonModel").isTextual() && depth < PersonalAttributes.DEPTH) {
                String parts = path + (field.getValue().path("isArray").asBoolean(false) ? "[]." : ".");
                scalars(nonModels.path(type.path("nonModel").asText()).path("fields"), parts, depth + 1, scalars);
            }
        });
        return scalars;
    }

    /** The key's fields, partition key first: {@code primaryKeyInfo}, else the {@code key} attribute without a name. */
    private static List<String> primaryKey(JsonNode model) {
        JsonNode info = model.path("primaryKeyInfo");
        if (info.path("primaryKeyFieldName").isTextual()) {
            List<String> key = new ArrayList<>(List.of(info.path("primaryKeyFieldName").asText()));
            info.path("sortKeyFieldNames").forEach(f -> key.add(f.asText()));
            return key;
        }
        for (JsonNode attribute : model.path("attributes")) {
            JsonNode properties = attribute.path("properties");
            if ("key".equals(attribute.path("type").asText()) && !properties.has("name") && properties.path("fields").size() > 0) {
                List<String> key = new ArrayList<>();
                properties.path("fields").forEach(f -> key.add(f.asText()));
                return key;
            }
        }
        return List.of("id");
    }

    /** {@code key} attributes with two or more sort key fields: an attribute {@code a#b} holding {@code <a>#<b>}. */
    private List<AppSchema.Composite> composites(String name, JsonNode model) {
        Map<String, AppSchema.Composite> composites = new LinkedHashMap<>();
        for (JsonNode attribute : model.path("attributes")) {
            JsonNode properties = attribute.path("properties");
            if (!"key".equals(attribute.path("type").asText()) || properties.path("fields").size() < 3) {
                continue;
            }
            List<String> sort = new ArrayList<>();
            properties.path("fields").forEach(f -> sort.add(f.asText()));
            sort.remove(0);
            String index = properties.path("name").asText("");
            String declaredBy = "key " + (index.isEmpty() ? "(primary)" : index) + " of " + name + " " + sort + " in " + file;
            composites.putIfAbsent(String.join("#", sort), new AppSchema.Composite(String.join("#", sort), sort, declaredBy));
        }
        return List.copyOf(composites.values());
    }

    /**
     * Owner rules of the {@code auth} attribute. The MIS writes {@code identityClaim: "cognito:username"} for the default
     * claim even where {@code <sub>::<username>} is stored, so a username claim is read as {@code @owner}, which maps the
     * owner value in each of its forms; {@code sub} is the sub.
     */
    private List<AppSchema.Owner> owners(String name, JsonNode model) {
        Map<String, AppSchema.Owner> owners = new LinkedHashMap<>();
        for (JsonNode attribute : model.path("attributes")) {
            if (!"auth".equals(attribute.path("type").asText())) {
                continue;
            }
            for (JsonNode rule : attribute.path("properties").path("rules")) {
                String provider = rule.path("provider").asText("userPools");
                if (!"owner".equals(rule.path("allow").asText()) || !provider.equals("userPools")) {
                    continue;
                }
                String field = rule.path("ownerField").asText("owner");
                String claim = rule.path("identityClaim").asText("");
                IdentityKind kind = claim.equals("cognito:username") || claim.equals("username") ? IdentityKind.OWNER
                        : GraphqlSchemaReader.kind(claim);
                boolean list = model.path("fields").path(field).path("isArray").asBoolean(false);
                owners.putIfAbsent(field, new AppSchema.Owner(field, list, kind, claim, "owner rule of " + name + " {ownerField: \""
                        + field + "\"" + (claim.isEmpty() ? "" : ", identityClaim: \"" + claim + "\"") + "} in " + file));
            }
        }
        return List.copyOf(owners.values());
    }

    private void association(String model, String fieldName, JsonNode field) {
        JsonNode association = field.path("association");
        String related = field.path("type").path("model").asText("");
        if (association.isMissingNode() || related.isEmpty()) {
            return;
        }
        if (!models.has(related)) {
            notes.add(where(model) + ".fields." + fieldName + " relates to " + related + ", which is no model of " + file + ": not read");
            return;
        }
        String type = association.path("connectionType").asText();
        String at = type + " " + model + "." + fieldName + " in " + file;
        JsonNode targetNames = association.path("targetNames");
        JsonNode associatedWith = association.path("associatedWith");
        if ((type.equals("BELONGS_TO") || type.equals("HAS_ONE")) && targetNames.size() > 0) {
            add(model, targetNames.get(0).asText(), related, at + " (targetNames)");
        } else if ((type.equals("HAS_MANY") || type.equals("HAS_ONE")) && associatedWith.size() > 0) {
            add(related, keyField(related, associatedWith.get(0).asText()), model, at + " (associatedWith)");
        }
    }

    /**
     * The field of {@code model} that holds the key: {@code name} itself, or, where {@code associatedWith} names the
     * associated model's connection field (as older codegen writes it), that field's {@code targetNames}.
     */
    private String keyField(String model, String name) {
        JsonNode field = models.path(model).path("fields").path(name);
        JsonNode targets = field.path("association").path("targetNames");
        return field.path("type").path("model").isTextual() && targets.size() > 0 ? targets.get(0).asText() : name;
    }

    private void add(String model, String attribute, String target, String declaredBy) {
        List<AppSchema.ForeignKey> keys = foreignKeys.computeIfAbsent(model, m -> new ArrayList<>());
        if (keys.stream().noneMatch(k -> k.attribute().equals(attribute) && k.model().equals(target))) {
            keys.add(new AppSchema.ForeignKey(List.of(attribute), target, declaredBy));
        }
    }

    private String where(String model) {
        return prefix + "models." + model;
    }
}
