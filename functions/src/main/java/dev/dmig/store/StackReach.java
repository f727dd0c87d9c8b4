package dev.dmig.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What a deployed stack's functions may reach, from its parameters: the tables ending with its two suffixes, each side
 * in the function's own account or through the one role the stack may assume for it, and DynamoDB in AWS only, never
 * at an endpoint. The deployed item store refuses any other sides whenever a step asks it to reach a plan's tables
 * ({@link DynamoDbItemStore#across}), whatever the plan and however the step got it: IAM would stop other tables and
 * roles halfway, but nothing else stops an endpoint, which would send the data to a host of the plan's choosing. A
 * null suffix or role is not checked; an endpoint is always refused.
 */
public record StackReach(String sourceSuffix, String targetSuffix, String sourceRoleArn, String targetRoleArn) {

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
