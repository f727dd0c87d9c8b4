package dev.dmig.infer;

import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Proposes a migration plan from an environment's live tables: finds them by suffix, samples
 * each, and proposes a reference wherever a path's string values are IDs of a table, an identity
 * reference where they are users' identities, and a pattern where they are literal text around
 * IDs. Reads only.
 */
public final class PlanInference {
    /** What the plan says when no target suffix was given or found; analysis refuses it until edited. */
    public static final String TARGET_PLACEHOLDER = "-EDIT-ME-target-suffix";

    /**
     * What to infer a plan from, and how sure a proposal must be.
     *
     * @param sourceSuffix the environment to read, e.g. {@code -fvn7t5hbobaxjklhrqzdl4ac34-NONE}
     * @param targetSuffix the environment to migrate to; null to look for the only other one
     * @param sampleSize   items read per table (the first ones a Scan returns), or in the first round of a table read in
     *                     rounds
     * @param users        the source's users, read from its user pool; null to tell identities by the owner shape only
     * @param buckets      the sides' Storage buckets, to find file references in the source's; null for none
     * @param readWholeUnder a table DescribeTable estimates smaller is read whole, a larger one in rounds from
     *                     {@code sampleSize} items until one shows nothing new, at most this many items
     *                     ({@link TableSample.Reading}); 0 to read the first {@code sampleSize} items only
     * @param mask         propose a masked run: the plan's {@code mask}, and each table's for its attributes that look
     *                     personal ({@link MaskInference})
     */
    public record Options(String sourceSuffix, String targetSuffix, int sampleSize, Thresholds thresholds, KnownUsers users,
                          Buckets buckets, long readWholeUnder, boolean mask) {
        /** Tables under this many items are read whole, unless told otherwise (--read-whole-under). */
        public static final long READ_WHOLE_UNDER = 100_000;

        public Options(String sourceSuffix, String targetSuffix, int sampleSize, Thresholds thresholds) {
            this(sourceSuffix, targetSuffix, sampleSize, thresholds, null, null);
        }

        public Options(String sourceSuffix, String targetSuffix, int sampleSize, Thresholds thresholds, KnownUsers users) {
            this(sourceSuffix, targetSuffix, sampleSize, thresholds, users, null);
        }

        /** The first {@code sampleSize} items of each table only. */
        public Options(String sourceSuffix, String targetSuffix, int sampleSize, Thresholds thresholds, KnownUsers users,
                       Buckets buckets) {
            this(sourceSuffix, targetSuffix, sampleSize, thresholds, users, buckets, 0);
        }

        /** A plan that masks nothing. */
        public Options(String sourceSuffix, String targetSuffix, int sampleSize, Thresholds thresholds, KnownUsers users,
                       Buckets buckets, long readWholeUnder) {
            this(sourceSuffix, targetSuffix, sampleSize, thresholds, users, buckets, readWholeUnder, false);
        }

        /** The same options, proposing a masked run ({@code dmig infer --mask}). */
        public Options masked() {
            return new Options(sourceSuffix, targetSuffix, sampleSize, thresholds, users, buckets, readWholeUnder, true);
        }

        public Options {
            if (sourceSuffix == null || sourceSuffix.isBlank()) {
                throw new IllegalArgumentException("--source-suffix must not be empty");
            }
            if (targetSuffix != null && (targetSuffix.isBlank() || targetSuffix.equals(sourceSuffix))) {
                throw new IllegalArgumentException("--target-suffix must be non-empty and differ from --source-suffix");
            }
            if (sampleSize < 1) {
                throw new IllegalArgumentException("--sample must be at least 1, was " + sampleSize);
            }
            if (readWholeUnder < 0) {
                throw new IllegalArgumentException("--read-whole-under must be 0 or more, was " + readWholeUnder);
            }
        }
    }

    /**
     * The source's Storage bucket as listed, and the target's by name (null when not given: the plan says
     * {@link InferredPlan#TARGET_BUCKET_PLACEHOLDER}).
     */
    public record Buckets(BucketKeys source, String target) {}

    private PlanInference() {}

    public static InferredPlan infer(TableReader tables, Options given, Consumer<String> progress) {
        return infer(tables, given, null, progress);
    }

    /**
     * The same, with the app's own declaration: what {@code schema} says of its models wins over what the data suggests,
     * and the data fills what it cannot say ({@link SchemaRoles}); null for none.
     */
    public static InferredPlan infer(TableReader tables, Options given, AppSchema schema, Consumer<String> progress) {
        CountingReader reader = new CountingReader(tables);
        List<String> names = reader.tableNames();
        Map<String, String> found = Discovery.models(names, given.sourceSuffix());
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no table name ends with '" + given.sourceSuffix() + "' (" + names.size()
                    + " tables listed): check --source-suffix and where dmig looks (--dynamodb-endpoint, --region)");
        }
        List<String> warnings = new ArrayList<>();
        Options options = separated(given, found.keySet(), warnings);
        Map<String, String> models = Discovery.models(names, options.sourceSuffix());
        List<String> skipped = AmplifyTables.skipped(models);
        Discovery.TargetChoice target = options.targetSuffix() != null
                ? new Discovery.TargetChoice(options.targetSuffix(), "given", List.of(options.targetSuffix()))
                : Discovery.target(names, options.sourceSuffix(), models.keySet());
        if (!target.found()) {
            warnings.add("target suffix " + target.how() + (target.candidates().isEmpty() ? "" : " (" + String.join(", ", target.candidates()) + ")")
                    + "; the plan says \"" + TARGET_PLACEHOLDER + "\": edit it, or run again with --target-suffix");
        }
        SchemaRoles roles = SchemaRoles.of(schema, models, options.sourceSuffix(), options.thresholds(), warnings);

        Map<String, TableSample> samples = read(reader, models, options, warnings, progress);
        KnownUsers users = roles.users(options.users() != null ? options.users() : IdentityInference.seen(samples.values(), options.thresholds()),
                samples);
        Map<String, IdIndex> idSets = idSets(samples, users, options.thresholds());

        progress.accept("checking the sampled string values against the IDs of " + idSets.size() + " tables"
                + (users.isEmpty() ? "" : " and " + users.subs().size() + " users"));
        Map<String, TableInference.KeyMappings> keys = new LinkedHashMap<>();
        for (TableSample sample : samples.values()) {
            keys.put(sample.model(), roles.keys(sample,
                    new TableInference(sample, idSets, reader, options.thresholds(), users, null, List.of()).keyMappings()));
        }
        FileInference files = options.buckets() == null ? null : new FileInference(options.buckets().source(), options.thresholds());
        keyed(samples, keys, idSets);
        List<InferredTable> inferred = new ArrayList<>();
        for (TableSample sample : samples.values()) {
            List<String> tableWarnings = new ArrayList<>();
            if (target.found()) {
                tableWarnings.addAll(targetProblems(reader, sample, target.suffix()));
            }
            TableInference inference = new TableInference(sample, idSets, reader, options.thresholds(), users, files, tableWarnings);
            InferredTable table = roles.apply(inference.infer(keys.get(sample.model())), sample, inference);
            inferred.add(options.mask() ? table.withMask(MaskInference.propose(sample, table,
                    schema == null ? null : schema.model(sample.model()).orElse(null))) : table);
        }
        identityWarnings(inferred, samples, users, warnings);
        IdentityMapAdvice.warnings(inferred, users, warnings);
        InferredPlan.Reads reads = new InferredPlan.Reads(reader.listCalls, reader.describeCalls, reader.scanPages,
                samples.values().stream().mapToInt(TableSample::items).sum(), reader.lookupCalls, reader.valuesLookedUp);
        return new InferredPlan(options.sourceSuffix(), target.found() ? target.suffix() : TARGET_PLACEHOLDER, target.how(),
                options.sampleSize(), options.readWholeUnder(), options.thresholds(), inferred, warnings, reads,
                storage(options.buckets(), warnings), users, skipped, options.mask());
    }

    /** Each table read as the options say ({@link TableSample.Reading}); a table listed but gone is left out, with a warning. */
    private static Map<String, TableSample> read(CountingReader reader, Map<String, String> models, Options options,
                                                 List<String> warnings, Consumer<String> progress) {
        progress.accept(options.readWholeUnder() == 0
                ? "sampling " + models.size() + " tables ending with " + options.sourceSuffix() + ", up to " + options.sampleSize()
                        + " items each"
                : String.format(java.util.Locale.ROOT, "reading %d tables ending with %s: whole under %,d items, larger ones in"
                        + " rounds from %,d items", models.size(), options.sourceSuffix(), options.readWholeUnder(), options.sampleSize()));
        TableSample.Reading reading = new TableSample.Reading(options.sampleSize(), options.readWholeUnder());
        Map<String, TableSample> samples = new LinkedHashMap<>();
        models.forEach((model, name) -> {
            Optional<TableInfo> table = reader.describe(name);
            if (table.isEmpty()) {
                warnings.add(model + ": table " + name + " was listed but is gone; left out");
                return;
            }
            samples.put(model, TableSample.take(reader, model, table.get(), reading, options.thresholds().maxValuesPerPath()));
        });
        return samples;
    }

    /**
     * Each table's IDs, to check values against: its partition key's values, or, for a single-table design, the opaque
     * pieces of its composite keys that are neither users nor IDs of another table.
     */
    private static Map<String, IdIndex> idSets(Map<String, TableSample> samples, KnownUsers users, Thresholds thresholds) {
        Map<String, IdIndex> idSets = new LinkedHashMap<>();
        samples.forEach((model, sample) -> {
            if (sample.stringKey() || sample.numberKey()) {
                idSets.put(model, new IdIndex(sample));
            }
        });
        Map<String, IdIndex> whole = Map.copyOf(idSets);
        samples.forEach((model, sample) -> {
            Set<String> pieces = PatternInference.keyPieces(sample, thresholds);
            if (pieces != null) {
                pieces.removeIf(piece -> users.sub(piece) || users.username(piece) || whole.values().stream()
                        .anyMatch(other -> other != whole.get(model) && !other.known(List.of(piece)).isEmpty()));
                idSets.put(model, IdIndex.keyPieces(sample, pieces));
            }
        });
        return idSets;
    }

    /**
     * The ID sets as the key mappings leave them: a table keyed by users' identities has no IDs of its own to refer to
     * (its items are referred to by those identities); a table whose composite keys map by a pattern is referred to by
     * its keys' pieces, and one whose keys turned out not to map, by its keys' whole values.
     */
    private static void keyed(Map<String, TableSample> samples, Map<String, TableInference.KeyMappings> keys,
                              Map<String, IdIndex> idSets) {
        samples.forEach((model, sample) -> {
            ReferenceEvidence hash = keys.get(model).of(sample.table().hashKey().name());
            IdIndex index = idSets.get(model);
            if (hash != null && hash.kind() == ReferenceEvidence.Kind.IDENTITY) {
                idSets.remove(model);
            } else if (hash == null && index != null && index.keyPieces()) {
                idSets.put(model, new IdIndex(sample));
            } else if (hash != null && index != null && !index.keyPieces()) {
                idSets.put(model, IdIndex.keyPieces(sample, Set.of()));
            }
        });
    }

    /** What the plan says of the sides' buckets and how the source's was listed; a warning when its listing was capped. */
    private static InferredPlan.Storage storage(Buckets buckets, List<String> warnings) {
        if (buckets == null) {
            return null;
        }
        BucketKeys source = buckets.source();
        if (source.capped()) {
            warnings.add(String.format(java.util.Locale.ROOT, "bucket %s holds more than the %,d keys listed: a value naming an"
                    + " object past them counts as not naming one, so a file reference may be missed", source.bucket(), source.keys().size()));
        }
        if (buckets.target() == null) {
            warnings.add("the plan's target.storageBucket says \"" + InferredPlan.TARGET_BUCKET_PLACEHOLDER + "\": edit it to the"
                    + " target environment's Storage bucket, or run again with --target-storage-bucket");
        }
        return new InferredPlan.Storage(source.bucket(), buckets.target(), source.keys().size(), source.capped(), source.listCalls());
    }

    /** What a plan with identity references needs before it runs: its identity map, and a look at shape-only finds. */
    private static void identityWarnings(List<InferredTable> tables, Map<String, TableSample> samples, KnownUsers known,
                                         List<String> warnings) {
        boolean identities = tables.stream().flatMap(t -> t.references().stream()).anyMatch(ReferenceEvidence::mapsIdentities);
        if (!identities || known.paired()) {
            return;
        }
        warnings.add("identity references proposed: the plan names its identity map \"" + InferredPlan.IDENTITIES_CSV
                + "\", which only you can write: put it next to the plan, one line per source user,"
                + " source_sub,target_sub,source_username,target_username (subs alone, source_sub,target_sub, serve only pools"
                + " where each user's username is their sub; docs/plan.md, Identities); --identities-out writes it with the"
                + " users infer saw, their target columns to fill in; until it is there, analysis stops at the missing file");
        boolean users = tables.stream().flatMap(t -> t.references().stream()).anyMatch(r -> r.mapsIdentities() && !identityIdsOnly(r));
        if (users && !known.fromPool()) {
            boolean shape = tables.stream().flatMap(t -> t.references().stream()).anyMatch(r -> r.mapsIdentities() && !r.declared()
                    && !identityIdsOnly(r));
            warnings.add("identities " + (shape ? "told by their shape only" : "as the schema declares them") + " ("
                    + forms(tables, samples) + "): no user pool was read to check them against its users; review each identity"
                    + " reference");
        } else if (!users) {
            warnings.add("identity-pool IDs told by their shape only (<region>:<uuid>): no user pool holds them, so none was read to"
                    + " check them; review each identity reference");
        }
    }

    /**
     * What the sampled values of the identity references are, as people read them: owner values ({@code <uuid>::<name>},
     * whose subs and usernames the others may be), else subs or usernames alone; never the values themselves.
     */
    private static String forms(List<InferredTable> tables, Map<String, TableSample> samples) {
        boolean owners = false;
        boolean subs = false;
        boolean usernames = false;
        for (InferredTable table : tables) {
            for (ReferenceEvidence r : table.references()) {
                PathValues values = r.kind() == ReferenceEvidence.Kind.IDENTITY && !identityIdsOnly(r)
                        ? samples.get(table.model()).paths().get(r.path()) : null;
                for (String value : values == null ? java.util.Set.<String>of() : values.values()) {
                    owners |= IdentityInference.ownerSub(value) != null;
                    subs |= IdShape.uuid(value);
                    usernames |= IdentityInference.ownerSub(value) == null && !IdShape.uuid(value);
                }
            }
        }
        if (owners) {
            return "<uuid>::<name>, and the subs and usernames such values show";
        }
        if (!(subs || usernames)) {
            return "subs and usernames inside composite values";
        }
        return subs && usernames ? "subs and usernames alone" : subs ? "subs alone" : "usernames alone, as apps made before Amplify"
                + " CLI 8.1 store owners";
    }

    /** Whether the proposal maps identity-pool IDs and no other identity. */
    private static boolean identityIdsOnly(ReferenceEvidence r) {
        String identityId = dev.dmig.plan.IdentityKind.IDENTITY_ID.planName();
        return r.kind() == ReferenceEvidence.Kind.IDENTITY ? identityId.equals(r.model())
                : r.patterns().stream().flatMap(p -> p.placeholders().values().stream()).filter(t -> t.startsWith("@")).allMatch(identityId::equals);
    }

    /**
     * The options with the suffixes as {@link Discovery#suffixes} reads them; a warning says so when they were given
     * without their separator. Model names are part of every new ID: "Authors-" would give other IDs than "Authors".
     */
    private static Options separated(Options given, java.util.Set<String> models, List<String> warnings) {
        Discovery.Suffixes suffixes = Discovery.suffixes(models, given.sourceSuffix(), given.targetSuffix());
        if (!suffixes.source().equals(given.sourceSuffix())) {
            warnings.add("--source-suffix " + given.sourceSuffix() + " left every model name ending in '"
                    + suffixes.source().charAt(0) + "' (" + String.join(", ", models.stream().limit(3).toList())
                    + (models.size() > 3 ? ", ..." : "") + "): read as " + suffixes.source()
                    + (given.targetSuffix() == null ? "" : ", and --target-suffix as " + suffixes.target()));
        }
        return new Options(suffixes.source(), suffixes.target(), given.sampleSize(), given.thresholds(), given.users(), given.buckets(),
                given.readWholeUnder(), given.mask());
    }

    private static List<String> targetProblems(TableReader reader, TableSample sample, String targetSuffix) {
        String name = sample.model() + targetSuffix;
        Optional<TableInfo> target = reader.describe(name);
        if (target.isEmpty()) {
            return List.of("target table " + name + " does not exist: analysis refuses the plan until it does");
        }
        if (!target.get().sameKeySchema(sample.table())) {
            return List.of("key schemas differ: source " + sample.table().describeKeySchema() + ", target "
                    + target.get().describeKeySchema() + ": analysis refuses the plan");
        }
        return List.of();
    }

    /** Counts what inference asks of DynamoDB, for the summary. */
    private static final class CountingReader implements TableReader {
        private final TableReader reader;
        int listCalls;
        int describeCalls;
        int scanPages;
        int lookupCalls;
        int valuesLookedUp;

        CountingReader(TableReader reader) {
            this.reader = reader;
        }

        @Override
        public List<String> tableNames() {
            listCalls++;
            return reader.tableNames();
        }

        @Override
        public Optional<TableInfo> describe(String table) {
            describeCalls++;
            return reader.describe(table);
        }

        @Override
        public ScanPage scan(String table, Map<String, AttributeValue> exclusiveStartKey, int limit) {
            scanPages++;
            return reader.scan(table, exclusiveStartKey, limit);
        }

        @Override
        public Set<String> existingIds(TableInfo table, Collection<String> values) {
            lookupCalls++;
            valuesLookedUp += values.size();
            return reader.existingIds(table, values);
        }
    }
}
