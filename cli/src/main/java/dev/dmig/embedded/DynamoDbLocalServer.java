package dev.dmig.embedded;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoader;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoaderUtil;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.cli.ParseException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** DynamoDB Local running in this JVM, listening on 127.0.0.1 at a port the operating system chose. */
final class DynamoDbLocalServer implements AutoCloseable {
    /**
     * DynamoDB Local's own loader honours this property before extracting the library it bundles; when a user
     * sets it, the bundled-library check is theirs to make.
     */
    private static final String LIBRARY_PATH_PROPERTY = "org.sqlite.lib.path";

    /** DynamoDB Local refuses port 0; its connector is re-pointed to an ephemeral port before start, so this is never bound. */
    private static final String PLACEHOLDER_PORT = "8000";

    /**
     * Held strongly: JUL keeps loggers weakly, and when the one DynamoDB Local quietened is collected, sqlite4java
     * prints INFO lines to stderr again.
     */
    private static final Logger SQLITE4JAVA_LOG = Logger.getLogger("com.almworks.sqlite4java");
    private static final Filter SEVERE_ONLY = record -> record.getLevel().intValue() >= Level.SEVERE.intValue();

    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts an in-memory database when {@code dbDir} is null, else the shared database file in {@code dbDir}. */
    static DynamoDbLocalServer start(Path dbDir) {
        unsupportedPlatform().ifPresent(reason -> {
            throw new EmbeddedStackException(reason);
        });
        List<String> args = new ArrayList<>(List.of("-port", PLACEHOLDER_PORT, "-sharedDb", "-disableTelemetry"));
        if (dbDir == null) {
            args.add("-inMemory");
        } else {
            createDirectories(dbDir);
            args.add("-dbPath");
            args.add(dbDir.toString());
        }
        DynamoDBProxyServer server = createServer(args);
        try {
            ServerConnector connector = loopbackConnector(server);
            // safeStart, unlike start, reports a failed bind instead of printing it and carrying on.
            server.safeStart();
            return new DynamoDbLocalServer(server, connector.getLocalPort());
        } catch (Exception e) {
            // Creating the server already opened its database; stopping closes it.
            stopAfterFailedStart(server, e);
            if (e instanceof EmbeddedStackException known) {
                throw known;
            }
            throw new EmbeddedStackException("DynamoDB Local did not start on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new EmbeddedStackException("DynamoDB Local did not stop cleanly: " + e, e);
        }
    }

    private static DynamoDBProxyServer createServer(List<String> args) {
        try {
            CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
            if (!input.init()) {
                throw new EmbeddedStackException("DynamoDB Local rejected its arguments " + args);
            }
            quietSqlite4java();
            // createServer, unlike createServerFromCommandLineArgs, does not print its configuration to stdout.
            return ServerRunner.createServer(input);
        } catch (ParseException e) {
            throw new EmbeddedStackException("DynamoDB Local rejected its arguments " + args + ": " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            if (e instanceof EmbeddedStackException known) {
                throw known;
            }
            throw new EmbeddedStackException("DynamoDB Local could not be created: " + rootMessage(e), e);
        }
    }

    /** After ServerRunner's static initializer, which sets this logger to WARNING. */
    private static void quietSqlite4java() {
        try {
            MethodHandles.lookup().ensureInitialized(ServerRunner.class);
        } catch (IllegalAccessException e) {
            throw new EmbeddedStackException("cannot initialize DynamoDB Local's ServerRunner: " + e, e);
        }
        SQLITE4JAVA_LOG.setLevel(Level.SEVERE);
        // DynamoDB Local sets the level to WARNING again when a request first opens a database file; a filter stays.
        SQLITE4JAVA_LOG.setFilter(SEVERE_ONLY);
    }

    /**
     * DynamoDB Local binds every interface and has no host option; its single Jetty connector is moved to
     * 127.0.0.1 and an ephemeral port before start.
     */
    private static ServerConnector loopbackConnector(DynamoDBProxyServer proxy) {
        Server jetty;
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            jetty = (Server) field.get(proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new EmbeddedStackException(
                    "DynamoDB Local's Jetty server is not where dmig expects it (field DynamoDBProxyServer.server): " + e, e);
        }
        Connector[] connectors = jetty.getConnectors();
        if (connectors.length != 1 || !(connectors[0] instanceof ServerConnector connector)) {
            throw new EmbeddedStackException(
                    "DynamoDB Local has " + connectors.length + " Jetty connectors; dmig expects one ServerConnector");
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        return connector;
    }

    /**
     * Why DynamoDB Local cannot run here, or empty when it can. It extracts the SQLite library it bundles for this
     * OS and architecture; checking first turns its multi-line failure on any other platform into one line.
     */
    static Optional<String> unsupportedPlatform() {
        if (System.getProperty(LIBRARY_PATH_PROPERTY) != null) {
            return Optional.empty();
        }
        String platform = SQLiteLibraryLoaderUtil.getNativeLibFolderPathForCurrentOS();
        String library = SQLiteLibraryLoaderUtil.getNativeLibName();
        if (SQLiteLibraryLoader.class.getResource("native/" + platform + "/" + library) != null) {
            return Optional.empty();
        }
        return Optional.of("DynamoDB Local bundles no SQLite library for " + platform
                + "; it has them for Linux x86/x86_64/aarch64, macOS x86_64/aarch64 and Windows x86/x86_64"
                + " (or set -D" + LIBRARY_PATH_PROPERTY + " to a directory holding " + library + ")");
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedStackException("cannot create DynamoDB Local directory " + dir + ": " + e, e);
        }
    }

    private static void stopAfterFailedStart(DynamoDBProxyServer server, Exception failure) {
        try {
            server.stop();
        } catch (Exception stopFailure) {
            failure.addSuppressed(stopFailure);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
