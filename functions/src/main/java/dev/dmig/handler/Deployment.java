package dev.dmig.handler;

import dev.dmig.plan.Identities;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.run.RunMode;
import dev.dmig.store.StackReach;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a deployed stack was set up for, from its SAM parameters (environment variables): the plan
 * to use when an execution names none, and the table suffixes, roles, user pools and ID namespace a plan must have.
 * Its IAM policies only reach tables with those suffixes, so a plan for other tables is refused with
 * one line per difference before anything is read, not with access errors halfway. Analyze checks every
 * plan a run opens with or goes on with ({@link #check}); the deployed item store refuses sides past the
 * stack's {@link #reach()} whichever step asks. Every field is optional; the local runner sets none.
 */
public record Deployment(String planKey, String sourceSuffix, String targetSuffix, String idNamespace, String sourceRoleArn,
                         String targetRoleArn, String sourceUserPoolId, String targetUserPoolId) {

    public static final String PLAN_KEY = "DMIG_PLAN_KEY";
    public static final String SOURCE_SUFFIX = "DMIG_SOURCE_SUFFIX";
    public static final String TARGET_SUFFIX = "DMIG_TARGET_SUFFIX";
    public static final String ID_NAMESPACE = "DMIG_ID_NAMESPACE";
    public static final String SOURCE_ROLE_ARN = "DMIG_SOURCE_ROLE_ARN";
    public static final String TARGET_ROLE_ARN = "DMIG_TARGET_ROLE_ARN";
    /** Each side's user pool the stack's functions may read (its parameters SourceUserPoolId, TargetUserPoolId). */
    public static final String SOURCE_USER_POOL_ID = "DMIG_SOURCE_USER_POOL_ID";
    public static final String TARGET_USER_POOL_ID = "DMIG_TARGET_USER_POOL_ID";
    /** The stack's state machine, whose executions the recover function checks every event against. */
    public static final String STATE_MACHINE_ARN = "DMIG_STATE_MACHINE_ARN";
    /** The account that owns the artifacts bucket (the stack's own), which every request to it names. */
    public static final String BUCKET_OWNER = "DMIG_BUCKET_OWNER";

    public static final Deployment NONE = new Deployment(null, null, null, null, null, null);

    /** A stack without roles for other accounts. */
    public Deployment(String planKey, String sourceSuffix, String targetSuffix, String idNamespace) {
        this(planKey, sourceSuffix, targetSuffix, idNamespace, null, null);
    }

    /** A stack that reads no user pool. */
    public Deployment(String planKey, String sourceSuffix, String targetSuffix, String idNamespace, String sourceRoleArn,
                      String targetRoleArn) {
        this(planKey, sourceSuffix, targetSuffix, idNamespace, sourceRoleArn, targetRoleArn, null, null);
    }

    public static Deployment fromEnvironment(Map<String, String> env) {
        return new Deployment(value(env, PLAN_KEY), value(env, SOURCE_SUFFIX), value(env, TARGET_SUFFIX), value(env, ID_NAMESPACE),
                value(env, SOURCE_ROLE_ARN), value(env, TARGET_ROLE_ARN), value(env, SOURCE_USER_POOL_ID),
                value(env, TARGET_USER_POOL_ID));
    }

    /** The tables, accounts and user pools this stack's functions may reach. */
    public StackReach reach() {
        return new StackReach(sourceSuffix, targetSuffix, sourceRoleArn, targetRoleArn, sourceUserPoolId, targetUserPoolId);
    }

    /**
     * The execution input with this stack's plan key filled in when it names no plan (a run opened from it reads
     * that plan; a call that goes on with a run already open reads the run's frozen plan and ignores it). The plan
     * itself is checked where the run opens it ({@link #check}).
     */
    Map<String, Object> prepare(Map<String, Object> input) {
        if (input == null || planKey == null || !needsPlan(input.get("mode")) || input.get("config") != null
                || input.get("configKey") != null) {
            return input;
        }
        Map<String, Object> prepared = new LinkedHashMap<>(input);
        prepared.put("configKey", planKey);
        return prepared;
    }

    /**
     * Refuses a plan whose suffixes, roles, endpoints or namespace are not the ones this stack was deployed for. A local
     * process ({@link #NONE}) is no stack: its plans may name endpoints and any role (a deployed function's store
     * refuses those by itself, whatever this check says).
     */
    void check(MigrationPlan plan) {
        if (equals(NONE)) {
            return;
        }
        List<Problem> problems = new ArrayList<>();
        reach().problems(plan.sides()).forEach(line -> problems.add(Problem.plan(line)));
        Identities identities = plan.identities();
        if (identities != null && identities.fromPools()) {
            reach().poolProblems("source", identities.sourcePool().id(), identities.sourcePool().endpoint())
                    .forEach(line -> problems.add(Problem.plan(line)));
            reach().poolProblems("target", identities.targetPool().id(), identities.targetPool().endpoint())
                    .forEach(line -> problems.add(Problem.plan(line)));
        }
        if (idNamespace != null && !idNamespace.equals(plan.idNamespace())) {
            problems.add(Problem.plan("idNamespace is '" + plan.idNamespace() + "' but this stack was deployed for the namespace '"
                    + idNamespace + "' (stack parameter IdNamespace)"));
        }
        if (!problems.isEmpty()) {
            throw new PlanInvalidException(problems);
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

    private static String value(Map<String, String> env, String name) {
        String text = env.get(name);
        return text == null || text.isBlank() ? null : text.trim();
    }
}
