package dev.dmig.handler;

import dev.dmig.json.Json;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.Problem;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunMode;
import dev.dmig.store.Account;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployed stack was set up for, from its SAM parameters (environment variables): the plan
 * to use when an execution names none, and the table suffixes and ID namespace a plan must have.
 * Its IAM policies only reach tables with those suffixes, so a plan for other tables is refused with
 * one line per difference before anything is read, not with access errors halfway. Every field is
 * optional; the local runner sets none.
 */
public record Deployment(String planKey, String sourceSuffix, String targetSuffix, String idNamespace, String sourceRoleArn,
                         String targetRoleArn) {

    public static final String PLAN_KEY = "DMIG_PLAN_KEY";
    public static final String SOURCE_SUFFIX = "DMIG_SOURCE_SUFFIX";
    public static final String TARGET_SUFFIX = "DMIG_TARGET_SUFFIX";
    public static final String ID_NAMESPACE = "DMIG_ID_NAMESPACE";
    public static final String SOURCE_ROLE_ARN = "DMIG_SOURCE_ROLE_ARN";
    public static final String TARGET_ROLE_ARN = "DMIG_TARGET_ROLE_ARN";

    public static final Deployment NONE = new Deployment(null, null, null, null, null, null);

    /** A stack without roles for other accounts. */
    public Deployment(String planKey, String sourceSuffix, String targetSuffix, String idNamespace) {
        this(planKey, sourceSuffix, targetSuffix, idNamespace, null, null);
    }

    public static Deployment fromEnvironment(Map<String, String> env) {
        return new Deployment(value(env, PLAN_KEY), value(env, SOURCE_SUFFIX), value(env, TARGET_SUFFIX), value(env, ID_NAMESPACE),
                value(env, SOURCE_ROLE_ARN), value(env, TARGET_ROLE_ARN));
    }

    /**
     * The execution input with this stack's plan key filled in when it names no plan, after checking
     * that plan against the stack. Analyze's own output comes back to it while it loops (it carries
     * {@code done}); that run's plan is frozen already, so such input passes unchanged.
     */
    Map<String, Object> prepare(Map<String, Object> input, ArtifactStore artifacts) {
        if (input == null || input.containsKey("done") || !needsPlan(input.get("mode"))) {
            return input;
        }
        Map<String, Object> prepared = input;
        if (planKey != null && input.get("config") == null && input.get("configKey") == null) {
            prepared = new LinkedHashMap<>(input);
            prepared.put("configKey", planKey);
        }
        if (sourceSuffix != null || targetSuffix != null || idNamespace != null) {
            planText(prepared, artifacts).ifPresent(text -> check(PlanParser.parse(text)));
        }
        return prepared;
    }

    /** Refuses a plan whose suffixes or namespace are not the ones this stack was deployed for. */
    void check(MigrationPlan plan) {
        List<Problem> problems = new ArrayList<>();
        differs(problems, "source.tableSuffix", plan.sourceSuffix(), sourceSuffix, "SourceTableSuffix",
                "this stack may read only tables ending");
        differs(problems, "target.tableSuffix", plan.targetSuffix(), targetSuffix, "TargetTableSuffix",
                "this stack may write only tables ending");
        differs(problems, "idNamespace", plan.idNamespace(), idNamespace, "IdNamespace",
                "this stack was deployed for the namespace");
        side(problems, "source", plan.sourceAccount(), sourceRoleArn, "SourceRoleArn");
        side(problems, "target", plan.targetAccount(), targetRoleArn, "TargetRoleArn");
        if (!problems.isEmpty()) {
            throw new PlanInvalidException(problems);
        }
    }

    /**
     * A side's role must be the one the stack may assume (its IAM policy allows no other), and a deployed
     * function reaches DynamoDB in AWS, never at a local endpoint.
     */
    private static void side(List<Problem> problems, String side, Account account, String deployedRole, String parameter) {
        if (account.endpoint() != null) {
            problems.add(Problem.plan(side + ".endpoint is for local runs (DynamoDB Local standing in for an account):"
                    + " remove it; a deployed stack reaches DynamoDB through " + side + ".region and " + side + ".roleArn"));
        }
        if (account.roleArn() != null && !account.roleArn().equals(deployedRole)) {
            problems.add(Problem.plan(side + ".roleArn is '" + account.roleArn() + "' but this stack may assume "
                    + (deployedRole == null ? "no role" : "only '" + deployedRole + "'") + " for the " + side
                    + " (redeploy with stack parameter " + parameter + "=" + account.roleArn() + ")"));
        }
    }

    private static void differs(List<Problem> problems, String field, String planned, String deployed, String parameter,
                                String what) {
        if (deployed != null && !deployed.equals(planned)) {
            problems.add(Problem.plan(field + " is '" + planned + "' but " + what + " '" + deployed
                    + "' (stack parameter " + parameter + ")"));
        }
    }

    private static boolean needsPlan(Object mode) {
        try {
            RunMode parsed = RunMode.parse(mode == null ? null : mode.toString());
            return parsed != RunMode.VALIDATE && parsed != RunMode.ROLLBACK;
        } catch (IllegalArgumentException e) {
            return false; // Analyze refuses the mode itself, with its own message.
        }
    }

    /** The plan as Analyze will read it; empty when it is missing, which Analyze reports itself. */
    private static Optional<byte[]> planText(Map<String, Object> input, ArtifactStore artifacts) {
        Object config = input.get("config");
        if (config != null) {
            return Optional.of(Json.bytes(config));
        }
        Object key = input.get("configKey");
        return artifacts.get(key != null ? key.toString() : RunLayout.DEFAULT_CONFIG_KEY);
    }

    private static String value(Map<String, String> env, String name) {
        String text = env.get(name);
        return text == null || text.isBlank() ? null : text.trim();
    }
}
