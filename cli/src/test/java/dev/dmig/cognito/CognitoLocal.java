package dev.dmig.cognito;

import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;

/**
 * cognito-local (npm, pinned in {@code .ci/package.json}), an emulator of the Cognito user-pool API, not Cognito: one
 * per test JVM, started on a free loopback port in a directory of its own, stopped at exit. Its pools sign users in by
 * username unless a test asks for email. It checks no signature and no IAM policy, ignores ListUsers' Limit and never
 * pages (tests that need those put a {@link CognitoFront} before it); tests never set a user's sub (it would let them,
 * Cognito does not). Where node or the package is missing, a test that needs it is skipped, or fails when {@value
 * #REQUIRE} is set (CI sets it, after {@code npm ci --prefix .ci}).
 */
public final class CognitoLocal {
    public static final String REQUIRE = "DMIG_REQUIRE_COGNITO_LOCAL";
    /** Set to cognito-local's start script to use it instead of {@code .ci/node_modules}'s. */
    public static final String SCRIPT_VARIABLE = "DMIG_COGNITO_LOCAL";
    private static final String SCRIPT = ".ci/node_modules/cognito-local/lib/bin/start.js";
    private static final Pattern RUNNING = Pattern.compile("running on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern COLOURS = Pattern.compile("\u001B\\[[;\\d]*m");
    /** A guard against a server that never starts, not a timing assertion. */
    private static final long START_SECONDS = 60;
    private static CognitoLocal shared;

    private final Process process;
    private final Path dir;
    private final URI endpoint;
    private final CognitoIdentityProviderClient client;

    private CognitoLocal(Process process, Path dir, URI endpoint) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
        this.client = CognitoIdentityProviderClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    /** This JVM's cognito-local, started on first use; skips the test (or fails it under CI) where it cannot run. */
    public static synchronized CognitoLocal shared() {
        if (shared == null) {
            Optional<Path> script = script();
            Optional<Path> node = onPath("node");
            if ((script.isEmpty() || node.isEmpty()) && System.getenv(REQUIRE) != null) {
                fail(REQUIRE + " is set but cognito-local cannot run here (node: " + node.orElse(null) + ", script: "
                        + script.orElse(null) + "); run npm ci --prefix .ci");
            }
            assumeThat(node).as("node on the PATH (cognito-local runs on it)").isPresent();
            assumeThat(script).as("cognito-local installed (npm ci --prefix .ci, or " + SCRIPT_VARIABLE + ")").isPresent();
            shared = start(node.get(), script.get());
            CognitoLocal started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "cognito-local-stop"));
        }
        return shared;
    }

    private static CognitoLocal start(Path node, Path script) {
        try {
            Path dir = Files.createTempDirectory("cognito-local");
            Files.createDirectories(dir.resolve(".cognito"));
            Files.writeString(dir.resolve(".cognito/config.json"), "{\"UserPoolDefaults\":{\"UsernameAttributes\":[]}}");
            ProcessBuilder builder = new ProcessBuilder(node.toString(), script.toString()).directory(dir.toFile())
                    .redirectError(dir.resolve("stderr.log").toFile());
            builder.environment().put("PORT", "0");
            builder.environment().put("HOST", "127.0.0.1");
            Process process = builder.start();
            CompletableFuture<URI> listening = new CompletableFuture<>();
            Thread drain = new Thread(() -> drain(process, listening), "cognito-local-out");
            drain.setDaemon(true);
            drain.start();
            try {
                return new CognitoLocal(process, dir, listening.get(START_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
                throw new IllegalStateException("cognito-local did not start (its errors: " + dir.resolve("stderr.log") + ")", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads its output to the end (so that its pipe never fills), completing {@code listening} with the URL it prints. */
    private static void drain(Process process, CompletableFuture<URI> listening) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher running = RUNNING.matcher(COLOURS.matcher(line).replaceAll(""));
                if (running.find()) {
                    listening.complete(URI.create(running.group(1)));
                }
            }
            listening.completeExceptionally(new IllegalStateException("cognito-local ended (exit " + process.waitFor() + ")"));
        } catch (IOException e) {
            listening.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listening.completeExceptionally(e);
        }
    }

    private static Optional<Path> script() {
        String named = System.getenv(SCRIPT_VARIABLE);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isRegularFile);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SCRIPT))) {
                return Optional.of(dir.resolve(SCRIPT));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
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
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.err.println("cognito-local's directory " + dir + " was not deleted: " + e.getMessage());
        }
    }
}
