package dev.dmig.infer;

import dev.dmig.infer.ValueForms.Form;
import dev.dmig.plan.ValuePattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a path's values are literal text around IDs ({@code ORDER#<id>}, {@code <projectId>#<createdAt>},
 * {@code USER#<sub>}), and the pattern that maps them. Each value is cut at the separators apps build such values with
 * ({@code ::}, {@code #}, {@code |}, {@code /}); a piece of letters only that recurs at its place is literal text
 * ({@code ORDER}), any other piece a placeholder. The values of one form make one alternative of the pattern. A
 * placeholder maps when its pieces pass the test a whole-value reference passes (IDs of one table, or users' subs or
 * usernames), and is copied as it is otherwise; a pattern is proposed when some alternative maps, the alternatives take
 * in 90% of the values, and 90% of the values of the mapping alternatives hold IDs.
 */
final class PatternInference {
    /** Longest first, so that {@code ::} is not read as two of something. */
    static final List<String> SEPARATORS = List.of("::", "#", "|", "/");
    /** Forms one attribute may take; more, and its values are not built to one design. */
    static final int MAX_ALTERNATIVES = 8;
    private static final int EXAMPLES = 3;
    /** Forms whose pieces are checked, the commonest first: a file's name may spell many. */
    private static final int MAX_FORMS = 8 * MAX_ALTERNATIVES;
    private static final String SLOT = ValueForms.SLOT;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * What the pieces in one placeholder's place are: {@code target} a model, {@code @sub} or {@code @username}, or
     * null when they are none of those (the placeholder copies them); {@code shapeOnly}: judged by their shape alone.
     */
    record Slot(String target, int checked, Set<String> matched, String method, boolean shapeOnly) {
        static final Slot KEPT = new Slot(null, 0, Set.of(), null, false);

        boolean maps() {
            return target != null;
        }
    }

    /** Finds what a placeholder's pieces are; {@code ownKeys}: the pieces are in a key of a single-table design. */
    interface Slots {
        Slot resolve(List<String> pieces, String path, boolean ownKeys);
    }

    /** One alternative as proposed: its form, what each placeholder holds (by place in the form), and its text. */
    private record Alternative(Form form, Map<Integer, Slot> slots, ProposedPattern proposed, ValuePattern compiled) {
        boolean maps() {
            return proposed.maps();
        }

        /** Whether each mapped piece of the value (cut at {@code separators}) is one the checks found. */
        boolean resolved(String value, List<String> separators) {
            List<String> parts = cut(value, separators);
            return slots.entrySet().stream().allMatch(e -> !e.getValue().maps() || e.getValue().matched().contains(parts.get(e.getKey())));
        }
    }

    private final Thresholds thresholds;
    private final Slots slots;
    private final List<String> separators;

    PatternInference(Thresholds thresholds, Slots slots) {
        this(thresholds, slots, SEPARATORS);
    }

    /** {@code separators}: what values are cut at, longest first ({@link #SEPARATORS}, and {@code .} in object keys). */
    PatternInference(Thresholds thresholds, Slots slots, List<String> separators) {
        this.thresholds = thresholds;
        this.slots = slots;
        this.separators = List.copyOf(separators);
    }

    /** A value cut at the separators: pieces at even places, separators at odd ones. */
    static List<String> cut(String value) {
        return cut(value, SEPARATORS);
    }

    /** A value cut at {@code separators}. */
    static List<String> cut(String value, List<String> separators) {
        List<String> parts = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int i = 0;
        outer:
        while (i < value.length()) {
            for (String separator : separators) {
                if (value.startsWith(separator, i)) {
                    parts.add(piece.toString());
                    parts.add(separator);
                    piece.setLength(0);
                    i += separator.length();
                    continue outer;
                }
            }
            piece.append(value.charAt(i++));
        }
        parts.add(piece.toString());
        return parts;
    }

    static boolean composite(String value) {
        return SEPARATORS.stream().anyMatch(value::contains);
    }

    /**
     * Whether a placeholder's pieces, too few for a reference's count ({@code minMatchedOpaque} distinct ones), are each
     * one {@code known} (an ID of a table, a user's sub): between a pattern's literal text, two boards or two users are
     * still what they are, and left unmapped they would keep the development environment's IDs.
     */
    static boolean fewAllKnown(int known, int pieces, Thresholds thresholds) {
        return pieces < thresholds.minMatchedOpaque() && known == pieces;
    }

    /** {@link #fewAllKnown}, the known pieces opaque IDs, which do not coincide by chance as names and numbers do. */
    static boolean fewIds(Collection<String> matched, int pieces, Thresholds thresholds) {
        return fewAllKnown(matched.size(), pieces, thresholds) && matched.stream().allMatch(IdShape::opaque);
    }

    /**
     * The opaque pieces of a table's composite keys, when its partition key's values are composite (90% of them): the
     * IDs of a single-table design's items ({@code ORDER#<id>}); null for a table keyed otherwise.
     */
    static Set<String> keyPieces(TableSample sample, Thresholds thresholds) {
        PathValues hash = sample.paths().get(sample.table().hashKey().name());
        if (!sample.stringKey() || hash == null || hash.values().isEmpty()
                || hash.values().stream().filter(PatternInference::composite).count() < thresholds.minMatchRate() * hash.values().size()) {
            return null;
        }
        Set<String> pieces = new LinkedHashSet<>();
        for (String key : sample.table().keyNames()) {
            PathValues values = sample.paths().get(key);
            if (values != null) {
                values.values().stream().filter(PatternInference::composite)
                        .forEach(v -> cut(v).stream().filter(IdShape::opaque).forEach(pieces::add));
            }
        }
        return pieces;
    }

    /** The path's values as a pattern, proposed or turned down; null when no form of its values maps anything. */
    ReferenceEvidence infer(PathValues path, boolean ownKeys) {
        List<String> values = List.copyOf(path.values());
        if (values.stream().noneMatch(v -> separators.stream().anyMatch(v::contains))) {
            return null;
        }
        List<Form> forms = ValueForms.of(values, separators);
        Map<Form, List<String>> fixedPieces = new HashMap<>();
        Map<Form, Map<Integer, Slot>> resolved = fixed(shapes(forms.subList(0, Math.min(forms.size(), MAX_FORMS)), path.path(), ownKeys),
                fixedPieces);
        List<Form> chosen = new ArrayList<>(resolved.keySet().stream().filter(f -> maps(resolved.get(f))).toList());
        if (chosen.stream().noneMatch(Form::hasLiteral)) {
            return null;
        }
        resolved.keySet().stream().filter(f -> !chosen.contains(f)).forEach(chosen::add);
        List<Alternative> alternatives = new ArrayList<>(alternatives(chosen.subList(0, Math.min(chosen.size(), MAX_ALTERNATIVES)),
                resolved, fixedPieces, path.path()));
        Alternative catchAll = catchAll(values, alternatives);
        if (catchAll != null) {
            alternatives.add(catchAll);
        }
        return evidence(path, values, alternatives);
    }

    /**
     * A last alternative that keeps as they are the values no other alternative takes (forms past the commonest
     * {@value #MAX_ALTERNATIVES}), when they are few: 10% of the values or fewer; null when there are none, or too many
     * (then the pattern is turned down: they would be a design of their own).
     */
    private Alternative catchAll(List<String> values, List<Alternative> alternatives) {
        List<String> unfit = values.stream().filter(v -> alternatives.stream().noneMatch(a -> a.compiled().match(v) != null)).toList();
        if (unfit.isEmpty() || values.size() - unfit.size() < thresholds.minMatchRate() * values.size()) {
            return null;
        }
        return new Alternative(new Form(List.of(SLOT), unfit, false), Map.of(0, Slot.KEPT),
                ProposedPattern.catchAll(unfit.size(), unfit.stream().limit(EXAMPLES).toList()),
                ValuePattern.parse(ProposedPattern.CATCH_ALL, Map.of()));
    }

    /**
     * The forms' shapes, each with what its placeholders hold, most values first. The folders of the forms that share them
     * are judged on all their values together; when no name of theirs holds anything mapped, those forms are one shape,
     * their names kept as they are ({@code public/boards/<Board ID>/uploads/<Upload ID>/<name>}), so that a folder layout
     * is one alternative however its files are named.
     */
    private Map<Form, Map<Integer, Slot>> shapes(List<Form> forms, String path, boolean ownKeys) {
        Map<Form, Map<Integer, Slot>> shapes = new LinkedHashMap<>();
        for (List<Form> folder : ValueForms.byFolders(forms)) {
            if (folder.size() == 1) {
                shapes.put(folder.get(0), resolve(folder.get(0).values(), folder.get(0).slots(), path, ownKeys));
                continue;
            }
            int nameAt = folder.get(0).nameAt();
            List<String> all = folder.stream().flatMap(f -> f.values().stream()).toList();
            Map<Integer, Slot> folders = resolve(all, folder.get(0).slots().stream().filter(p -> p < nameAt).toList(), path, ownKeys);
            List<Form> plain = new ArrayList<>();
            for (Form form : folder) {
                Map<Integer, Slot> slots = new LinkedHashMap<>(folders);
                Map<Integer, Slot> name = resolve(form.values(), form.slots().stream().filter(p -> p >= nameAt).toList(), path, ownKeys);
                slots.putAll(name);
                if (maps(name)) {
                    shapes.put(form, slots);
                } else {
                    plain.add(form);
                }
            }
            if (plain.size() == 1) {
                Map<Integer, Slot> slots = new LinkedHashMap<>(folders);
                plain.get(0).slots().stream().filter(p -> p >= nameAt).forEach(p -> slots.put(p, Slot.KEPT));
                shapes.put(plain.get(0), slots);
            } else if (!plain.isEmpty()) {
                Map<Integer, Slot> slots = new LinkedHashMap<>(folders);
                slots.put(nameAt, Slot.KEPT);
                shapes.put(ValueForms.merged(plain), slots);
            }
        }
        List<Form> bySize = new ArrayList<>(shapes.keySet());
        bySize.sort(Comparator.comparingInt((Form f) -> f.values().size()).reversed());
        Map<Form, Map<Integer, Slot>> sorted = new LinkedHashMap<>();
        bySize.forEach(f -> sorted.put(f, shapes.get(f)));
        return sorted;
    }

    /**
     * The shapes, each placeholder that maps nothing and holds fewer distinct pieces than a reference's count needs
     * ({@code minMatchedOpaque}) made literal text: one form per piece ({@code public/boards/b-01/uploads/{uploadId}/{name}}),
     * its pieces put in {@code fixedPieces}, so that no placeholder stands for one or two values that are IDs of no table
     * read and no user's. A file's name (after the last {@code /}) stays a placeholder: it is what someone called the file.
     */
    private Map<Form, Map<Integer, Slot>> fixed(Map<Form, Map<Integer, Slot>> shapes, Map<Form, List<String>> fixedPieces) {
        Map<Form, Map<Integer, Slot>> fixed = new LinkedHashMap<>();
        shapes.forEach((form, slots) -> {
            List<Integer> few = slots.keySet().stream().filter(p -> !slots.get(p).maps() && (form.nameAt() == 0 || p < form.nameAt())
                    && form.values().stream().map(v -> cut(v, separators).get(p)).distinct().count() < thresholds.minMatchedOpaque())
                    .toList();
            if (few.isEmpty()) {
                fixed.put(form, slots);
                return;
            }
            Map<Integer, Slot> rest = new LinkedHashMap<>(slots);
            few.forEach(rest::remove);
            Map<List<String>, List<String>> byPieces = new LinkedHashMap<>();
            for (String value : form.values()) {
                List<String> parts = cut(value, separators);
                byPieces.computeIfAbsent(few.stream().map(parts::get).toList(), k -> new ArrayList<>()).add(value);
            }
            byPieces.forEach((pieces, values) -> {
                List<String> parts = new ArrayList<>(form.parts());
                for (int i = 0; i < few.size(); i++) {
                    parts.set(few.get(i), pieces.get(i));
                }
                Form literal = new Form(parts, values, form.named());
                fixed.put(literal, rest);
                fixedPieces.put(literal, pieces);
            });
        });
        return fixed;
    }

    /** What each of {@code places} holds in {@code values}. */
    private Map<Integer, Slot> resolve(List<String> values, List<Integer> places, String path, boolean ownKeys) {
        Map<Integer, Slot> resolved = new LinkedHashMap<>();
        for (int place : places) {
            Set<String> pieces = new LinkedHashSet<>();
            values.forEach(v -> pieces.add(cut(v, separators).get(place)));
            resolved.put(place, slots.resolve(List.copyOf(pieces), path, ownKeys));
        }
        return resolved;
    }

    private static boolean maps(Map<Integer, Slot> slots) {
        return slots.values().stream().anyMatch(Slot::maps);
    }

    /**
     * The forms as a pattern's alternatives, in the order the plan tries them: more separators first, then more literal
     * text, so that no alternative takes a value of another.
     */
    private static List<Alternative> alternatives(List<Form> forms, Map<Form, Map<Integer, Slot>> resolved,
                                                  Map<Form, List<String>> fixedPieces, String path) {
        List<Form> ordered = new ArrayList<>(forms);
        ordered.sort(Comparator.comparingInt(Form::separators).reversed()
                .thenComparing(Comparator.comparingInt(Form::literalLength).reversed())
                .thenComparing(Comparator.comparingInt((Form f) -> f.values().size()).reversed()));
        Map<String, String> modelByName = new HashMap<>();
        List<Alternative> alternatives = new ArrayList<>();
        for (Form form : ordered) {
            Map<Integer, Slot> slots = resolved.get(form);
            Map<Integer, String> names = names(form, slots, path, modelByName);
            StringBuilder text = new StringBuilder();
            StringBuilder shown = new StringBuilder();
            Map<String, String> placeholders = new LinkedHashMap<>();
            for (int i = 0; i < form.parts().size(); i++) {
                String part = form.parts().get(i);
                if (!part.equals(SLOT)) {
                    text.append(part.replace("{", "{{").replace("}", "}}"));
                    shown.append(part);
                    continue;
                }
                Slot slot = slots.get(i);
                text.append('{').append(names.get(i)).append('}');
                shown.append('<').append(slot.maps() ? shown(slot.target()) : names.get(i)).append('>');
                if (slot.maps()) {
                    placeholders.put(names.get(i), slot.target());
                }
            }
            ProposedPattern proposed = new ProposedPattern(text.toString(), placeholders, shown.toString(), form.values().size(),
                    List.of(), fixedPieces.getOrDefault(form, List.of()));
            alternatives.add(new Alternative(form, slots, proposed, ValuePattern.parse(text.toString(), Map.of())));
        }
        return alternatives;
    }

    private static String shown(String target) {
        return target.startsWith("@") ? target.substring(1) : target + " ID";
    }

    /**
     * Placeholder names: the attribute's own when its name is built like its values ({@code projectId#createdAt}), else
     * {@code sub}, {@code username} or {@code identityId} for users, the literal piece before ({@code ORDER#{order}}; not a
     * folder's name before IDs of a model, {@code projects/{projectId}}), or the model's;
     * unique in the pattern, and one name never holds IDs of two models (the plan refuses that).
     */
    private static Map<Integer, String> names(Form form, Map<Integer, Slot> slots, String path, Map<String, String> modelByName) {
        String attribute = path.substring(path.lastIndexOf('.') + 1).replace("[]", "");
        List<String> own = cut(attribute);
        boolean named = own.size() == form.parts().size();
        for (int i = 1; named && i < own.size(); i += 2) {
            named = own.get(i).equals(form.parts().get(i));
        }
        Map<Integer, String> names = new LinkedHashMap<>();
        Set<String> taken = new LinkedHashSet<>();
        int kept = 0;
        for (int place : slots.keySet()) {
            Slot slot = slots.get(place);
            String before = place >= 2 ? form.parts().get(place - 2) : "";
            String name;
            if (named && NAME.matcher(own.get(place)).matches()) {
                name = own.get(place);
            } else if (form.named() && place == form.parts().size() - 1) {
                name = "name";
            } else if (slot.maps() && slot.target().startsWith("@")) {
                name = slot.target().substring(1);
            } else if (NAME.matcher(before).matches() && !(slot.maps() && form.parts().get(place - 1).equals("/"))) {
                // ORDER#{order}; but a folder (projects/{projectId}/) names what is in it, not the ID.
                name = before.toLowerCase(Locale.ROOT);
            } else if (slot.maps()) {
                name = idName(slot.target());
            } else {
                kept++;
                name = "part" + kept;
            }
            String model = slot.maps() && !slot.target().startsWith("@") ? slot.target() : null;
            String unique = name;
            for (int n = 2; taken.contains(unique) || unique.equals("pattern")
                    || (model != null && modelByName.containsKey(unique) && !modelByName.get(unique).equals(model)); n++) {
                unique = name + n;
            }
            taken.add(unique);
            if (model != null) {
                modelByName.put(unique, model);
            }
            names.put(place, unique);
        }
        return names;
    }

    /** {@code projectId} for Projects, {@code categoryId} for Categories. */
    private static String idName(String model) {
        String singular = model;
        if (singular.endsWith("ies")) {
            singular = singular.substring(0, singular.length() - 3) + "y";
        } else if (singular.endsWith("s") && singular.length() > 1) {
            singular = singular.substring(0, singular.length() - 1);
        }
        String name = Character.toLowerCase(singular.charAt(0)) + singular.substring(1) + "Id";
        return NAME.matcher(name).matches() ? name : "id";
    }

    @SuppressWarnings("ReferenceEquality") // alternatives of one list, the same one by identity
    private ReferenceEvidence evidence(PathValues path, List<String> values, List<Alternative> alternatives) {
        Tally tally = new Tally();
        Map<String, Alternative> owners = new HashMap<>();
        alternatives.forEach(a -> a.form().values().forEach(v -> owners.put(v, a)));
        for (String value : values) {
            Alternative taken = alternatives.stream().filter(a -> a.compiled().match(value) != null).findFirst().orElse(null);
            Alternative own = owners.get(value);
            if (taken == null) {
                tally.unfit.add(value);
            } else if (own != null && own != taken) {
                tally.misrouted++;
            } else if (taken.maps()) {
                tally.mapped.add(value);
                if (own != null && taken.resolved(value, separators)) {
                    tally.matched.add(value);
                }
            } else if (taken.form().slots().isEmpty()) {
                tally.constants++;
            } else {
                tally.kept.add(value);
            }
        }
        List<ProposedPattern> proposed = alternatives.stream().map(Alternative::proposed).toList();
        Set<String> targets = new LinkedHashSet<>();
        Set<String> methods = new LinkedHashSet<>();
        boolean shapeOnly = false;
        int mapped = tally.mapped.size();
        int matched = tally.matched.size();
        // Values that repeat an ID with other text (one project, many dates) are no more evidence than the ID: the
        // confidence is the lesser of the values' and of each placeholder's distinct pieces.
        double confidence = ReferenceEvidence.confidence(matched, mapped);
        for (Alternative alternative : alternatives) {
            for (Slot slot : alternative.slots().values()) {
                if (slot.maps()) {
                    targets.add(slot.target());
                    methods.add(slot.method());
                    shapeOnly |= slot.shapeOnly();
                    confidence = Math.min(confidence, ReferenceEvidence.confidence(slot.matched().size(), slot.checked()));
                }
            }
        }
        String reason = refusal(path, values.size(), tally);
        List<String> unresolved = tally.mapped.stream().filter(v -> !tally.matched.contains(v)).limit(EXAMPLES).toList();
        String basis = String.join(" or ", proposed.stream().filter(ProposedPattern::maps).map(ProposedPattern::shown).toList());
        return new ReferenceEvidence(path.path(), String.join(", ", targets), mapped, matched,
                TableInference.round(mapped == 0 ? 0 : (double) matched / mapped, 4), path.items(), path.occurrences(),
                path.emptyCount(), path.nonStringCount(), path.truncated(), String.join(", ", methods),
                TableInference.round(confidence, 3), ReferenceEvidence.level(confidence, shapeOnly),
                tally.matched.stream().limit(EXAMPLES).toList(), reason == null ? unresolved : List.of(), List.of(), reason,
                ReferenceEvidence.Kind.PATTERN, basis, proposed, null);
    }

    /** Where the values went: to a mapping alternative (and whether its pieces are IDs), a constant, a copying one, none. */
    private static final class Tally {
        final List<String> mapped = new ArrayList<>();
        final Set<String> matched = new LinkedHashSet<>();
        final List<String> kept = new ArrayList<>();
        final List<String> unfit = new ArrayList<>();
        int constants;
        int misrouted;
    }

    private String refusal(PathValues path, int values, Tally tally) {
        if (tally.misrouted > 0) {
            return tally.misrouted + " values would be taken by another form's alternative: the forms overlap";
        }
        if (!tally.unfit.isEmpty()) {
            return tally.unfit.size() + " of " + values + " values have none of the " + MAX_ALTERNATIVES + " commonest forms (e.g. "
                    + quoted(tally.unfit) + "): analysis would refuse them";
        }
        int built = tally.mapped.size() + tally.constants;
        double share = (double) built / values;
        if (share < thresholds.minMatchRate()) {
            return "only " + built + " of " + values + " values (" + TableInference.percent(share) + ") are literal text around IDs,"
                    + " or literal text alone (not e.g. " + quoted(tally.kept) + "); at least "
                    + TableInference.percent(thresholds.minMatchRate()) + " needed";
        }
        double rate = (double) tally.matched.size() / tally.mapped.size();
        if (rate < thresholds.minMatchRate()) {
            return "only " + tally.matched.size() + " of " + tally.mapped.size() + " values (" + TableInference.percent(rate)
                    + ") hold IDs where their form has them; at least " + TableInference.percent(thresholds.minMatchRate()) + " needed";
        }
        if (path.nonStringCount() > 0) {
            return "the path also holds " + path.nonStringCount() + " values that are not strings: dmig refuses a pattern"
                    + " path that meets one, so fix those items first";
        }
        return null;
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().limit(EXAMPLES).map(v -> "'" + v + "'").toList());
    }
}
