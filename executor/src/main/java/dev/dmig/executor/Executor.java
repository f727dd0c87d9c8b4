package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Runs a {@link StateMachine} in this process with Step Functions' semantics: paths, payload
 * templates, retriers, catchers, Map iterations on threads, the 256 KB payload limit. Task states
 * call a {@link TaskRunner}. Time is injectable: retry delays go through a
 * {@link Waits}, and {@link Builder#timeoutUnit(Duration)} sets how long one second of a Task's
 * {@code TimeoutSeconds} lasts.
 */
public final class Executor {
    /** Step Functions' payload quota for a state's input, result and output (UTF-8 bytes of JSON). */
    public static final int MAX_PAYLOAD_BYTES = 262_144;

    final TaskRunner taskRunner;
    final Waits sleeper;
    final DoubleSupplier jitter;
    final Clock clock;
    final int maxParallelism;
    final Duration timeoutUnit;
    final List<ExecutionListener> listeners;
    final boolean strict;
    final ObjectSource objects;
    private final long historyEventLimit;
    private final Set<ExecutorService> draining = ConcurrentHashMap.newKeySet();
    private final Set<Run> running = ConcurrentHashMap.newKeySet();

    private Executor(Builder builder) {
        this.taskRunner = builder.taskRunner;
        this.sleeper = builder.sleeper;
        this.jitter = builder.jitter;
        this.clock = builder.clock;
        this.maxParallelism = builder.maxParallelism;
        this.timeoutUnit = builder.timeoutUnit;
        this.listeners = List.copyOf(builder.listeners);
        this.strict = builder.strict;
        this.objects = builder.objects;
        this.historyEventLimit = builder.historyEventLimit;
    }

    public static Builder builder(TaskRunner taskRunner) {
        return new Builder(taskRunner);
    }

    /**
     * Runs one execution to its end and returns it; a state machine that fails yields a FAILED
     * execution, not an exception. The execution is named as {@code $$.Execution.Name} shows it.
     */
    public Execution execute(StateMachine machine, String executionName, JsonNode input) {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(executionName, "executionName");
        Objects.requireNonNull(input, "input");
        Run run = new Run(this, machine, executionName, input);
        running.add(run);
        try {
            return run.execute();
        } finally {
            running.remove(run);
        }
    }

    /**
     * Stops every execution this executor is running, as Step Functions' StopExecution does: no state
     * starts after it, a failure after it is neither retried nor caught, and each execution ends
     * {@link ExecutionStatus#ABORTED} with {@code error} and {@code cause} once the tasks running at
     * that moment have returned (what they did stays done, as a Lambda invocation's work does).
     */
    public void stop(String error, String cause) {
        running.forEach(run -> run.stop(error, cause));
    }

    /** A new history for an execution (or a Distributed Map child): its quota holds only when strict. */
    HistoryBudget historyBudget() {
        return new HistoryBudget(strict ? historyEventLimit : Long.MAX_VALUE);
    }

    /** Threads of a finished execution that may still run tasks its failed Maps abandoned. */
    void draining(ExecutorService threads) {
        draining.add(threads);
    }

    /**
     * Waits until no task abandoned by an earlier execution is still running (a strict executor
     * lets them run to their end, as Lambda does); false if some still run after {@code timeout}.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (ExecutorService threads : List.copyOf(draining)) {
            if (!threads.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
            draining.remove(threads);
        }
        return true;
    }

    /** Settings of an {@link Executor}; only the task runner is required. */
    public static final class Builder {
        private final TaskRunner taskRunner;
        private Waits sleeper = Waits.system();
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
        private Clock clock = Clock.systemUTC();
        private int maxParallelism = 16;
        private Duration timeoutUnit = Duration.ofSeconds(1);
        private final List<ExecutionListener> listeners = new ArrayList<>();
        private boolean strict = true;
        private ObjectSource objects;
        private long historyEventLimit = HistoryBudget.MAX_EVENTS;

        private Builder(TaskRunner taskRunner) {
            this.taskRunner = Objects.requireNonNull(taskRunner, "taskRunner");
        }

        public Builder sleeper(Waits sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Uniform random numbers in [0, 1) for {@code JitterStrategy: FULL}. */
        public Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /** The clock of history timestamps and {@code $$} times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The most iterations one Map state runs at once locally (default 16); a Map's own
         * {@code MaxConcurrency} lowers it further, and 0 there means "up to this limit".
         */
        public Builder maxParallelism(int maxParallelism) {
            if (maxParallelism < 1) {
                throw new IllegalArgumentException("maxParallelism must be at least 1, not " + maxParallelism);
            }
            this.maxParallelism = maxParallelism;
            return this;
        }

        /** How long one second of a Task's {@code TimeoutSeconds} lasts (default one second). */
        public Builder timeoutUnit(Duration timeoutUnit) {
            if (timeoutUnit.isNegative() || timeoutUnit.isZero()) {
                throw new IllegalArgumentException("timeoutUnit must be positive, not " + timeoutUnit);
            }
            this.timeoutUnit = timeoutUnit;
            return this;
        }

        /**
         * Strict (the default) is as harsh as Step Functions: a Map whose iteration fails fails at
         * once and its Catch runs while sibling iterations' running tasks go on to their end.
         * Lenient waits for those tasks first; only tests that say why use it.
         */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * The history events an execution may have before it fails with {@code States.Runtime}
         * (default 25,000, Step Functions' quota); tests lower it to reach that failure quickly.
         */
        public Builder historyEventLimit(long limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("historyEventLimit must be positive, not " + limit);
            }
            this.historyEventLimit = limit;
            return this;
        }

        /** Where a Distributed Map's {@code ItemReader} reads S3 objects; without it such a Map fails with {@code States.ItemReaderFailed}. */
        public Builder objects(ObjectSource objects) {
            this.objects = Objects.requireNonNull(objects, "objects");
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Executor build() {
            return new Executor(this);
        }
    }
}
