package dev.dmig.infer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.PersonalAttributes;
import dev.dmig.plan.IdentityKind;
import graphql.language.ArrayValue;
import graphql.language.Definition;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.FieldDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectField;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectValue;
import graphql.language.SourceLocation;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads an Amplify app's GraphQL schema (transformer v2: {@code @model}, {@code @primaryKey}, {@code @index},
 * {@code @belongsTo}, {@code @hasOne}, {@code @hasMany}, {@code @manyToMany}, {@code @auth}) into an {@link AppSchema}.
 * graphql-java parses the text; Amplify's directives are plain directives to it, and their meaning is the
 * transformer's, as the comments at each rule cite (aws-amplify/amplify-category-api).
 */
final class GraphqlSchemaReader {
    /** One schema file: its name as the user knows it (relative to what was given) and its text. */
    record Source(String name, String text) {}

    private static final String FIX = "give --schema the app's schema.graphql, its amplify/backend/api/<name>/ folder,"
            + " or amplify_outputs.json";
    private static final Set<String> RELATIONS = Set.of("belongsTo", "hasOne", "hasMany", "manyToMany");
    /** Transformer v1's directives, which say relationships and keys otherwise: not read. */
    private static final Set<String> V1 = Set.of("connection", "key");
    /** GraphQL's scalars and AppSync's (its AWS scalar types). */
    private static final Set<String> SCALARS = Set.of("ID", "String", "Int", "Float", "Boolean", "AWSDate", "AWSTime",
            "AWSDateTime", "AWSTimestamp", "AWSEmail", "AWSJSON", "AWSPhone", "AWSURL", "AWSIPAddress");

    /** A {@code type} of the schema, its fields gathered from its definition and extensions, and where it is. */
    private record Declared(String name, String where, List<FieldDefinition> fields, List<Directive> directives, boolean model) {
        FieldDefinition field(String name) {
            return fields.stream().filter(f -> f.getName().equals(name)).findFirst().orElse(null);
        }
    }

    private final Map<String, Declared> types = new LinkedHashMap<>();
    private final Map<String, List<AppSchema.ForeignKey>> foreignKeys = new LinkedHashMap<>();
    /** Join models of {@code @manyToMany} relations by name: the first side's directive, and the models on both sides. */
    private final Map<String, List<Declared>> joins = new LinkedHashMap<>();
    private final Map<String, String> joinWhere = new LinkedHashMap<>();
    private final Set<String> notes = new LinkedHashSet<>();

    private GraphqlSchemaReader() {}

    /**
     * An API folder ({@code schema.graphql}, or the {@code .graphql} files under {@code schema/}, with
     * {@code transform.conf.json} for conflict detection), a project folder holding one, or a folder holding
     * {@code amplify_outputs.json}.
     */
    static AppSchema folder(Path folder) throws IOException {
        Path single = folder.resolve("schema.graphql");
        Path several = folder.resolve("schema");
        if (Files.isRegularFile(single) || Files.isDirectory(several)) {
            List<Source> sources = new ArrayList<>();
            if (Files.isRegularFile(single)) {
                sources.add(new Source("schema.graphql", Files.readString(single)));
            }
            if (Files.isDirectory(several)) {
                try (Stream<Path> files = Files.walk(several)) {
                    for (Path file : files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".graphql")).sorted().toList()) {
                        sources.add(new Source(folder.relativize(file).toString(), Files.readString(file)));
                    }
                }
            }
            if (sources.isEmpty()) {
                throw new SchemaException(several + ": no .graphql file in it: " + FIX);
            }
            return read(sources, folder.resolve("transform.conf.json"));
        }
        Path outputs = folder.resolve("amplify_outputs.json");
        if (Files.isRegularFile(outputs)) {
            return ModelIntrospectionReader.read("amplify_outputs.json", Files.readString(outputs));
        }
        Path apis = folder.resolve("amplify").resolve("backend").resolve("api");
        if (Files.isDirectory(apis)) {
            List<Path> found;
            try (Stream<Path> list = Files.list(apis)) {
                found = list.filter(Files::isDirectory).sorted().toList();
            }
            if (found.size() == 1) {
                return folder(found.get(0));
            }
            throw new SchemaException(apis + ": " + found.size() + " APIs (" + found.stream().map(p -> p.getFileName().toString())
                    .collect(Collectors.joining(", ")) + "): give --schema the folder of the one whose tables are migrated");
        }
        throw new SchemaException(folder + ": holds no schema.graphql, schema/ folder, amplify_outputs.json or amplify/backend/api/: "
                + FIX);
    }

    /**
     * Whether each model syncs with DataStore, from the API's {@code transform.conf.json}: its {@code ResolverConfig},
     * for the project and per model (a model's own entry wins when it names both a detection and a handler, as the
     * transformer reads it: amplify-graphql-transformer-core, transformation/sync-utils.ts, getSyncConfig). Without the
     * file the schema cannot say, and the data decides; a file without {@code ResolverConfig} gives no model conflict
     * detection.
     */
    private static Function<String, AppSchema.Sync> conflictDetection(JsonNode config) {
        return model -> {
            JsonNode own = config.path("models").path(model);
            JsonNode chosen = own.hasNonNull("ConflictDetection") && own.hasNonNull("ConflictHandler") ? own : config.path("project");
            return "VERSION".equals(chosen.path("ConflictDetection").asText()) ? AppSchema.Sync.SYNCED : AppSchema.Sync.NOT_SYNCED;
        };
    }

    /**
     * The API's {@code transform.conf.json}'s {@code ResolverConfig}, a missing node when it has none: then no model has
     * conflict detection (the transformer adds it only from there).
     */
    private static JsonNode resolverConfig(Path file) throws IOException {
        try {
            return dev.dmig.json.Json.MAPPER.readTree(Files.readString(file)).path("ResolverConfig");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SchemaException(file + " line " + e.getLocation().getLineNr() + ": not JSON (" + e.getOriginalMessage()
                    + "): fix it, or give --schema the schema.graphql file alone");
        }
    }

    /** The models the sources declare; {@code conflictConfig}, the API's transform.conf.json, says which sync with DataStore. */
    static AppSchema read(List<Source> sources, Path conflictConfig) throws IOException {
        GraphqlSchemaReader reader = new GraphqlSchemaReader();
        for (Source source : sources) {
            reader.collect(source);
        }
        if (reader.types.values().stream().noneMatch(Declared::model)) {
            throw new SchemaException(sources.stream().map(Source::name).collect(Collectors.joining(", "))
                    + ": no type with @model, so no table: " + FIX);
        }
        if (!Files.isRegularFile(conflictConfig)) {
            return reader.schema(sources, model -> AppSchema.Sync.UNKNOWN_CONFIG, null, null);
        }
        JsonNode config = resolverConfig(conflictConfig);
        String file = conflictConfig.getFileName().toString();
        return config.isMissingNode()
                ? reader.schema(sources, model -> AppSchema.Sync.NOT_SYNCED, file + " (no ResolverConfig)",
                        file + " has no ResolverConfig, so no model syncs with DataStore, %s included")
                : reader.schema(sources, conflictDetection(config), file + " (ResolverConfig)",
                        file + "'s ResolverConfig gives %s no conflict detection");
    }

    private void collect(Source source) {
        Document document;
        try {
            document = Parser.parse(ParserEnvironment.newParserEnvironment().document(source.text())
                    .parserOptions(ParserOptions.getDefaultSdlParserOptions()).build());
        } catch (InvalidSyntaxException e) {
            SourceLocation at = e.getLocation();
            String token = e.getOffendingToken();
            throw new SchemaException(source.name() + (at == null ? "" : " line " + at.getLine()) + ": not a GraphQL schema ("
                    + (token == null ? "syntax error" : "unexpected '" + token + "'") + (at == null ? "" : " at column " + at.getColumn())
                    + "): " + FIX);
        }
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof ObjectTypeDefinition type) {
                String where = where(source.name(), type.getSourceLocation());
                boolean model = type.getDirectives().stream().anyMatch(d -> d.getName().equals("model"));
                Declared known = types.get(type.getName());
                if (known == null) {
                    types.put(type.getName(), new Declared(type.getName(), where, new ArrayList<>(type.getFieldDefinitions()),
                            new ArrayList<>(type.getDirectives()), model));
                } else {
                    // An extension (or a type declared again in another file) adds its fields and directives to the type.
                    known.fields().addAll(type.getFieldDefinitions());
                    known.directives().addAll(type.getDirectives());
                    if (model && !known.model()) {
                        types.put(known.name(), new Declared(known.name(), where, known.fields(), known.directives(), true));
                    }
                }
            }
        }
    }

    private AppSchema schema(List<Source> sources, Function<String, AppSchema.Sync> sync, String syncSource, String noSync) {
        List<Declared> models = types.values().stream().filter(Declared::model).toList();
        Set<String> v1 = new java.util.TreeSet<>();
        for (Declared model : models) {
            // Transformer v1's @key is a directive of the type, its @connection of a field.
            model.directives().stream().map(Directive::getName).filter(V1::contains).forEach(v1::add);
            for (FieldDefinition field : model.fields()) {
                for (Directive directive : field.getDirectives()) {
                    relation(model, field, directive);
                    if (V1.contains(directive.getName())) {
                        v1.add(directive.getName());
                    }
                }
            }
        }
        if (!v1.isEmpty()) {
            notes.add(String.join(" and ", v1.stream().map(d -> "@" + d).toList()) + " (transformer v1) "
                    + (v1.size() == 1 ? "is" : "are") + " not read: the relationships and keys "
                    + (v1.size() == 1 ? "it declares are" : "they declare are") + " left to the data");
        }
        List<AppSchema.Model> result = new ArrayList<>();
        for (Declared model : models) {
            result.add(new AppSchema.Model(model.name(), model.where(), partitionKey(model), sortKey(model),
                    foreignKeys.getOrDefault(model.name(), List.of()), owners(model, model.directives(), model.fields()),
                    composites(model), sync.apply(model.name()), scalars(model.fields(), "", 1, new LinkedHashMap<>())));
        }
        joins.forEach((name, sides) -> {
            if (sides.size() != 2) {
                throw new SchemaException(joinWhere.get(name) + ": relationName \"" + name + "\" is used " + sides.size()
                        + (sides.size() == 1 ? " time" : " times") + ", and Amplify requires it on exactly two fields: " + FIX);
            }
            if (types.containsKey(name)) {
                return;
            }
            // The join model has the two models' auth rules (graphql-many-to-many-transformer.ts, createJoinTableAuthDirective).
            List<Directive> auth = sides.stream().flatMap(side -> side.directives().stream()).toList();
            result.add(new AppSchema.Model(name, joinWhere.get(name), "id", null, foreignKeys.getOrDefault(name, List.of()),
                    owners(new Declared(name, joinWhere.get(name), List.of(), auth, true), auth, List.of()), List.of(), sync.apply(name),
                    Map.of()));
        });
        String source = sources.size() == 1 ? sources.get(0).name() : sources.size() + " schema files";
        return new AppSchema(source, mapsTo(result, models), List.copyOf(notes), syncSource, noSync);
    }

    /**
     * The models as their tables name them: {@code @mapsTo(name: "Old")} on a model renamed from {@code Old} keeps the
     * table {@code Old-<apiId>-<env>} (graphql-maps-to-transformer), and a plan's model is its table's name before the
     * suffix, so such a model, and every foreign key holding its IDs, is named {@code Old}.
     */
    private static List<AppSchema.Model> mapsTo(List<AppSchema.Model> result, List<Declared> declared) {
        Map<String, String> tables = new LinkedHashMap<>();
        for (Declared model : declared) {
            model.directives().stream().filter(d -> d.getName().equals("mapsTo")).map(d -> string(d, "name"))
                    .filter(name -> name != null && !name.isBlank()).findFirst().ifPresent(name -> tables.put(model.name(), name));
        }
        if (tables.isEmpty()) {
            return result;
        }
        return result.stream().map(m -> new AppSchema.Model(tables.getOrDefault(m.name(), m.name()), tables.containsKey(m.name())
                ? m.where() + " (@mapsTo(name: \"" + tables.get(m.name()) + "\"): type " + m.name() + ", table "
                + tables.get(m.name()) + "<suffix>)" : m.where(), m.partitionKey(), m.sortKey(), m.foreignKeys().stream()
                .map(k -> new AppSchema.ForeignKey(k.attributes(), tables.getOrDefault(k.model(), k.model()), k.declaredBy())).toList(),
                m.owners(), m.composites(), m.sync(), m.scalars())).toList();
    }

    // ---- Relationships: which attribute holds whose IDs (graphql-relational-transformer, schema.ts and utils.ts) ----

    private void relation(Declared model, FieldDefinition field, Directive directive) {
        if (!RELATIONS.contains(directive.getName())) {
            return;
        }
        String at = "@" + directive.getName() + " on " + model.name() + "." + field.getName();
        Declared related = types.get(typeName(field.getType()));
        if (related == null || !related.model()) {
            throw new SchemaException(where(model, field) + ": " + at + " relates to " + typeName(field.getType())
                    + ", which is no @model type of the schema: " + FIX);
        }
        List<String> references = strings(directive, "references");
        List<String> fields = strings(directive, "fields");
        switch (directive.getName()) {
            case "belongsTo" -> belongsTo(model, field, related, references, fields, at);
            case "hasOne" -> {
                if (!references.isEmpty()) {
                    add(related.name(), List.of(references.get(0)), model.name(), at + " (references)");
                } else if (!fields.isEmpty()) {
                    add(model.name(), List.of(fields.get(0)), related.name(), at + " (fields)");
                } else {
                    // ensureHasOneConnectionField: getConnectionAttributeName(object, field, related primary key) on this model.
                    add(model.name(), generated(model.name(), field.getName(), partitionKey(related)), related.name(),
                            at + " (a key the transformer adds)");
                }
            }
            case "hasMany" -> hasMany(model, field, directive, related, references, fields, at);
            default -> manyToMany(model, field, directive, at);
        }
    }

    private void belongsTo(Declared model, FieldDefinition field, Declared related, List<String> references, List<String> fields,
                           String at) {
        if (!references.isEmpty() || !fields.isEmpty()) {
            add(model.name(), List.of(references.isEmpty() ? fields.get(0) : references.get(0)), related.name(),
                    at + (references.isEmpty() ? " (fields)" : " (references)"));
            return;
        }
        // Without fields, the key is the one the other side's @hasOne or @hasMany generates (graphql-belongs-to-transformer.ts
        // finds the first field of the related type of this type with either; schema.ts, ensureBelongsToConnectionField).
        for (FieldDefinition back : related.fields()) {
            if (!typeName(back.getType()).equals(model.name())) {
                continue;
            }
            for (Directive directive : back.getDirectives()) {
                if (directive.getName().equals("hasOne")) {
                    add(model.name(), generated(model.name(), field.getName(), partitionKey(related)), related.name(),
                            at + " (a key the transformer adds)");
                    return;
                }
                String index = directive.getName().equals("hasMany") && directive.getArgument("fields") == null
                        ? string(directive, "indexName") : null;
                if (index != null && indexField(model, index) != null) {
                    add(model.name(), List.of(indexField(model, index)), related.name(), at + " (the partition key of index " + index
                            + ", which @hasMany on " + related.name() + "." + back.getName() + " names)");
                    return;
                }
                if (directive.getName().equals("hasMany")) {
                    add(model.name(), generated(related.name(), back.getName(), partitionKey(related)), related.name(),
                            at + " (the key @hasMany on " + related.name() + "." + back.getName() + " adds)");
                    return;
                }
            }
        }
        throw new SchemaException(where(model, field) + ": " + at + " has no @hasOne or @hasMany of " + model.name() + " on "
                + related.name() + ", which Amplify requires: " + FIX);
    }

    private void hasMany(Declared model, FieldDefinition field, Directive directive, Declared related, List<String> references,
                         List<String> fields, String at) {
        if (!references.isEmpty()) {
            add(related.name(), List.of(references.get(0)), model.name(), at + " (references)");
            return;
        }
        String indexName = string(directive, "indexName");
        if (fields.isEmpty() && indexName != null) {
            // The index's partition key holds this model's IDs (its primary key is the fields by default): no key is added.
            String key = indexField(related, indexName);
            if (key == null) {
                throw new SchemaException(where(model, field) + ": " + at + " names index " + indexName + ", which " + related.name()
                        + " does not declare (@index(name: \"" + indexName + "\")): " + FIX);
            }
            add(related.name(), List.of(key), model.name(), at + " (indexName " + indexName + ": its partition key)");
            return;
        }
        if (fields.isEmpty()) {
            // ensureHasManyConnectionField: getConnectionAttributeName(object, field, object's primary key) on the related model.
            add(related.name(), generated(model.name(), field.getName(), partitionKey(model)), model.name(),
                    at + " (a key the transformer adds)");
            return;
        }
        // With fields, the related model's index (or primary key) is queried with this model's fields' values
        // (utils.ts, getRelatedTypeIndex): its partition key field holds fields[0]'s values.
        String partition = indexName == null ? partitionKey(related) : indexField(related, indexName);
        if (partition == null) {
            throw new SchemaException(where(model, field) + ": " + at + " names index " + indexName + ", which " + related.name()
                    + " does not declare (@index(name: \"" + indexName + "\")): " + FIX);
        }
        String how = at + " (indexName " + (indexName == null ? "none" : indexName) + ", fields " + fields + ")";
        if (fields.get(0).equals(partitionKey(model))) {
            add(related.name(), List.of(partition), model.name(), how);
        } else {
            notes.add(at + " joins on " + model.name() + "." + fields.get(0) + ", not its IDs: " + related.name() + "." + partition
                    + " is left to the data");
        }
    }

    private void manyToMany(Declared model, FieldDefinition field, Directive directive, String at) {
        String relation = string(directive, "relationName");
        if (relation == null || relation.isBlank()) {
            throw new SchemaException(where(model, field) + ": " + at + " has no relationName: " + FIX);
        }
        List<Declared> sides = joins.computeIfAbsent(relation, r -> new ArrayList<>());
        sides.add(model);
        joinWhere.putIfAbsent(relation, where(model, field) + ", " + at);
        // The join model holds each side's key as <type>Id (getManyToManyConnectionAttributeName: the primary key's name in
        // PascalCase with respectPrimaryKeyAttributesOnConnectionField, else "ID").
        String prefix = Character.toLowerCase(model.name().charAt(0)) + model.name().substring(1);
        String respect = prefix + upper(partitionKey(model));
        add(relation, respect.equals(prefix + "ID") ? List.of(respect) : List.of(respect, prefix + "ID"), model.name(),
                "@manyToMany(relationName: \"" + relation + "\") on " + model.name() + "." + field.getName()
                        + " (a key of the join model)");
    }

    /**
     * The names the transformer gives a key it adds: {@code toCamelCase([type, field, suffix])}, the suffix being the
     * related primary key's name with respectPrimaryKeyAttributesOnConnectionField (the default of new Gen 1 projects and of
     * Gen 2) and {@code id} without it (utils.ts, getConnectionAttributeName); the two differ only for a key not named id.
     */
    static List<String> generated(String type, String field, String primaryKey) {
        String respect = camel(type, field, primaryKey);
        String legacy = camel(type, field, "id");
        return respect.equals(legacy) ? List.of(respect) : List.of(respect, legacy);
    }

    /** graphql-transformer-common's toCamelCase: the first word's first letter lower case, every other's upper case. */
    private static String camel(String... words) {
        StringBuilder camel = new StringBuilder();
        for (String word : words) {
            if (!word.isEmpty()) {
                camel.append(camel.length() == 0 ? Character.toLowerCase(word.charAt(0)) + word.substring(1) : upper(word));
            }
        }
        return camel.toString();
    }

    private static String upper(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private void add(String model, List<String> attributes, String target, String declaredBy) {
        List<AppSchema.ForeignKey> keys = foreignKeys.computeIfAbsent(model, m -> new ArrayList<>());
        if (keys.stream().noneMatch(k -> k.attribute().equals(attributes.get(0)) && k.model().equals(target))) {
            keys.add(new AppSchema.ForeignKey(attributes, target, declaredBy));
        }
    }

    // ---- Keys ----

    private static String partitionKey(Declared model) {
        FieldDefinition key = model.fields().stream().filter(f -> directive(f, "primaryKey") != null).findFirst().orElse(null);
        return key == null ? "id" : key.getName();
    }

    /** The table's sort key attribute: one field, or several joined by # as the transformer names a composite key. */
    private static String sortKey(Declared model) {
        for (FieldDefinition field : model.fields()) {
            Directive key = directive(field, "primaryKey");
            if (key != null) {
                List<String> sort = strings(key, "sortKeyFields");
                return sort.isEmpty() ? null : String.join("#", sort);
            }
        }
        return null;
    }

    private static String indexField(Declared model, String indexName) {
        for (FieldDefinition field : model.fields()) {
            for (Directive directive : field.getDirectives()) {
                if (directive.getName().equals("index") && indexName.equals(string(directive, "name"))) {
                    return field.getName();
                }
            }
        }
        return null;
    }

    /**
     * Composite sort keys: two or more {@code sortKeyFields} of {@code @primaryKey} or {@code @index} make an attribute
     * named {@code a#b} holding {@code <a>#<b>}.
     */
    private static List<AppSchema.Composite> composites(Declared model) {
        Map<String, AppSchema.Composite> composites = new LinkedHashMap<>();
        for (FieldDefinition field : model.fields()) {
            for (Directive directive : field.getDirectives()) {
                if (!directive.getName().equals("primaryKey") && !directive.getName().equals("index")) {
                    continue;
                }
                List<String> sort = strings(directive, "sortKeyFields");
                if (sort.size() >= 2) {
                    String name = string(directive, "name");
                    String declaredBy = "@" + directive.getName() + "(" + (name == null ? "" : "name: \"" + name + "\", ")
                            + "sortKeyFields: " + quoted(sort) + ") on " + model.name() + "." + field.getName();
                    composites.putIfAbsent(String.join("#", sort), new AppSchema.Composite(String.join("#", sort), sort, declaredBy));
                }
            }
        }
        return List.copyOf(composites.values());
    }

    // ---- Owners: @auth rules with allow: owner (graphql-auth-transformer.ts: ownerField defaults to "owner", the claim to
    // "sub::username" with useSubUsernameForDefaultIdentityClaim and to "username" without; a list field holds several owners)

    private static List<AppSchema.Owner> owners(Declared model, List<Directive> typeDirectives, List<FieldDefinition> fields) {
        Map<String, AppSchema.Owner> owners = new LinkedHashMap<>();
        List<Map.Entry<String, Directive>> auth = new ArrayList<>();
        typeDirectives.stream().filter(d -> d.getName().equals("auth")).forEach(d -> auth.add(Map.entry("@auth on " + model.name(), d)));
        for (FieldDefinition field : fields) {
            field.getDirectives().stream().filter(d -> d.getName().equals("auth"))
                    .forEach(d -> auth.add(Map.entry("@auth on " + model.name() + "." + field.getName(), d)));
        }
        for (Map.Entry<String, Directive> entry : auth) {
            Value<?> rules = entry.getValue().getArgument("rules") == null ? null : entry.getValue().getArgument("rules").getValue();
            List<Value<?>> list = new ArrayList<>();
            if (rules instanceof ArrayValue array) {
                array.getValues().forEach(list::add);
            } else if (rules != null) {
                list.add(rules);
            }
            for (Value<?> rule : list) {
                if (rule instanceof ObjectValue object) {
                    AppSchema.Owner owner = owner(model, object, entry.getKey());
                    if (owner != null) {
                        owners.putIfAbsent(owner.attribute(), owner);
                    }
                }
            }
        }
        return List.copyOf(owners.values());
    }

    private static AppSchema.Owner owner(Declared model, ObjectValue rule, String on) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (ObjectField field : rule.getObjectFields()) {
            String text = text(field.getValue());
            if (text != null) {
                fields.put(field.getName(), text);
            }
        }
        String provider = fields.getOrDefault("provider", "userPools");
        if (!"owner".equals(fields.get("allow")) || !provider.equals("userPools")) {
            return null;
        }
        String attribute = fields.getOrDefault("ownerField", "owner");
        String claim = fields.getOrDefault("identityClaim", "");
        FieldDefinition declared = model.field(attribute);
        boolean list = declared != null && unwrapNonNull(declared.getType()) instanceof ListType;
        String shown = "{allow: owner" + (fields.containsKey("ownerField") ? ", ownerField: \"" + attribute + "\"" : "")
                + (claim.isEmpty() ? "" : ", identityClaim: \"" + claim + "\"") + "}";
        return new AppSchema.Owner(attribute, list, kind(claim), claim, on + " " + shown);
    }

    /**
     * What an owner field stores, by its claim: none named is {@code sub::username} (or the username alone in apps made
     * before useSubUsernameForDefaultIdentityClaim), which {@code @owner} maps in every form; {@code sub} the sub;
     * {@code username} the username. Another claim (an email, a custom one) is nothing dmig maps: null.
     */
    static IdentityKind kind(String claim) {
        return switch (claim) {
            case "", "sub::username", "sub::cognito:username" -> IdentityKind.OWNER;
            case "sub" -> IdentityKind.SUB;
            case "username", "cognito:username" -> IdentityKind.USERNAME;
            default -> null;
        };
    }

    // ---- The AST ----

    /**
     * A model's fields of scalar types (AppSync's and GraphQL's own), each with its type: a list's, its elements'; and the
     * fields of a non-model type, the map a field of it holds, at their paths ({@code contact.email}, a list's
     * {@code guests[].phone}), {@link PersonalAttributes#DEPTH} names deep at most (a type may hold itself).
     */
    private Map<String, String> scalars(List<FieldDefinition> fields, String prefix, int depth, Map<String, String> scalars) {
        for (FieldDefinition field : fields) {
            String type = typeName(field.getType());
            Declared nested = types.get(type);
            if (SCALARS.contains(type)) {
                scalars.put(prefix + field.getName(), type);
            } else if (nested != null && !nested.model() && depth < PersonalAttributes.DEPTH) {
                String parts = prefix + field.getName() + (unwrapNonNull(field.getType()) instanceof ListType ? "[]." : ".");
                scalars(nested.fields(), parts, depth + 1, scalars);
            }
        }
        return scalars;
    }

    private static Type<?> unwrapNonNull(Type<?> type) {
        return type instanceof NonNullType nonNull ? nonNull.getType() : type;
    }

    private static String typeName(Type<?> type) {
        Type<?> inner = type;
        while (!(inner instanceof TypeName)) {
            inner = inner instanceof NonNullType nonNull ? nonNull.getType() : ((ListType) inner).getType();
        }
        return ((TypeName) inner).getName();
    }

    private static Directive directive(FieldDefinition field, String name) {
        return field.getDirectives().stream().filter(d -> d.getName().equals(name)).findFirst().orElse(null);
    }

    private static String string(Directive directive, String argument) {
        return directive.getArgument(argument) == null ? null : text(directive.getArgument(argument).getValue());
    }

    /** A directive's argument as a list of strings: a list, or a single string as Amplify accepts it. */
    private static List<String> strings(Directive directive, String argument) {
        if (directive.getArgument(argument) == null) {
            return List.of();
        }
        Value<?> value = directive.getArgument(argument).getValue();
        if (value instanceof ArrayValue array) {
            return array.getValues().stream().map(GraphqlSchemaReader::text).filter(java.util.Objects::nonNull).toList();
        }
        String text = text(value);
        return text == null ? List.of() : List.of(text);
    }

    private static String text(Value<?> value) {
        if (value instanceof StringValue string) {
            return string.getValue();
        }
        if (value instanceof EnumValue enumValue) {
            return enumValue.getName();
        }
        return null;
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String where(String file, SourceLocation location) {
        return location == null ? file : file + " line " + location.getLine();
    }

    private static String where(Declared model, FieldDefinition field) {
        String file = model.where().contains(" line ") ? model.where().substring(0, model.where().indexOf(" line ")) : model.where();
        return where(file, field.getSourceLocation());
    }
}
