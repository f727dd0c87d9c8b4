package dev.dmig.identity;

import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.plan.UserPoolRef;
import dev.dmig.store.Account;
import dev.dmig.store.StoreRefusedException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * A plan side's user pool read with Cognito's ListUsers (the SDK's paginator, 60 users a request, the most it
 * allows), with the side's account. Every attribute each user has comes back (no {@code AttributesToGet}: Cognito
 * refuses a request naming an attribute some user lacks). The failures no retry heals are said here, once, in one
 * line naming the plan's field, the pool and the fix: a pool dmig may not read or that does not exist is a problem
 * of the plan ({@link PlanInvalidException}); a server that does not answer, or credentials refused, a refusal of the
 * store ({@link StoreRefusedException}). A page token the pool no longer takes (a listing resumed much later) is a
 * {@link TokenRefusedException}: the listing starts that pool again. The target's pool alone is written, by the users a
 * run's feature puts in it (AdminCreateUser with no message sent, AdminDeleteUser by its rollback); a source's pool
 * refuses both.
 */
final class CognitoUserPool implements UserPool {
    /** The most users ListUsers returns in one request. */
    public static final int PAGE = 60;
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied", "NotAuthorizedException");
    private static final Set<String> REJECTED = Set.of("UnrecognizedClientException", "InvalidSignatureException",
            "MissingAuthenticationTokenException", "IncompleteSignatureException", "InvalidClientTokenId", "ExpiredTokenException");
    /** "User: arn:… is not authorized to perform: cognito-idp:ListUsers on resource: arn:…" names who and what. */
    private static final Pattern PRINCIPAL = Pattern.compile("User: (arn:\\S+) is not authorized");
    private static final Pattern RESOURCE = Pattern.compile("on resource: (arn:[^\\s,;]+)");
    private static final Pattern ACCOUNT = Pattern.compile("arn:([a-z-]+):[a-z-]*::?(?:[a-z0-9-]*:)?(\\d{12}):");

    private final CognitoIdentityProviderClient client;
    private final String side;
    private final UserPoolRef pool;
    private final Account account;

    /** {@code side}: {@code source} or {@code target}, the plan's side that names the pool; {@code account}: how it is reached. */
    public CognitoUserPool(CognitoIdentityProviderClient client, String side, UserPoolRef pool, Account account) {
        this.client = client;
        this.side = side;
        this.pool = pool;
        this.account = account;
    }

    /** Thrown when the pool no longer takes a saved page token: the pool's listing starts again from its first page. */
    public static final class TokenRefusedException extends RuntimeException {
        TokenRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public String id() {
        return pool.id();
    }

    @Override
    public Iterator<UserPage> pages(String token) {
        Iterator<ListUsersResponse> responses = client.listUsersPaginator(b -> b.userPoolId(pool.id()).limit(PAGE)
                .paginationToken(token)).iterator();
        return new Iterator<>() {
            private boolean first = true;

            @Override
            public boolean hasNext() {
                try {
                    return responses.hasNext();
                } catch (RuntimeException e) {
                    throw refusal(e, first && token != null);
                }
            }

            @Override
            public UserPage next() {
                ListUsersResponse response;
                try {
                    response = responses.next();
                } catch (RuntimeException e) {
                    throw refusal(e, first && token != null);
                }
                first = false;
                List<PoolUser> users = new ArrayList<>(response.users().size());
                for (UserType user : response.users()) {
                    users.add(user(user));
                }
                return new UserPage(users, response.paginationToken());
            }
        };
    }

    @Override
    public List<String> usernameAttributes() {
        try {
            return List.copyOf(client.describeUserPool(b -> b.userPoolId(pool.id())).userPool().usernameAttributesAsStrings());
        } catch (RuntimeException e) {
            throw writeRefusal(e, "DescribeUserPool");
        }
    }

    @Override
    public PoolUser create(String username, Map<String, String> attributes) {
        writable();
        List<AttributeType> given = new ArrayList<>(attributes.size());
        attributes.forEach((name, value) -> given.add(AttributeType.builder().name(name).value(value).build()));
        try {
            return user(client.adminCreateUser(b -> b.userPoolId(pool.id()).username(username).userAttributes(given)
                    .messageAction(MessageActionType.SUPPRESS)).user());
        } catch (RuntimeException e) {
            throw writeRefusal(e, "AdminCreateUser");
        }
    }

    @Override
    public boolean delete(String username) {
        writable();
        try {
            client.adminDeleteUser(b -> b.userPoolId(pool.id()).username(username));
            return true;
        } catch (UserNotFoundException gone) {
            return false;
        } catch (RuntimeException e) {
            throw writeRefusal(e, "AdminDeleteUser");
        }
    }

    /** Only the target's pool is ever written: a source's pool is production's, read and nothing else. */
    private void writable() {
        if (!side.equals("target")) {
            throw new IllegalStateException(side + ".userPoolId " + pool.id() + " is read only: dmig writes to the target's pool alone");
        }
    }

    /**
     * A write the pool refused, in one line when no retry heals it (access denied, a user the pool's settings do not
     * take); as a read's refusal otherwise.
     */
    private RuntimeException writeRefusal(RuntimeException failure, String action) {
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null && action.equals("AdminCreateUser")
                && String.valueOf(service.awsErrorDetails().errorCode()).equals("InvalidParameterException")) {
            return invalid(side + ".userPoolId " + pool.id() + ": the pool does not take the users this run puts in it ("
                    + service.awsErrorDetails().errorMessage() + "); each has a username, email, phone_number and names alone:"
                    + " make the pool's other attributes optional, or leave the user pools out of the plan");
        }
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null
                && DENIED.contains(String.valueOf(service.awsErrorDetails().errorCode()))) {
            String message = String.valueOf(service.awsErrorDetails().errorMessage());
            return invalid(side + ".userPoolId " + pool.id() + ": dmig may not put this run's users in this user pool"
                    + " (access denied to " + action + "); allow cognito-idp:DescribeUserPool, cognito-idp:AdminCreateUser and"
                    + " cognito-idp:AdminDeleteUser on " + resource(message) + " to " + principal(message) + ", or leave the"
                    + " user pools out of the plan");
        }
        return refusal(failure, false);
    }

    private static PoolUser user(UserType user) {
        Map<String, String> attributes = new HashMap<>();
        for (AttributeType attribute : user.attributes()) {
            if (attribute.value() != null) {
                attributes.put(attribute.name(), attribute.value());
            }
        }
        return new PoolUser(user.username(), attributes.get("sub"), attributes);
    }

    /** {@code failure} in words, when no retry heals it; as it is otherwise. {@code resumed}: the first request carried a saved token. */
    private RuntimeException refusal(RuntimeException failure, boolean resumed) {
        String field = side + ".userPoolId " + pool.id();
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = String.valueOf(service.awsErrorDetails().errorCode());
            String message = String.valueOf(service.awsErrorDetails().errorMessage());
            if (DENIED.contains(code)) {
                return invalid(field + ": dmig may not read this user pool (access denied); allow cognito-idp:ListUsers on "
                        + resource(message) + " to " + principal(message) + ", or give the map as identities.csv");
            }
            if (code.equals("ResourceNotFoundException")) {
                return invalid(field + ": no such user pool " + where() + " (check " + side + ".userPoolId"
                        + (pool.endpoint() != null ? " and " + side + ".userPoolEndpoint" : pool.region() == null ? " and "
                        + side + ".region" : "") + ")");
            }
            if (code.equals("InvalidParameterException") && resumed) {
                return new TokenRefusedException(field + ": the pool no longer takes the page token of the listing resumed ("
                        + message + ")", failure);
            }
            if (REJECTED.contains(code)) {
                return new StoreRefusedException(field + ": Cognito rejected the credentials (" + code + "): check those dmig "
                        + "runs with" + (account.roleArn() != null ? " and the role " + account.roleArn() : ""), failure);
            }
            return failure;
        }
        if (failure instanceof SdkClientException) {
            if (cause(failure, UnknownHostException.class) || (pool.endpoint() != null && cause(failure, ConnectException.class))) {
                return new StoreRefusedException(field + ": nothing answers " + where() + " (" + failure.getMessage() + "): "
                        + (pool.endpoint() != null ? "start the server there or fix " + side + ".userPoolEndpoint" : unreached()), failure);
            }
        }
        return failure;
    }

    /**
     * The fix when Cognito's own endpoint does not answer: a pool whose ID names its region is there, so the region is
     * no fix; a pool on a server of one's own (cognito-local) is reached by naming that server.
     */
    private String unreached() {
        String serverOfOwn = "for a pool on a server of your own (cognito-local), give " + side + ".userPoolEndpoint";
        return pool.region() != null ? "check that dmig reaches Cognito in " + pool.region() + ", or, " + serverOfOwn
                : "fix " + side + ".region, or, " + serverOfOwn;
    }

    private static PlanInvalidException invalid(String message) {
        return new PlanInvalidException(List.of(Problem.plan(message)));
    }

    private String where() {
        if (pool.endpoint() != null) {
            return "at " + pool.endpoint();
        }
        String region = pool.region() != null ? pool.region() : account.region();
        return region != null ? "in " + region : "in the region dmig runs in";
    }

    /** The pool's ARN: as Cognito's refusal names it, else built from the pool ID and the account the refusal or the role names. */
    private String resource(String message) {
        Matcher named = RESOURCE.matcher(message);
        if (named.find()) {
            return named.group(1);
        }
        Matcher principal = PRINCIPAL.matcher(message);
        String arn = principal.find() ? principal.group(1) : account.roleArn();
        Matcher owner = arn == null ? null : ACCOUNT.matcher(arn);
        return owner != null && owner.find() ? pool.arn(owner.group(1), owner.group(2)) : pool.arn("aws", null);
    }

    private String principal(String message) {
        Matcher principal = PRINCIPAL.matcher(message);
        if (principal.find()) {
            return principal.group(1);
        }
        return account.roleArn() != null ? "the role " + account.roleArn() : "the credentials dmig runs with";
    }

    private static boolean cause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
