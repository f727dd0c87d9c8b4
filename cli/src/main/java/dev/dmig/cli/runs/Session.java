package dev.dmig.cli.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.handler.Services;
import dev.dmig.local.LocalEnvironment;
import dev.dmig.local.LocalRunner;
import dev.dmig.migrate.FaultInjector;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * One command's connection to its DynamoDB and S3, and the in-process state machine over them. A command that runs
 * several executions one after another on the same stores ({@code migrate --refresh}: rollbacks, then the run) holds
 * its session ({@link #hold}), and each of them opens that one again: the embedded DynamoDB Local is started once per
 * command, never again on the database file a stopped one wrote.
 */
public final class Session implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 64;
    /** The session the command's thread holds, with the stores it was opened on; none by default. */
    private static final ThreadLocal<Session> HELD = new ThreadLocal<>();

    private final LocalEnvironment environment;
    private final Services services;
    private final LocalEnvironment.Target target;
    /** Whether closing it closes its stores: false for the held session opened again. */
    private final boolean owned;

    private Session(LocalEnvironment environment, Services services, LocalEnvironment.Target target, boolean owned) {
        this.environment = environment;
        this.services = services;
        this.target = target;
        this.owned = owned;
    }

    public static Session open(Where where) {
        Session held = HELD.get();
        if (held != null && held.target.equals(where.target())) {
            return new Session(held.environment, held.services, held.target, false);
        }
        LocalEnvironment environment = LocalEnvironment.open(where.target(), MAX_CONNECTIONS);
        Settings settings = Settings.defaults(environment.bucket());
        return new Session(environment, environment.services(settings, FaultInjector.NONE), where.target(), true);
    }

    /**
     * Holds the session for the command's thread until the hold is closed: {@link #open} of the same stores meanwhile
     * gives it again, and closing what it gives leaves it open. Its owner closes it after the hold.
     */
    public Hold hold() {
        Session before = HELD.get();
        HELD.set(this);
        return () -> HELD.set(before);
    }

    public LocalEnvironment environment() {
        return environment;
    }

    public Services services() {
        return services;
    }

    /**
     * Runs the bundled state machine; {@code runId} is the run the execution belongs to (for its history and its trail,
     * which a dashboard reads), {@code stop} what an interrupt does to it.
     */
    public Execution execute(String executionName, String runId, ObjectNode input, PrintWriter err, boolean bars, LocalStop stop) {
        RunTrail trail = RunTrail.stored(services.artifacts(), runId, executionName, input);
        try (ProgressView progress = new ProgressView(err, services.artifacts(), runId, bars)) {
            LocalRunner runner = new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 16,
                    List.of(progress, stop, trail));
            stop.attach(runner);
            Execution execution = runner.run(executionName, runId, input);
            trail.ended(execution.status().name(), execution.endTime());
            return execution;
        }
    }

    /** A {@link #hold} of a session, released by closing it. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public void close() {
        if (owned) {
            services.close();
            environment.close();
        }
    }
}
