package dev.dmig.faults;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A cognito-local process (npm, pinned in {@code .ci/package.json}), an emulator of the Cognito user-pool API: started on
 * a free loopback port in a directory of its own, its pools signing users in by username unless asked for email, and
 * stopped by {@link #close}. The tests' {@code CognitoLocal} and the bench's whole-app data set both start it here.
 */
public final class CognitoLocalServer implements AutoCloseable {
    /** Set to cognito-local's start script to use it instead of {@code .ci/node_modules}'s. */
    public static final String SCRIPT_VARIABLE = "DMIG_COGNITO_LOCAL";
    private static final String SCRIPT = ".ci/node_modules/cognito-local/lib/bin/start.js";
    private static final Pattern RUNNING = Pattern.compile("running on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern COLOURS = Pattern.compile("\u001B\\[[;\\d]*m");
    /** A guard against a server that never starts. */
    private static final long START_SECONDS = 60;

    private final Process process;
    private final Path dir;
    private final URI endpoint;

    private CognitoLocalServer(Process process, Path dir, URI endpoint) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
    }

    /** The start script: {@value #SCRIPT_VARIABLE}'s, else {@code .ci/node_modules}'s in this directory or one above it. */
    public static Optional<Path> script() {
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

    /** node, from the PATH. */
    public static Optional<Path> node() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "node")).filter(Files::isExecutable).findFirst();
    }

    /** Starts {@code script} on {@code node}; returns once it listens. */
    public static CognitoLocalServer start(Path node, Path script) {
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
                return new CognitoLocalServer(process, dir, listening.get(START_SECONDS, TimeUnit.SECONDS));
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

    public URI endpoint() {
        return endpoint;
    }

    /** Stops the process and deletes its directory. */
    @Override
    public void close() {
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
