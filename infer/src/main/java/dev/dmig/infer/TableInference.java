package dev.dmig.infer;

import dev.dmig.PersonalValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Inference for one sampled table: its references, and whether its IDs get new values. */
final class TableInference {
    private static final int EXAMPLES = 3;
    /** The folders Amplify Storage keeps its objects in, by access level. */
    private static final List<String> STORAGE_FOLDERS = List.of("public/", "protected/", "private/");

    /** One path's values checked against one table's IDs. */
    private record Check(IdIndex target, List<String> values, Set<String> matched, String method, boolean limited) {
        double rate() {
            return (double) matched.size() / values.size();
        }
    }

    /**
     * The table's ID attribute and strategy and, when it needs saying, why; {@code keyReference}: its
     * partition key, when that holds another table's IDs and so follows them as a reference.
     */
    private record IdChoice(String idAttribute, String ids, String reason, ReferenceEvidence keyReference) {
        IdChoice(String idAttribute, String ids, String reason) {
            this(idAttribute, ids, reason, null);
        }
    }

    /**
     * What the table's key attributes hold that the plan maps: identities or composite values, by attribute; and what a
     * person must look at about them.
     */
    record KeyMappings(Map<String, ReferenceEvidence> byAttribute, List<String> warnings) {
        static final KeyMappings NONE = new KeyMappings(Map.of(), List.of());

        ReferenceEvidence of(String attribute) {
            return byAttribute.get(attribute);
        }
    }

    private final TableSample sample;
    private final Map<String, IdIndex> idSets;
    private final TableReader reader;
    private final Thresholds thresholds;
    private final IdentityInference identities;
    private final PatternInference patterns;
    private final FileInference files;
    private final FilePatterns filePatterns;
    private final PolymorphicInference polymorphic;
    /** The paths whose values split between tables, by path, as {@link #infer} found them. */
    private final Map<String, PolymorphicInference.Found> severalTables = new LinkedHashMap<>();
    private final List<String> warnings;

    /** {@code files}: the source's Storage bucket to find file references in; null when none was given. */
    TableInference(TableSample sample, Map<String, IdIndex> idSets, TableReader reader, Thresholds thresholds, KnownUsers users,
                   FileInference files, List<String> warnings) {
        this.sample = sample;
        this.idSets = idSets;
        this.reader = reader;
        this.thresholds = thresholds;
        this.identities = new IdentityInference(users, thresholds);
        this.patterns = new PatternInference(thresholds, this::slot);
        this.files = files;
        this.filePatterns = files == null ? null : new FilePatterns(files.bucket(), thresholds, this::slot);
        this.polymorphic = new PolymorphicInference(sample, reader, thresholds);
        this.warnings = new ArrayList<>(warnings);
    }

    /**
     * The key attributes that hold users' identities or composite values ({@code USER#<sub>}, {@code ORDER#<id>}):
     * the partition key first; the sort key's pieces count as the table's own IDs when the partition key is composite
     * too (a single-table design).
     */
    KeyMappings keyMappings() {
        if (!sample.stringKey()) {
            return KeyMappings.NONE;
        }
        Map<String, ReferenceEvidence> mappings = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        PathValues hash = sample.paths().get(sample.table().hashKey().name());
        if (hash != null && !hash.values().isEmpty()) {
            ReferenceEvidence identity = identities.infer(hash);
            boolean keyedByUsers = identity != null && identity.proposed();
            if (keyedByUsers && identity.method().equals("pool")) {
                mappings.put(hash.path(), identity);
            } else if (keyedByUsers) {
                // Keys are too much to hand to an identity map on a shape: the values could be the table's own IDs.
                notes.add("its partition key '" + hash.path() + "' holds " + identity.basis() + ": if its items are keyed by their"
                        + " users, map it by the identity map (\"" + hash.path() + "\": \"" + identity.model() + "\") so they follow them");
            } else {
                ReferenceEvidence pattern = patterns.infer(hash, true);
                if (pattern != null && pattern.proposed()) {
                    mappings.put(hash.path(), pattern);
                }
            }
        }
        var range = sample.table().rangeKey();
        PathValues sort = range == null || range.type() != ScalarAttributeType.S ? null : sample.paths().get(range.name());
        if (sort != null && !sort.values().isEmpty()) {
            ReferenceEvidence hashMapping = hash == null ? null : mappings.get(hash.path());
            ReferenceEvidence pattern = patterns.infer(sort, hashMapping != null && hashMapping.kind() == ReferenceEvidence.Kind.PATTERN);
            if (pattern != null && pattern.proposed()) {
                mappings.put(sort.path(), pattern);
            }
        }
        return new KeyMappings(mappings, notes);
    }

    InferredTable infer(KeyMappings keys) {
        List<ReferenceEvidence> references = new ArrayList<>();
        List<ReferenceEvidence> rejected = new ArrayList<>();
        IdChoice ids = ids(keys);
        if (ids.keyReference() != null) {
            references.add(ids.keyReference());
        }
        references.addAll(keys.byAttribute().values());
        warnings.addAll(keys.warnings());
        List<PolymorphicInference.Split> splits = new ArrayList<>();
        for (PathValues path : sample.paths().values()) {
            // The table's own keys are its identity: only what keyMappings found in them is mapped.
            if (!path.values().isEmpty() && !sample.isKey(path.path())) {
                propose(path, references, rejected, splits);
            } else if (!path.numbers().isEmpty() && !sample.isKey(path.path())) {
                numbers(path, references, rejected);
            }
        }
        for (PolymorphicInference.Found found : polymorphic.resolve(splits)) {
            severalTables.put(found.split().path().path(), found);
            (found.evidence().proposed() ? references : rejected).add(found.evidence());
            if (found.warning() != null) {
                warnings.add(found.warning());
            }
        }
        references.sort(Comparator.comparing(ReferenceEvidence::path));
        rejected.sort(Comparator.comparing(ReferenceEvidence::path));
        List<String> unspellable = sample.unspellable().stream().sorted().toList();
        return new InferredTable(sample.model(), sample.table().name(), sample.table().describeKeySchema(),
                sample.table().approximateItemCount(), sample.items(), sample.complete(), ids.idAttribute(), ids.ids(), ids.reason(),
                references, rejected, warnings, unspellable, sample.rounds());
    }

    /**
     * What the values of a path split between tables were found to be ({@link PolymorphicInference}): a reference to one
     * of several tables, or none, with a warning; null when the path's values do not split.
     */
    PolymorphicInference.Found severalTables(String path) {
        return severalTables.get(path);
    }

    /**
     * One path: a file when its values name objects of the source's bucket (before the rest: a key such as
     * {@code covers/<id>.jpg} must not be renamed as a pattern without its object), IDs of several tables (to {@code
     * splits}, judged once the table's items are read again), a whole-value reference when its values are IDs of a
     * table, else identities when they are users', else a pattern when they are literal text around IDs; else turned
     * down, with the first reason found.
     */
    private void propose(PathValues path, List<ReferenceEvidence> references, List<ReferenceEvidence> rejected,
                         List<PolymorphicInference.Split> splits) {
        ReferenceEvidence file = files == null ? null : files.infer(path);
        if (file != null && file.proposed()) {
            FilePatterns.Renamed renamed = filePatterns.rename(file, path);
            references.add(renamed.file());
            if (renamed.warning() != null) {
                warnings.add(renamed.warning());
            }
            return;
        }
        List<Check> checks = checks(List.copyOf(path.values()), null, path.path());
        PolymorphicInference.Split split = split(path, checks);
        if (split != null) {
            splits.add(split);
            return;
        }
        ReferenceEvidence whole = null;
        if (!checks.isEmpty()) {
            whole = whole(path, checks);
            if (whole.proposed()) {
                references.add(whole);
                return;
            }
        }
        ReferenceEvidence identity = identities.infer(path);
        if (identity != null && identity.proposed()) {
            references.add(identity);
            List<String> subs = path.values().stream().map(IdentityInference::ownerSub).filter(java.util.Objects::nonNull).distinct().toList();
            checks(subs, null, path.path()).stream().filter(c -> refusal(c, path.path(), 0) == null).findFirst().ifPresent(c ->
                    warnings.add(path.path() + ": the subs in its values are also IDs of " + c.target().model() + "; proposed as users'"
                            + " identities (" + identity.model() + "), check it"));
            return;
        }
        ReferenceEvidence pattern = patterns.infer(path, false);
        String objects = pattern != null && pattern.proposed() ? objectKeys(path, file) : null;
        if (objects != null) {
            warnings.add(objects);
            rejected.add(turnedDown(pattern, "keys of Storage objects: renamed as a pattern, the values would name objects the run"
                    + " never copies"));
            return;
        }
        if (pattern != null && pattern.proposed()) {
            references.add(pattern);
            return;
        }
        java.util.stream.Stream.of(whole, identity, pattern, file).filter(java.util.Objects::nonNull).findFirst().ifPresent(rejected::add);
        String keys = files == null ? IdentityInference.unlistedKeys(path, thresholds) : null;
        if (keys != null) {
            warnings.add(keys);
        }
    }

    /**
     * The path as a whole-value reference to the table whose IDs most of its values are ({@code checks}' first), proposed
     * or turned down; a warning when its values are IDs of another table as well, or users' subs.
     */
    private ReferenceEvidence whole(PathValues path, List<Check> checks) {
        Check best = checks.get(0);
        String reason = refusal(best, path.path(), path.nonStringCount());
        List<String> alsoMatches = checks.stream().skip(1).filter(c -> refusal(c, path.path(), path.nonStringCount()) == null)
                .map(c -> c.target().model()).toList();
        ReferenceEvidence whole = evidence(path, best, alsoMatches, reason);
        if (whole.proposed()) {
            if (!alsoMatches.isEmpty()) {
                warnings.add(path.path() + ": its values are IDs of " + best.target().model() + " and also of "
                        + String.join(", ", alsoMatches) + "; proposed " + best.target().model() + ", check it");
            }
            String subs = identities.alsoSubs(path.path(), best.target().model(), best.matched());
            if (subs != null) {
                warnings.add(subs);
            }
        }
        return whole;
    }

    /**
     * Why a path whose values a pattern would rename must not be: they are keys of Storage objects, and renamed alone the
     * records would name objects the run never copies. With the bucket listed, some of them name its objects, too few for
     * a file; without it, they are keys in Amplify Storage's folders ({@code public/}, {@code protected/},
     * {@code private/}). Null when they are neither.
     */
    private String objectKeys(PathValues path, ReferenceEvidence file) {
        if (file != null) {
            return file.matched() < thresholds.minMatchedOpaque() ? null : path.path() + ": " + file.matched() + " of " + file.checked()
                    + " values are keys of objects in bucket " + files.bucket() + ", too few for a file (" + file.reason() + "); not"
                    + " proposed as a pattern either, which would rename the values without their objects: restore the missing"
                    + " objects or fix their records, then add the path to the table's files (docs/plan.md, Files)";
        }
        List<String> keys = path.values().stream().filter(v -> STORAGE_FOLDERS.stream().anyMatch(v::startsWith)).toList();
        if (files != null || keys.size() < thresholds.minMatchedOpaque() || keys.size() < thresholds.minMatchRate() * path.values().size()) {
            return null;
        }
        return path.path() + ": its values are keys in Amplify Storage's folders (e.g. '" + keys.get(0) + "'): renamed as a pattern,"
                + " the records would name objects the run never copies; give infer the bucket (--source-storage-bucket), so that"
                + " they are proposed as files, copied and renamed with their records";
    }

    private static ReferenceEvidence turnedDown(ReferenceEvidence r, String reason) {
        return new ReferenceEvidence(r.path(), r.model(), r.checked(), r.matched(), r.matchRate(), r.items(), r.occurrences(),
                r.emptyValues(), r.nonStringValues(), r.valuesTruncated(), r.method(), r.confidence(), r.level(), r.examples(),
                r.unresolved(), r.alsoMatches(), reason, r.kind(), r.basis(), r.patterns(), r.file());
    }

    /**
     * A path of numbers: a reference when they are IDs of a table keyed by numbers (which keeps its IDs, so the values
     * are copied as they are, and analysis counts them and finds their orphans), as strings' are judged.
     */
    private void numbers(PathValues path, List<ReferenceEvidence> references, List<ReferenceEvidence> rejected) {
        List<Check> checks = checks(List.copyOf(path.numbers()), null, path.path(), true);
        if (checks.isEmpty()) {
            return;
        }
        Check best = checks.get(0);
        ReferenceEvidence evidence = evidence(path, best, List.of(), refusal(best, path.path(), 0));
        (evidence.proposed() ? references : rejected).add(evidence);
    }

    /**
     * Which of the values are IDs of {@code model}, checked as a reference's values are (from memory for a table read to
     * its end, else looked up by key), for what the app's schema declares; null when that model has no IDs to check
     * against (no table sampled, IDs that are not strings, or a table keyed by its users).
     */
    Set<String> idsOf(List<String> values, String model) {
        IdIndex target = idSets.get(model);
        if (target == null) {
            return null;
        }
        Check check = values.isEmpty() ? null : check(values, target);
        return check == null ? Set.of() : check.matched();
    }

    /**
     * What the pieces in one placeholder's place are: users' subs or usernames; IDs of a table (another's first, in a
     * single-table design's keys); there, opaque IDs found nowhere else are the table's own. Fewer pieces than a reference
     * needs are still IDs when every one is ({@link PatternInference#fewIds}).
     */
    private PatternInference.Slot slot(List<String> pieces, String path, boolean ownKeys) {
        PatternInference.Slot users = identities.slot(pieces);
        if (users != null) {
            return users;
        }
        for (Check check : checks(pieces, ownKeys ? sample.model() : null, path)) {
            if (refusal(check, path, 0) == null || PatternInference.fewIds(check.matched(), pieces.size(), thresholds)) {
                return new PatternInference.Slot(check.target().model(), check.values().size(), check.matched(), check.method(), false);
            }
        }
        if (ownKeys) {
            Set<String> opaque = new java.util.LinkedHashSet<>(pieces.stream().filter(IdShape::opaque).toList());
            if ((opaque.size() >= thresholds.minMatchedOpaque() && opaque.size() >= thresholds.minMatchRate() * pieces.size())
                    || PatternInference.fewAllKnown(opaque.size(), pieces.size(), thresholds)) {
                return new PatternInference.Slot(sample.model(), pieces.size(), opaque, "own keys", true);
            }
        }
        return PatternInference.Slot.KEPT;
    }

    /**
     * sha256 of the partition key, unless the IDs are not strings or look like names; a partition key
     * under a sort key that holds another table's IDs is a reference to it, and the sort key is the
     * item's own ID.
     */
    private IdChoice ids(KeyMappings keys) {
        var hash = sample.table().hashKey();
        ReferenceEvidence mapped = keys.of(hash.name());
        if (mapped != null) {
            return new IdChoice(hash.name(), "sha256", "partition key '" + hash.name() + "' holds " + (mapped.kind() == ReferenceEvidence.Kind.IDENTITY
                    ? "users' identities (" + mapped.basis() + "): the identity map gives each item its new key"
                    : "composite values (" + mapped.basis() + "): its pattern gives each item its new key"));
        }
        if (!sample.stringKey()) {
            String type = hash.type() == ScalarAttributeType.N ? "a number" : "binary";
            return new IdChoice(hash.name(), "preserve", "partition key '" + hash.name() + "' is " + type
                    + ": dmig's sha256 IDs are strings, so these IDs are kept as they are");
        }
        List<String> ids = List.copyOf(sample.ids());
        if (ids.isEmpty()) {
            return new IdChoice(hash.name(), "sha256", "no items in the sample: nothing to judge the IDs by");
        }
        List<Check> foreign = checks(ids, sample.model(), hash.name());
        Check owner = foreign.isEmpty() || refusal(foreign.get(0), hash.name(), 0) != null ? null : foreign.get(0);
        String holds = owner == null ? null : "its partition key '" + hash.name() + "' holds IDs of " + owner.target().model()
                + " (" + owner.matched().size() + " of " + owner.values().size() + ")";
        if (owner != null && sample.composite()) {
            return keyReference(owner, holds);
        }
        if (IdShape.generatedShare(ids) < thresholds.minMatchRate()) {
            return new IdChoice(hash.name(), "preserve", "its IDs look like names, not generated IDs (" + quoted(ids, EXAMPLES)
                    + "): code tends to look such keys up by name, so they are kept; use sha256 if they are opaque");
        }
        if (owner != null) {
            warnings.add(holds + ": dmig gives the two tables different new IDs for the same old one; if the app"
                    + " relies on them being equal, keep both tables' IDs (\"ids\": \"preserve\")");
        }
        if (sample.composite()) {
            return new IdChoice(hash.name(), "sha256", "composite key (" + hash.name() + ", " + sample.table().rangeKey().name()
                    + "): the partition key gets new IDs, the sort key is copied");
        }
        return new IdChoice(hash.name(), "sha256", null);
    }

    /**
     * A child table keyed by its parent's ID (partition key) and its own (sort key): the partition key
     * is a reference, so each item follows its parent's new ID; the sort key gets new IDs when it holds
     * generated string IDs, and is kept otherwise (numbers, dates, names).
     */
    private IdChoice keyReference(Check owner, String holds) {
        var range = sample.table().rangeKey();
        PathValues partition = sample.paths().get(sample.table().hashKey().name());
        PathValues sort = sample.paths().get(range.name());
        boolean generated = range.type() == ScalarAttributeType.S && sort != null && !sort.values().isEmpty()
                && IdShape.generatedShare(sort.values()) >= thresholds.minMatchRate();
        warnings.add(holds + ": proposed as a reference, so each item moves with its " + owner.target().model()
                + " item's new ID; the sort key '" + range.name() + "' is the item's own ID (idAttribute)");
        return new IdChoice(range.name(), generated ? "sha256" : "preserve", "composite key: the partition key is a reference"
                + " to " + owner.target().model() + "; the sort key '" + range.name() + "' is the item's ID, "
                + (generated ? "given new IDs" : "kept as it is"), evidence(partition, owner, List.of(), null));
    }

    /**
     * Every table whose IDs some of the values are, best first: most matches, then a table the
     * path's name suggests ({@code agentContactId} suggests {@code Contacts}); {@code exclude} is left out.
     */
    private List<Check> checks(List<String> values, String exclude, String path) {
        return checks(values, exclude, path, false);
    }

    /** The same, {@code numbers}: the values are numbers, checked against the tables keyed by numbers only. */
    private List<Check> checks(List<String> values, String exclude, String path, boolean numbers) {
        List<Check> checks = new ArrayList<>();
        for (IdIndex target : idSets.values()) {
            if (target.model().equals(exclude) || target.numbers() != numbers) {
                continue;
            }
            Check check = check(values, target);
            if (check != null) {
                checks.add(check);
            }
        }
        checks.sort(Comparator.comparingInt((Check c) -> c.matched().size()).reversed()
                .thenComparing(c -> c.rate(), Comparator.reverseOrder())
                .thenComparing(c -> !suggests(path, c.target().model()))
                .thenComparing(c -> c.target().model()));
        return checks;
    }

    /**
     * A table read in full answers from memory. Otherwise the sample of its IDs is a hint: with no
     * hit there, a few values are looked up (only when their shape fits the table's IDs), and with
     * any hit every value is looked up, which is exact.
     */
    private Check check(List<String> values, IdIndex target) {
        Set<String> matched = target.known(values);
        if (target.complete() || target.numbers()) {
            return matched.isEmpty() ? null : new Check(target, values, matched, target.keyPieces() ? "keys" : "sample", false);
        }
        if (matched.isEmpty()) {
            if (!target.shapeFits(values)) {
                return null;
            }
            if (target.resolve(reader, values.subList(0, Math.min(thresholds.probeSize(), values.size()))).isEmpty()) {
                return null;
            }
        }
        boolean limited = target.sample().composite() && values.size() > thresholds.maxCompositeLookups();
        List<String> checked = limited ? values.subList(0, thresholds.maxCompositeLookups()) : values;
        matched = target.resolve(reader, checked);
        return matched.isEmpty() ? null : new Check(target, checked, matched, "lookup", limited);
    }

    /**
     * The path's values split between tables: two tables or more each hold enough of them, IDs of no other of them, for
     * a reference of its own ({@link #needed}), and together they hold as many as a reference needs of one table. Null
     * otherwise, and for a path that also holds values that are not strings (refused as a reference is).
     */
    private PolymorphicInference.Split split(PathValues path, List<Check> checks) {
        if (checks.size() < 2 || path.nonStringCount() > 0) {
            return null;
        }
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        Set<String> matched = new java.util.HashSet<>();
        for (Check check : checks) {
            Set<String> own = new java.util.LinkedHashSet<>(check.matched());
            checks.stream().filter(other -> !other.target().model().equals(check.target().model()))
                    .forEach(other -> own.removeAll(other.matched()));
            if (own.size() >= needed(own, path.path(), check.target().model())) {
                ids.put(check.target().model(), check.matched());
                matched.addAll(check.matched());
            }
        }
        if (ids.size() < 2 || matched.size() < thresholds.minMatchRate() * path.values().size()) {
            return null;
        }
        return new PolymorphicInference.Split(path, ids, checks.get(0).method());
    }

    /**
     * How many values must be IDs of {@code model} for a reference: values that look like names or numbers coincide by
     * chance, so more of them must match, unless the path's name says the table.
     */
    private int needed(Set<String> matched, String path, String model) {
        boolean opaque = IdShape.opaqueShare(matched) >= thresholds.minMatchRate();
        return opaque || suggests(path, model) ? thresholds.minMatchedOpaque() : thresholds.minMatchedOther();
    }

    /** Why the check is not a reference; null when it is one: enough of the values, and enough in number ({@link #needed}). */
    private String refusal(Check check, String path, int nonStringValues) {
        String model = check.target().model();
        int matched = check.matched().size();
        int checked = check.values().size();
        if (check.rate() < thresholds.minMatchRate()) {
            return "only " + matched + " of " + checked + " values (" + percent(check.rate()) + ") are " + model
                    + " IDs; at least " + percent(thresholds.minMatchRate()) + " needed";
        }
        boolean opaque = IdShape.opaqueShare(check.matched()) >= thresholds.minMatchRate();
        int needed = needed(check.matched(), path, model);
        if (matched < needed) {
            return "too few values to tell: " + matched + " matched " + model + " IDs, at least " + needed + " needed for "
                    + (opaque ? "opaque IDs" : "IDs that look like names or numbers, which coincide by chance");
        }
        if (nonStringValues > 0) {
            return "the path also holds " + nonStringValues + " values that are not strings: dmig refuses a reference"
                    + " path that meets one, so fix those items first";
        }
        return null;
    }

    private ReferenceEvidence evidence(PathValues path, Check check, List<String> alsoMatches, String reason) {
        double confidence = ReferenceEvidence.confidence(check.matched().size(), check.values().size());
        List<String> unresolved = reason != null ? List.of()
                : check.values().stream().filter(v -> !check.matched().contains(v)).limit(EXAMPLES).toList();
        return new ReferenceEvidence(path.path(), check.target().model(), check.values().size(), check.matched().size(),
                round(check.rate(), 4), path.items(), path.occurrences(), path.emptyCount(), path.nonStringCount(),
                path.truncated() || check.limited(), check.method(), round(confidence, 3),
                ReferenceEvidence.level(confidence), check.matched().stream().limit(EXAMPLES).toList(), unresolved,
                alsoMatches, reason, ReferenceEvidence.Kind.REFERENCE, null, List.of(), null);
    }

    /** Whether the path's last attribute names the model: {@code homeownerContactId} and {@code Contacts}. */
    static boolean suggests(String path, String model) {
        String last = path.substring(path.lastIndexOf('.') + 1).replace("[]", "").toLowerCase(Locale.ROOT);
        String singular = model.toLowerCase(Locale.ROOT);
        if (singular.endsWith("ies")) {
            singular = singular.substring(0, singular.length() - 3) + "y";
        } else if (singular.endsWith("s") && singular.length() > 1) {
            singular = singular.substring(0, singular.length() - 1);
        }
        return last.contains(singular);
    }

    /** A few values, quoted; an email address or a phone number as messages show one ({@link PersonalValues#shown}). */
    private static String quoted(List<String> values, int limit) {
        List<String> quoted = values.stream().limit(limit).map(v -> "'" + PersonalValues.shown(v) + "'").toList();
        return "e.g. " + String.join(", ", quoted);
    }

    static String percent(double fraction) {
        double value = Math.round(fraction * 1000) / 10.0;
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value)) + "%";
    }

    static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
