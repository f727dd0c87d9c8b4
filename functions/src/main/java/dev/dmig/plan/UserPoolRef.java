package dev.dmig.plan;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * A Cognito user pool a plan's side names ({@code userPoolId}), and, for local runs, the server standing in for it
 * ({@code userPoolEndpoint}, e.g. cognito-local); null for AWS's. The pool is read with the side's account: its region
 * and role.
 */
public record UserPoolRef(String id, URI endpoint) {
    /** Cognito's user pool IDs ({@code eu-west-1_AbC123}; cognito-local's {@code local_10xce8sl} too), at most 55 characters. */
    public static final Pattern ID = Pattern.compile("[\\w-]{1,45}_[0-9a-zA-Z]{1,45}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /** The region the pool ID starts with ({@code eu-west-1} of {@code eu-west-1_AbC123}); null when it starts with none. */
    public String region() {
        String prefix = id.substring(0, id.indexOf('_'));
        return REGION.matcher(prefix).matches() ? prefix : null;
    }

    /** The pool's ARN in {@code account}, the form IAM policies name it in; {@code <account>} when not known. */
    public String arn(String partition, String account) {
        String region = region() != null ? region() : "<region>";
        return "arn:" + partition + ":cognito-idp:" + region + ":" + (account != null ? account : "<account>") + ":userpool/" + id;
    }
}
