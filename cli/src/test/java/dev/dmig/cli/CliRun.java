package dev.dmig.cli;

import dev.dmig.cli.runs.Terminal;
import dev.dmig.local.SharedStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** One dmig command run in this JVM as a user types it: its exit code, what it printed, and how long it took. */
public record CliRun(int code, String out, String err, Duration took) {

    /** The longest line a person reads on stderr: a longer text is wrapped, a list goes to stdout one item a line. */
    static final int LONGEST_ERR_LINE = 300;
    /** A step's failure line on stderr: "FAIL", the state, why. */
    private static final java.util.regex.Pattern FAILURE = java.util.regex.Pattern.compile("^\\s*FAIL\\s+\\S+\\s+(.*)$");

    /** What Java calls things, which no person reads from dmig unless --debug asked for it. */
    static final List<String> JAVA_WORDS = List.of("dev.dmig.", "java.", "software.amazon.", "Exception");

    /**
     * Runs {@code args} followed by {@code endpoints}, and checks what it printed ({@link #assertPlain},
     * {@link #assertOnceAndShort}): every CLI test
     * that runs dmig this way, failing paths included, checks it.
     */
    public static CliRun of(List<String> endpoints, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(endpoints);
        return execute(all, null);
    }

    /** Runs one command line with {@code terminal} answering its questions (null: the system's), checked as {@link #of} is. */
    public static CliRun execute(List<String> args, Terminal terminal) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        String[] line = args.toArray(String[]::new);
        int code = terminal == null ? Dmig.execute(line, new PrintWriter(out, true), new PrintWriter(err, true))
                : Dmig.execute(line, new PrintWriter(out, true), new PrintWriter(err, true), terminal);
        CliRun run = new CliRun(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - started));
        assertPlain(args, run.out() + run.err());
        assertOnceAndShort(args, run.err());
        return run;
    }

    /**
     * Fails when a line dmig printed on stderr is over {@link #LONGEST_ERR_LINE} characters, or a failure is said there
     * twice (two FAIL lines, or a FAIL line and an error line, with the same why): a person reads each failure once,
     * in a line they can read, and a list where the list belongs.
     */
    static void assertOnceAndShort(List<String> args, String err) {
        if (args.contains("--debug")) {
            return;
        }
        java.util.Set<String> said = new java.util.HashSet<>();
        for (String line : err.split("\n")) {
            if (line.length() > LONGEST_ERR_LINE) {
                throw new AssertionError("dmig " + String.join(" ", args) + " printed a line of " + line.length()
                        + " characters on stderr (at most " + LONGEST_ERR_LINE + "): " + line.substring(0, 200) + "...");
            }
            java.util.regex.Matcher failure = FAILURE.matcher(line);
            String why = failure.matches() ? failure.group(1).strip() : line.startsWith("error: ") ? line.substring(7).strip() : null;
            if (why != null && !why.isEmpty() && !said.add(why)) {
                throw new AssertionError("dmig " + String.join(" ", args) + " said this failure twice on stderr: " + line);
            }
        }
    }

    /**
     * Fails when what dmig printed for {@code args} names a Java package, class or exception: people read conditions and
     * their causes in words. A command line with --debug asked for Java's names, and is not checked.
     */
    static void assertPlain(List<String> args, String printed) {
        if (args.contains("--debug")) {
            return;
        }
        for (String word : JAVA_WORDS) {
            int at = printed.indexOf(word);
            if (at >= 0) {
                int from = printed.lastIndexOf('\n', at) + 1;
                int to = printed.indexOf('\n', at);
                throw new AssertionError("dmig " + String.join(" ", args) + " printed \"" + word + "\" in: "
                        + printed.substring(from, to < 0 ? printed.length() : to));
            }
        }
    }

    /**
     * The embedded stack's DynamoDB and S3, as a user names them, and a data directory of this JVM's own, where runs
     * record where they run (not the checkout's {@code .dmig}).
     */
    public static List<String> embeddedStack() {
        List<String> endpoints = new ArrayList<>(List.of("--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString()));
        endpoints.addAll(embeddedS3());
        return endpoints;
    }

    /** This JVM's data directory for the commands the tests run (deleted at exit). */
    public static Path dataDir() {
        return DataDir.PATH;
    }

    private static final class DataDir {
        static final Path PATH = create();

        private static Path create() {
            try {
                Path dir = Files.createTempDirectory("dmig-it-data");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void delete(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The embedded stack's DynamoDB alone (infer needs no S3). */
    public static List<String> embeddedDynamoDb() {
        return List.of("--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                "--region", SharedStack.stack().region().id());
    }

    /** The embedded stack's S3 alone, for a test that names its own DynamoDB endpoint. */
    public static List<String> embeddedS3() {
        return List.of("--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                "--region", SharedStack.stack().region().id(), "--data-dir", dataDir().toString());
    }

    public String lastLine() {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
