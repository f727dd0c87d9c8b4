package dev.dmig.infer;

import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.ValuePattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Where inference consults the app's own declaration ({@link AppSchema}), and the only place that reads it. Before the
 * tables are judged, a table keyed by its users ({@code ownerField: "id"}) gets its key mapped by the identity map, and
 * its keys join the users known, so that an attribute holding them ({@code lead}, {@code assignee}) is told as users'
 * identities rather than as references to that table. After, each table's proposals at the paths the schema declares
 * (relationships' keys, owner fields, composite sort keys) are the schema's, checked against the sample; what the data
 * shows otherwise there is a warning with its evidence. Paths the schema says nothing of keep what the data shows, and a
 * table's comment says which is which.
 */
final class SchemaRoles {
    /** No schema: every proposal is the data's. */
    static final SchemaRoles NONE = new SchemaRoles(null, Thresholds.DEFAULT);

    private static final int EXAMPLES = 3;
    private static final String METHOD = "schema";
    private static final String LEVEL = "declared";

    private final AppSchema schema;
    private final Thresholds thresholds;

    private SchemaRoles(AppSchema schema, Thresholds thresholds) {
        this.schema = schema;
        this.thresholds = thresholds;
    }

    /**
     * The schema's roles for the environment whose tables are {@code tables} (model → table name). Every model of the
     * schema must have a table: one without is a schema of another app or environment, refused in one line.
     */
    static SchemaRoles of(AppSchema schema, Map<String, String> tables, String suffix, Thresholds thresholds, List<String> warnings) {
        if (schema == null) {
            return NONE;
        }
        for (AppSchema.Model model : schema.models()) {
            if (!tables.containsKey(model.name())) {
                throw new SchemaException(model.where() + ": model " + model.name() + " has no table " + model.name() + suffix
                        + " (" + tables.size() + " tables end with " + suffix + "): give --schema the schema of the environment"
                        + " --source-suffix names, or --source-suffix the environment this schema describes");
            }
        }
        List<String> outside = tables.keySet().stream().filter(t -> schema.model(t).isEmpty()).toList();
        if (!outside.isEmpty()) {
            warnings.add(outside.size() + (outside.size() == 1 ? " table is" : " tables are") + " no model of " + schema.source() + " ("
                    + String.join(", ", outside) + "): their plan comes from the data alone");
        }
        schema.notes().forEach(note -> warnings.add(schema.source() + ": " + note));
        return new SchemaRoles(schema, thresholds);
    }

    private Optional<AppSchema.Model> model(String name) {
        return schema == null ? Optional.empty() : schema.model(name);
    }

    /**
     * The users known, with the keys of the tables the schema says are keyed by their users: those keys are users'
     * identities, so values elsewhere that are keys of such a table are identities too. A user pool's users are the
     * users themselves, and stay as they are.
     */
    KnownUsers users(KnownUsers users, Map<String, TableSample> samples) {
        if (schema == null || users.fromPool()) {
            return users;
        }
        Set<String> subs = new LinkedHashSet<>(users.subs());
        Set<String> usernames = new LinkedHashSet<>(users.usernames());
        List<String> keyed = new ArrayList<>();
        for (AppSchema.Model model : schema.models()) {
            Optional<AppSchema.Owner> owner = model.keyedByUsers();
            TableSample sample = samples.get(model.name());
            if (owner.isEmpty() || sample == null) {
                continue;
            }
            keyed.add(model.name());
            for (String id : sample.ids()) {
                String sub = IdentityInference.ownerSub(id);
                if (owner.get().kind() == IdentityKind.USERNAME) {
                    usernames.add(id);
                } else if (sub != null) {
                    subs.add(sub);
                    usernames.add(id.substring(sub.length() + 2));
                } else if (IdShape.uuid(id)) {
                    subs.add(id);
                } else {
                    usernames.add(id);
                }
            }
        }
        if (keyed.isEmpty()) {
            return users;
        }
        String source = (users.isEmpty() ? "" : users.source() + " and ") + "the keys of " + String.join(", ", keyed)
                + " (keyed by its users, by the schema)";
        return new KnownUsers(source, subs, usernames, false, users.users(), users.pools());
    }

    /** The table's key mappings: the schema's, for a table keyed by its users; else what the data found. */
    TableInference.KeyMappings keys(TableSample sample, TableInference.KeyMappings found) {
        Optional<AppSchema.Model> model = model(sample.model());
        Optional<AppSchema.Owner> owner = model.flatMap(AppSchema.Model::keyedByUsers);
        String partition = sample.table().hashKey().name();
        if (owner.isEmpty() || !owner.get().attribute().equals(partition)) {
            return found;
        }
        List<String> warnings = new ArrayList<>();
        Map<String, ReferenceEvidence> keys = new LinkedHashMap<>(found.byAttribute());
        keys.put(partition, identity(sample.paths().get(partition), partition, owner.get(), owner.get().kind(), warnings, null));
        // The data's own note on this key (it may hold users' identities) is what the schema now says.
        found.warnings().stream().filter(w -> !w.startsWith("its partition key '" + partition + "'")).forEach(warnings::add);
        return new TableInference.KeyMappings(keys, warnings);
    }

    /**
     * The table's proposals with the schema's at the paths it declares, and its {@code syncable} and {@code onUnmatched};
     * {@code inference} checks declared references against the sample.
     */
    InferredTable apply(InferredTable table, TableSample sample, TableInference inference) {
        if (schema == null) {
            return table;
        }
        Optional<AppSchema.Model> found = model(table.model());
        if (found.isEmpty()) {
            return new InferredTable(table.model(), table.table(), table.keySchema(), table.approximateItems(), table.sampled(),
                    table.complete(), table.idAttribute(), table.ids(), table.idsReason(), table.references(), table.rejected(),
                    table.warnings(), table.unspellable(), false, null, new InferredTable.SchemaPart(schema.source(), null, List.of()),
                    table.rounds(), table.mask());
        }
        AppSchema.Model model = found.get();
        Declarations declarations = new Declarations(table, sample, inference);
        declarations.key(model);
        declarations.foreignKeys(model);
        declarations.owners(model);
        declarations.composites(model);
        boolean syncable = declarations.sync(model);
        String onUnmatched = null;
        if (model.keyedByUsers().isPresent() && table.references().stream().anyMatch(r -> r.path().equals(table.idAttribute())
                && r.kind() == ReferenceEvidence.Kind.IDENTITY)) {
            onUnmatched = "drop";
            declarations.notes.add("onUnmatched drop: its items are keyed by their users (" + model.keyedByUsers().get().declaredBy()
                    + "), so an item of a user the identity map has no match for (the profile of a development user with no account"
                    + " in the target) is left behind rather than stopping the run");
        }
        return declarations.table(syncable, onUnmatched, model);
    }

    /** One table's declarations as they are worked out: the schema's evidence by path, and what the data shows beside it. */
    private final class Declarations {
        private final InferredTable table;
        private final TableSample sample;
        private final TableInference inference;
        private final Map<String, ReferenceEvidence> data = new LinkedHashMap<>();
        private final Map<String, ReferenceEvidence> declared = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();
        private final List<String> warnings;
        /** The table's ID attribute, strategy and why, as the data chose them until a declared key says otherwise. */
        private String idAttribute;
        private String ids;
        private String idsReason;

        Declarations(InferredTable table, TableSample sample, TableInference inference) {
            this.table = table;
            this.sample = sample;
            this.inference = inference;
            this.warnings = new ArrayList<>(table.warnings());
            this.idAttribute = table.idAttribute();
            this.ids = table.ids();
            this.idsReason = table.idsReason();
            for (ReferenceEvidence reference : table.references()) {
                if (METHOD.equals(reference.method())) {
                    declared.put(reference.path(), reference);
                } else {
                    data.put(reference.path(), retargeted(reference));
                }
            }
        }

        /**
         * A reference the data found to a model keyed by its parent's IDs ({@link #keyParent}): its values are that
         * parent's IDs, and map as them.
         */
        private ReferenceEvidence retargeted(ReferenceEvidence found) {
            String parent = found.kind() == ReferenceEvidence.Kind.REFERENCE ? keyParent(found.model()) : null;
            if (parent == null) {
                return found;
            }
            notes.add(found.path() + " → " + parent + ": its values are keys of " + found.model() + ", whose partition key holds "
                    + parent + " IDs (by the schema)");
            return withModel(found, parent);
        }

        /** The schema's key against the table's: another key is a schema of another app or version. */
        void key(AppSchema.Model model) {
            String partition = sample.table().hashKey().name();
            String sort = sample.table().rangeKey() == null ? null : sample.table().rangeKey().name();
            if (!model.partitionKey().equals(partition) || !java.util.Objects.equals(model.sortKey(), sort)) {
                warnings.add("the schema keys " + model.name() + " by " + shownKey(model.partitionKey(), model.sortKey()) + " ("
                        + model.where() + "), but table " + sample.table().name() + " is keyed by " + shownKey(partition, sort)
                        + ": is --schema this environment's?");
            }
        }

        private static String shownKey(String partition, String sort) {
            return "'" + partition + "'" + (sort == null ? "" : " and '" + sort + "'");
        }

        /**
         * Every relationship's key, wherever it is: a declared relationship is in the plan whatever the data shows, keys of
         * the table included (its partition key or sort key). One that is the ID attribute is mapped by a pattern of its
         * one placeholder, so the item's key is its related record's new ID ({@link #keyedByParent}).
         */
        void foreignKeys(AppSchema.Model model) {
            keyedByParent(model);
            Map<String, List<AppSchema.ForeignKey>> byPath = new LinkedHashMap<>();
            for (AppSchema.ForeignKey key : model.foreignKeys()) {
                String path = key.attributes().stream().filter(a -> sample.paths().containsKey(a)).findFirst().orElse(key.attribute());
                if (key.attributes().size() > 1) {
                    notes.add(path + ": " + (sample.paths().containsKey(path) ? "the one the sampled items hold" : "no sampled item holds"
                            + " any, the first proposed") + " of the names the transformer gives this key (" + String.join(", ", key.attributes())
                            + ", by a setting the schema does not show)");
                }
                byPath.computeIfAbsent(path, p -> new ArrayList<>()).add(key);
            }
            byPath.forEach((path, keys) -> {
                if (!severalTables(path, keys)) {
                    keys.forEach(key -> foreignKey(model, path, key));
                }
            });
        }

        private void foreignKey(AppSchema.Model model, String path, AppSchema.ForeignKey key) {
            Optional<AppSchema.Owner> users = model(key.model()).flatMap(AppSchema.Model::keyedByUsers);
            if (users.isPresent()) {
                // A key of a table keyed by its users is a user's identity (a profile's key is its user's sub).
                declare(identity(sample.paths().get(path), path, users.get(), users.get().kind(), warnings), key.declaredBy()
                        + ", and " + key.model() + " is keyed by its users");
            } else if (path.equals(model.partitionKey()) && parentKey(model).isEmpty()) {
                notes.add(path + " holds " + key.model() + " keys too (" + key.declaredBy() + "), and is " + model.name()
                        + "'s own ID, which " + key.model() + "'s key follows");
            } else if (path.equals(idAttribute)) {
                declare(keyPattern(path, key), null);
            } else {
                declare(reference(path, key), null);
            }
        }

        /**
         * A key whose values the data found to be IDs of several tables, or that the schema declares of several models
         * ({@code @belongsTo(fields: ["resourceId"])} to Evaluation and to Report): which table each value names, only the
         * data can say. Its reference to one of several tables stands, where it found the attribute that says which, or where
         * no value is an ID of two of them (the table whose source holds each value); else nothing is proposed (one table's
         * IDs, the others' would name nothing in the target), with a warning. A key the schema declares of several models
         * whose values do not split is proposed as the table whose source holds each value. False for a
         * key of one model whose values do not split, which the schema's reference maps.
         */
        private boolean severalTables(String path, List<AppSchema.ForeignKey> keys) {
            Set<String> declared = new LinkedHashSet<>(keys.stream().map(k -> target(k.model())).toList());
            String declaredBy = String.join("; ", keys.stream().map(AppSchema.ForeignKey::declaredBy).toList());
            PolymorphicInference.Found found = inference.severalTables(path);
            if (found == null) {
                if (declared.size() < 2) {
                    return false;
                }
                declare(heldByDeclared(path, declared, declaredBy), null);
                return true;
            }
            if (!found.evidence().proposed()) {
                // The data's warning names the tables and what to do.
                return true;
            }
            Set<String> tables = found.split().ids().keySet();
            String by = found.evidence().by();
            String which = by != null ? by : "the table whose source holds each value";
            if (declared.equals(tables)) {
                notes.add(path + ": the schema declares " + String.join(" and ", declared) + " on it (" + declaredBy + "), and the data says"
                        + " which table each value names: " + which);
            } else {
                warnings.add(path + ": the schema says it holds IDs of " + String.join(" or ", declared) + " (" + declaredBy + "), but its"
                        + " values are IDs of " + String.join(" or ", tables) + (by != null ? " as " + by + " says: proposed by " + by
                        : ": proposed as one of them, the table whose source holds each value") + ", which maps each value as an ID of its table");
            }
            return true;
        }

        /**
         * A key the schema declares of several models whose sampled values do not say which table each names: a reference to
         * the table whose source holds each value, which analysis looks up (refusing a value two of them hold).
         */
        private ReferenceEvidence heldByDeclared(String path, Set<String> declared, String declaredBy) {
            PathValues values = sample.paths().get(path);
            List<String> checked = checked(values);
            Set<String> hits = new LinkedHashSet<>();
            List<String> counts = new ArrayList<>();
            for (String model : declared) {
                Set<String> ids = inference.idsOf(checked, model);
                counts.add(ids == null ? model + " not checked" : ids.size() + " " + model);
                if (ids != null) {
                    hits.addAll(ids);
                }
            }
            String basis = declaredBy + "; of " + checked.size() + " sampled values, IDs of " + String.join(", ", counts)
                    + ", and no attribute of its items says which: each mapped as an ID of the table whose source holds it";
            return evidence(path, values, String.join(", ", declared), ReferenceEvidence.Kind.PATTERN, hits, basis,
                    declared.stream().map(model -> ProposedPattern.held(model, 0)).toList());
        }

        /**
         * A table whose partition key is a relationship's key (a post keyed by its blog's ID): each item moves with its
         * related record's new ID. Under a sort key, the sort key is the item's own ID (new IDs when it holds generated
         * ones, else kept) and the partition key a reference; without one, the partition key is the ID attribute, mapped
         * by its relationship.
         */
        private void keyedByParent(AppSchema.Model model) {
            String partition = sample.table().hashKey().name();
            Optional<AppSchema.ForeignKey> key = parentKey(model).filter(k -> k.attributes().contains(partition));
            if (key.isEmpty() || !sample.stringKey()) {
                return;
            }
            String parent = target(key.get().model());
            // The data's words on this key (IDs of another table, a reference it proposed) are the schema's now.
            warnings.removeIf(w -> w.startsWith("its partition key '" + partition + "' holds"));
            var range = sample.table().rangeKey();
            if (range == null) {
                idAttribute = partition;
                ids = "sha256";
                idsReason = "partition key '" + partition + "' holds " + parent + " IDs (" + key.get().declaredBy() + "): each item's"
                        + " key is its " + parent + "'s new ID";
                return;
            }
            PathValues sort = sample.paths().get(range.name());
            boolean generated = range.type() == ScalarAttributeType.S && sort != null && !sort.values().isEmpty()
                    && IdShape.generatedShare(sort.values()) >= thresholds.minMatchRate();
            idAttribute = range.name();
            ids = generated ? "sha256" : "preserve";
            idsReason = "composite key: the partition key '" + partition + "' holds " + parent + " IDs (" + key.get().declaredBy()
                    + "), a reference, so each item moves with its " + parent + "'s new ID; the sort key '" + range.name()
                    + "' is the item's ID, " + (generated ? "given new IDs" : "kept as it is");
        }

        void owners(AppSchema.Model model) {
            for (AppSchema.Owner owner : model.owners()) {
                if (owner.attribute().equals(model.partitionKey())) {
                    continue;
                }
                if (owner.kind() == null) {
                    notes.add(owner.path() + " holds the claim '" + owner.claim() + "' (" + owner.declaredBy() + "), which dmig's"
                            + " identity map does not map: copied as it is");
                    continue;
                }
                declare(identity(sample.paths().get(owner.path()), owner.path(), owner, owner.kind(), warnings), null);
            }
        }

        void composites(AppSchema.Model model) {
            for (AppSchema.Composite composite : model.composites()) {
                Map<String, String> targets = new LinkedHashMap<>();
                for (String field : composite.fields()) {
                    String target = placeholder(model, field);
                    if (target != null) {
                        targets.put(field, target);
                    }
                }
                if (targets.isEmpty()) {
                    notes.add(composite.attribute() + " joins " + String.join(", ", composite.fields()) + " (" + composite.declaredBy()
                            + "): no IDs in it, copied as it is");
                    ReferenceEvidence seen = data.remove(composite.attribute());
                    if (seen != null) {
                        warnings.add(composite.attribute() + ": the schema says it joins plain values (" + composite.declaredBy()
                                + "), but the data suggests " + seen.target() + " (" + seen.basis() + "): not proposed");
                    }
                    continue;
                }
                declare(pattern(composite, targets), null);
            }
        }

        /** Whether the table syncs with DataStore: the schema's word when it has one, else the data's. */
        boolean sync(AppSchema.Model model) {
            PathValues version = sample.paths().get("_version");
            PathValues changed = sample.paths().get("_lastChangedAt");
            int items = sample.items();
            int synced = Math.min(version == null ? 0 : version.nonStringCount(), changed == null ? 0 : changed.nonStringCount());
            boolean data = items > 0 && synced >= thresholds.minMatchRate() * items;
            String seen = synced + " of " + items + " sampled items have _version and _lastChangedAt";
            switch (model.sync()) {
                case SYNCED -> {
                    notes.add("syncable: it syncs with DataStore (conflict detection, by " + schema.syncSource() + "); " + seen);
                    if (items > 0 && !data) {
                        warnings.add("the schema says " + model.name() + " syncs with DataStore, but only " + seen + ": proposed syncable"
                                + " as the schema says; check that " + sample.table().name() + " is this API's table");
                    }
                    return true;
                }
                case NOT_SYNCED -> {
                    // When the data disagrees, the warning below says it all.
                    notes.add("not syncable: " + schema.noSync(model.name()) + (data ? "" : "; " + seen));
                    if (data) {
                        warnings.add(schema.noSync(model.name()) + ", but " + seen + ": proposed \"syncable\": false, so they are"
                                + " copied as they are; if " + model.name() + " syncs with DataStore, make it \"syncable\": true");
                    }
                    return false;
                }
                case CLAIMED -> {
                    return fromData(data, synced, items, seen, schema.source() + " says syncable of every model, as Amplify's codegen"
                            + " writes it whatever the app");
                }
                default -> {
                    return fromData(data, synced, items, seen, "without the API's transform.conf.json, " + schema.source()
                            + " does not say which models sync with DataStore");
                }
            }
        }

        /**
         * A model whose file does not say whether it syncs (or says so of every model): the data's word, in a note; a warning
         * when some of its items carry DataStore's fields but too few to say it syncs, since those are copied as they are.
         */
        private boolean fromData(boolean data, int synced, int items, String seen, String why) {
            if (data) {
                notes.add("syncable: from the data (" + seen + "; " + why + ")");
            } else if (synced == 0 && items > 0) {
                notes.add("not syncable: only " + seen + ", so its items are copied without DataStore's fields; " + why);
            } else if (items > 0) {
                notes.add("not syncable: only " + seen + ", fewer than a DataStore table's; " + why);
                warnings.add("only " + seen + ": proposed \"syncable\": false, so theirs are copied as they are; if "
                        + sample.model() + " syncs with DataStore, make it \"syncable\": true");
            }
            return data;
        }

        /** What one field of a composite holds, when it holds IDs: its relationship's model, its owner's kind, the table's own IDs, or what the data found it to hold. */
        private String placeholder(AppSchema.Model model, String field) {
            for (AppSchema.ForeignKey key : model.foreignKeys()) {
                if (key.attributes().contains(field)) {
                    return model(key.model()).flatMap(AppSchema.Model::keyedByUsers).map(o -> o.kind().planName()).orElse(key.model());
                }
            }
            for (AppSchema.Owner owner : model.owners()) {
                if (owner.attribute().equals(field) && !owner.list() && owner.kind() != null) {
                    return owner.kind().planName();
                }
            }
            if (field.equals(idAttribute)) {
                ReferenceEvidence key = declared.get(field);
                return key != null && key.kind() == ReferenceEvidence.Kind.IDENTITY ? key.model()
                        : "preserve".equals(ids) ? null : table.model();
            }
            ReferenceEvidence seen = data.get(field);
            return seen != null && seen.kind() != ReferenceEvidence.Kind.PATTERN && seen.kind() != ReferenceEvidence.Kind.FILE
                    ? seen.model() : null;
        }

        /** A declared relationship's key, with how many of its sampled values are IDs of its model. */
        private ReferenceEvidence reference(String path, AppSchema.ForeignKey key) {
            PathValues values = sample.paths().get(path);
            Set<String> hits = new LinkedHashSet<>();
            String basis = keyValues(path, key, hits);
            return evidence(path, values, target(key.model()), ReferenceEvidence.Kind.REFERENCE, hits, basis, List.of());
        }

        /**
         * A declared relationship's key that is the table's ID attribute: a pattern of its one placeholder, so that the
         * item's key becomes its related record's new ID, as every reference to that record does.
         */
        private ReferenceEvidence keyPattern(String path, AppSchema.ForeignKey key) {
            String model = target(key.model());
            Set<String> hits = new LinkedHashSet<>();
            String basis = keyValues(path, key, hits);
            String name = placeholderName(path);
            ProposedPattern pattern = new ProposedPattern("{" + name + "}", Map.of(name, model), "<" + model + " ID>",
                    checked(sample.paths().get(path)).size());
            return evidence(path, sample.paths().get(path), model, ReferenceEvidence.Kind.PATTERN, hits, basis, List.of(pattern));
        }

        /** What declares the key and how many of its sampled values bear it out; {@code hits} gets those that do. */
        private String keyValues(String path, AppSchema.ForeignKey key, Set<String> hits) {
            String model = target(key.model());
            List<String> checked = checked(sample.paths().get(path));
            Set<String> matched = inference.idsOf(checked, model);
            String seen;
            if (checked.isEmpty()) {
                seen = "no sampled item holds it";
            } else if (matched == null) {
                seen = "not checked: " + model + " has no string IDs to check them against";
            } else {
                seen = matched.size() + " of " + checked.size() + " sampled values are " + model + " IDs";
                disagreement(path, model + " IDs (" + key.declaredBy() + ")", matched.size(), checked.size(), checked, matched);
                hits.addAll(matched);
            }
            String retargeted = model.equals(key.model()) ? "" : ", and " + key.model() + "'s partition key holds " + model + " IDs";
            return key.declaredBy() + retargeted + "; " + seen;
        }

        /** A declared composite holding IDs: its pattern, with how many sampled values have its form and hold known IDs. */
        private ReferenceEvidence pattern(AppSchema.Composite composite, Map<String, String> targets) {
            String text = String.join("#", composite.fields().stream().map(f -> "{" + f + "}").toList());
            Map<String, PlaceholderTarget> compiled = new LinkedHashMap<>();
            targets.forEach((name, target) -> compiled.put(name, target.startsWith("@")
                    ? new PlaceholderTarget.Identity(identityKind(target)) : new PlaceholderTarget.Model(target)));
            ValuePattern pattern = ValuePattern.parse(text, compiled);
            PathValues values = sample.paths().get(composite.attribute());
            List<String> checked = checked(values);
            Set<String> resolved = resolved(pattern, targets, checked);
            String shown = String.join("#", composite.fields().stream().map(f -> "<" + shown(f, targets.get(f)) + ">").toList());
            String seen = checked.isEmpty() ? "no sampled item holds it"
                    : resolved.size() + " of " + checked.size() + " sampled values are " + shown;
            if (!checked.isEmpty()) {
                disagreement(composite.attribute(), shown + " (" + composite.declaredBy() + ")", resolved.size(), checked.size(), checked,
                        resolved);
            }
            return evidence(composite.attribute(), values, String.join(", ", new TreeSet<>(targets.values())), ReferenceEvidence.Kind.PATTERN,
                    resolved, composite.declaredBy() + "; " + seen, List.of(new ProposedPattern(text, targets, shown, checked.size())));
        }

        /** The values that have the pattern's form and whose mapped parts are known IDs (subs by their shape). */
        private Set<String> resolved(ValuePattern pattern, Map<String, String> targets, List<String> values) {
            Map<String, List<String>> parts = new LinkedHashMap<>();
            Map<String, List<String>> partsOf = new LinkedHashMap<>();
            for (String value : values) {
                List<String> match = pattern.match(value);
                if (match != null) {
                    partsOf.put(value, match);
                    for (int i = 0; i < match.size(); i++) {
                        parts.computeIfAbsent(pattern.names().get(i), n -> new ArrayList<>()).add(match.get(i));
                    }
                }
            }
            Map<String, Set<String>> known = new LinkedHashMap<>();
            targets.forEach((name, target) -> {
                List<String> pieces = parts.getOrDefault(name, List.of()).stream().distinct().toList();
                Set<String> ids = target.startsWith("@") ? identityShaped(target, pieces) : inference.idsOf(pieces, target);
                known.put(name, ids == null ? Set.copyOf(pieces) : ids);
            });
            Set<String> resolved = new LinkedHashSet<>();
            partsOf.forEach((value, match) -> {
                boolean all = true;
                for (int i = 0; i < match.size(); i++) {
                    Set<String> ids = known.get(pattern.names().get(i));
                    all &= ids == null || ids.contains(match.get(i));
                }
                if (all) {
                    resolved.add(value);
                }
            });
            return resolved;
        }

        /** A declared identity: the schema's kind, and what the sampled values show of its form. */
        private ReferenceEvidence identity(PathValues values, String path, AppSchema.Owner owner, IdentityKind kind, List<String> notes) {
            return SchemaRoles.this.identity(values, path, owner, kind, notes, data.get(path));
        }

        /** Puts the schema's evidence at its path; the data's there, when it says otherwise, becomes a warning. */
        private void declare(ReferenceEvidence evidence, String why) {
            ReferenceEvidence schemaSays = why == null ? evidence : withBasis(evidence, why + "; " + evidence.basis());
            declared.put(schemaSays.path(), schemaSays);
            ReferenceEvidence seen = data.remove(schemaSays.path());
            if (seen != null && !seen.target().equals(schemaSays.target())) {
                warnings.add(schemaSays.path() + ": the schema says " + schemaSays.target() + ", the data suggests " + seen.target()
                        + " (" + (seen.basis() != null ? seen.basis() : seen.matched() + " of " + seen.checked() + " values are "
                        + seen.model() + " IDs") + "): proposed as the schema says");
            }
        }

        /** A warning when fewer than a reference's share of the sampled values are what the schema says they are. */
        private void disagreement(String path, String says, int matched, int checked, List<String> values, Set<String> hits) {
            if (checked > 0 && matched < thresholds.minMatchRate() * checked) {
                List<String> not = values.stream().filter(v -> !hits.contains(v)).limit(EXAMPLES).toList();
                warnings.add(path + ": the schema says it holds " + says + ", but only " + matched + " of " + checked + " sampled values ("
                        + TableInference.percent((double) matched / checked) + ") are, e.g. not " + String.join(", ", not)
                        + ": orphans, or values of another kind? proposed as the schema says");
            }
        }

        InferredTable table(boolean syncable, String onUnmatched, AppSchema.Model model) {
            List<ReferenceEvidence> references = new ArrayList<>(declared.values());
            references.addAll(data.values());
            references.sort(Comparator.comparing(ReferenceEvidence::path));
            List<ReferenceEvidence> rejected = table.rejected().stream().filter(r -> !declared.containsKey(r.path())).toList();
            return new InferredTable(table.model(), table.table(), table.keySchema(), table.approximateItems(), table.sampled(),
                    table.complete(), idAttribute, ids, idsReason, references, rejected, warnings,
                    table.unspellable(), syncable, onUnmatched, new InferredTable.SchemaPart(schema.source(), model.where(), notes),
                    table.rounds(), table.mask());
        }
    }

    /**
     * A declared identity at a path: {@code kind} as the schema says, but {@code @owner} where the sampled values are
     * owner values ({@code <sub>::<username>}) though the schema says a sub or a username (@owner maps every form, so
     * such values are not left unmatched), with a warning.
     */
    private ReferenceEvidence identity(PathValues values, String path, AppSchema.Owner owner, IdentityKind kind, List<String> warnings,
                                       ReferenceEvidence dataSays) {
        List<String> checked = checked(values);
        List<String> owners = checked.stream().filter(v -> IdentityInference.ownerSub(v) != null).toList();
        IdentityKind proposed = kind;
        if (kind != IdentityKind.OWNER && !checked.isEmpty() && owners.size() >= thresholds.minMatchRate() * checked.size()) {
            proposed = IdentityKind.OWNER;
            warnings.add(path + ": the schema says it holds " + (kind == IdentityKind.SUB ? "subs" : "usernames") + " (" + owner.declaredBy()
                    + "), but " + owners.size() + " of " + checked.size() + " sampled values are <sub>::<username>: proposed @owner,"
                    + " which maps each form");
        }
        Set<String> fitting = new LinkedHashSet<>(identityShaped(proposed.planName(), checked));
        String form;
        if (checked.isEmpty()) {
            form = "no sampled item holds it";
        } else if (proposed == IdentityKind.OWNER) {
            form = owners.size() == checked.size() ? checked.size() + " of " + checked.size() + " sampled values are <sub>::<username>"
                    : owners.isEmpty() ? checked.size() + " of " + checked.size() + " sampled values are a username or sub alone (as apps"
                    + " before useSubUsernameForDefaultIdentityClaim store it)"
                    : owners.size() + " of " + checked.size() + " sampled values are <sub>::<username>, the others a username or sub alone";
        } else {
            form = fitting.size() + " of " + checked.size() + " sampled values are " + (proposed == IdentityKind.SUB ? "subs (UUIDs)" : "usernames");
            if (fitting.size() < thresholds.minMatchRate() * checked.size()) {
                warnings.add(path + ": the schema says it holds " + (proposed == IdentityKind.SUB ? "subs" : "usernames") + " ("
                        + owner.declaredBy() + "), but only " + form + ": proposed as the schema says; check its values");
            }
        }
        if (dataSays != null && dataSays.kind() == ReferenceEvidence.Kind.REFERENCE) {
            warnings.add(path + ": the schema says it holds users' identities (" + owner.declaredBy() + "), the data suggests "
                    + dataSays.model() + " IDs (" + dataSays.matched() + " of " + dataSays.checked() + "): proposed as the schema says");
        }
        return evidence(path, values, proposed.planName(), ReferenceEvidence.Kind.IDENTITY, fitting, owner.declaredBy() + "; " + form,
                List.of());
    }

    /**
     * The model whose IDs a reference to {@code model} holds: the model its partition key holds the IDs of, by a relationship
     * the schema declares there ({@link #keyParent}), and so on up; else {@code model} itself.
     */
    private String target(String model) {
        String at = model;
        Set<String> seen = new java.util.HashSet<>();
        for (String parent = keyParent(at); parent != null && seen.add(at); parent = keyParent(at)) {
            at = parent;
        }
        return at;
    }

    /**
     * The model whose IDs {@code model}'s partition key holds, by a relationship the schema declares on it (a post keyed by
     * its blog's ID); null for none, or for a model keyed by its users (whose keys are identities). A reference to such a
     * model names its partition key's values, so its parent's IDs.
     */
    private String keyParent(String model) {
        return model(model).flatMap(this::parentKey).map(AppSchema.ForeignKey::model).orElse(null);
    }

    /**
     * The relationship declared on the model's partition key that its table follows: its items are keyed by that related
     * record's ID. Two models may declare it of each other (an account's {@code @hasOne(fields: ["id"])} of the profile
     * keyed by its {@code accountId}): then the one keyed by Amplify's own {@code id}, which Amplify generates, is the one
     * followed.
     */
    private Optional<AppSchema.ForeignKey> parentKey(AppSchema.Model model) {
        Optional<AppSchema.ForeignKey> key = partitionKeyOf(model);
        boolean followed = key.isPresent() && model.partitionKey().equals("id") && model(key.get().model())
                .flatMap(this::partitionKeyOf).filter(back -> back.model().equals(model.name())).isPresent();
        return followed ? Optional.empty() : key;
    }

    /** A relationship declared on the model's partition key, to a model not keyed by its users (whose keys are identities). */
    private Optional<AppSchema.ForeignKey> partitionKeyOf(AppSchema.Model model) {
        return model.foreignKeys().stream().filter(k -> k.attributes().contains(model.partitionKey()))
                .filter(k -> model(k.model()).flatMap(AppSchema.Model::keyedByUsers).isEmpty()).findFirst();
    }

    /** A placeholder's name for an attribute: its name, in the letters, digits and {@code _} a placeholder is made of. */
    private static String placeholderName(String attribute) {
        String name = attribute.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    /** The values that have the shape of the identity: a sub is a UUID; any value may be a username or an owner value. */
    private static Set<String> identityShaped(String target, List<String> values) {
        Set<String> shaped = new LinkedHashSet<>();
        for (String value : values) {
            boolean fits = switch (target) {
                case "@sub" -> IdShape.uuid(value);
                case "@username" -> IdentityInference.ownerSub(value) == null;
                default -> true;
            };
            if (fits) {
                shaped.add(value);
            }
        }
        return shaped;
    }

    private static IdentityKind identityKind(String planName) {
        for (IdentityKind kind : IdentityKind.values()) {
            if (kind.planName().equals(planName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no identity kind " + planName);
    }

    /** A placeholder as people read it: what it holds ({@code Project ID}, {@code sub}), or its field's name. */
    private static String shown(String field, String target) {
        if (target == null) {
            return field;
        }
        return target.startsWith("@") ? target.substring(1) : target + " ID";
    }

    private static ReferenceEvidence withModel(ReferenceEvidence r, String model) {
        return new ReferenceEvidence(r.path(), model, r.checked(), r.matched(), r.matchRate(), r.items(), r.occurrences(),
                r.emptyValues(), r.nonStringValues(), r.valuesTruncated(), r.method(), r.confidence(), r.level(), r.examples(),
                r.unresolved(), r.alsoMatches(), r.reason(), r.kind(), r.basis(), r.patterns(), r.file());
    }

    private static ReferenceEvidence withBasis(ReferenceEvidence r, String basis) {
        return new ReferenceEvidence(r.path(), r.model(), r.checked(), r.matched(), r.matchRate(), r.items(), r.occurrences(),
                r.emptyValues(), r.nonStringValues(), r.valuesTruncated(), r.method(), r.confidence(), r.level(), r.examples(),
                r.unresolved(), r.alsoMatches(), r.reason(), r.kind(), basis, r.patterns(), r.file());
    }

    /**
     * The schema's proposal at a path as evidence: what it maps, and how the sampled values bear it out ({@code hits} of
     * their distinct values, {@link #checked}); its level is {@code declared}, its confidence the data's.
     */
    private static ReferenceEvidence evidence(String path, PathValues values, String target, ReferenceEvidence.Kind kind,
                                              Set<String> hits, String basis, List<ProposedPattern> patterns) {
        List<String> checked = checked(values);
        int matched = hits.size();
        int count = checked.size();
        double confidence = ReferenceEvidence.confidence(matched, count);
        List<String> examples = hits.stream().limit(EXAMPLES).toList();
        List<String> unresolved = checked.stream().filter(v -> !hits.contains(v)).limit(EXAMPLES).toList();
        return new ReferenceEvidence(path, target, count, matched, count == 0 ? 0 : TableInference.round((double) matched / count, 4),
                values == null ? 0 : values.items(), values == null ? 0 : values.occurrences(), values == null ? 0 : values.emptyCount(),
                values == null ? 0 : values.nonStringCount(), values != null && values.truncated(), METHOD,
                TableInference.round(confidence, 3), LEVEL, examples, unresolved, List.of(), null, kind,
                basis, patterns, null);
    }

    /** A path's distinct sampled values, the ones its evidence is checked on; none when no sampled item holds it. */
    private static List<String> checked(PathValues values) {
        if (values == null) {
            return List.of();
        }
        // A key held as numbers (category_id: 7) is checked as their text, against a table keyed by numbers.
        return List.copyOf(values.values().isEmpty() ? values.numbers() : values.values());
    }
}
