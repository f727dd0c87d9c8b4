package dev.dmig.infer;

import dev.dmig.plan.IdentityKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * What an Amplify app declares of its models, read from its GraphQL schema or its model introspection JSON and told
 * in dmig's terms: each model's key, which attributes hold another model's IDs, which hold its users' identities and
 * in which form, which are composite keys built of other fields, and whether it syncs with DataStore. Inference reads
 * the app through this description only, whichever file it came from.
 *
 * @param source the file it was read from, as the plan's comments name it ({@code schema.graphql}, {@code amplify_outputs.json})
 * @param models     the models, in the order the file declares them
 * @param notes      what the file declares that dmig does not read, for the summary
 * @param syncSource what says which models sync with DataStore ({@code transform.conf.json}, {@code amplify_outputs.json});
 *                   null when nothing read does, and the data decides
 * @param noSync     what that file says of a model it says does not sync, {@code %s} standing for the model
 *                   ({@code transform.conf.json has no ResolverConfig, so no model syncs with DataStore}); null with
 *                   {@code syncSource}
 */
public record AppSchema(String source, List<Model> models, List<String> notes, String syncSource, String noSync) {
    public AppSchema {
        models = List.copyOf(models);
        notes = List.copyOf(notes);
    }

    /** An app whose file says nothing of DataStore: the data decides which models sync. */
    public AppSchema(String source, List<Model> models, List<String> notes) {
        this(source, models, notes, null, null);
    }

    /** Why the file says {@code model} does not sync with DataStore, in a clause naming it. */
    public String noSync(String model) {
        return String.format(java.util.Locale.ROOT, noSync, model);
    }

    public Optional<Model> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Reads an app's schema: a GraphQL schema file ({@code .graphql}), an Amplify Gen 1 API folder
     * ({@code amplify/backend/api/<name>/}, with {@code schema.graphql} or a {@code schema/} folder), a model
     * introspection JSON ({@code amplify_outputs.json}, {@code amplifyconfiguration.json}, {@code model-introspection.json}),
     * or a project folder holding one of these. Throws {@link SchemaException} in one line when it is none of them.
     */
    public static AppSchema read(Path path) {
        if (!Files.exists(path)) {
            throw new SchemaException(path + ": no such file or folder: give --schema the app's schema.graphql, its"
                    + " amplify/backend/api/<name>/ folder, or amplify_outputs.json");
        }
        try {
            if (Files.isDirectory(path)) {
                return GraphqlSchemaReader.folder(path);
            }
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".json")) {
                return ModelIntrospectionReader.read(path.getFileName().toString(), Files.readString(path));
            }
            // The API folder's transform.conf.json beside the schema says which models sync with DataStore.
            return GraphqlSchemaReader.read(List.of(new GraphqlSchemaReader.Source(path.getFileName().toString(),
                    Files.readString(path))), path.resolveSibling("transform.conf.json"));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new SchemaException(path + ": not a text file in UTF-8: give --schema the app's schema.graphql, its"
                    + " amplify/backend/api/<name>/ folder, or amplify_outputs.json");
        } catch (IOException e) {
            throw new SchemaException(path + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * One model of the app, kept in its own table ({@code <name><suffix>}).
     *
     * @param name         the model's name
     * @param where        where the file declares it ({@code schema.graphql line 12}, {@code models.Project})
     * @param partitionKey the field its table is keyed by ({@code id} unless {@code @primaryKey} says otherwise)
     * @param sortKey      the table's sort key attribute, when it has one ({@code a#b} for several sort key fields)
     * @param foreignKeys  the attributes that hold IDs of a model (its own relationships' foreign keys)
     * @param owners       the attributes that hold its users' identities (owner-based auth rules)
     * @param composites   the attributes built of several fields joined by {@code #} (composite sort keys)
     * @param sync         whether it syncs with DataStore (conflict detection)
     * @param scalars      its fields of scalar types, each with its type as the file names it ({@code String},
     *                     {@code AWSEmail}, {@code AWSPhone}, {@code AWSDateTime}; a list's, its elements'), in the file's order,
     *                     and, where a field is of a non-model type (the model introspection's {@code nonModels}, a
     *                     GraphQL type without {@code @model}), that type's at their paths
     *                     ({@code contact.email}, {@code guests[].phone}): what says a field holds a person's email or phone
     *                     ({@code dmig infer --mask})
     */
    public record Model(String name, String where, String partitionKey, String sortKey, List<ForeignKey> foreignKeys,
                        List<Owner> owners, List<Composite> composites, Sync sync, Map<String, String> scalars) {
        public Model {
            foreignKeys = List.copyOf(foreignKeys);
            owners = List.copyOf(owners);
            composites = List.copyOf(composites);
            scalars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scalars));
        }

        /** The owner rule whose field is the table's partition key: a table keyed by its users ({@code "id": "@sub"}). */
        public Optional<Owner> keyedByUsers() {
            return owners.stream().filter(o -> o.attribute().equals(partitionKey) && !o.list() && o.kind() != null).findFirst();
        }
    }

    /**
     * An attribute that holds IDs of another model: a relationship's foreign key.
     *
     * @param attributes the attribute's name; for a key the transformer generates, every name it may have (it depends on a
     *                   setting the schema does not show: the data decides), the default first
     * @param model      the model whose IDs it holds
     * @param declaredBy what declares it, for the plan's comment ({@code @belongsTo(fields: ["projectId"]) on Task.project})
     */
    public record ForeignKey(List<String> attributes, String model, String declaredBy) {
        public ForeignKey {
            attributes = List.copyOf(attributes);
        }

        public String attribute() {
            return attributes.get(0);
        }
    }

    /**
     * An attribute that holds the identity of the users who own an item.
     *
     * @param attribute  the owner field
     * @param list       it holds several owners ({@code [String]}), so the plan's path is {@code attribute[]}
     * @param kind       what it stores as dmig maps it: {@code @owner} ({@code <sub>::<username>}, or the username alone in
     *                   older apps), {@code @sub}, {@code @username}; null for a claim dmig does not map (an email, a custom claim)
     * @param claim      the identity claim as declared (empty when the rule names none)
     * @param declaredBy what declares it, for the plan's comment
     */
    public record Owner(String attribute, boolean list, IdentityKind kind, String claim, String declaredBy) {
        public String path() {
            return list ? attribute + "[]" : attribute;
        }
    }

    /**
     * An attribute whose value is several fields joined by {@code #}, as Amplify writes a composite sort key.
     *
     * @param attribute  its name ({@code status#createdAt})
     * @param fields     the fields it joins, in order
     * @param declaredBy what declares it, for the plan's comment
     */
    public record Composite(String attribute, List<String> fields, String declaredBy) {
        public Composite {
            fields = List.copyOf(fields);
        }
    }

    /** Whether a model syncs with DataStore (conflict detection), and how that is known. */
    public enum Sync {
        /** Declared: its rows carry {@code _version}, {@code _lastChangedAt}, {@code _deleted}. */
        SYNCED,
        /** Declared not to: the file says so. */
        NOT_SYNCED,
        /** The file cannot say (a GraphQL schema without the API's {@code transform.conf.json}): the data decides. */
        UNKNOWN_CONFIG,
        /**
         * The file says so of every model whatever the app (model introspection's {@code syncable}, which Amplify's codegen
         * writes {@code true} for every model, DataStore or not): its word is no evidence, and the data decides.
         */
        CLAIMED
    }
}
