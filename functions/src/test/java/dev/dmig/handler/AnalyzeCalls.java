package dev.dmig.handler;

import dev.dmig.SampleMigration;
import dev.dmig.migrate.FaultInjector;
import java.util.Map;

/** A deployed Analyze over the sample app's tables, called as Step Functions calls it: for the tests of what it refuses. */
public final class AnalyzeCalls implements AutoCloseable {
    /** The sample app whose tables and artifacts the calls reach. */
    public final SampleMigration app = new SampleMigration();
    private final Services services = new Services(app.items, app.artifacts, app.settings, FaultInjector.NONE);
    private final AnalyzeHandler handler = new AnalyzeHandler(services,
            new Deployment(null, SampleMigration.SOURCE, SampleMigration.TARGET, SampleMigration.NAMESPACE));

    /** One call with {@code input} as the execution's, in the execution {@code executionName}. */
    public Map<String, Object> call(Map<String, Object> input, String executionName) {
        return handler.handleRequest(Map.of("input", input, "executionName", executionName), TestContext.withRemaining(600_000));
    }

    @Override
    public void close() {
        services.close();
        app.close();
    }
}
