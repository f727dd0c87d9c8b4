package dev.dmig.cli.runs;

import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.aws.MapRun;
import dev.dmig.aws.MapRunListener;
import dev.dmig.aws.MapRunsUnreadableException;
import dev.dmig.executor.ExecutionListener;
import dev.dmig.executor.StateRecord;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.report.Numbers;
import dev.dmig.store.ArtifactStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Follows an execution — run here, or on AWS as its history shows it: one line per finished
 * top-level step, and while tables are being copied, a progress bar fed from the segment
 * checkpoints (on a terminal) or a line per level. On AWS also a line each time a Distributed Map
 * run's counts change; under the bar those wait until it closes, and only each run's last shows.
 * A failed step is shown once, however often it was retried, and not when a Fail state ends the
 * run right after it: the verdict says that ending, with any list of problems on stdout.
 */
public final class ProgressView implements ExecutionListener, MapRunListener, AutoCloseable {
    private final PrintWriter err;
    private final ArtifactStore artifacts;
    private final String runId;
    private final boolean bars;
    private final Duration pollEvery;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dmig-progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ProgressBar bar;
    private volatile ScheduledFuture<?> polling;
    private volatile long totalItems;
    private final Throttling throttling = new Throttling();
    /** Map run lines held back while the bar draws, by map run ARN (the latest of each). */
    private final Map<String, String> held = new LinkedHashMap<>();
    /** A failed step's line, held until the next state shows whether the run ends in a Fail state there. */
    private String failure;
    /** The failure lines shown, so that a retried step failing alike is shown once. */
    private final Set<String> failures = new HashSet<>();

    public ProgressView(PrintWriter err, ArtifactStore artifacts, String runId, boolean bars) {
        this(err, artifacts, runId, bars, Duration.ofMillis(300));
    }

    /** {@code pollEvery}: how often the bar re-reads the checkpoints (each read lists and gets them all). */
    public ProgressView(PrintWriter err, ArtifactStore artifacts, String runId, boolean bars, Duration pollEvery) {
        this.err = err;
        this.artifacts = artifacts;
        this.runId = runId;
        this.bars = bars;
        this.pollEvery = pollEvery;
    }

    @Override
    public void stateEntered(StateRecord record) {
        if (record.iterationPath().isEmpty()) {
            failureFollowedBy(record.stateType());
        }
        if (record.iterationPath().isEmpty() && record.stateName().equals(StateNames.MIGRATE_LEVELS)) {
            totalItems = RunArtifacts.in(artifacts).analysis(runId).map(a -> a.totals().items()).orElse(0L);
            if (bars && totalItems > 0) {
                bar = new ProgressBarBuilder().setTaskName("Copying").setInitialMax(totalItems)
                        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" items", 1).showSpeed()
                        .setUpdateIntervalMillis(250).continuousUpdate().build();
                polling = poller.scheduleWithFixedDelay(this::poll, pollEvery.toMillis(), pollEvery.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public synchronized void stateExited(StateRecord record) {
        if (record.iterationPath().size() == 1 && record.stateName().equals(StateNames.MIGRATE_TABLES) && bar == null) {
            line("level " + (record.iterationPath().get(0) + 1) + " copied");
            return;
        }
        if (!record.iterationPath().isEmpty() || record.stateType().equals("Choice") || record.stateType().equals("Pass")) {
            return;
        }
        if (record.stateName().equals(StateNames.MIGRATE_LEVELS)) {
            stopBar();
        }
        if (record.stateType().equals("Task") || record.stateType().equals("Map")) {
            Duration took = Duration.between(record.start(), record.end());
            String detail = record.stateName().equals(StateNames.ANALYZE) && record.output() != null
                    && !record.output().path("done").asBoolean(true) ? " (continues)"
                    : record.stateName().equals(StateNames.EXPORT_ID_MAPS) ? " (after the run's verdict: not in its time)" : "";
            line("ok   " + Format.pad(record.stateName() + " ", 20) + Numbers.seconds(took.toMillis() / 1000.0) + detail);
        }
    }

    @Override
    public synchronized void stateFailed(StateRecord record) {
        if (record.iterationPath().isEmpty()) {
            if (record.stateName().equals(StateNames.MIGRATE_LEVELS)) {
                stopBar();
            }
            if (!record.stateType().equals("Fail")) {
                showFailure();
                failure = "FAIL " + Format.pad(record.stateName() + " ", 20) + Outcome.why(record.error(), record.cause());
            }
        }
    }

    /** The held failure, shown unless a Fail state ({@code stateType}) ends the run on it: the verdict says that. */
    private synchronized void failureFollowedBy(String stateType) {
        if (stateType.equals("Fail")) {
            failure = null;
        } else {
            showFailure();
        }
    }

    private synchronized void showFailure() {
        if (failure != null && failures.add(failure)) {
            Format.wrap(failure, " ".repeat(25)).forEach(this::line);
        }
        failure = null;
    }

    @Override
    public synchronized void mapRunChanged(MapRun run) {
        // The Map state's input names the table it copies (MigrateTables gives it {"table": {"table": ...}}).
        String table = run.state() == null || run.state().input() == null ? null
                : run.state().input().path("table").path("table").asText(null);
        show(run.arn(), run.name() + " map run" + (table == null ? "" : " (" + table + ")")
                + (run.running() ? "" : " " + run.status()) + ": " + run.items().text());
    }

    @Override
    public synchronized void mapRunsUnreadable(MapRunsUnreadableException why) {
        show("", "(" + why.getMessage() + ")");
    }

    private void show(String key, String text) {
        if (bar != null) {
            held.put(key, text);
        } else {
            line(text);
        }
    }

    private void poll() {
        ProgressBar current = bar;
        if (current == null) {
            return;
        }
        long done = 0;
        Map<String, Long> refused = new TreeMap<>();
        try {
            for (Checkpoint checkpoint : Checkpoint.all(artifacts, runId)) {
                done += checkpoint.itemsRead();
                refused.merge(checkpoint.model(), checkpoint.unprocessedRetries(), Long::sum);
            }
        } catch (RuntimeException unreadable) {
            // A bucket this user may not read (on AWS): the bar stays where it was; the run is unaffected.
            return;
        }
        current.stepTo(Math.min(done, totalItems));
        List<String> throttled = throttling.now(refused);
        current.setExtraMessage(throttled.isEmpty() ? "" : "throttled: " + String.join(", ", throttled));
    }

    private synchronized void stopBar() {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
        if (bar != null) {
            poll();
            bar.close();
            bar = null;
        }
        held.values().forEach(this::line);
        held.clear();
    }

    private void line(String text) {
        err.println("  " + text);
        err.flush();
    }

    @Override
    public void close() {
        showFailure();
        stopBar();
        poller.shutdownNow();
    }
}
