package dev.dmig.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import dev.dmig.plan.ValuePattern;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a source item into its target item: the table's own ID and every reference mapped with
 * the deterministic ID function, the IDs inside composite values by their patterns, file references renamed
 * with them (to the target's bucket), DataStore's fields reset (under {@code reset}), then rename, remove and set. Every other attribute, type and
 * value is carried over exactly; list order, duplicates, NULL and empty-string elements stay. Each step is a
 * {@link Rewrite} of its feature's, the table's chain of them made once ({@link Rewrites}).
 */
public final class ItemTransformer {
    private final MigrationPlan plan;
    private final TargetIds ids;
    private final PatternValues patterns;
    private final PlaceholderWalk placeholders;
    private final IdMapper idMapper;
    private final RunMappings run;
    /** Each table's rewrites, by model, made once: mapping an item allocates nothing for its steps. */
    private final Map<String, Rewrite[]> chains = new HashMap<>();
    /** Each table's say in what is done at an item's key, by model, made once. */
    private final Map<String, WriteRules> writes = new HashMap<>();

    /** For mapping outside a run (tests, benchmarks): DataStore rows under {@code reset} cannot be mapped. */
    public ItemTransformer(MigrationPlan plan) {
        this(plan, RunMappings.NONE);
    }

    public ItemTransformer(MigrationPlan plan, RunMappings run) {
        this.plan = plan;
        this.idMapper = new IdMapper(plan.idNamespace());
        this.run = run;
        this.ids = new TargetIds(plan, idMapper, run);
        this.patterns = new PatternValues(ids, plan, run);
        this.placeholders = new PlaceholderWalk(plan, patterns);
        plan.tables().forEach((model, table) -> chains.put(model, chain(table)));
        plan.tables().forEach((model, table) -> writes.put(model, rules(table)));
    }

    private WriteRules rules(TablePlan table) {
        return WriteRules.of(new WriteRule.Parts(table, plan, run, placeholders));
    }

    private Rewrite[] chain(TablePlan table) {
        return Rewrites.of(new RewriteParts(table, plan, ids, run, patterns));
    }

    /** Receives each non-empty reference value found in an item. */
    @FunctionalInterface
    public interface ReferenceVisitor {
        void visit(ReferencePath path, String targetModel, String id);
    }

    public MigrationPlan plan() {
        return plan;
    }

    /** What the run fixed once for every item this maps. */
    public RunMappings run() {
        return run;
    }

    /** The walk of the parts of an item's values that placeholders of a kind hold, as this reads them. */
    public PlaceholderWalk placeholders() {
        return placeholders;
    }

    /** The mapper of values by patterns its rewrites use: the run's IDs and the features' parts, shared with a walk made from it. */
    public PatternValues patterns() {
        return patterns;
    }

    /** The target ID of a record of {@code model}, by that model's ID strategy. */
    public String newId(String model, String oldId) {
        return ids.newId(model, oldId);
    }

    /** The scope of {@link #rememberIds}: closed, the IDs are let go of. */
    @FunctionalInterface
    public interface RememberedIds extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Keeps every target ID this thread maps until the scope closes, for a page mapped and then looked at again (the
     * copy's look at each copy beside its source asks for its references' IDs once more).
     */
    public RememberedIds rememberIds() {
        return ids.remembering();
    }

    /**
     * What the run's artifacts keep of a source record's ID ({@code oldId}, null for none): the ID, or null where a
     * feature withholds {@code model}'s ({@link WithheldIds}).
     */
    public String keptSourceId(String model, String oldId) {
        return oldId == null || withheld(model, true) != null ? null : oldId;
    }

    /** Whether a feature withholds {@code model}'s source IDs from the run's artifacts ({@link WithheldIds#withholds}). */
    public boolean withholdsSourceIds(String model) {
        return withheld(model, true) != null;
    }

    /**
     * What the run's artifacts keep of a list of source IDs or keys of {@code model}'s records ({@code ids}, a JSON array):
     * the list, or sealed as one where a feature withholds the model's IDs ({@link WithheldIds#seal}).
     */
    public JsonNode keptSourceIds(String model, JsonNode ids) {
        WithheldIds withheld = withheld(model, true);
        return withheld == null ? ids : withheld.seal(model, ids);
    }

    /** The list of source IDs {@link #keptSourceIds} kept, opened: as it is where nothing sealed it. */
    public JsonNode sourceIds(String model, JsonNode kept) {
        WithheldIds withheld = withheld(model, true);
        return withheld == null ? kept : withheld.open(model, kept);
    }

    /**
     * Where a scan of {@code model}'s source stands ({@code key}, {@code DynamoJson}; null at its start or end) as a
     * checkpoint keeps it: sealed where a feature seals the table's ({@link WithheldIds#seals}).
     */
    public JsonNode keptScanKey(String model, JsonNode key) {
        WithheldIds withheld = key == null ? null : withheld(model, false);
        return withheld == null ? key : withheld.seal(model, key);
    }

    /** The source key a checkpoint keeps ({@link #keptScanKey}), as the scan starts from it. */
    public Map<String, AttributeValue> scanKey(String model, JsonNode kept) {
        WithheldIds withheld = kept == null ? null : withheld(model, false);
        return DynamoJson.item(withheld == null ? kept : withheld.open(model, kept));
    }

    /**
     * How an example names a source record of {@code model} in the run's artifacts and the lines made of them: by its
     * source key ({@code sourceKey}) as it is, or where a feature withholds the model's IDs as the feature shows it
     * ({@link WithheldIds#shownKey}): by its key in the target ({@code targetKey}; null where not known), else by what it is.
     */
    public String shownKey(String model, Map<String, AttributeValue> sourceKey, Map<String, AttributeValue> targetKey) {
        WithheldIds withheld = withheld(model, true);
        if (withheld == null) {
            return ItemKeys.describe(sourceKey);
        }
        return withheld.shownKey(model, targetKey == null ? null : ItemKeys.describe(targetKey));
    }

    /**
     * How an example shows a value naming a record of {@code model} ({@code id}, the source's): as it is, or where a
     * feature withholds the model's IDs as the feature shows it ({@link WithheldIds#shownId}).
     */
    public String shownId(String model, String id) {
        WithheldIds withheld = id == null ? null : withheld(model, true);
        if (withheld == null) {
            return id;
        }
        String targetId = ids.newId(model, id);
        return withheld.shownId(model, id.equals(targetId) ? null : targetId);
    }

    /**
     * How an example shows a Storage object's key ({@code sourceKey} as the run reads it, {@code targetKey} as it writes
     * it): the source's as it is, or a feature's form ({@link WithheldIds#shownObjectKey}).
     */
    public String shownObjectKey(String sourceKey, String targetKey) {
        for (Object value : run.features().values()) {
            if (value instanceof WithheldIds withheld) {
                return withheld.shownObjectKey(sourceKey, targetKey);
            }
        }
        return sourceKey;
    }

    /** The feature that withholds {@code model}'s source IDs ({@code ids}) or seals its scans' places; null for none. */
    private WithheldIds withheld(String model, boolean ids) {
        for (Object value : run.features().values()) {
            if (value instanceof WithheldIds withheld && (ids ? withheld.withholds(model) : withheld.seals(model))) {
                return withheld;
            }
        }
        return null;
    }

    /** The target item for a source item of {@code model}; throws {@link ItemInvalidException} naming table, attribute and key. */
    public Map<String, AttributeValue> transform(String model, Map<String, AttributeValue> source) {
        Rewrite[] chain = chainOf(model);
        Map<String, AttributeValue> item = new HashMap<>(source);
        for (Rewrite rewrite : chain) {
            rewrite.apply(source, item);
        }
        return item;
    }

    /**
     * The top-level attributes of {@code model}'s items, by their names in the source, whose values the plan may change,
     * add or remove (the table's ID, references, patterns, file keys, DataStore's fields, what is set or removed): every
     * other attribute of a copy holds the source item's value, under its new name where renamed.
     */
    public Set<String> claims(String model) {
        Set<String> claimed = new HashSet<>();
        for (Rewrite rewrite : chainOf(model)) {
            claimed.addAll(rewrite.claims());
        }
        return claimed;
    }

    private Rewrite[] chainOf(String model) {
        Rewrite[] chain = chains.get(model);
        // Not in the plan: plan.table says so.
        return chain == null ? chain(plan.table(model)) : chain;
    }

    /**
     * What a run does at the target key of a source item of {@code model} ({@link WriteAt}): the features' say
     * ({@link WriteRules}), else the mapped item is written.
     */
    public WriteAt writeAt(String model, Map<String, AttributeValue> source) {
        return rulesOf(model).at(source);
    }

    private WriteRules rulesOf(String model) {
        WriteRules rules = writes.get(model);
        // Not in the plan: plan.table says so.
        return rules == null ? rules(plan.table(model)) : rules;
    }

    /** Whether a source item of {@code model} is copied at all ({@link #writeAt}). */
    public boolean copies(String model, Map<String, AttributeValue> source) {
        return writeAt(model, source).copies();
    }

    /** Why a source item of {@code model} is not copied ({@link #copies}); null when it is. */
    public LeftBehind.Reason leftBehind(String model, Map<String, AttributeValue> source) {
        return writeAt(model, source).notCopied();
    }

    /** Whether a run may write over records the target holds at the keys of {@code model}'s items, whatever onConflict says. */
    public boolean writesOver(String model) {
        return rulesOf(model).writesOver();
    }

    /**
     * Whether {@code model}'s source records may be left behind so that a reference to one, missing in the target, is an
     * orphan to validation, as one to a record the source lacks.
     */
    public boolean leavesBehind(String model) {
        return rulesOf(model).leavesBehind();
    }

    /**
     * Whether {@code existing} is what mapping the same source item gives ({@code mapped}), up to what differs from one
     * run to the next ({@link Rewrite#alike}: a time a rewrite stamps, the run's start). So a record an earlier run wrote
     * is known for the same.
     */
    public boolean sameRecord(String model, Map<String, AttributeValue> existing, Map<String, AttributeValue> mapped) {
        Map<String, AttributeValue> there = existing;
        Map<String, AttributeValue> written = mapped;
        for (Rewrite rewrite : chainOf(model)) {
            there = rewrite.alike(there);
            written = rewrite.alike(written);
        }
        return ContentDigest.same(there, written);
    }

    /**
     * Visits the numbers (N, and the elements of NS and lists) that references to tables keeping their IDs hold
     * ({@code category_id: 7} of a table keyed by numbers), as their text ({@link #numberText}): such references are
     * copied as they are, and analysis counts them and finds their orphans as it does strings'.
     */
    public void forEachNumberReference(String model, Map<String, AttributeValue> item, ReferenceVisitor visitor) {
        TablePlan table = plan.table(model);
        for (Map.Entry<ReferencePath, String> reference : table.references().entrySet()) {
            if (plan.idsOf(reference.getValue()) == IdStrategy.PRESERVE) {
                numbers(item.get(reference.getKey().attribute()), reference.getKey(), 0, n -> visitor.visit(reference.getKey(),
                        reference.getValue(), n));
            }
        }
    }

    /** A number as a key's text: {@code 7}, whether it was written {@code 7}, {@code 7.0} or {@code 7E0}. */
    public static String numberText(String number) {
        try {
            return new java.math.BigDecimal(number).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notANumber) {
            return number;
        }
    }

    private static void numbers(AttributeValue value, ReferencePath path, int step, java.util.function.Consumer<String> found) {
        if (value == null) {
            return;
        }
        ReferencePath.Step here = path.steps().get(step);
        boolean last = step == path.steps().size() - 1;
        if (last && !here.each()) {
            if (value.type() == AttributeValue.Type.N) {
                found.accept(numberText(value.n()));
            }
        } else if (!here.each() && value.type() == AttributeValue.Type.M) {
            numbers(value.m().get(path.steps().get(step + 1).name()), path, step + 1, found);
        } else if (last && value.type() == AttributeValue.Type.NS) {
            value.ns().forEach(n -> found.accept(numberText(n)));
        } else if (value.type() == AttributeValue.Type.L) {
            for (AttributeValue element : value.l()) {
                if (last && element.type() == AttributeValue.Type.N) {
                    found.accept(numberText(element.n()));
                } else if (!last && element.type() == AttributeValue.Type.M) {
                    numbers(element.m().get(path.steps().get(step + 1).name()), path, step + 1, found);
                }
            }
        }
    }

    /** Visits every non-empty reference value of a (source or target) item; checks types as {@link #transform} does. */
    public void forEachReference(String model, Map<String, AttributeValue> item, ReferenceVisitor visitor) {
        TablePlan table = plan.table(model);
        for (Map.Entry<ReferencePath, String> reference : table.references().entrySet()) {
            ReferencePath path = reference.getKey();
            String target = reference.getValue();
            boolean preserved = plan.idsOf(target) == IdStrategy.PRESERVE;
            try {
                ValueWalk.walk(item.get(path.attribute()), path, (id, source) -> {
                    visitor.visit(path, target, id);
                    return id;
                }, table, item);
            } catch (ItemInvalidException e) {
                // References to preserved tables are copied as they are, whatever their type.
                if (!preserved) {
                    throw e;
                }
            }
        }
        for (Map.Entry<ReferencePath, ValueMapping> mapping : table.mappings().entrySet()) {
            ReferencePath path = mapping.getKey();
            if (mapping.getValue().models().isEmpty()) {
                continue;
            }
            ValueWalk.walk(item.get(path.attribute()), path, (value, source) -> {
                forEachPlaceholder(table, path, mapping.getValue(), value, source, visitor);
                return value;
            }, table, item);
        }
    }

    /**
     * Visits every non-empty value of the item's references to the table whose source holds each value
     * ({@link ValueMapping#byHolder}), with the models it may be an ID of. A value of the wrong type is left to
     * {@link #transform}, which names it.
     */
    public void forEachHeldValue(String model, Map<String, AttributeValue> item, java.util.function.BiConsumer<List<String>, String> visitor) {
        TablePlan table = plan.table(model);
        table.mappings().forEach((path, mapping) -> {
            if (!mapping.byHolder()) {
                return;
            }
            try {
                ValueWalk.walk(item.get(path.attribute()), path, (value, source) -> {
                    if (!value.isEmpty()) {
                        visitor.accept(mapping.models(), value);
                    }
                    return value;
                }, table, item);
            } catch (ItemInvalidException wrongType) {
                // Mapping the item refuses it, naming the item and the type found.
            }
        });
    }

    /** The parts of {@code value} that hold IDs of a model, each by its placeholder's path ({@code SK{id}}). */
    private void forEachPlaceholder(TablePlan table, ReferencePath path, ValueMapping mapping, String value,
                                    Map<String, AttributeValue> item, ReferenceVisitor visitor) {
        PatternValues.Matched matched = patterns.match(table, path, mapping, value, item);
        for (int i = 0; i < matched.parts().size(); i++) {
            ValuePattern.Placeholder placeholder = matched.pattern().placeholders().get(i);
            if (placeholder.target() instanceof PlaceholderTarget.Model target) {
                visitor.visit(new ReferencePath(TablePlan.placeholderPath(path, placeholder.name()), path.steps()),
                        target.model(), matched.parts().get(i));
            }
        }
    }
}
