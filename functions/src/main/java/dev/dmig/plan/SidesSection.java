package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.store.Account;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plan's {@code source} and {@code target}: each side's table suffix and account, and the ID namespace derived from the
 * target's. The other sections read their own fields of a side (user pool, Storage bucket) through {@link #text}.
 */
public final class SidesSection {
    /** The plan's top-level keys this section reads. */
    static final Set<String> KEYS = Set.of("source", "target", "idNamespace");
    private static final Set<String> SIDE_KEYS = Set.of("tableSuffix", "region", "roleArn", "externalId", "endpoint",
            "userPoolId", "userPoolEndpoint", "storageBucket", "storageEndpoint");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    public static final Pattern ENDPOINT = Pattern.compile("https?://[^\\s/]+(/\\S*)?");
    /** The characters DynamoDB allows in a table name; a table's name is its model's name and its side's suffix. */
    static final Pattern TABLE_NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9_.-]+");

    private final JsonNode root;
    private final List<Problem> problems;

    SidesSection(JsonNode root, List<Problem> problems) {
        this.root = root;
        this.problems = problems;
    }

    /** A side's table suffix; null when it is missing or wrong. */
    String suffix(String side) {
        JsonNode node = root.get(side);
        if (node == null || !node.isObject()) {
            problems.add(Problem.plan("\"" + side + "\" is missing: it must be an object like {\"tableSuffix\": \"-apiId-env\"}"));
            return null;
        }
        JsonSyntax.unknownKeys(node, SIDE_KEYS, null, "\"" + side + "\"", problems);
        JsonNode suffix = node.get("tableSuffix");
        if (suffix == null || !suffix.isTextual() || suffix.asText().isEmpty()) {
            problems.add(Problem.plan(side + ".tableSuffix must be a non-empty string"));
            return null;
        }
        if (!TABLE_NAME_CHARACTERS.matcher(suffix.asText()).matches()) {
            problems.add(Problem.plan(side + ".tableSuffix " + JsonSyntax.quoted(suffix.asText()) + " must be letters, digits, '_', '.' or '-'"
                    + " (the characters of a DynamoDB table name)"));
            return null;
        }
        return suffix.asText();
    }

    /** The two suffixes must tell the environments' tables apart. */
    void distinct(String source, String target) {
        if (source == null || target == null) {
            return;
        }
        if (source.equals(target)) {
            problems.add(Problem.plan("source and target table suffixes are the same ('" + source
                    + "'): a migration must go from one environment to another"));
        } else if (target.endsWith(source) || source.endsWith(target)) {
            problems.add(Problem.plan("source suffix '" + source + "' and target suffix '" + target
                    + "' clash: one ends with the other, so a table name could belong to both environments"));
        }
    }

    /** A side's account: its region, the role to assume there, and (for local servers) its endpoint. */
    Account account(String side) {
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

    String namespace(String target) {
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

    /** Whether the side is an object that has {@code field}. */
    public boolean has(String side, String field) {
        JsonNode node = root.get(side);
        return node != null && node.isObject() && node.has(field);
    }

    /** A side's text field, which must match {@code pattern}; null when the side or the field is missing or wrong. */
    public String text(String side, String field, Pattern pattern, String expected) {
        JsonNode node = root.get(side);
        return node == null || !node.isObject() ? null : text(node, side, field, pattern, expected);
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
}
