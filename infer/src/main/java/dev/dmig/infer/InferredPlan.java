package dev.dmig.infer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.analysis.DependencyLevels;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@link PlanInference} found: a plan to review ({@link #planJson()}), the evidence behind it
 * ({@link #evidenceJson()}) and a summary for people ({@link #summary()}).
 *
 * @param targetHow where the target suffix came from: given, found, or not found
 * @param sampleSize items read per table, or in the first round of a table read in rounds
 * @param readWholeUnder tables estimated smaller were read whole, larger ones in rounds of at most this many items in all;
 *                  0: the first {@code sampleSize} items of each
 * @param storage   the sides' Storage buckets, when the source's was given and listed; null otherwise
 * @param users     the source's users as inference knew them (from its user pool, or the owner values), for the identity
 *                  map; not in the evidence
 * @param skipped   models of the environment the plan lists with {@code "skip": true} without reading them: Amplify's own
 *                  tables that a run must not write ({@link dev.dmig.plan.DataStoreSyncTable})
 * @param mask      a masked run proposed ({@code --mask}): the plan's {@code mask} names the key's variable, and each
 *                  table's {@link InferredTable#mask()} its rules
 */
public record InferredPlan(String sourceSuffix, String targetSuffix, String targetHow, int sampleSize, long readWholeUnder,
                           Thresholds thresholds, List<InferredTable> tables, List<String> warnings, Reads reads, Storage storage,
                           @JsonIgnore KnownUsers users, List<String> skipped, boolean mask) {

    /** What inference asked of DynamoDB. {@code valuesLookedUp} counts keys sent in lookups (BatchGetItem, or Query for a sort key). */
    public record Reads(int listTablesCalls, int describeTableCalls, int scanPages, int itemsRead, int lookupCalls,
                        int valuesLookedUp) {}

    /**
     * The source's Storage bucket, its keys listed (ListObjectsV2), and the target's bucket as given (null: the plan says
     * {@link #TARGET_BUCKET_PLACEHOLDER}).
     */
    public record Storage(String sourceBucket, String targetBucket, int keysListed, boolean capped, int listCalls) {}

    /** What the plan's target side names as its Storage bucket when none was given; analysis finds no such bucket. */
    public static final String TARGET_BUCKET_PLACEHOLDER = "edit-me-target-storage-bucket";

    /** The model column's width in the summary, wider when a model's name is longer. */
    private static final int MODEL_COLUMN = 28;

    /** The identity map's file a plan with identity references names, next to the plan: only the user can write it. */
    public static final String IDENTITIES_CSV = "identities.csv";

    /** The environment variable a proposed masked run reads its key from, the plan's default ({@code mask.keyFrom}). */
    public static final String MASK_KEY_FROM = "DMIG_MASK_KEY";

    /** The plan attributes inference never proposes: they express decisions, not facts in the data. */
    public static final List<String> NOT_INFERRED = List.of("skip", "set", "remove", "rename", "unique", "idNamespace",
            "onConflict", "segments", "writeRateLimit");

    private static final ObjectMapper EVIDENCE = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public InferredPlan {
        tables = List.copyOf(tables);
        warnings = List.copyOf(warnings);
        users = users != null ? users : KnownUsers.NONE;
        skipped = List.copyOf(skipped);
    }

    public InferredTable table(String model) {
        return tables.stream().filter(t -> t.model().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + model));
    }

    /** Every proposal: model → path → what the plan says there ({@link ReferenceEvidence#target()}). */
    public Map<String, Map<String, String>> references() {
        Map<String, Map<String, String>> all = new java.util.TreeMap<>();
        for (InferredTable table : tables) {
            if (!table.references().isEmpty()) {
                all.put(table.model(), table.references().stream().collect(Collectors.toMap(ReferenceEvidence::path,
                        ReferenceEvidence::target, (a, b) -> a, java.util.TreeMap::new)));
            }
        }
        return all;
    }

    /** Proposals of one kind. */
    public long count(ReferenceEvidence.Kind kind) {
        return tables.stream().flatMap(t -> t.references().stream()).filter(r -> r.kind() == kind).count();
    }

    /** Whether some proposal maps users' identities, so that the plan names an identity map. */
    public boolean mapsIdentities() {
        return tables.stream().flatMap(t -> t.references().stream()).anyMatch(ReferenceEvidence::mapsIdentities);
    }

    /** Whether some proposal maps identity-pool IDs, which only the identity map's file gives (never the user pools). */
    public boolean mapsIdentityIds() {
        return tables.stream().flatMap(t -> t.references().stream()).anyMatch(ReferenceEvidence::mapsIdentityIds);
    }

    /** Whether the plan names a file the user writes, {@value #IDENTITIES_CSV}: its identities are not the pools' alone. */
    public boolean needsIdentitiesCsv() {
        return mapsIdentities() && (!users.paired() || mapsIdentityIds());
    }

    /**
     * The plan: source and target suffixes, each model with its ID attribute, ID strategy and
     * references, in dependency levels; the evidence in short in each table's {@code comment},
     * which the plan parser accepts and ignores. Checked by {@link PlanParser} before it is returned.
     */
    public String planJson() {
        return planJson(Account.OWN);
    }

    /** The same, with the account the source was read in written into the plan's source side. */
    public String planJson(Account source) {
        ObjectNode draft = readable(plan(tables.stream().map(InferredTable::model).toList(), source));
        MigrationPlan parsed = PlanParser.parse(text(draft));
        List<String> ordered = DependencyLevels.of(parsed).stream().flatMap(List::stream).toList();
        ObjectNode plan = readable(plan(ordered, source));
        PlanParser.parse(text(plan));
        return text(plan);
    }

    /**
     * {@code plan} as this build of dmig reads it: a key of a feature the build does not have (a DataStore table's
     * {@code syncable}, say) is left out, where the plan would otherwise be refused by the very build that proposed it.
     */
    private static ObjectNode readable(ObjectNode plan) {
        plan.retain(PlanParser.planKeys());
        Set<String> tableKeys = PlanParser.tableKeys();
        plan.path("tables").forEach(table -> ((ObjectNode) table).retain(tableKeys));
        return plan;
    }

    public String evidenceJson() {
        try {
            return EVIDENCE.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the evidence: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode plan(List<String> order, Account source) {
        ObjectNode plan = dev.dmig.json.Json.MAPPER.createObjectNode();
        plan.put("comment", "Proposed by dmig infer from " + reading() + " of the source environment."
                + " Review it before use: it proposes ID strategies, references, identity references"
                + (mask ? ", patterns and what to mask" : " and patterns") + " only; "
                + String.join(", ", NOT_INFERRED) + " are left at their defaults.");
        ObjectNode sourceSide = sourceSide(plan, source);
        ObjectNode targetSide = plan.putObject("target").put("tableSuffix", targetSuffix);
        if (storage != null) {
            sourceSide.put("storageBucket", storage.sourceBucket());
            targetSide.put("storageBucket", storage.targetBucket() != null ? storage.targetBucket() : TARGET_BUCKET_PLACEHOLDER);
        }
        if (mapsIdentities()) {
            identities(plan, sourceSide, targetSide);
        }
        if (mask) {
            plan.putObject("mask").put("keyFrom", MASK_KEY_FROM);
        }
        ObjectNode models = plan.putObject("tables");
        Map<String, InferredTable> byModel = tables.stream().collect(Collectors.toMap(InferredTable::model, Function.identity()));
        for (String model : skipped) {
            models.putObject(model).put("skip", true).put("comment", "Amplify DataStore's delta-sync table, which clients sync"
                    + " from: not read, and left alone (copied, the target's clients would be sent the source's changes)");
        }
        for (String model : order) {
            table(models.putObject(model), byModel.get(model));
        }
        return plan;
    }

    /** The plan's source side: its suffix, and the account it was read in. */
    private ObjectNode sourceSide(ObjectNode plan, Account source) {
        ObjectNode sourceSide = plan.putObject("source").put("tableSuffix", sourceSuffix);
        if (source.region() != null) {
            sourceSide.put("region", source.region());
        }
        if (source.roleArn() != null) {
            sourceSide.put("roleArn", source.roleArn());
        }
        if (source.externalId() != null) {
            sourceSide.put("externalId", source.externalId());
        }
        if (source.endpoint() != null) {
            sourceSide.put("endpoint", source.endpoint().toString());
        }
        return sourceSide;
    }

    /** A model's entry: what differs from the plan's defaults, its references and files, and the evidence in its comment. */
    private static void table(ObjectNode node, InferredTable table) {
        if (!table.idAttribute().equals("id")) {
            node.put("idAttribute", table.idAttribute());
        }
        if (table.preserve()) {
            node.put("ids", "preserve");
        }
        // A model of the app's schema says whether it syncs either way: a table that does not is copied as it is.
        if (table.syncable() || (table.schema() != null && table.schema().declaredAt() != null)) {
            node.put("syncable", table.syncable());
        }
        if (table.onUnmatched() != null) {
            node.put("onUnmatched", table.onUnmatched());
        }
        List<ReferenceEvidence> references = table.references().stream().filter(r -> r.kind() != ReferenceEvidence.Kind.FILE).toList();
        if (!references.isEmpty()) {
            ObjectNode entries = node.putObject("references");
            references.forEach(r -> reference(entries, r));
        }
        List<ReferenceEvidence> files = table.references().stream().filter(r -> r.kind() == ReferenceEvidence.Kind.FILE).toList();
        if (!files.isEmpty()) {
            ObjectNode entries = node.putObject("files");
            files.forEach(r -> file(entries, r));
        }
        if (!table.mask().isEmpty()) {
            ObjectNode rules = node.putObject("mask");
            table.mask().forEach(rule -> {
                if (rule.value() == null) {
                    rules.put(rule.path(), rule.kind());
                } else {
                    rules.putObject(rule.path()).put("kind", rule.kind()).put("value", rule.value());
                }
            });
        }
        String comment = comment(table);
        if (!comment.isEmpty()) {
            node.put("comment", comment);
        }
    }

    /**
     * A path's entry in {@code references}: a model or identity by name, a pattern as an object or a list of them, a
     * reference to one of several tables as the attribute that says which and the table each of its values names, or as
     * the tables whose source holds each value ({@code "oneOf"}).
     */
    private static void reference(ObjectNode references, ReferenceEvidence r) {
        if (r.kind() != ReferenceEvidence.Kind.PATTERN) {
            references.put(r.path(), r.model());
            return;
        }
        if (!r.oneOf().isEmpty()) {
            r.oneOf().forEach(references.putObject(r.path()).putArray("oneOf")::add);
            return;
        }
        String by = r.by();
        if (by != null) {
            ObjectNode models = references.putObject(r.path()).put("by", by).putObject("models");
            r.patterns().forEach(p -> p.when().values().forEach(value -> models.put(value, p.placeholders().values().iterator().next())));
            return;
        }
        List<ObjectNode> alternatives = r.patterns().stream().map(InferredPlan::alternative).toList();
        if (alternatives.size() == 1) {
            references.set(r.path(), alternatives.get(0));
        } else {
            references.putArray(r.path()).addAll(alternatives);
        }
    }

    /**
     * The plan's identity map: from the two user pools when both were read ({@code matchBy} email, as analysis pairs
     * them), with {@value #IDENTITIES_CSV} too when identity-pool IDs are mapped (only a file gives them); from the file
     * alone otherwise.
     */
    private void identities(ObjectNode plan, ObjectNode sourceSide, ObjectNode targetSide) {
        ObjectNode identities = plan.putObject("identities");
        if (users.paired()) {
            sourceSide.put("userPoolId", users.pools().sourcePool());
            targetSide.put("userPoolId", users.pools().targetPool());
            identities.put("matchBy", dev.dmig.plan.Identities.DEFAULT_MATCH);
        }
        if (needsIdentitiesCsv()) {
            identities.put("csv", IDENTITIES_CSV);
        }
        if (users.paired()) {
            identities.put("onUnmatched", "refuse");
        }
    }

    /**
     * A path's entry in {@code files}: its format, the prefix its keys are stored without, and the pattern that renames
     * its objects with their records; several alternatives as a list, a plain key's, or under {@code patterns} beside
     * a format or prefix.
     */
    private static void file(ObjectNode files, ReferenceEvidence r) {
        boolean plainKey = r.file().prefix().isEmpty() && r.file().format().equals(dev.dmig.plan.FileFormat.KEY.planName());
        if (r.patterns().size() > 1 && plainKey) {
            ArrayNode alternatives = files.putArray(r.path());
            r.patterns().forEach(p -> alternatives.add(alternative(p)));
            return;
        }
        ObjectNode file = files.putObject(r.path()).put("format", r.file().format());
        if (!r.file().prefix().isEmpty()) {
            file.put("prefix", r.file().prefix());
        }
        if (r.patterns().size() > 1) {
            ArrayNode alternatives = file.putArray("patterns");
            r.patterns().forEach(p -> alternatives.add(alternative(p)));
        } else {
            r.patterns().forEach(p -> file.setAll(alternative(p)));
        }
    }

    private static ObjectNode alternative(ProposedPattern pattern) {
        ObjectNode alternative = dev.dmig.json.Json.MAPPER.createObjectNode().put("pattern", pattern.pattern());
        pattern.placeholders().forEach(alternative::put);
        if (pattern.when() != null) {
            ArrayNode values = alternative.putObject("when").putArray(pattern.when().attribute());
            pattern.when().values().forEach(values::add);
        }
        return alternative;
    }

    private static String comment(InferredTable table) {
        List<String> parts = new ArrayList<>();
        if (table.idsReason() != null) {
            parts.add(table.idsReason());
        }
        InferredTable.SchemaPart schema = table.schema();
        if (schema != null && schema.declaredAt() == null) {
            parts.add("no model of " + schema.source() + ": from the data alone");
        }
        List<String> declared = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (ReferenceEvidence r : table.references()) {
            if (r.declared()) {
                declared.add(r.path() + " → " + r.target() + " (" + r.basis() + ")");
            } else {
                seen.add(evidence(r));
            }
        }
        if (schema != null && schema.declaredAt() != null) {
            declared.addAll(schema.notes());
            parts.add("from the schema (" + schema.declaredAt() + "): " + (declared.isEmpty() ? "nothing to map" : String.join("; ", declared)));
            if (!seen.isEmpty()) {
                parts.add("from the data: " + String.join("; ", seen));
            }
        } else {
            parts.addAll(seen);
        }
        if (!table.mask().isEmpty()) {
            parts.add("mask: " + String.join("; ", table.mask().stream().map(m -> m.shown() + " (" + m.why() + ")").toList()));
        }
        table.warnings().forEach(w -> parts.add("check: " + w));
        return String.join("; ", parts);
    }

    /**
     * One proposal's evidence in a line: {@code agentContactId: 215 of 218 values are Contacts IDs (3 not: orphans?),
     * high confidence 0.96}, {@code SK: 98 of 100 values are ORDER#<App ID> (2 not: orphans?); also PROFILE (1 value), …}.
     */
    private static String evidence(ReferenceEvidence r) {
        int not = r.checked() - r.matched();
        String what = switch (r.kind()) {
            case REFERENCE -> r.model() + " IDs";
            case IDENTITY, PATTERN, FILE -> r.basis();
        };
        String also = "";
        List<ProposedPattern> others = r.patterns().stream().filter(p -> !p.maps() && !p.catchAll()).toList();
        if (!others.isEmpty()) {
            int values = others.stream().mapToInt(ProposedPattern::values).sum();
            also = "; also " + String.join(", ", others.stream().map(ProposedPattern::shown).toList()) + " (" + values
                    + (values == 1 ? " value)" : " values)");
        }
        also += r.patterns().stream().filter(ProposedPattern::catchAll).findFirst().map(p -> "; " + plural(p.values(), "value")
                + " of no form above, kept as they are by the catch-all alternative " + ProposedPattern.CATCH_ALL
                + " (examples in the evidence): check them").orElse("");
        List<String> fixed = r.patterns().stream().flatMap(p -> p.fixed().stream()).distinct().toList();
        if (!fixed.isEmpty()) {
            also += "; " + String.join(", ", fixed.stream().map(f -> "'" + f + "'").toList()) + " written as fixed text: too few values"
                    + " for a placeholder of their own, and IDs of no table read and no user's";
        }
        return r.path() + ": " + r.matched() + " of " + r.checked() + " values are " + what
                + (not == 0 ? "" : " (" + not + switch (r.kind()) {
                    case IDENTITY -> " not)";
                    case FILE -> " not: missing objects?)";
                    default -> " not: orphans?)";
                }) + also
                + ", " + confidence(r);
    }

    /**
     * {@code high confidence 0.96}; a level capped below what the number says (values told by their shape only are at
     * most medium) says why, so that 0.90 reads as medium with its reason, not beside another 0.90 read as high.
     */
    private static String confidence(ReferenceEvidence r) {
        String number = String.format(Locale.ROOT, "%.2f", r.confidence());
        return r.level().equals("medium") && ReferenceEvidence.level(r.confidence()).equals("high")
                ? "medium confidence (" + number + ", at most medium: told by shape only)" : r.level() + " confidence " + number;
    }

    /** The reason's first clause: the rest is in the plan's comment. */
    private static String brief(String reason) {
        int colon = reason.indexOf(": ");
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /** A proposal in the summary's table: the model or identity, or the pattern's alternatives as people read them. */
    private static String shown(ReferenceEvidence r) {
        return switch (r.kind()) {
            case PATTERN -> String.join(" | ", r.patterns().stream().map(ProposedPattern::shown).toList());
            case FILE -> "file (" + r.file().shown() + ")";
            default -> r.model();
        };
    }

    /**
     * {@code 35 references, 25 identity references and 2 patterns}: the kinds proposed, references always; a reference to
     * one of several tables, a pattern in the plan's terms, is said as what it is.
     */
    private String proposals() {
        long several = tables.stream().flatMap(t -> t.references().stream()).filter(r -> r.by() != null || !r.oneOf().isEmpty()).count();
        long references = count(ReferenceEvidence.Kind.REFERENCE);
        List<String> kinds = new ArrayList<>();
        if (references > 0 || several == 0) {
            kinds.add(plural(references, "reference"));
        }
        if (several > 0) {
            kinds.add(plural(several, "reference") + " to one of several tables");
        }
        if (count(ReferenceEvidence.Kind.IDENTITY) > 0) {
            kinds.add(plural(count(ReferenceEvidence.Kind.IDENTITY), "identity reference"));
        }
        if (count(ReferenceEvidence.Kind.PATTERN) > several) {
            kinds.add(plural(count(ReferenceEvidence.Kind.PATTERN) - several, "pattern"));
        }
        if (count(ReferenceEvidence.Kind.FILE) > 0) {
            kinds.add(plural(count(ReferenceEvidence.Kind.FILE), "file reference"));
        }
        String last = kinds.remove(kinds.size() - 1);
        return kinds.isEmpty() ? last : String.join(", ", kinds) + " and " + last;
    }

    /** How the tables were read, in a few words. */
    private String reading() {
        return readWholeUnder == 0 ? String.format(Locale.ROOT, "up to %,d items per table", sampleSize)
                : String.format(Locale.ROOT, "tables under %,d items whole, larger ones in rounds from %,d items until one shows no"
                + " new shape of any attribute's values", readWholeUnder, sampleSize);
    }

    /** How much of a table was read: all of it, or how many items in how many rounds. */
    private static String read(InferredTable table) {
        if (table.complete()) {
            return "all";
        }
        String items = String.format(Locale.ROOT, "%,d", table.sampled());
        return table.rounds() > 1 ? items + " in " + table.rounds() + " rounds" : items;
    }

    /** Whether the plan's target side says {@link #TARGET_BUCKET_PLACEHOLDER}: only the user knows the target's bucket. */
    private boolean targetBucketMissing() {
        return storage != null && storage.targetBucket() == null;
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String text(ObjectNode node) {
        try {
            return dev.dmig.json.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What to do before the plan's analysis, and the command: what only the user can write, then {@code dmig analyze}. */
    private String advice(String planFile) {
        return "Review the plan, "
                + (needsIdentitiesCsv() ? "write " + IDENTITIES_CSV + " beside it, " : "")
                + (targetBucketMissing() ? "name the target's Storage bucket in it, " : "")
                + (mask ? "set " + MASK_KEY_FROM + " to a secret of at least 16 characters, " : "") + "then: dmig analyze --plan " + planFile;
    }

    /**
     * The proposed masking, for people: each table's rules with why, never a value; and what a sample cannot promise, when
     * a table was read in part (strict mode reads every item, and refuses an attribute the sample did not show).
     */
    private void masking(List<String> lines, int column) {
        long rules = tables.stream().mapToLong(t -> t.mask().size()).sum();
        lines.add("masking (--mask): " + plural(rules, "rule") + " in " + plural(tables.stream().filter(t -> !t.mask().isEmpty()).count(),
                "table") + ", the key from " + MASK_KEY_FROM + "; each with why:");
        String cell = "  %-" + column + "s ";
        for (InferredTable table : tables) {
            for (int i = 0; i < table.mask().size(); i++) {
                ProposedMask rule = table.mask().get(i);
                lines.add(String.format(Locale.ROOT, cell, i == 0 ? table.model() : "") + rule.shown() + " (" + rule.why() + ")");
            }
        }
        List<String> part = tables.stream().filter(t -> !t.complete()).map(InferredTable::model).toList();
        if (!part.isEmpty()) {
            lines.add("  read in part: " + String.join(", ", part) + ": a masked run's strict mode reads every item, and refuses a"
                    + " personal attribute no sampled item showed; analyze to see");
        }
        lines.add("");
    }

    /** For people, on stderr: what was read, one line per table and reference, the warnings. */
    public List<String> summary() {
        return summary("plan.json");
    }

    /** The same, its last advice naming the plan as {@code planFile}, the file the plan went to as a shell word. */
    public List<String> summary(String planFile) {
        List<String> lines = new ArrayList<>();
        lines.add("dmig infer: " + tables.size() + " tables end with " + sourceSuffix + "; target " + targetSuffix
                + " (" + targetHow + ")");
        lines.add(String.format(Locale.ROOT, "read %,d items in %,d scan pages (%s) and looked up %,d values"
                        + " in %,d requests; reads only", reads.itemsRead(), reads.scanPages(), reading(),
                reads.valuesLookedUp(), reads.lookupCalls()));
        tables.stream().map(InferredTable::schema).filter(java.util.Objects::nonNull).findFirst().ifPresent(schema -> {
            long models = tables.stream().filter(t -> t.schema() != null && t.schema().declaredAt() != null).count();
            long declared = tables.stream().flatMap(t -> t.references().stream()).filter(ReferenceEvidence::declared).count();
            lines.add("schema " + schema.source() + ": " + models + " of " + plural(tables.size(), "table") + " are its models; "
                    + plural(declared, "proposal") + " as it declares them (\"declared\" below), the others from the data");
        });
        if (storage != null) {
            lines.add(String.format(Locale.ROOT, "listed %,d keys of bucket %s in %s%s; reads only", storage.keysListed(),
                    storage.sourceBucket(), plural(storage.listCalls(), "ListObjectsV2 call"), storage.capped() ? " (capped: it holds more)" : ""));
        }
        lines.add("");
        // The model column is as wide as the longest name: a long one would push its row's columns out of line.
        int width = java.util.stream.Stream.concat(tables.stream().map(InferredTable::model), skipped.stream())
                .mapToInt(String::length).max().orElse(0);
        String row = "  %-" + Math.max(MODEL_COLUMN, width) + "s %8s %8s  %-9s ";
        lines.add(String.format(Locale.ROOT, row + "%s", "model", "items", "read", "ids", "references (values that are IDs)"));
        for (InferredTable table : tables) {
            String sampled = read(table);
            String first = String.format(Locale.ROOT, row, table.model(),
                    String.format(Locale.ROOT, "%,d", table.approximateItems()), sampled, table.ids());
            List<String> refs = table.references().stream().map(r -> r.path() + " → " + shown(r) + " (" + r.matched()
                    + "/" + r.checked() + (r.level().equals("high") ? "" : ", " + r.level()) + ")").toList();
            if (refs.isEmpty()) {
                lines.add(first + (table.preserve() ? "(" + brief(table.idsReason()) + ")" : "-"));
            } else {
                lines.add(first + refs.get(0));
                String indent = " ".repeat(first.length());
                refs.stream().skip(1).forEach(r -> lines.add(indent + r));
            }
        }
        skipped.forEach(model -> lines.add(String.format(Locale.ROOT, row + "%s", model, "-", "-", "skip",
                "(Amplify DataStore's delta-sync table: not read, left alone)")));
        lines.add("");
        if (mask) {
            masking(lines, Math.max(MODEL_COLUMN, width));
        }
        long unsure = tables.stream().flatMap(t -> t.references().stream()).filter(r -> !r.level().equals("high") && !r.declared()).count();
        long preserved = tables.stream().filter(InferredTable::preserve).count();
        List<String> allWarnings = new ArrayList<>(warnings);
        tables.forEach(t -> t.warnings().forEach(w -> allWarnings.add(t.model() + ": " + w)));
        lines.add(proposals() + " proposed in " + plural(tables.stream().filter(t -> !t.references().isEmpty()).count(), "table")
                + (unsure == 0 ? "" : " (" + unsure + " below high confidence)") + "; " + preserved
                + (preserved == 1 ? " table keeps its IDs" : " tables keep their IDs") + "; " + allWarnings.size()
                + (allWarnings.size() == 1 ? " warning" : " warnings"));
        lines.add("not inferred, left at their defaults: " + String.join(", ", NOT_INFERRED) + ".");
        // A line of its own: the command it ends with is read, and copied, whole.
        lines.add(advice(planFile));
        if (!allWarnings.isEmpty()) {
            lines.add("warnings:");
            allWarnings.forEach(w -> lines.add("  " + w));
        }
        return lines;
    }
}
