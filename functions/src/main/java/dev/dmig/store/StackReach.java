package dev.dmig.store;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What a deployed stack's functions may reach, from its parameters: the tables ending with its two suffixes, each side
 * in the function's own account or through the one role the stack may assume for it, and DynamoDB in AWS only, never
 * at an endpoint. The deployed item store refuses any other sides whenever a step asks it to reach a plan's tables
 * ({@link DynamoDbItemStore#across}), whatever the plan and however the step got it: IAM would stop other tables and
 * roles halfway, but nothing else stops an endpoint, which would send the data to a host of the plan's choosing. A
 * null suffix or role is not checked; an endpoint is always refused. Likewise the user pools its functions may read
 * ({@link #poolProblems}): only the one its parameter names for each side (none when it names none), never at an endpoint.
 */
public record StackReach(String sourceSuffix, String targetSuffix, String sourceRoleArn, String targetRoleArn,
                         String sourceUserPoolId, String targetUserPoolId) {

    /** A stack whose functions read no user pool. */
    public StackReach(String sourceSuffix, String targetSuffix, String sourceRoleArn, String targetRoleArn) {
        this(sourceSuffix, targetSuffix, sourceRoleArn, targetRoleArn, null, null);
    }

    /** One line per way {@code sides} reach past the stack, naming the plan's field and the fix; empty when they do not. */
    public List<String> problems(Sides sides) {
        List<String> problems = new ArrayList<>();
        differs(problems, "source.tableSuffix", sides.sourceSuffix(), sourceSuffix, "SourceTableSuffix",
                "this stack may read only tables ending");
        differs(problems, "target.tableSuffix", sides.targetSuffix(), targetSuffix, "TargetTableSuffix",
                "this stack may write only tables ending");
        side(problems, "source", sides.source(), sourceRoleArn, "SourceRoleArn");
        side(problems, "target", sides.target(), targetRoleArn, "TargetRoleArn");
        return problems;
    }

    /**
     * One line per way a plan side's user pool ({@code side}: source or target) is past the stack: a pool other than
     * the one its parameter names (IAM lets the functions read that one only), and any endpoint.
     */
    public List<String> poolProblems(String side, String userPoolId, URI endpoint) {
        List<String> problems = new ArrayList<>();
        if (endpoint != null) {
            problems.add(side + ".userPoolEndpoint is for local runs (cognito-local standing in for a user pool): remove it;"
                    + " a deployed stack reads the pool in its region through " + side + ".roleArn or its own role");
        }
        String deployed = side.equals("source") ? sourceUserPoolId : targetUserPoolId;
        String parameter = side.equals("source") ? "SourceUserPoolId" : "TargetUserPoolId";
        if (userPoolId != null && !userPoolId.equals(deployed)) {
            problems.add(side + ".userPoolId is '" + userPoolId + "' but this stack may read "
                    + (deployed == null ? "no user pool" : "only the user pool '" + deployed + "'") + " for the " + side
                    + " (redeploy with stack parameter " + parameter + "=" + userPoolId + ")");
        }
        return problems;
    }

    /** A side's role must be the one the stack may assume (its IAM policy allows no other), and there is no endpoint. */
    private static void side(List<String> problems, String side, Account account, String deployedRole, String parameter) {
        if (account.endpoint() != null) {
            problems.add(side + ".endpoint is for local runs (DynamoDB Local standing in for an account): remove it; a"
                    + " deployed stack reaches DynamoDB through " + side + ".region and " + side + ".roleArn");
        }
        if (account.roleArn() != null && !account.roleArn().equals(deployedRole)) {
            problems.add(side + ".roleArn is '" + account.roleArn() + "' but this stack may assume "
                    + (deployedRole == null ? "no role" : "only '" + deployedRole + "'") + " for the " + side
                    + " (redeploy with stack parameter " + parameter + "=" + account.roleArn() + ")");
        }
    }

    private static void differs(List<String> problems, String field, String planned, String deployed, String parameter,
                                String what) {
        if (deployed != null && !deployed.equals(planned)) {
            problems.add(field + " is '" + planned + "' but " + what + " '" + deployed + "' (stack parameter " + parameter + ")");
        }
    }
}
