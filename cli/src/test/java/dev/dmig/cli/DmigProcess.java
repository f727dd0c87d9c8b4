package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.sample.SamplePlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The real {@code dmig.jar} in a process of its own, as a person runs it: in a working directory (whose {@code .dmig}
 * is its data directory), credentials in the environment, and {@code dmig} on the PATH for the commands it prints.
 * Its standard output and error are kept line by line as they come, so a test can act when a line appears.
 */
final class DmigProcess {
    /** How long a command may take before the test gives up on it (a hung process, not a timing assertion). */
    private static final long MINUTES = 5;

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private DmigProcess(Process process) {
        this.process = process;
        this.outReader = reader(process.getInputStream(), out, "dmig-out");
        this.errReader = reader(process.getErrorStream(), err, "dmig-err");
    }

    /** The credentials a person exports for DynamoDB Local: any letters and digits (the shared stack's are such). */
    static Map<String, String> credentials() {
        AwsCredentials credentials = SharedStack.stack().credentials().resolveCredentials();
        return Map.of("AWS_ACCESS_KEY_ID", credentials.accessKeyId(), "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
    }

    /** Writes {@code dir/plan.json}: the app's plan, its writes paced to {@code itemsPerSecond} per table. */
    static void writePacedPlan(SampleApp app, Path dir, int itemsPerSecond) throws IOException {
        ObjectNode plan = (ObjectNode) Json.tree(app.planJson.getBytes(StandardCharsets.UTF_8));
        plan.put("writeRateLimit", itemsPerSecond);
        SamplePlan.write(dir.resolve("plan.json"), Json.pretty(plan));
    }

    /** The shaded jar the build made; the test is skipped without it. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("dmig.jar", "target/dmig.jar")).toAbsolutePath();
        assumeThat(jar).as("the shaded dmig.jar (built by mvn package)").exists();
        return jar;
    }

    /**
     * {@code java} with the launcher's JVM settings on few cores (C1 alone and the serial collector start a command
     * soonest), for a test that runs the jar in a process of its own: its options and {@code -jar} follow.
     */
    static List<String> java() {
        return new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
    }

    /**
     * Starts {@code dmig args...} in {@code dir} with the credentials in {@code environment}, with Ctrl-C's SIGINT at its
     * default whatever this JVM inherited: a build started in the background of a shell ignores SIGINT, and so would the
     * process, as a program started with {@code &} from a script does.
     */
    static DmigProcess start(Path dir, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(java());
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(environment);
        return new DmigProcess(builder.start());
    }

    /** Runs {@code line} with bash in {@code dir}, with a {@code dmig} on the PATH that runs the jar: a command as printed. */
    static DmigProcess shell(Path dir, Map<String, String> environment, String line) throws IOException {
        Path bin = Files.createDirectories(dir.resolve(".bin"));
        Path dmig = bin.resolve("dmig");
        if (!Files.exists(dmig)) {
            Files.writeString(dmig, "#!/bin/sh\nexec " + java().stream().map(word -> "'" + word + "'").collect(Collectors.joining(" "))
                    + " -jar '" + jar() + "' \"$@\"\n");
            Files.setPosixFilePermissions(dmig, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).directory(dir.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        return new DmigProcess(builder.start());
    }

    private static Thread reader(InputStream stream, List<String> lines, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits until standard error has a line that {@code wanted} accepts; fails if the process ends first. */
    void awaitErrLine(Predicate<String> wanted) throws InterruptedException {
        awaitLine(err, wanted);
    }

    /** Waits until standard output has a line that {@code wanted} accepts, and returns it; fails if the process ends first. */
    String awaitOutLine(Predicate<String> wanted) throws InterruptedException {
        return awaitLine(out, wanted);
    }

    private String awaitLine(List<String> lines, Predicate<String> wanted) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(MINUTES);
        synchronized (lines) {
            while (lines.stream().noneMatch(wanted)) {
                assertThat(process.isAlive() || lines.stream().anyMatch(wanted)).as("dmig ended first:\n%s\n%s", out(), errText())
                        .isTrue();
                assertThat(System.nanoTime()).as("no such line yet:\n%s\n%s", out(), errText()).isLessThan(end);
                lines.wait(100);
            }
            return lines.stream().filter(wanted).findFirst().orElseThrow();
        }
    }

    /** Sends {@code signal} (INT, TERM, KILL, STOP, CONT) to the process, as kill does. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %s", signal, process.pid()).isZero();
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the process to end and its output to be read; its exit code. */
    int waitFor() throws InterruptedException {
        assertThat(process.waitFor(MINUTES, TimeUnit.MINUTES)).as("dmig ended; so far:\n%s\n%s", out(), errText()).isTrue();
        outReader.join(TimeUnit.MINUTES.toMillis(1));
        errReader.join(TimeUnit.MINUTES.toMillis(1));
        return process.exitValue();
    }

    List<String> outLines() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    String out() {
        return String.join("\n", outLines());
    }

    String errText() {
        synchronized (err) {
            return String.join("\n", err);
        }
    }

    /** The last line of standard output: a command's verdict. */
    String lastLine() {
        List<String> lines = outLines().stream().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
