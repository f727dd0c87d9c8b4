package dev.dmig.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import dev.dmig.store.Account;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a plan file and checks everything that can be checked without touching a table. Every
 * problem is collected and reported at once, each naming the table and attribute.
 */
public final class PlanParser {
    private static final Set<String> TOP_LEVEL = Set.of("source", "target", "idNamespace", "onConflict", "tables",
            "segments", "writeRateLimit", "backup", "backupBeforeWrite", "alongside", "$schema", "comment", "datastore", "identities", "files");
    private static final Set<String> TABLE_KEYS = Set.of("idAttribute", "ids", "references", "set", "remove", "rename",
            "skip", "segments", "writeRateLimit", "unique", "comment", "datastore", "files", "onUnmatched", "syncable",
            KeptSourceValues.FIELD);
    private static final Set<String> SIDE_KEYS = Set.of("tableSuffix", "region", "roleArn", "externalId", "endpoint",
            "userPoolId", "userPoolEndpoint", "storageBucket", "storageEndpoint");
    /** What {@code identities.matchBy} may name: an attribute every user of a pool may have, or a custom one. */
    private static final Set<String> MATCH_ATTRIBUTES = Set.of("email", "username", "phone_number");
    private static final Pattern CUSTOM_ATTRIBUTE = Pattern.compile("custom:[^\\s]{1,20}");
    /** S3's rules for a bucket name: 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** S3's longest key, in bytes of UTF-8. */
    static final int MAX_KEY_BYTES = 1024;
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern ENDPOINT = Pattern.compile("https?://[^\\s/]+(/\\S*)?");
    private static final int MAX_SEGMENTS = 1_000_000;
    /** The characters DynamoDB allows in a table name; a table's name is its model's name and its side's suffix. */
    private static final Pattern TABLE_NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final int TABLE_NAME_MIN = 3;
    private static final int TABLE_NAME_MAX = 255;
    /** DynamoDB's numbers: 38 significant digits, magnitudes from 1E-130 to 9.99…E+125 (decimal exponents -130 to 125). */
    private static final int NUMBER_DIGITS = 38;
    private static final int NUMBER_MIN_EXPONENT = -130;
    private static final int NUMBER_MAX_EXPONENT = 125;
    /** Strict about what a person can get wrong: duplicate keys, text after the plan, decimals beyond double. */
    private static final com.fasterxml.jackson.databind.ObjectReader READER = Json.MAPPER.reader()
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /** How the one problem of a plan that is no JSON begins; the line and column follow, then what is wrong. */
    public static final String NOT_JSON = "the plan is not valid JSON";

    private PlanParser() {}

    public static MigrationPlan parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    public static MigrationPlan parse(byte[] json) {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new PlanInvalidException(List.of(Problem.plan(NOT_JSON + where + ": " + JsonSyntax.describe(e.getOriginalMessage()))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new PlanInvalidException(List.of(Problem.plan("the plan must be a JSON object")));
        }
        return new PlanParser.Reading(root, digest(json)).read();
    }

    /** A name as JSON writes it: control characters escaped, so that a problem stays one line; long names cut short. */
    private static String quoted(String name) {
        return Json.text(abbreviated(name));
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 60) + "…(" + text.length() + " characters)";
    }

    private static String digest(byte[] json) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One pass over one plan document, collecting problems as it goes. */
    private static final class Reading {
        private final JsonNode root;
        private final String digest;
        private final List<Problem> problems = new ArrayList<>();

        Reading(JsonNode root, String digest) {
            this.root = root;
            this.digest = digest;
        }

        MigrationPlan read() {
            unknownKeys(root, TOP_LEVEL, null, "the plan");
            String source = suffix("source");
            String target = suffix("target");
            if (source != null && target != null) {
                if (source.equals(target)) {
                    problems.add(Problem.plan("source and target table suffixes are the same ('" + source
                            + "'): a migration must go from one environment to another"));
                } else if (target.endsWith(source) || source.endsWith(target)) {
                    problems.add(Problem.plan("source suffix '" + source + "' and target suffix '" + target
                            + "' clash: one ends with the other, so a table name could belong to both environments"));
                }
            }
            Account sourceAccount = account("source");
            Account targetAccount = account("target");
            Storage buckets = buckets();
            String namespace = namespace(target);
            ConflictPolicy onConflict = ConflictPolicy.ABORT;
            JsonNode conflict = root.get("onConflict");
            if (conflict != null) {
                onConflict = conflict.isTextual() ? ConflictPolicy.fromPlan(conflict.asText()) : null;
                if (onConflict == null) {
                    problems.add(Problem.plan("onConflict must be \"abort\", \"skip\" or \"overwrite\", not " + conflict));
                    onConflict = ConflictPolicy.ABORT;
                }
            }
            Integer segments = positiveInt(root.get("segments"), null, "segments", 1, MAX_SEGMENTS);
            Integer rate = positiveInt(root.get("writeRateLimit"), null, "writeRateLimit", 0, Integer.MAX_VALUE);
            boolean backup = bool(root.get("backup"), null, "backup", true);
            boolean backupBeforeWrite = bool(root.get("backupBeforeWrite"), null, "backupBeforeWrite", false);
            Map<String, TablePlan> tables = tables(source, target, dataStore(root.get("datastore"), null, DataStoreMode.RESET));
            List<String> alongside = runIds(root.get("alongside"));
            Identities identities = identities(root.get("identities"), tables, userPool("source"), userPool("target"));
            if (identities == null) {
                tables.values().stream().filter(t -> t.onUnmatched() != null).forEach(t -> problems.add(Problem.attribute(t.model(),
                        "onUnmatched", "says what becomes of identities without a match, but the plan maps no identities: remove it")));
            }
            Storage storage = storage(buckets, tables);
            if (!problems.isEmpty()) {
                throw new PlanInvalidException(problems);
            }
            return new MigrationPlan(source, target, namespace, onConflict, segments, rate, backup, backupBeforeWrite, tables, digest,
                    sourceAccount, targetAccount, alongside, identities, storage);
        }

        private String suffix(String side) {
            JsonNode node = root.get(side);
            if (node == null || !node.isObject()) {
                problems.add(Problem.plan("\"" + side + "\" is missing: it must be an object like {\"tableSuffix\": \"-apiId-env\"}"));
                return null;
            }
            unknownKeys(node, SIDE_KEYS, null, "\"" + side + "\"");
            JsonNode suffix = node.get("tableSuffix");
            if (suffix == null || !suffix.isTextual() || suffix.asText().isEmpty()) {
                problems.add(Problem.plan(side + ".tableSuffix must be a non-empty string"));
                return null;
            }
            if (!TABLE_NAME_CHARACTERS.matcher(suffix.asText()).matches()) {
                problems.add(Problem.plan(side + ".tableSuffix " + quoted(suffix.asText()) + " must be letters, digits, '_', '.' or '-'"
                        + " (the characters of a DynamoDB table name)"));
                return null;
            }
            return suffix.asText();
        }

        /** A side's account: its region, the role to assume there, and (for local servers) its endpoint. */
        private Account account(String side) {
            JsonNode node = root.get(side);
            if (node == null || !node.isObject()) {
                return Account.OWN;
            }
            String region = text(node, side, "region", REGION, "a region name like eu-west-1");
            String roleArn = text(node, side, "roleArn", ROLE_ARN, "an IAM role ARN like arn:aws:iam::111111111111:role/dmig-source-read");
            String externalId = text(node, side, "externalId", EXTERNAL_ID, "2 to 1224 letters, digits or +=,.@:/-");
            if (externalId != null && roleArn == null) {
                problems.add(Problem.plan(side + ".externalId is set but " + side + ".roleArn is not: the external ID goes with the role it is for"));
            }
            String endpoint = text(node, side, "endpoint", ENDPOINT, "an http:// or https:// URL of a DynamoDB-compatible server");
            return new Account(region, roleArn, externalId, endpoint == null ? null : URI.create(endpoint));
        }

        private String text(JsonNode side, String sideName, String field, Pattern pattern, String expected) {
            JsonNode value = side.get(field);
            if (value == null) {
                return null;
            }
            if (!value.isTextual() || !pattern.matcher(value.asText()).matches()) {
                problems.add(Problem.plan(sideName + "." + field + " must be " + expected + ", not " + value));
                return null;
            }
            return value.asText();
        }

        private String namespace(String target) {
            JsonNode node = root.get("idNamespace");
            if (node == null) {
                if (target == null) {
                    return null;
                }
                String derived = target.startsWith("-") ? target.substring(1) : target;
                if (derived.isEmpty()) {
                    problems.add(Problem.plan("idNamespace is missing and cannot be derived from the target suffix"));
                }
                return derived;
            }
            if (!node.isTextual() || node.asText().isEmpty()) {
                problems.add(Problem.plan("idNamespace must be a non-empty string"));
                return null;
            }
            return node.asText();
        }

        /** A side's user pool, when it names one. */
        private UserPoolRef userPool(String side) {
            JsonNode node = root.get(side);
            if (node == null || !node.isObject()) {
                return null;
            }
            String id = text(node, side, "userPoolId", UserPoolRef.ID, "a user pool ID like eu-west-1_AbC123");
            String endpoint = text(node, side, "userPoolEndpoint", ENDPOINT,
                    "an http:// or https:// URL of a server standing in for the user pool (cognito-local)");
            if (endpoint != null && !node.has("userPoolId")) {
                problems.add(Problem.plan(side + ".userPoolEndpoint is set but " + side + ".userPoolId is not: name the pool it serves"));
            }
            return id == null ? null : new UserPoolRef(id, endpoint == null ? null : URI.create(endpoint));
        }

        /**
         * Where the identity map comes from: the two sides' user pools, {@code identities.csv}, or both. Every identity
         * reference needs one; a plan that names both pools has one even without an {@code identities} entry.
         */
        private Identities identities(JsonNode node, Map<String, TablePlan> tables, UserPoolRef sourcePool, UserPoolRef targetPool) {
            boolean pools = pools(sourcePool, targetPool);
            if (node == null) {
                if (pools) {
                    return new Identities(null, UnmatchedPolicy.REFUSE, Identities.DEFAULT_MATCH, sourcePool, targetPool);
                }
                String needed = "an identity reference needs an identity map: name source.userPoolId and target.userPoolId "
                        + "(users paired by email), or add \"identities\": {\"csv\": \"identities.csv\"} to the plan, a file of "
                        + "source_sub,target_sub[,source_username,target_username]";
                tables.values().forEach(table -> table.identityReferences().keySet()
                        .forEach(path -> problems.add(Problem.attribute(table.model(), path, needed))));
                return null;
            }
            if (!node.isObject()) {
                problems.add(Problem.plan("identities must be an object like {\"csv\": \"identities.csv\"}, not " + node));
                return null;
            }
            unknownKeys(node, Set.of("csv", "onUnmatched", "matchBy"), null, "\"identities\"");
            JsonNode csv = node.get("csv");
            if (csv != null && (!csv.isTextual() || csv.asText().isBlank())) {
                problems.add(Problem.plan("identities.csv must name the identity map's file (relative to the plan), like "
                        + "\"identities.csv\", not " + csv));
            } else if (csv == null && !pools) {
                problems.add(Problem.plan("identities needs a map: name source.userPoolId and target.userPoolId (users paired "
                        + "by email), or identities.csv, a file of source_sub,target_sub[,source_username,target_username]"));
            }
            String matchBy = matchBy(node.get("matchBy"), pools);
            UnmatchedPolicy policy = UnmatchedPolicy.REFUSE;
            JsonNode unmatched = node.get("onUnmatched");
            if (unmatched != null) {
                policy = unmatched.isTextual() ? UnmatchedPolicy.fromPlan(unmatched.asText()) : null;
                if (policy == null) {
                    problems.add(Problem.plan("identities.onUnmatched must be " + UnmatchedPolicy.choices() + ", not " + unmatched));
                    policy = UnmatchedPolicy.REFUSE;
                }
            }
            String file = csv != null && csv.isTextual() && !csv.asText().isBlank() ? csv.asText() : null;
            if (file == null && !pools) {
                return null;
            }
            return pools ? new Identities(file, policy, matchBy, sourcePool, targetPool) : new Identities(file, policy);
        }

        /** Whether the plan names both sides' user pools; one alone, or the same twice, is a problem. */
        private boolean pools(UserPoolRef sourcePool, UserPoolRef targetPool) {
            if ((sourcePool == null) != (targetPool == null)) {
                String named = sourcePool != null ? "source" : "target";
                String other = sourcePool != null ? "target" : "source";
                problems.add(Problem.plan(named + ".userPoolId is set but " + other + ".userPoolId is not: dmig pairs the users of "
                        + "two pools; name both, or give the map as identities.csv"));
                return false;
            }
            if (sourcePool != null && sourcePool.equals(targetPool)) {
                problems.add(Problem.plan("source.userPoolId and target.userPoolId are the same ('" + sourcePool.id()
                        + "'): an identity map pairs the users of one environment's pool with another's"));
                return false;
            }
            return sourcePool != null;
        }

        /** {@code identities.matchBy}: the attribute two pools' users are paired by. */
        private String matchBy(JsonNode node, boolean pools) {
            if (node == null) {
                return Identities.DEFAULT_MATCH;
            }
            if (!node.isTextual() || (!MATCH_ATTRIBUTES.contains(node.asText()) && !CUSTOM_ATTRIBUTE.matcher(node.asText()).matches())) {
                problems.add(Problem.plan("identities.matchBy must be \"email\", \"username\", \"phone_number\" or a custom "
                        + "attribute like \"custom:employeeId\", not " + node));
                return Identities.DEFAULT_MATCH;
            }
            if (!pools) {
                problems.add(Problem.plan("identities.matchBy pairs the users of two user pools: name source.userPoolId and "
                        + "target.userPoolId, or leave matchBy out"));
            }
            return node.asText();
        }

        /** The sides' Storage buckets and their endpoints, checked where the sides are. */
        private Storage buckets() {
            String sourceBucket = sideText("source", "storageBucket", BUCKET, "an S3 bucket name like my-app-storage-dev");
            String targetBucket = sideText("target", "storageBucket", BUCKET, "an S3 bucket name like my-app-storage-prod");
            String sourceEndpoint = sideText("source", "storageEndpoint", ENDPOINT, "an http:// or https:// URL of an S3-compatible server");
            String targetEndpoint = sideText("target", "storageEndpoint", ENDPOINT, "an http:// or https:// URL of an S3-compatible server");
            if (sourceBucket != null && sourceBucket.equals(targetBucket) && java.util.Objects.equals(sourceEndpoint, targetEndpoint)) {
                problems.add(Problem.plan("source.storageBucket and target.storageBucket are the same ('" + sourceBucket
                        + "'): dmig never writes a source bucket; name each environment's own"));
            }
            return new Storage(sourceBucket, sourceEndpoint == null ? null : URI.create(sourceEndpoint), targetBucket,
                    targetEndpoint == null ? null : URI.create(targetEndpoint), MissingFilePolicy.REFUSE);
        }

        /** {@code buckets} with {@code files.onMissing}; every file reference needs both buckets. */
        private Storage storage(Storage buckets, Map<String, TablePlan> tables) {
            String sourceBucket = buckets.sourceBucket();
            String targetBucket = buckets.targetBucket();
            MissingFilePolicy onMissing = MissingFilePolicy.REFUSE;
            JsonNode node = root.get("files");
            if (node != null) {
                if (!node.isObject()) {
                    problems.add(Problem.plan("files must be an object like {\"onMissing\": \"refuse\"}, not " + node));
                } else {
                    unknownKeys(node, Set.of("onMissing"), null, "\"files\"");
                    JsonNode missing = node.get("onMissing");
                    if (missing != null) {
                        onMissing = missing.isTextual() ? MissingFilePolicy.fromPlan(missing.asText()) : null;
                        if (onMissing == null) {
                            problems.add(Problem.plan("files.onMissing must be \"refuse\" or \"keep\", not " + missing));
                            onMissing = MissingFilePolicy.REFUSE;
                        }
                    }
                }
            }
            if (sourceBucket == null || targetBucket == null) {
                String missingSides = sourceBucket == null && targetBucket == null ? "source.storageBucket and target.storageBucket"
                        : sourceBucket == null ? "source.storageBucket" : "target.storageBucket";
                tables.values().forEach(table -> table.files().keySet().forEach(path -> problems.add(Problem.attribute(table.model(),
                        path.text(), "a file reference needs both sides' Storage buckets: name " + missingSides))));
            }
            return new Storage(sourceBucket, buckets.sourceEndpoint(), targetBucket, buckets.targetEndpoint(), onMissing);
        }

        private String sideText(String side, String field, Pattern pattern, String expected) {
            JsonNode node = root.get(side);
            return node == null || !node.isObject() ? null : text(node, side, field, pattern, expected);
        }

        /** {@code datastore}, the plan's or a table's; {@code fallback} when it is not given. */
        private DataStoreMode dataStore(JsonNode node, String model, DataStoreMode fallback) {
            if (node == null) {
                return fallback;
            }
            DataStoreMode mode = node.isTextual() ? DataStoreMode.fromPlan(node.asText()) : null;
            if (mode == null) {
                String message = "datastore must be \"reset\" or \"keep\", not " + node;
                problems.add(model == null ? Problem.plan(message) : Problem.attribute(model, "datastore", message));
                return fallback;
            }
            return mode;
        }

        private Map<String, TablePlan> tables(String sourceSuffix, String targetSuffix, DataStoreMode dataStore) {
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
                tables.put(model, table(model, entry.getValue(), dataStore));
                DataStoreSyncTable.problem(model, entry.getValue()).ifPresent(problems::add);
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
            if (!TABLE_NAME_CHARACTERS.matcher(model).matches()) {
                problems.add(Problem.plan("model name " + quoted(model) + " must be letters, digits, '_', '.' or '-'"
                        + " (the characters of a DynamoDB table name)"));
                return false;
            }
            for (String suffix : new String[] {sourceSuffix, targetSuffix}) {
                int length = suffix == null ? -1 : model.length() + suffix.length();
                if (suffix != null && (length < TABLE_NAME_MIN || length > TABLE_NAME_MAX)) {
                    problems.add(Problem.table(model, "the table name " + quoted(abbreviated(model + suffix)) + " is " + length
                            + " characters long; DynamoDB table names are " + TABLE_NAME_MIN + " to " + TABLE_NAME_MAX));
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

        private TablePlan table(String model, JsonNode node, DataStoreMode dataStore) {
            unknownKeys(node, TABLE_KEYS, model, null);
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
            boolean skip = bool(node.get("skip"), model, "skip", false);
            Integer segments = positiveInt(node.get("segments"), model, "segments", 1, MAX_SEGMENTS);
            Integer rate = positiveInt(node.get("writeRateLimit"), model, "writeRateLimit", 0, Integer.MAX_VALUE);
            edits(model, idAttribute, rename, remove, set);
            Map<ReferencePath, FileReference> files = FileReferences.read(model, idAttribute, node.get("files"), references.keySet(),
                    mappings.keySet(), problems);
            return new TablePlan(model, idAttribute, ids, references, rename, remove, set, skip, segments, rate, unique, mappings,
                    dataStore(node.get("datastore"), model, dataStore), files, onUnmatched(model, node.get("onUnmatched")),
                    bool(node.get("syncable"), model, "syncable", false),
                    KeptSourceValues.read(model, idAttribute, ids, node.get(KeptSourceValues.FIELD), problems));
        }

        /** A table's {@code onUnmatched}; null when it is not given (the plan's applies). */
        private UnmatchedPolicy onUnmatched(String model, JsonNode node) {
            if (node == null) {
                return null;
            }
            UnmatchedPolicy policy = node.isTextual() ? UnmatchedPolicy.fromPlan(node.asText()) : null;
            if (policy == null) {
                problems.add(Problem.attribute(model, "onUnmatched", "must be " + UnmatchedPolicy.choices() + ", not " + node));
            }
            return policy;
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
                    ReferencePath path = ReferencePath.parse(text);
                    if (value.isTextual() && value.asText().startsWith("@")) {
                        IdentityKind kind = IdentityKind.fromPlan(value.asText());
                        if (kind == null) {
                            problems.add(Problem.attribute(model, text, "unknown identity " + value
                                    + ": use \"@owner\", \"@sub\", \"@username\" or \"@identityId\""));
                        } else {
                            ValuePattern whole = ValuePattern.whole(kind.planName(), new PlaceholderTarget.Identity(kind));
                            mappings.put(path, new ValueMapping(List.of(whole)));
                        }
                        continue;
                    }
                    if (pattern) {
                        ValueMapping mapping = ValueMappings.read(value, message -> problems.add(Problem.attribute(model, text, message)));
                        if (mapping != null) {
                            mappings.put(path, mapping);
                        }
                        continue;
                    }
                    if (path.steps().size() == 1 && !path.steps().get(0).each() && path.attribute().equals(idAttribute)) {
                        problems.add(Problem.attribute(model, text, "is the table's own ID attribute; it cannot also be a reference"));
                        continue;
                    }
                    references.put(path, entry.getValue().asText());
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.attribute(model, text, "bad reference path: " + e.getMessage()));
                }
            }
            return references;
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

        /** The earlier runs a plan writes a second copy beside, by run ID (see {@link MigrationPlan#alongside}). */
        private List<String> runIds(JsonNode node) {
            List<String> runIds = new ArrayList<>();
            if (node == null) {
                return runIds;
            }
            if (!node.isArray()) {
                problems.add(Problem.plan("alongside must be a list of run IDs, like [\"20240501-101500-3f2a\"], not " + node));
                return runIds;
            }
            node.forEach(e -> {
                if (e.isTextual() && !e.asText().isEmpty()) {
                    runIds.add(e.asText());
                } else {
                    problems.add(Problem.plan("alongside must list run IDs, found " + e));
                }
            });
            return runIds;
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

        private Integer positiveInt(JsonNode node, String model, String field, int min, int max) {
            if (node == null) {
                return null;
            }
            if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
                String message = field + " must be a whole number from " + min + " to " + max + ", not " + node;
                problems.add(model == null ? Problem.plan(message) : Problem.attribute(model, field, message));
                return null;
            }
            return node.asInt();
        }

        private boolean bool(JsonNode node, String model, String field, boolean fallback) {
            if (node == null) {
                return fallback;
            }
            if (!node.isBoolean()) {
                String message = field + " must be true or false, not " + node;
                problems.add(model == null ? Problem.plan(message) : Problem.attribute(model, field, message));
                return fallback;
            }
            return node.asBoolean();
        }

        private void unknownKeys(JsonNode node, Set<String> known, String model, String where) {
            node.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name)) {
                    String message = "unknown key \"" + name + "\"" + (where == null ? "" : " in " + where)
                            + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")";
                    problems.add(model == null ? Problem.plan(message) : Problem.table(model, message));
                }
            });
        }
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
