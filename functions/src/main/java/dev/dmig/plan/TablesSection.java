package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plan's {@code tables}: each model's entry, its IDs, references and edits read here, the other fields (the
 * features' among them) by {@link TableFields}; then every reference checked to name a model of the plan, a file key's
 * patterns' too.
 */
final class TablesSection {
    /** The plan's top-level keys this section reads. */
    static final Set<String> KEYS = Set.of("tables");
    private static final Set<String> TABLE_KEYS = Set.of("idAttribute", "ids", "references", "set", "remove", "rename",
            "skip", "segments", "writeRateLimit", "unique", "comment");
    private static final int TABLE_NAME_MIN = 3;
    private static final int TABLE_NAME_MAX = 255;
    /** DynamoDB's numbers: 38 significant digits, magnitudes from 1E-130 to 9.99…E+125 (decimal exponents -130 to 125). */
    private static final int NUMBER_DIGITS = 38;
    private static final int NUMBER_MIN_EXPONENT = -130;
    private static final int NUMBER_MAX_EXPONENT = 125;

    private final JsonNode root;
    private final List<Problem> problems;

    TablesSection(JsonNode root, List<Problem> problems) {
        this.root = root;
        this.problems = problems;
    }

    /** Every model's plan, in the plan's order. */
    Map<String, TablePlan> read(String sourceSuffix, String targetSuffix) {
        Map<String, TablePlan> tables = new LinkedHashMap<>();
        JsonNode node = root.get("tables");
        if (node == null || !node.isObject() || node.isEmpty()) {
            problems.add(Problem.plan("\"tables\" must be an object with at least one model, like {\"Contacts\": {}}"));
            return tables;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String model = entry.getKey();
            if (model.isBlank()) {
                problems.add(Problem.plan("a table has an empty model name"));
                continue;
            }
            if (!tableName(model, sourceSuffix, targetSuffix)) {
                continue;
            }
            if (!entry.getValue().isObject()) {
                problems.add(Problem.table(model, "the table entry must be an object (use {} for all defaults)"));
                continue;
            }
            TablePlan table = table(model, entry.getValue());
            tables.put(model, table);
            String pairedBy = table.pairedBy();
            if (pairedBy != null && table.idMapped()) {
                problems.add(Problem.attribute(model, pairedBy, "pairs records by their IDs, and this table's ID is built"
                        + " by a pattern; " + pairedBy + " a table keyed by its own ID"));
            }
        }
        for (TablePlan table : tables.values()) {
            table.references().forEach((path, target) -> unknownModel(tables, table, path, target));
            table.mappings().forEach((path, mapping) -> mapping.models().forEach(target -> unknownModel(tables, table, path, target)));
            table.files().forEach((path, file) -> {
                if (file.mapping() != null) {
                    file.mapping().models().forEach(target -> unknownModel(tables, table, path, target));
                }
            });
        }
        return tables;
    }

    /**
     * Whether the model's tables can exist: DynamoDB allows only letters, digits, '_', '.' and '-' in a table name,
     * 3 to 255 of them. The name also goes into the run's S3 keys, which must not reach outside the run.
     */
    private boolean tableName(String model, String sourceSuffix, String targetSuffix) {
        if (!SidesSection.TABLE_NAME_CHARACTERS.matcher(model).matches()) {
            problems.add(Problem.plan("model name " + JsonSyntax.quoted(model) + " must be letters, digits, '_', '.' or '-'"
                    + " (the characters of a DynamoDB table name)"));
            return false;
        }
        for (String suffix : new String[] {sourceSuffix, targetSuffix}) {
            int length = suffix == null ? -1 : model.length() + suffix.length();
            if (suffix != null && (length < TABLE_NAME_MIN || length > TABLE_NAME_MAX)) {
                problems.add(Problem.table(model, "the table name " + JsonSyntax.quoted(JsonSyntax.abbreviated(model + suffix)) + " is "
                        + length + " characters long; DynamoDB table names are " + TABLE_NAME_MIN + " to " + TABLE_NAME_MAX));
                return false;
            }
        }
        return true;
    }

    private void unknownModel(Map<String, TablePlan> tables, TablePlan table, ReferencePath path, String target) {
        if (!tables.containsKey(target)) {
            problems.add(Problem.attribute(table.model(), path.text(), "references unknown model '" + target
                    + "' (models in the plan: " + String.join(", ", tables.keySet()) + ")"));
        }
    }

    /** The keys a table's entry may hold: the core's and its fields' ({@link TableFields}). */
    static Set<String> tableKeys() {
        Set<String> keys = new java.util.HashSet<>(TABLE_KEYS);
        keys.addAll(TableFields.keys());
        return keys;
    }

    private TablePlan table(String model, JsonNode node) {
        JsonSyntax.unknownKeys(node, tableKeys(), model, null, problems);
        String idAttribute = "id";
        JsonNode id = node.get("idAttribute");
        if (id != null) {
            if (id.isTextual() && !id.asText().isEmpty()) {
                idAttribute = id.asText();
            } else {
                problems.add(Problem.attribute(model, "idAttribute", "must be a non-empty string"));
            }
        }
        IdStrategy ids = IdStrategy.SHA256;
        JsonNode idsNode = node.get("ids");
        if (idsNode != null) {
            ids = idsNode.isTextual() ? IdStrategy.fromPlan(idsNode.asText()) : null;
            if (ids == null) {
                problems.add(Problem.attribute(model, "ids", "must be \"sha256\" or \"preserve\", not " + idsNode));
                ids = IdStrategy.SHA256;
            }
        }
        Map<ReferencePath, ValueMapping> mappings = new LinkedHashMap<>();
        Map<ReferencePath, String> references = references(model, idAttribute, node.get("references"), mappings);
        Map<String, String> rename = stringMap(model, "rename", node.get("rename"));
        List<String> remove = stringList(model, "remove", node.get("remove"));
        Map<String, AttributeValue> set = constants(model, node.get("set"));
        List<String> unique = stringList(model, "unique", node.get("unique"));
        if (unique.contains(idAttribute)) {
            problems.add(Problem.attribute(model, idAttribute, "the ID attribute is unique by its key already; leave it out of \"unique\""));
        }
        boolean skip = JsonSyntax.bool(node.get("skip"), model, "skip", false, problems);
        Integer segments = JsonSyntax.wholeNumber(node.get("segments"), model, "segments", 1, RunSection.MAX_SEGMENTS, problems);
        Integer rate = JsonSyntax.wholeNumber(node.get("writeRateLimit"), model, "writeRateLimit", 0, Integer.MAX_VALUE, problems);
        edits(model, idAttribute, rename, remove, set);
        return new TablePlan(model, idAttribute, ids, references, rename, remove, set, skip, segments, rate, unique, mappings,
                TableFields.read(model, idAttribute, ids, node, root, problems));
    }

    /** Whole-value references, returned; references by pattern go to {@code mappings}. */
    private Map<ReferencePath, String> references(String model, String idAttribute, JsonNode node,
                                                  Map<ReferencePath, ValueMapping> mappings) {
        Map<ReferencePath, String> references = new LinkedHashMap<>();
        if (node == null) {
            return references;
        }
        if (!node.isObject()) {
            problems.add(Problem.attribute(model, "references", "must be an object of path → model"));
            return references;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String text = entry.getKey();
            JsonNode value = entry.getValue();
            boolean pattern = value.isObject() || value.isArray();
            if (!pattern && (!value.isTextual() || value.asText().isEmpty())) {
                problems.add(Problem.attribute(model, text, "a reference must name a model, like \"Contacts\", an identity "
                        + "(\"@owner\", \"@sub\", \"@username\", \"@identityId\"), or a pattern, like " + ValueMappings.EXAMPLE));
                continue;
            }
            try {
                reference(model, idAttribute, ReferencePath.parse(text), value, references, mappings);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.attribute(model, text, "bad reference path: " + e.getMessage()));
            }
        }
        return references;
    }

    /** One reference: an identity or a pattern to {@code mappings}, a model's whole ID to {@code references}. */
    private void reference(String model, String idAttribute, ReferencePath path, JsonNode value,
                           Map<ReferencePath, String> references, Map<ReferencePath, ValueMapping> mappings) {
        String text = path.text();
        if (value.isTextual() && value.asText().startsWith("@")) {
            IdentityKind kind = IdentityKind.fromPlan(value.asText());
            if (kind == null) {
                problems.add(Problem.attribute(model, text, "unknown identity " + value
                        + ": use \"@owner\", \"@sub\", \"@username\" or \"@identityId\""));
            } else {
                ValuePattern whole = ValuePattern.whole(kind.planName(), new PlaceholderTarget.Identity(kind));
                mappings.put(path, new ValueMapping(List.of(whole)));
            }
            return;
        }
        if (value.isObject() || value.isArray()) {
            ValueMapping mapping = ValueMappings.read(value, message -> problems.add(Problem.attribute(model, text, message)));
            if (mapping != null) {
                mappings.put(path, mapping);
            }
            return;
        }
        if (path.steps().size() == 1 && !path.steps().get(0).each() && path.attribute().equals(idAttribute)) {
            problems.add(Problem.attribute(model, text, "is the table's own ID attribute; it cannot also be a reference"));
            return;
        }
        references.put(path, value.asText());
    }

    private void edits(String model, String idAttribute, Map<String, String> rename, List<String> remove,
                       Map<String, AttributeValue> set) {
        if (rename.containsKey(idAttribute) || rename.containsValue(idAttribute)) {
            problems.add(Problem.attribute(model, idAttribute, "the ID attribute cannot be renamed or renamed onto"));
        }
        if (remove.contains(idAttribute)) {
            problems.add(Problem.attribute(model, idAttribute, "the ID attribute cannot be removed"));
        }
        if (set.containsKey(idAttribute)) {
            problems.add(Problem.attribute(model, idAttribute, "the ID attribute cannot be set to a constant"));
        }
        List<String> targets = new ArrayList<>(rename.values());
        for (String name : targets) {
            if (targets.indexOf(name) != targets.lastIndexOf(name)) {
                problems.add(Problem.attribute(model, name, "two attributes are renamed to the same name"));
                break;
            }
        }
    }

    private Map<String, String> stringMap(String model, String field, JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null) {
            return map;
        }
        if (!node.isObject()) {
            problems.add(Problem.attribute(model, field, "must be an object of old name → new name"));
            return map;
        }
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual() && !e.getValue().asText().isEmpty()) {
                map.put(e.getKey(), e.getValue().asText());
            } else {
                problems.add(Problem.attribute(model, e.getKey(), field + " must give a non-empty new name"));
            }
        });
        return map;
    }

    private List<String> stringList(String model, String field, JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node == null) {
            return list;
        }
        if (!node.isArray()) {
            problems.add(Problem.attribute(model, field, "must be a list of attribute names"));
            return list;
        }
        node.forEach(e -> {
            if (e.isTextual() && !e.asText().isEmpty()) {
                list.add(e.asText());
            } else {
                problems.add(Problem.attribute(model, field, "must list attribute names, found " + e));
            }
        });
        return list;
    }

    private Map<String, AttributeValue> constants(String model, JsonNode node) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        if (node == null) {
            return set;
        }
        if (!node.isObject()) {
            problems.add(Problem.attribute(model, "set", "must be an object of attribute → constant"));
            return set;
        }
        node.fields().forEachRemaining(e -> {
            try {
                set.put(e.getKey(), constant(e.getValue()));
            } catch (IllegalArgumentException ex) {
                problems.add(Problem.attribute(model, e.getKey(), "set: " + ex.getMessage()));
            }
        });
        return set;
    }

    /**
     * A {@code set} constant as DynamoDB would store it. Numbers are normalised the way DynamoDB
     * normalises them ({@code 1.50} → {@code 1.5}) so that validation compares like with like.
     */
    static AttributeValue constant(JsonNode value) {
        if (value.isTextual()) {
            return AttributeValue.fromS(value.asText());
        }
        if (value.isNumber()) {
            return AttributeValue.fromN(normalisedNumber(value.decimalValue().toString()));
        }
        if (value.isBoolean()) {
            return AttributeValue.fromBool(value.asBoolean());
        }
        if (value.isNull()) {
            return AttributeValue.fromNul(true);
        }
        if (value.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            value.forEach(element -> list.add(constant(element)));
            return AttributeValue.fromL(list);
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> map.put(e.getKey(), constant(e.getValue())));
        return AttributeValue.fromM(map);
    }

    static String normalisedNumber(String text) {
        BigDecimal number = new BigDecimal(text);
        if (number.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.precision() > NUMBER_DIGITS) {
            throw new IllegalArgumentException("number " + text + " has more than the 38 significant digits DynamoDB keeps");
        }
        // Checked before the plain text is made: 1E+999999999 would be a billion characters.
        int exponent = stripped.precision() - stripped.scale() - 1;
        if (exponent > NUMBER_MAX_EXPONENT || exponent < NUMBER_MIN_EXPONENT) {
            throw new IllegalArgumentException("number " + text + " is outside the range DynamoDB stores (1E-130 to"
                    + " 9.9999999999999999999999999999999999999E+125, and as much below zero)");
        }
        return stripped.toPlainString();
    }
}
