package dev.dmig.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.dmig.json.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The dmig commands the dashboard started, each in a process of its own, exactly as a person would type them: the
 * command records its run ({@link RunOrigin}) with its own process, so {@code dmig stop} — from the dashboard or from a
 * terminal — stops it as it stops any run. Each command's output is kept (its last lines), for the page.
 */
public final class Launches {
    /** The command line's main class, which a launched run starts with. */
    static final String MAIN_CLASS = "dev.dmig.cli.Dmig";

    /** Lines kept of each command's output. */
    static final int LINES = 60;
    /** JVM options that must not pass to a second JVM: a debugger's port, an agent, the class-data archive being written. */
    private static final List<String> NOT_PASSED = List.of("-agentlib", "-javaagent", "-Xrunjdwp", "-Xdebug",
            "-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive");

    private final List<Launch> launched = new CopyOnWriteArrayList<>();

    /** One command started: the words shown for it, its process, and what it printed so far. */
    public static final class Launch {
        private final String runId;
        private final String shown;
        private final Instant started = Instant.now();
        private final Process process;
        private final Deque<String> lines = new ArrayDeque<>();

        private Launch(String runId, String shown, Process process) {
            this.runId = runId;
            this.shown = shown;
            this.process = process;
        }

        String runId() {
            return runId;
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (lines) {
                        lines.addLast(line);
                        if (lines.size() > LINES) {
                            lines.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                synchronized (lines) {
                    lines.addLast("(its output could not be read further: " + e.getMessage() + ")");
                }
            }
        }

        public JsonNode json() {
            var node = Json.MAPPER.createObjectNode().put("command", shown).put("runId", runId).put("started", started.toString())
                    .put("running", process.isAlive());
            if (!process.isAlive()) {
                node.put("exitCode", process.exitValue());
            }
            ArrayNode output = node.putArray("output");
            synchronized (lines) {
                lines.forEach(output::add);
            }
            return node;
        }
    }

    /**
     * Starts {@code dmig args...} for run {@code runId} in a new process of this JVM's kind, with this one's class path,
     * working directory and environment; standard input is empty (nobody answers questions there).
     */
    public Launch start(String runId, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> NOT_PASSED.stream().noneMatch(option::startsWith)).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start dmig " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
        Launch launch = new Launch(runId, "dmig " + String.join(" ", args), process);
        Thread reader = new Thread(launch::read, "dmig-launch-output");
        reader.setDaemon(true);
        reader.start();
        launched.add(launch);
        return launch;
    }

    /** Whether a command started here for the run still runs. */
    public boolean running(String runId) {
        return launched.stream().anyMatch(launch -> launch.runId().equals(runId) && launch.process.isAlive());
    }

    /** The commands started for a run, or all of them ({@code runId} null), newest first. */
    public ArrayNode json(String runId) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (int i = launched.size() - 1; i >= 0; i--) {
            Launch launch = launched.get(i);
            if (runId == null || runId.equals(launch.runId())) {
                list.add(launch.json());
            }
        }
        return list;
    }

    private static File nullFile() {
        return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
    }
}
