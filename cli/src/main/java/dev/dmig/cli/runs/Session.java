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

/** One command's connection to its DynamoDB and S3, and the in-process state machine over them. */
public final class Session implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 64;

    private final LocalEnvironment environment;
    private final Services services;

    private Session(LocalEnvironment environment, Services services) {
        this.environment = environment;
        this.services = services;
    }

    public static Session open(Where where) {
        LocalEnvironment environment = LocalEnvironment.open(where.target(), MAX_CONNECTIONS);
        Settings settings = Settings.defaults(environment.bucket());
        return new Session(environment, environment.services(settings, FaultInjector.NONE));
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

    @Override
    public void close() {
        services.close();
        environment.close();
    }
}
