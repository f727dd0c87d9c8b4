package dev.dmig.cli.runs;

import dev.dmig.executor.ExecutionListener;
import dev.dmig.executor.StateRecord;
import dev.dmig.local.LocalRunner;
import dev.dmig.migrate.WrittenSoFar;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What Ctrl-C (SIGINT), or the SIGTERM of {@code kill} or {@code dmig stop}, does to a run executing in this process:
 * stops its execution as {@code dmig stop} stops one on AWS — no state starts after it, none is retried, caught or
 * rolled back, and the journal and checkpoints keep what was written — and prints, in two lines, what was done and
 * the commands that go on from there. A shutdown hook while the execution runs. SIGKILL gives no such chance; the run
 * is as safe without it, only not told about.
 */
public final class LocalStop implements ExecutionListener, AutoCloseable {
    /** How long the count of items written may take before the lines are printed without it. */
    private static final long COUNT_MILLIS = 10_000;
    /** How long the tasks in flight may take to hand back; past it the process ends anyway, as after a SIGKILL. */
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final PrintWriter out;
    private final ArtifactStore artifacts;
    private final ItemStore items;
    private final String mode;
    private final String runId;
    private final String options;
    private final Thread hook = new Thread(this::stop, "dmig-stop");
    private volatile LocalRunner runner;
    private volatile String state;
    private volatile boolean requested;
    /** Counted down once the interrupt's lines are printed. */
    private final CountDownLatch printed = new CountDownLatch(1);

    private LocalStop(PrintWriter out, ArtifactStore artifacts, ItemStore items, String mode, String runId, List<String> options) {
        this.out = out;
        this.artifacts = artifacts;
        this.items = items;
        this.mode = mode;
        this.runId = runId;
        this.options = options.isEmpty() ? "" : " " + String.join(" ", options);
    }

    /**
     * Stops run {@code runId}'s execution on an interrupt until closed; {@code options} go into the commands it prints;
     * {@code items}: where the run's pages under way are read, to count what they wrote.
     */
    public static LocalStop install(PrintWriter out, ArtifactStore artifacts, ItemStore items, String mode, String runId,
                             List<String> options) {
        LocalStop stop = new LocalStop(out, artifacts, items, mode, runId, options);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** The runner whose execution an interrupt stops. */
    void attach(LocalRunner executing) {
        this.runner = executing;
    }

    /** Whether an interrupt stopped the execution (its lines are then printed by the interrupt, not by the command). */
    public boolean requested() {
        return requested;
    }

    @Override
    public void stateEntered(StateRecord record) {
        if (record.iterationPath().isEmpty()) {
            state = record.stateName();
        }
    }

    private void stop() {
        requested = true;
        LocalRunner executing = runner;
        if (executing != null) {
            executing.stop("stopped by an interrupt (Ctrl-C or kill) so that it can be resumed or rolled back");
            // The embedded stores live in this process: the JVM must not end while a task is writing to them, or a
            // half-sent object could be stored. The tasks save their checkpoints at their next page.
            executing.awaitIdle(SETTLE);
        }
        out.println();
        lines().forEach(out::println);
        out.flush();
        printed.countDown();
    }

    /**
     * Waits until the interrupt's lines are printed: they read the run's stores, which the command closes once it
     * returns, while the JVM ends.
     */
    public void awaitPrinted() {
        try {
            printed.await(SETTLE.toMillis() + 2 * COUNT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What was done, and what to run next: two lines. */
    List<String> lines() {
        String run = " --run " + runId + options;
        String where = state == null ? "" : " in " + state;
        String verdict = "STOPPED  run " + runId + " (" + mode + ")" + where + ": ";
        return switch (mode) {
            case "full" -> List.of(verdict + written() + "; nothing was rolled back, the target stays locked for this run",
                    "next: dmig resume" + run + " continues it; " + rollback() + " undoes it");
            case "test" -> List.of(verdict + written() + "; nothing was rolled back",
                    "next: " + rollback() + " undoes what it wrote");
            case "rollback" -> List.of(verdict + "the rollback was under way; what it restored stays restored",
                    "next: " + rollback() + " finishes undoing the run (it is safe to repeat)");
            case "validate" -> List.of(verdict + "validation writes to no table", "next: dmig validate" + run
                    + " validates the run again");
            default -> List.of(verdict + "an analysis writes to no table", "next: nothing to undo; run the analysis again when you need it");
        };
    }

    /**
     * The command that rolls the run back as it now stands (stopped in Finalize, it passed its validation: then with
     * {@code --confirm}); with it whatever the run's status when the run cannot be read in time, as it works for any.
     */
    private String rollback() {
        try {
            return CompletableFuture.supplyAsync(() -> RollbackCommandLine.of(artifacts, runId, "", options))
                    .get(COUNT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException unreadable) {
            return RollbackCommandLine.of(runId, "", options, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RollbackCommandLine.of(runId, "", options, true);
        }
    }

    /**
     * The items the run wrote, from its checkpoints and, for the pages journaled but not checkpointed, the target's items
     * at their keys (its tasks have handed back by now), unless they take too long to read.
     */
    private String written() {
        try {
            return CompletableFuture.supplyAsync(() -> WrittenSoFar.of(artifacts, items, runId).describe())
                    .get(COUNT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException unreadable) {
            return "what was written so far is journaled";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "what was written so far is journaled";
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The interrupt came: the hook runs.
        }
    }
}
