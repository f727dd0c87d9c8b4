package dev.dmig.store;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Tells the failures of a DynamoDB call that no retry can heal from those that may pass, and words
 * the first kind for the user: what is wrong and what to do, in one line.
 */
final class Refusals {
    /** Error codes DynamoDB answers when the caller's identity may not make the call at all. */
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied");
    /** Error codes for credentials DynamoDB does not accept. */
    private static final Set<String> REJECTED = Set.of("UnrecognizedClientException", "InvalidSignatureException",
            "MissingAuthenticationTokenException", "MissingAuthenticationToken", "IncompleteSignatureException",
            "InvalidClientTokenId", "ExpiredTokenException", "SignatureDoesNotMatch");
    /** "User: arn:… is not authorized to perform: dynamodb:Scan on resource: …" names the action. */
    private static final Pattern ACTION = Pattern.compile("perform: ([A-Za-z0-9-]+:[A-Za-z0-9]+)");

    private Refusals() {}

    /** Whether {@code failure} through {@code endpoint} is one that no retry can heal. */
    public static boolean refuses(Throwable failure, URI endpoint) {
        return of(failure, "", endpoint).isPresent();
    }

    /**
     * The one-line refusal for {@code failure} of a call on {@code table} through {@code endpoint}
     * (null: the SDK's own endpoint for the region), or empty when the failure may heal by waiting.
     */
    public static Optional<String> of(Throwable failure, String table, URI endpoint) {
        if (failure instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            if (code != null && "Sts".equals(service.awsErrorDetails().serviceName())
                    && (DENIED.contains(code) || REJECTED.contains(code))) {
                // The role of a plan side in another account (AccountClients); STS names the role in its message.
                return Optional.of("STS refused the role for table " + table + "'s side (" + code + ": "
                        + firstLine(service.awsErrorDetails().errorMessage()) + "): the role's trust policy must allow these"
                        + " credentials, the stack's SourceRoleArn/TargetRoleArn must name it, and the plan's externalId must match");
            }
            if (code != null && DENIED.contains(code)) {
                Matcher action = ACTION.matcher(String.valueOf(service.awsErrorDetails().errorMessage()));
                return Optional.of("DynamoDB denied access to table " + table + " (" + code + "): grant "
                        + (action.find() ? action.group(1) : "the dynamodb actions dmig needs")
                        + " on it to these credentials, or use others");
            }
            if (code != null && REJECTED.contains(code)) {
                return Optional.of("DynamoDB rejected the credentials (" + code + "): check AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and the region");
            }
            return Optional.empty();
        }
        if (!(failure instanceof SdkClientException)) {
            return Optional.empty();
        }
        if (String.valueOf(failure.getMessage()).startsWith("Unable to load credentials")) {
            return Optional.of("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (DynamoDB Local"
                    + " takes any letters and digits) or AWS_PROFILE");
        }
        if (cause(failure, UnknownHostException.class)) {
            return Optional.of("unknown host " + host(endpoint) + ": fix the endpoint (--dynamodb-endpoint) or the region");
        }
        // A server the user named that refuses connections is not running; AWS's own endpoints are never "not running".
        if (endpoint != null && cause(failure, ConnectException.class)) {
            return Optional.of("nothing listens at " + endpoint + " (connection refused): start DynamoDB there or fix"
                    + " --dynamodb-endpoint");
        }
        return Optional.empty();
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String host(URI endpoint) {
        return endpoint == null ? "(the region's DynamoDB endpoint)" : endpoint.getHost() + " in " + endpoint;
    }

    private static boolean cause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
