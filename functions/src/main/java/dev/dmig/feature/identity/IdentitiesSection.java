package dev.dmig.feature.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.plan.Identities;
import dev.dmig.plan.JsonSyntax;
import dev.dmig.plan.PlanSection;
import dev.dmig.plan.Problem;
import dev.dmig.plan.SidesSection;
import dev.dmig.plan.TableField;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.UserPoolRef;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plan's {@code identities}, the sides' user pools it pairs and a table's {@code onUnmatched}: where the map of the
 * plan's identity references comes from, and what becomes of an identity without a match.
 */
final class IdentitiesSection {
    private static final String KEY = "identities";
    /** The plan's {@code identities}, read after the tables (the value the core's maps find as {@code plan.identities()}). */
    static final PlanSection<Identities> SECTION = new PlanSection<>(Identities.class, Set.of(KEY),
            reading -> new IdentitiesSection(reading.root(), reading.sides(), reading.problems()).read(reading.tables()));
    /**
     * The plan's {@code identities.onUnmatched}, every table's default, read after {@link #SECTION}; none when the plan
     * has no {@code identities} object (its problem is said by {@link #SECTION}).
     */
    static final PlanSection<UnmatchedPolicy> PLAN_ON_UNMATCHED = new PlanSection<>(UnmatchedPolicy.class, Set.of(KEY),
            reading -> {
                JsonNode node = reading.root().get(KEY);
                return node == null || !node.isObject() ? null : unmatched(node.get("onUnmatched"), reading.problems());
            });
    /** A table's {@code onUnmatched}, the plan's {@code identities.onUnmatched} for the table. */
    static final TableField<UnmatchedPolicy> ON_UNMATCHED = new TableField<>("onUnmatched", UnmatchedPolicy.class,
            reading -> tableOnUnmatched(reading.model(), reading.node(), reading.problems()));
    /** What {@code identities.matchBy} may name: an attribute every user of a pool may have, or a custom one. */
    private static final Set<String> MATCH_ATTRIBUTES = Set.of("email", "username", "phone_number");
    private static final Pattern CUSTOM_ATTRIBUTE = Pattern.compile("custom:[^\\s]{1,20}");

    private final JsonNode root;
    private final SidesSection sides;
    private final List<Problem> problems;

    private IdentitiesSection(JsonNode root, SidesSection sides, List<Problem> problems) {
        this.root = root;
        this.sides = sides;
        this.problems = problems;
    }

    /** The plan's identity map's sources; null when it has none (then no table may say {@code onUnmatched}). */
    private Identities read(Map<String, TablePlan> tables) {
        Identities identities = identities(root.get(KEY), tables, userPool("source"), userPool("target"));
        if (identities == null) {
            tables.values().stream().filter(t -> t.feature(UnmatchedPolicy.class) != null).forEach(t -> problems.add(Problem.attribute(t.model(),
                    "onUnmatched", "says what becomes of identities without a match, but the plan maps no identities: remove it")));
        }
        return identities;
    }

    /** A table's {@code onUnmatched}; null when it is not given (the plan's applies). */
    private static UnmatchedPolicy tableOnUnmatched(String model, JsonNode node, List<Problem> problems) {
        if (node == null) {
            return null;
        }
        UnmatchedPolicy policy = node.isTextual() ? UnmatchedPolicy.fromPlan(node.asText()) : null;
        if (policy == null) {
            problems.add(Problem.attribute(model, "onUnmatched", "must be " + UnmatchedPolicy.choices() + ", not " + node));
        }
        return policy;
    }

    /** A side's user pool, when it names one. */
    private UserPoolRef userPool(String side) {
        String id = sides.text(side, "userPoolId", UserPoolRef.ID, "a user pool ID like eu-west-1_AbC123");
        String endpoint = sides.text(side, "userPoolEndpoint", SidesSection.ENDPOINT,
                "an http:// or https:// URL of a server standing in for the user pool (cognito-local)");
        if (endpoint != null && !sides.has(side, "userPoolId")) {
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
                return new Identities(null, Identities.DEFAULT_MATCH, sourcePool, targetPool);
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
        JsonSyntax.unknownKeys(node, Set.of("csv", "onUnmatched", "matchBy"), null, "\"identities\"", problems);
        JsonNode csv = node.get("csv");
        if (csv != null && (!csv.isTextual() || csv.asText().isBlank())) {
            problems.add(Problem.plan("identities.csv must name the identity map's file (relative to the plan), like "
                    + "\"identities.csv\", not " + csv));
        } else if (csv == null && !pools) {
            problems.add(Problem.plan("identities needs a map: name source.userPoolId and target.userPoolId (users paired "
                    + "by email), or identities.csv, a file of source_sub,target_sub[,source_username,target_username]"));
        }
        String matchBy = matchBy(node.get("matchBy"), pools);
        String file = csv != null && csv.isTextual() && !csv.asText().isBlank() ? csv.asText() : null;
        if (file == null && !pools) {
            return null;
        }
        return pools ? new Identities(file, matchBy, sourcePool, targetPool) : new Identities(file);
    }

    /** {@code identities.onUnmatched}: refuse when it is not given. */
    private static UnmatchedPolicy unmatched(JsonNode node, List<Problem> problems) {
        if (node == null) {
            return UnmatchedPolicy.REFUSE;
        }
        UnmatchedPolicy policy = node.isTextual() ? UnmatchedPolicy.fromPlan(node.asText()) : null;
        if (policy == null) {
            problems.add(Problem.plan("identities.onUnmatched must be " + UnmatchedPolicy.choices() + ", not " + node));
            return UnmatchedPolicy.REFUSE;
        }
        return policy;
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
}
