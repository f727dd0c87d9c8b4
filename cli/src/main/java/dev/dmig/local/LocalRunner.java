package dev.dmig.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.executor.ContextObject;
import dev.dmig.executor.Execution;
import dev.dmig.executor.ExecutionListener;
import dev.dmig.executor.Executor;
import dev.dmig.executor.LambdaTaskRunner;
import dev.dmig.executor.StateMachine;
import dev.dmig.executor.StateRecord;
import dev.dmig.handler.RecoverHandler;
import dev.dmig.handler.Services;
import dev.dmig.rollback.Recovery;
import dev.dmig.run.RunLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code statemachine/migration.asl.json} in this process, each Task resource
 * ({@code ${XFunctionArn}}) bound by name to the Lambda handler {@code dev.dmig.handler.XHandler}
 * built on the given services — the same file and the same handlers as on AWS.
 */
public final class LocalRunner {
    /** Where the build puts the state machine file inside the jar. */
    public static final String DEFINITION = "/statemachine/migration.asl.json";
    private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)FunctionArn}");
    private static final String HANDLER_PACKAGE = "dev.dmig.handler.";

    private final Services services;
    private final StateMachine machine;
    private final Executor executor;
    private final LambdaTaskRunner tasks;
    private boolean recovers = true;
    /** The executions this runner has run, as Step Functions would describe them once ended, by name. */
    private final Map<String, Recovery.Execution> ended = new ConcurrentHashMap<>();

    /**
     * {@code timeouts}: per function name (e.g. {@code MigrateSegmentFunction}), over those of the
     * bundled template ({@link FunctionTimeouts}); a task past its timeout fails with {@code Sandbox.Timedout}.
     */
    public LocalRunner(Services services, String definition, Map<String, Duration> timeouts, int maxParallelism,
                       List<ExecutionListener> listeners) {
        this(services, definition, timeouts, maxParallelism, listeners, null);
    }

    /** {@code retryWaits}: how Retry backoff waits; null waits for real (tests pass a faster one). */
    public LocalRunner(Services services, String definition, Map<String, Duration> timeouts, int maxParallelism,
                       List<ExecutionListener> listeners, dev.dmig.executor.Waits retryWaits) {
        this(services, definition, timeouts, maxParallelism, listeners, retryWaits, UnaryOperator.identity());
    }

    /** {@code executorSettings}: changes to the executor's settings (tests lower Step Functions' quotas with it). */
    public LocalRunner(Services services, String definition, Map<String, Duration> timeouts, int maxParallelism,
                       List<ExecutionListener> listeners, dev.dmig.executor.Waits retryWaits,
                       UnaryOperator<Executor.Builder> executorSettings) {
        this.services = services;
        LambdaTaskRunner.Builder functions = LambdaTaskRunner.builder();
        Map<String, Duration> deployed = FunctionTimeouts.bundled();
        for (String function : functions(definition)) {
            String name = function + "Function";
            Duration timeout = timeouts.getOrDefault(name, deployed.getOrDefault(name, LambdaTaskRunner.DEFAULT_TIMEOUT));
            functions.function(function + "FunctionArn", handler(function, services), timeout);
        }
        this.tasks = functions.build();
        this.machine = StateMachine.parse("migration", definition, tasks.resources());
        Executor.Builder builder = Executor.builder(tasks).maxParallelism(maxParallelism)
                .objects(new ArtifactObjects(services.artifacts(), services.settings().bucket()));
        if (retryWaits != null) {
            builder.sleeper(retryWaits);
        }
        listeners.forEach(builder::listener);
        this.executor = executorSettings.apply(builder).build();
    }

    /**
     * Waits until no task that an execution's failed Map abandoned, and no invocation stopped at its
     * timeout, is still running (on AWS such Lambda invocations run to their end, or are killed, after
     * the execution moved on); false after {@code timeout}.
     */
    public boolean awaitIdle(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        try {
            return executor.awaitIdle(timeout) && tasks.awaitIdle(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops the execution this runner is running, as {@code dmig stop} stops one on AWS (error
     * {@code Stopped}): no state starts after it, none is retried or caught, and the recovery path
     * leaves the run as it is, to be resumed or rolled back.
     */
    public void stop(String cause) {
        executor.stop(Recovery.STOPPED, cause);
        // A local stop ends the process: the tasks in flight hand back at their next page instead of running on.
        services.endTasks();
    }

    /** Whether a failed execution goes to the recovery path, as on AWS (default); tests of the failure itself turn it off. */
    public LocalRunner recovering(boolean recovering) {
        this.recovers = recovering;
        return this;
    }

    public static String bundledDefinition() {
        try (InputStream in = LocalRunner.class.getResourceAsStream(DEFINITION)) {
            if (in == null) {
                throw new IllegalStateException("the state machine " + DEFINITION + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one execution and stores its history with the run it belongs to: {@code runId} is the
     * execution's own run, or the earlier run a validate or rollback execution acts on.
     */
    public Execution run(String executionName, String runId, JsonNode input) {
        Execution execution = executor.execute(machine, executionName, input);
        ended.put(executionName, new Recovery.Execution(ContextObject.executionArn(machine.name(), executionName),
                ContextObject.stateMachineArn(machine.name()), executionName, execution.status().name(), input.toString(),
                execution.error(), execution.cause(), execution.endTime()));
        services.artifacts().putJson(RunLayout.history(runId, executionName), history(execution));
        if (!execution.succeeded() && recovers) {
            recover(ended.get(executionName));
        }
        return execution;
    }

    /**
     * What the EventBridge rule and the recover function do on AWS: the failed execution goes to
     * {@link RecoverHandler} as a Step Functions status change event, and a rollback it starts runs
     * here, at once.
     */
    private void recover(Recovery.Execution execution) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("executionArn", execution.executionArn());
        detail.put("stateMachineArn", execution.stateMachineArn());
        detail.put("name", execution.name());
        detail.put("status", execution.status());
        detail.put("input", execution.input());
        detail.put("error", execution.error());
        detail.put("cause", execution.cause());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("source", "aws.states");
        event.put("detail-type", "Step Functions Execution Status Change");
        event.put("detail", detail);
        new RecoverHandler(services, new Executions()).handleRequest(event, recoverContext());
    }

    /**
     * This runner's state machine as the recover function sees one: the executions it ran in this process, and a
     * rollback started here, at once (so none is ever still running when it is asked).
     */
    private final class Executions implements Recovery.Executions {
        @Override
        public String stateMachineArn() {
            return ContextObject.stateMachineArn(machine.name());
        }

        @Override
        public void start(String name, JsonNode input) {
            if (!ended.containsKey(name)) {
                run(name, input.path("rollbackRunId").asText(), input);
            }
        }

        @Override
        public Optional<Recovery.Execution> describe(String executionArn) {
            return ended.values().stream().filter(e -> e.executionArn().equals(executionArn)).findFirst();
        }

        @Override
        public List<Recovery.Execution> running() {
            return List.of();
        }
    }

    /**
     * The handler reads its logger from the Lambda context, and the time it has (the deployed recover function's
     * timeout) when it finishes a validated run; its step lines go to the debug log, as the executor's functions' do.
     */
    private static Context recoverContext() {
        long timeout = FunctionTimeouts.bundled().getOrDefault("RecoverFunction", LambdaTaskRunner.DEFAULT_TIMEOUT).toMillis();
        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                LOG.debug("[RecoverFunction] {}", message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getLogger")) {
                        return logger;
                    }
                    if (method.getName().equals("getRemainingTimeInMillis")) {
                        return (int) timeout;
                    }
                    throw new UnsupportedOperationException("the local RecoverHandler has no Lambda context but a logger and"
                            + " its time, so no " + method.getName());
                });
    }

    /**
     * The executor's event list, like the Step Functions console's; the CLI stores the same for an
     * execution it followed on AWS.
     */
    public static ObjectNode history(Execution execution) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("execution", execution.name());
        root.put("status", execution.status().name());
        root.put("start", execution.startTime().toString());
        root.put("end", execution.endTime().toString());
        if (execution.error() != null) {
            root.put("error", execution.error());
            root.put("cause", execution.cause());
        }
        ArrayNode path = root.putArray("path");
        execution.path().forEach(path::add);
        ArrayNode events = root.putArray("events");
        for (StateRecord record : execution.history()) {
            ObjectNode event = events.addObject();
            event.put("id", record.id());
            event.put("name", record.stateName());
            event.put("type", record.stateType());
            ArrayNode index = event.putArray("iteration");
            record.iterationPath().forEach(index::add);
            event.put("retry", record.retryCount());
            event.put("start", record.start().toString());
            if (record.end() != null) {
                event.put("end", record.end().toString());
            }
            event.set("input", record.input());
            if (record.output() != null) {
                event.set("output", record.output());
            }
            if (record.error() != null) {
                event.put("error", record.error());
                event.put("cause", record.cause());
            }
        }
        return root;
    }

    static Set<String> functions(String definition) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definition);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static RequestHandler<Map<String, Object>, Map<String, Object>> handler(String function, Services services) {
        String className = HANDLER_PACKAGE + function + "Handler";
        try {
            Class<?> type = Class.forName(className);
            return (RequestHandler<Map<String, Object>, Map<String, Object>>) type.getConstructor(Services.class).newInstance(services);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the state machine names ${" + function + "FunctionArn} but there is no handler class "
                    + className, e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + className + " from its (Services) constructor: " + e, e);
        }
    }

}
