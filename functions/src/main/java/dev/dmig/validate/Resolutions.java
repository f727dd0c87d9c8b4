package dev.dmig.validate;

import dev.dmig.Reaches;
import dev.dmig.analysis.SourceIdFilter;
import dev.dmig.analysis.SourceIds;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageFindings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.TableInfo;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whatever a copy's source item named in the source names the same in the target, whatever the plan says: each copy is
 * looked at beside its source item, value by value (attributes, list elements, map paths and the pieces of a composite
 * value, {@link SourceValueTokens}). A value the plan changed, a piece of which was the ID of a source record of table X,
 * must hold the ID X's copy of that record has ({@code id:X} otherwise: the value pointed at a record in the source and
 * points at nothing, or at another record, in the target); a piece that named a source user must name that user's
 * counterpart in the target ({@code user:<kind>}). An attribute no rule of the plan claims ({@link ItemTransformer#claims})
 * must be the source's value as it was ({@code changed}). A value that named something beside the tables that a feature
 * looks up (an object of the source's Storage bucket, where the plan does not say it is a file) must name the same in the
 * target (the feature's kind, {@link NamedBeside}). A piece left as it was is the source values' check's
 * ({@link SourceValueCheck}). An ID is recognised as the source values' check recognises one (the run's filters, made
 * certain by the source); the item's own ID attribute names its own record ({@link #candidates}); a piece that is an ID in
 * several tables is checked against the one the plan's reference at its path names, where it names one of them, and is
 * otherwise counted as undecided when it resolves in one of them. Reads the source only to make a filter's
 * "maybe" certain, for values that do not resolve.
 */
final class Resolutions {
    /** A piece that was the ID of a record of a table: this, then the table's model. */
    static final String ID = "id:";
    /**
     * A piece a feature knows to be the source's ({@link SourceNames}: a source user's): this, then its kind ({@code sub},
     * {@code username}, {@code identityId}).
     */
    static final String USER = "user:";
    /** An attribute no rule of the plan claims, whose value the copy does not hold as the source did. */
    static final String CHANGED = "changed";
    /** Values that named records or users in the source and name their copies in the target (path: empty). */
    static final String RESOLVED = "resolved";
    /** Pieces that were IDs in several tables and name the copy in one of them (path: empty). */
    static final String UNDECIDED = "undecided";

    private final ItemTransformer transformer;
    private final SourceValues known;
    /** What the steps reach beside the tables, where features look up what values name there. */
    private final Reaches reaches;
    /** Per model, what its values name beside the tables as the features look at it ({@link NamedBeside}). */
    private final Map<String, List<Beside>> beside = new java.util.concurrent.ConcurrentHashMap<>();

    Resolutions(ItemTransformer transformer, SourceValues known, Reaches reaches) {
        this.transformer = transformer;
        this.known = known;
        this.reaches = reaches;
    }

    /**
     * Looks at a page of {@code model}'s copies: {@code sources}, the source items, and {@code mapped}, what each maps to,
     * in the same order; {@code source} is their source table, whose keys name the items found.
     */
    List<PageFindings.Found> check(String model, TableInfo source, List<Map<String, AttributeValue>> sources,
                                   List<Map<String, AttributeValue>> mapped) {
        PageFindings findings = new PageFindings();
        TablePlan table = transformer.plan().table(model);
        Set<String> claimed = transformer.claims(model);
        List<Pending> pending = new ArrayList<>();
        long[] resolved = new long[2];
        for (int i = 0; i < sources.size(); i++) {
            Map<String, AttributeValue> item = sources.get(i);
            Copy copy = new Copy(table, findings, pending, resolved, besideOf(table), () -> masked(source, item));
            Map<String, AttributeValue> target = mapped.get(i);
            item.forEach((name, value) -> {
                String renamed = table.rename().getOrDefault(name, name);
                AttributeValue now = target.get(renamed);
                if (now == null || table.set().containsKey(renamed)) {
                    // Removed or set on purpose (remove, set, an identity without a match under remove): the plan's value.
                    return;
                }
                boolean changes = claimed.contains(name);
                if (!changes) {
                    // Copied as it was: most often the very value, else equal (a number as DynamoDB writes it).
                    if (value != now && !value.equals(now) && !ContentDigest.same(Map.of(name, value), Map.of(name, now))) {
                        findings.add(renamed, CHANGED, copy.where().get());
                        return;
                    }
                    if (!mayName(copy.beside(), value)) {
                        // What it still names of the source is the source values' check's; it names nothing beside.
                        return;
                    }
                }
                pair(value, now, renamed, name.equals(table.idAttribute()), copy);
            });
        }
        confirm(pending, findings);
        if (resolved[0] > 0) {
            findings.add(new PageFindings.Found("", RESOLVED, resolved[0], null));
        }
        if (resolved[1] > 0) {
            findings.add(new PageFindings.Found("", UNDECIDED, resolved[1], null));
        }
        return findings.list();
    }

    /** Whether a feature's look may find that {@code value} names something beside the tables (asked of each attribute). */
    private static boolean mayName(List<Beside> beside, AttributeValue value) {
        for (Beside named : beside) {
            if (named.look().mayName(value)) {
                return true;
            }
        }
        return false;
    }

    private static String masked(TableInfo source, Map<String, AttributeValue> item) {
        return SourceValueTokens.masked(ItemKeys.describe(source.keyOf(item)));
    }

    /**
     * Where the values being looked at come from: the table, what is found so far, the values that resolved (and of them
     * those undecided), and the item, named when something is found.
     */
    private record Copy(TablePlan table, PageFindings findings, List<Pending> pending, long[] resolved, List<Beside> beside,
                        java.util.function.Supplier<String> where) {}

    /** A feature's look at what a table's values name beside the tables. */
    private record Beside(NamedBeside.Feature feature, NamedBeside look) {}

    /** What the features look up of the table's values beside the tables: none where the run gives them nothing to look at. */
    private List<Beside> besideOf(TablePlan table) {
        MigrationPlan plan = transformer.plan();
        return beside.computeIfAbsent(table.model(), model -> NamedBeside.features().stream()
                .map(feature -> new Beside(feature, feature.of(plan, table, reaches))).filter(named -> named.look() != null).toList());
    }

    /** A piece whose filters said "maybe" and that names none of those tables' copies: the source's word decides. */
    private record Pending(String path, String id, List<String> models, Copy copy) {}

    /** Walks a source value and its copy side by side: lists element by element, maps key by key, sets as sets. */
    private void pair(AttributeValue was, AttributeValue now, String path, boolean ownId, Copy copy) {
        if (was.type() != now.type()) {
            if (was.type() == AttributeValue.Type.S && now.type() == AttributeValue.Type.S) {
                strings(was.s(), now.s(), path, ownId, copy);
            }
            return;
        }
        switch (was.type()) {
            case S -> strings(was.s(), now.s(), path, ownId, copy);
            case SS -> {
                Set<String> held = new HashSet<>(now.ss());
                String each = path + "[]";
                for (String element : was.ss()) {
                    if (!held.contains(element)) {
                        strings(element, now.ss(), each, copy);
                    }
                }
            }
            case L -> {
                if (was.l().size() == now.l().size()) {
                    String each = path + "[]";
                    for (int i = 0; i < was.l().size(); i++) {
                        pair(was.l().get(i), now.l().get(i), each, false, copy);
                    }
                }
            }
            case M -> was.m().forEach((name, element) -> {
                AttributeValue there = now.m().get(name);
                if (there != null) {
                    pair(element, there, path + "." + name, false, copy);
                }
            });
            default -> {
                // Numbers, binaries, booleans and NULL name nobody.
            }
        }
    }

    private void strings(String was, String now, String path, boolean ownId, Copy copy) {
        if (!was.isEmpty()) {
            for (Beside named : copy.beside()) {
                Boolean same = named.look().copied(path, was, now);
                if (Boolean.TRUE.equals(same)) {
                    copy.resolved()[0]++;
                } else if (Boolean.FALSE.equals(same)) {
                    copy.findings().add(path, named.feature().kind(), copy.where().get());
                }
            }
        }
        if (was.equals(now) || was.isEmpty()) {
            // Left as it was: what it still names of the source is the source values' check's to find.
            return;
        }
        look(was, tokens(now), path, ownId, copy);
    }

    /** An element of a set the copy does not hold as it was: its counterpart is looked for among the copy's elements. */
    private void strings(String was, List<String> now, String path, Copy copy) {
        Set<String> tokens = new HashSet<>();
        now.forEach(element -> SourceValueTokens.forEachToken(element, (token, whole, afterOwner) -> tokens.add(token)));
        look(was, tokens, path, false, copy);
    }

    private static Tokens tokens(String value) {
        Tokens tokens = new Tokens();
        SourceValueTokens.forEachToken(value, (token, whole, afterOwner) -> tokens.add(token));
        return tokens;
    }

    /**
     * A string's tokens, as few as most strings have (an ID has one) in a list, asked by {@code contains}: every string a
     * copy changed is cut, and a set built for one or two cost more than the look itself; a text of many, in a set.
     */
    private static final class Tokens extends AbstractCollection<String> {
        private static final int LISTED = 16;
        private final List<String> listed = new ArrayList<>(4);
        private Set<String> many;

        @Override
        public boolean add(String token) {
            if (many != null) {
                return many.add(token);
            }
            if (listed.contains(token)) {
                return false;
            }
            listed.add(token);
            if (listed.size() > LISTED) {
                many = new HashSet<>(listed);
            }
            return true;
        }

        @Override
        public boolean contains(Object token) {
            return many != null ? many.contains(token) : listed.contains(token);
        }

        @Override
        public Iterator<String> iterator() {
            return many != null ? many.iterator() : listed.iterator();
        }

        @Override
        public int size() {
            return many != null ? many.size() : listed.size();
        }
    }

    /**
     * Each piece of {@code was} that named a source user or record, against {@code now}'s pieces: its counterpart must be
     * among them. {@code ownId}: {@code was} is the item's own ID attribute, whose own table is not a reference of it.
     */
    private void look(String was, Collection<String> now, String path, boolean ownId, Copy copy) {
        // A piece is looked at once, however many of the string's variants it is.
        Tokens seen = new Tokens();
        SourceValueTokens.forEachToken(was, (token, whole, afterOwner) -> {
            if (now.contains(token) || !seen.add(token)) {
                return;
            }
            SourceNames.Kind kind = known.named(token, afterOwner);
            if (kind != null) {
                String counterpart = known.counterpart(kind, token);
                if (counterpart == null) {
                    // No match: the plan's onUnmatched decided, and the analysis counted it.
                    return;
                }
                if (now.contains(counterpart)) {
                    copy.resolved()[0]++;
                } else {
                    copy.findings().add(path, USER + kind.kind(), copy.where().get());
                }
                return;
            }
            if (token.length() < SourceIds.MIN_LENGTH) {
                return;
            }
            List<String> models = candidates(token, ownId, copy.table().model());
            if (models.isEmpty()) {
                return;
            }
            if (models.size() > 1) {
                // An ID in several tables (small keys): the table the plan's reference says, where it says one of them.
                String declared = declared(copy.table(), path);
                models = declared != null && models.contains(declared) ? List.of(declared) : models;
            }
            int resolved = 0;
            for (String model : models) {
                if (now.contains(transformer.newId(model, token))) {
                    resolved++;
                }
            }
            if (resolved > 0) {
                copy.resolved()[models.size() > 1 ? 1 : 0]++;
                return;
            }
            copy.pending().add(new Pending(path, token, models, copy));
        });
    }

    /**
     * The tables whose filters say {@code token} may be one of their source IDs. At an item's own ID attribute
     * ({@code ownId}), the value is the record's own identity, and names a record of another table only where its own table
     * is keyed by more than it (a sort key: the value is shared by several of its records, as a {@code @primaryKey} with
     * {@code sortKeyFields} on a {@code @belongsTo} field shares its parent's ID) and the other table by its ID alone: the
     * other table's ID attribute then holds the same value because it is that table's record.
     */
    /**
     * The one model the plan's reference at {@code path} names for a whole value ({@code "blogId": "Blog"}, or a pattern of
     * that model's ID alone, {@code {"pattern": "{blog}", "blog": "Blog"}}); null for none, or several.
     */
    private static String declared(TablePlan table, String path) {
        for (Map.Entry<ReferencePath, String> reference : table.references().entrySet()) {
            if (reference.getKey().text().equals(path)) {
                return reference.getValue();
            }
        }
        for (Map.Entry<ReferencePath, ValueMapping> mapping : table.mappings().entrySet()) {
            ValueMapping patterns = mapping.getValue();
            if (mapping.getKey().text().equals(path) && patterns.models().size() == 1 && patterns.alternatives().stream()
                    .allMatch(p -> p.placeholders().size() == 1 && p.literals().stream().allMatch(String::isEmpty))) {
                return patterns.models().get(0);
            }
        }
        return null;
    }

    private List<String> candidates(String token, boolean ownId, String model) {
        List<String> models = known.maybeIds(SourceIdFilter.hash(token));
        if (!ownId || models.isEmpty()) {
            return models;
        }
        if (known.source(model).map(info -> info.rangeKey() == null).orElse(true)) {
            return List.of();
        }
        List<String> others = new ArrayList<>(models.size());
        for (String other : models) {
            if (!other.equals(model) && known.source(other).map(info -> info.rangeKey() == null).orElse(false)) {
                others.add(other);
            }
        }
        return others;
    }

    /** Asks the source tables for the pieces their filters said "maybe" of; each one a table holds is counted by the first. */
    private void confirm(List<Pending> pending, PageFindings findings) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, List<String>> byModel = new HashMap<>();
        pending.forEach(p -> p.models().forEach(model -> byModel.computeIfAbsent(model, m -> new ArrayList<>()).add(p.id())));
        Map<String, Set<String>> confirmed = known.confirmed(byModel);
        for (Pending value : pending) {
            for (String model : value.models()) {
                if (confirmed.get(model).contains(value.id())) {
                    findings.add(value.path(), ID + model, value.copy().where().get());
                    break;
                }
            }
        }
    }
}
