package dev.dmig.feature.mask;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.plan.JsonSyntax;
import dev.dmig.plan.PlanSection;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TableField;
import dev.dmig.plan.TablePlan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plan's masking: a table's {@code mask}, attribute path → kind ({@code "email"}) or kind with its options
 * ({@code {"kind": "number", "range": 0.05}}), and the plan's {@code mask}, the run's settings, read after the tables so
 * that every rule is checked against its table's IDs, references and unique attributes. Every problem is one line naming
 * the table and the attribute, with the fix.
 */
final class MaskSection {
    static final String FIELD = "mask";
    private static final Set<String> OPTIONS = Set.of("kind", "value", "range", "days");
    private static final Set<String> SETTINGS = Set.of("keyFrom");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final String EXAMPLE = "{\"email\": \"email\", \"firstName\": \"givenName\", \"salary\": {\"kind\": \"number\","
            + " \"range\": 0.05}}";

    /** A table's {@code mask}. */
    static final TableField<TableMask> TABLE = new TableField<>(FIELD, TableMask.class,
            reading -> table(reading.model(), reading.node(), reading.problems()));
    /** The plan's {@code mask}; its value says the run is masked (null: it is not). */
    static final PlanSection<MaskSettings> PLAN = new PlanSection<>(MaskSettings.class, Set.of(FIELD),
            reading -> settings(reading.root().get(FIELD), reading.tables(), reading.problems()));

    private MaskSection() {}

    /** A table's rules; null when its entry has none or they are wrong (each problem added). */
    static TableMask table(String model, JsonNode node, List<Problem> problems) {
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(Problem.attribute(model, FIELD, "must be an object of attribute path → kind, like " + EXAMPLE));
            return null;
        }
        int before = problems.size();
        List<MaskRule> rules = new ArrayList<>();
        node.fields().forEachRemaining(entry -> rule(model, entry.getKey(), entry.getValue(), problems).ifPresent(rule -> {
            rules.stream().filter(other -> overlap(other.path(), rule.path())).findFirst().ifPresent(other -> problems.add(
                    Problem.attribute(model, rule.path().text(), "is masked twice, here and under " + other.path().text()
                            + ": give the path one rule in mask")));
            rules.add(rule);
        }));
        return problems.size() > before ? null : new TableMask(rules);
    }

    private static java.util.Optional<MaskRule> rule(String model, String text, JsonNode node, List<Problem> problems) {
        ReferencePath path;
        try {
            path = ReferencePath.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.attribute(model, FIELD, e.getMessage() + ": name an attribute path like \"email\","
                    + " \"address.street\" or \"phones[]\""));
            return java.util.Optional.empty();
        }
        if (node.isObject() && node.has(MaskPatterns.PATTERN) && node.has("kind")) {
            return filed(model, path, (com.fasterxml.jackson.databind.node.ObjectNode) node, problems);
        }
        if (node.isArray() || node.isObject() && node.has(MaskPatterns.PATTERN)) {
            return MaskPatterns.read(model, path, node, problems);
        }
        return kinded(model, path, node, problems);
    }

    /**
     * A file reference's rule whose key's parts are masked: {@code {"kind": "placeholder", "pattern": "avatars/{email}.png",
     * "email": "email"}}, the kind saying what becomes of the objects ({@code placeholder} or {@code keep}), the pattern
     * which parts of the value (and so of the key) are masked ({@link MaskedFiles}).
     */
    private static java.util.Optional<MaskRule> filed(String model, ReferencePath path, com.fasterxml.jackson.databind.node.ObjectNode node,
                                                      List<Problem> problems) {
        JsonNode kindNode = node.get("kind");
        MaskKind kind = kindNode.isTextual() ? MaskKind.fromPlan(kindNode.asText()) : null;
        if (kind != MaskKind.PLACEHOLDER && kind != MaskKind.KEEP) {
            problems.add(Problem.attribute(model, path.text(), "mask pattern '" + node.path(MaskPatterns.PATTERN).asText() + "' takes"
                    + " a \"kind\" only for a file reference, to say what becomes of its objects: \"placeholder\" or \"keep\", not "
                    + kindNode + " (a pattern's parts take their kinds by their placeholders' names)"));
            return java.util.Optional.empty();
        }
        com.fasterxml.jackson.databind.node.ObjectNode pattern = node.deepCopy();
        pattern.remove("kind");
        return MaskPatterns.read(model, path, pattern, problems).map(rule -> new MaskRule(rule.path(), kind, null, rule.range(),
                rule.days(), rule.parts()));
    }

    /** A rule of a kind, {@code "email"} or {@code {"kind": "number", "range": 0.05}}, at {@code path} (a part's: {@code PK{email}}). */
    static java.util.Optional<MaskRule> kinded(String model, ReferencePath path, JsonNode node, List<Problem> problems) {
        String text = path.text();
        JsonNode kindNode = node.isObject() ? node.get("kind") : node;
        MaskKind kind = kindNode != null && kindNode.isTextual() ? MaskKind.fromPlan(kindNode.asText()) : null;
        if (kind == null) {
            problems.add(Problem.attribute(model, text, "mask must be one of " + MaskKind.choices() + " (or an object with"
                    + " \"kind\" and its options), not " + (kindNode == null ? node : kindNode)));
            return java.util.Optional.empty();
        }
        int before = problems.size();
        if (node.isObject()) {
            JsonSyntax.unknownKeys(node, OPTIONS, model, "the mask of " + text, problems);
        }
        MaskRule rule = new MaskRule(path, kind, constant(model, text, kind, node, problems),
                range(model, text, kind, node, problems), days(model, text, kind, node, problems));
        return problems.size() > before ? java.util.Optional.empty() : java.util.Optional.of(rule);
    }

    private static AttributeValue constant(String model, String path, MaskKind kind, JsonNode node, List<Problem> problems) {
        JsonNode value = node.get("value");
        if (kind != MaskKind.CONSTANT) {
            onlyFor(model, path, kind, "value", "constant", value, problems);
            return null;
        }
        if (value != null && value.isTextual()) {
            return AttributeValue.fromS(value.asText());
        }
        if (value != null && value.isNumber()) {
            return AttributeValue.fromN(value.decimalValue().toPlainString());
        }
        problems.add(Problem.attribute(model, path, "mask constant needs a \"value\", a string or a number, like {\"kind\":"
                + " \"constant\", \"value\": \"redacted\"}" + (value == null ? "" : ", not " + value)));
        return null;
    }

    private static BigDecimal range(String model, String path, MaskKind kind, JsonNode node, List<Problem> problems) {
        JsonNode range = node.get("range");
        if (kind != MaskKind.NUMBER || range == null) {
            onlyFor(model, path, kind, "range", "number", range, problems);
            return MaskRule.DEFAULT_RANGE;
        }
        if (!range.isNumber() || range.decimalValue().signum() <= 0 || range.decimalValue().compareTo(BigDecimal.ONE) > 0) {
            problems.add(Problem.attribute(model, path, "mask range must be a fraction of the value above 0 and at most 1, like"
                    + " 0.1 (±10%), not " + range));
            return MaskRule.DEFAULT_RANGE;
        }
        return range.decimalValue();
    }

    private static int days(String model, String path, MaskKind kind, JsonNode node, List<Problem> problems) {
        JsonNode days = node.get("days");
        if (kind != MaskKind.DATE || days == null) {
            onlyFor(model, path, kind, "days", "date", days, problems);
            return MaskRule.DEFAULT_DAYS;
        }
        Integer n = JsonSyntax.wholeNumber(days, model, path + " (mask days)", 1, 36_500, problems);
        return n == null ? MaskRule.DEFAULT_DAYS : n;
    }

    /** An option given to a kind that takes none such: a problem. */
    private static void onlyFor(String model, String path, MaskKind kind, String option, String owner, JsonNode node,
                                List<Problem> problems) {
        if (node != null && kind.planName().equals(owner)) {
            return;
        }
        if (node != null) {
            problems.add(Problem.attribute(model, path, "mask " + kind.planName() + " takes no \"" + option + "\" (only "
                    + owner + " does): remove it"));
        }
    }

    /** Whether one path is the other or under it ({@code address} and {@code address.street}). */
    static boolean overlap(ReferencePath a, ReferencePath b) {
        return under(a.text(), b.text()) || under(b.text(), a.text());
    }

    private static boolean under(String path, String parent) {
        String bare = parent.endsWith("[]") ? parent.substring(0, parent.length() - 2) : parent;
        return path.equals(parent) || path.startsWith(bare + ".") || path.startsWith(bare + "[]");
    }

    /** The run's settings; null when neither the plan nor a table masks. Each table's rules are checked against its plan. */
    private static MaskSettings settings(JsonNode node, Map<String, TablePlan> tables, List<Problem> problems) {
        tables.values().forEach(table -> MaskRules.check(tables, table, problems));
        boolean masks = tables.values().stream().anyMatch(table -> table.feature(TableMask.class) != null);
        if (node == null) {
            return masks ? new MaskSettings(MaskSettings.DEFAULT_KEY_FROM) : null;
        }
        if (!node.isObject()) {
            problems.add(Problem.plan("mask must be an object like {\"keyFrom\": \"DMIG_MASK_KEY\"}, not " + node));
            return null;
        }
        JsonSyntax.unknownKeys(node, SETTINGS, null, "\"mask\"", problems);
        JsonNode keyFrom = node.get("keyFrom");
        if (keyFrom == null) {
            return new MaskSettings(MaskSettings.DEFAULT_KEY_FROM);
        }
        if (!keyFrom.isTextual() || !VARIABLE.matcher(keyFrom.asText()).matches()) {
            problems.add(Problem.plan("mask.keyFrom must name the environment variable that holds the masking key, like"
                    + " \"DMIG_MASK_KEY\", not " + keyFrom));
            return null;
        }
        return new MaskSettings(keyFrom.asText());
    }
}
