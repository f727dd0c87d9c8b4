package dev.dmig.cognito;

import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.dmig.faults.CognitoLocalServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;

/**
 * cognito-local (npm, pinned in {@code .ci/package.json}), an emulator of the Cognito user-pool API, not Cognito: one
 * per test JVM, started by {@link CognitoLocalServer} on a free loopback port in a directory of its own, stopped at exit. Its pools sign users in by
 * username unless a test asks for email. It checks no signature and no IAM policy, ignores ListUsers' Limit and never
 * pages (tests that need those put a {@link CognitoFront} before it); tests never set a user's sub (it would let them,
 * Cognito does not). Where node or the package is missing, a test that needs it is skipped, or fails when {@value
 * #REQUIRE} is set (CI sets it, after {@code npm ci --prefix .ci}).
 */
public final class CognitoLocal {
    public static final String REQUIRE = "DMIG_REQUIRE_COGNITO_LOCAL";
    /** Set to cognito-local's start script to use it instead of {@code .ci/node_modules}'s. */
    public static final String SCRIPT_VARIABLE = CognitoLocalServer.SCRIPT_VARIABLE;
    private static CognitoLocal shared;

    private final CognitoLocalServer server;
    private final URI endpoint;
    private final CognitoIdentityProviderClient client;

    private CognitoLocal(CognitoLocalServer server) {
        this.server = server;
        this.endpoint = server.endpoint();
        this.client = CognitoIdentityProviderClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    /** This JVM's cognito-local, started on first use; skips the test (or fails it under CI) where it cannot run. */
    public static synchronized CognitoLocal shared() {
        if (shared == null) {
            Optional<Path> script = CognitoLocalServer.script();
            Optional<Path> node = CognitoLocalServer.node();
            if ((script.isEmpty() || node.isEmpty()) && System.getenv(REQUIRE) != null) {
                fail(REQUIRE + " is set but cognito-local cannot run here (node: " + node.orElse(null) + ", script: "
                        + script.orElse(null) + "); run npm ci --prefix .ci");
            }
            assumeThat(node).as("node on the PATH (cognito-local runs on it)").isPresent();
            assumeThat(script).as("cognito-local installed (npm ci --prefix .ci, or " + SCRIPT_VARIABLE + ")").isPresent();
            shared = new CognitoLocal(CognitoLocalServer.start(node.get(), script.get()));
            CognitoLocal started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "cognito-local-stop"));
        }
        return shared;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of the emulator, for the tests' own set-up and checks. */
    public CognitoIdentityProviderClient client() {
        return client;
    }

    /** A new pool: its users sign in by {@code email} when asked (the username is then the user's sub), else by username. */
    public String createPool(String name, boolean emailSignIn) {
        return client.createUserPool(b -> b.poolName(name).usernameAttributes(emailSignIn ? List.of(UsernameAttributeType.EMAIL)
                : List.of())).userPool().id();
    }

    /** A new user, no message sent; returns their username and sub as the pool gave them. */
    public String[] createUser(String pool, String username, Map<String, String> attributes) {
        List<AttributeType> list = new ArrayList<>();
        attributes.forEach((name, value) -> list.add(AttributeType.builder().name(name).value(value).build()));
        var user = client.adminCreateUser(b -> b.userPoolId(pool).username(username).userAttributes(list)
                .messageAction(MessageActionType.SUPPRESS)).user();
        String sub = user.attributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        return new String[] {user.username(), sub};
    }

    private void stop() {
        client.close();
        server.close();
    }
}
