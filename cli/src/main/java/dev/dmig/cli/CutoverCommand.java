package dev.dmig.cli;

import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.FollowedRun;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.cli.runs.RunOrigin;
import dev.dmig.cli.runs.Where;
import dev.dmig.cli.views.Following;
import dev.dmig.report.Numbers;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cutover", sortOptions = false,
        header = "Ends a run that follows its source: the last changes applied, the target checked, the run finished.",
        description = {"For a run started with dmig migrate --follow: waits until the run's lag (about the age of the "
                        + "oldest source change not applied yet) is at most --max-lag, then asks the run to end following; "
                        + "the run applies every change made up to then, checks the target against the source as it is "
                        + "then, item by item, and ends. This waits for that end and prints it. Pause the application's "
                        + "writes to the source first: a write after the cut-over is not followed."})
final class CutoverCommand implements Callable<Integer> {
    /** How often the run's checkpoints and manifest are read again while waiting. */
    private static final Duration POLL = Duration.ofMillis(300);

    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run that follows its source.")
    String runId;

    @Option(names = "--max-lag", paramLabel = "DURATION", defaultValue = "2s", converter = Lag.class,
            description = "Ask for the cut-over once the run is at most this far behind its source (default: ${DEFAULT-VALUE}; "
                    + "e.g. 500ms, 2s, 1m).")
    Duration maxLag;

    @Override
    public Integer call() {
        return FollowUp.onArtifacts(where, runId, this::cutOver);
    }

    private int cutOver(ArtifactStore artifacts) {
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> whyNot = FollowedRun.whyNot(artifacts, runId, "cut over");
        if (whyNot.isPresent()) {
            return refuse(whyNot.get());
        }
        Optional<RunOrigin> gone = gone();
        if (gone.isPresent()) {
            return refuse("run " + runId + " is not running: its dmig process (" + gone.get().pid() + ") ended before the run did; "
                    + "take it up again with " + resume() + ", then cut over");
        }
        boolean said = false;
        while (true) {
            if (gone().isPresent()) {
                return refuse("run " + runId + " stopped running while this waited for it to catch up: its dmig process ended; "
                        + "take it up again with " + resume() + ", then cut over");
            }
            FollowStatus status = FollowStatus.read(artifacts, runId).orElseThrow();
            Duration lag = status.lag(Instant.now());
            if (lag.compareTo(maxLag) <= 0 || ended(artifacts)) {
                break;
            }
            if (!said) {
                out.println("waiting for run " + runId + " to catch up: " + Numbers.seconds(lag.toMillis() / 1000.0)
                        + " behind its source (at most " + Numbers.seconds(maxLag.toMillis() / 1000.0) + " asked)");
                out.flush();
                said = true;
            }
            pause();
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("askedAt", Instant.now().toString());
        request.put("maxLagMillis", maxLag.toMillis());
        artifacts.putJson(RunLayout.cutover(runId), request);
        out.println("cut-over asked: run " + runId + " applies the source's changes made until now, checks the target, and ends");
        out.flush();
        java.util.List<String> held = java.util.List.of();
        while (!ended(artifacts)) {
            java.util.List<String> now = FollowStatus.read(artifacts, runId).map(status -> Following.held(status, runId, options()))
                    .orElse(java.util.List.of());
            if (!now.isEmpty() && !now.equals(held)) {
                // Said once per set of keys held: the run waits for the team, and so does this command.
                now.forEach(out::println);
                out.flush();
            }
            held = now;
            pause();
            if (!ended(artifacts) && gone().isPresent()) {
                out.println("STOPPED  run " + runId + ": its dmig process ended before the cut-over did; the cut-over stays "
                        + "asked: " + resume() + " takes the run up again, and it cuts over");
                return ExitCode.FAILED;
            }
        }
        return ended(out, artifacts);
    }

    private int ended(PrintWriter out, ArtifactStore artifacts) {
        RunManifest run = manifest(artifacts).orElseThrow();
        Optional<FollowStatus> following = FollowStatus.read(artifacts, runId);
        long applied = following.map(FollowStatus::applied).orElse(0L);
        long conflicts = following.map(FollowStatus::conflicts).orElse(0L);
        long edited = following.map(FollowStatus::edited).orElse(0L);
        java.util.List<String> left = new java.util.ArrayList<>(2);
        if (conflicts > 0) {
            left.add(Numbers.count(conflicts) + " at production's own records");
        }
        if (edited > 0) {
            left.add(Numbers.count(edited) + " at records production changed since the run wrote them");
        }
        if (run.status() == dev.dmig.run.RunStatus.SUCCEEDED) {
            out.println("SUCCEEDED  run " + runId + ": cut over; " + Numbers.count(applied) + " source changes followed after "
                    + "the copy" + (left.isEmpty() ? "" : " (" + String.join(", ", left) + ": left as production has them)")
                    + ", the target checked against the source as it is now");
            following.ifPresent(status -> status.tables().forEach(table -> {
                if (!table.left().isEmpty()) {
                    out.println("  left in " + table.table() + ": " + String.join("; ", table.left())
                            + (table.conflicts() + table.edited() > table.left().size() ? "; ..." : ""));
                }
            }));
            return ExitCode.OK;
        }
        out.println(run.status().text().toUpperCase(java.util.Locale.ROOT).replace('-', ' ') + "  run " + runId
                + (run.failure() == null ? "" : ": " + Outcome.why(run.failure().error(), run.failure().cause())));
        return ExitCode.FAILED;
    }

    /**
     * The record of the run's dmig process when that process, on this machine, has ended while the run has not (killed, or
     * stopped): nothing follows the source or ends the run until it is resumed. Empty for a run on AWS, on another
     * machine, or whose process cannot be told apart from others.
     */
    private Optional<RunOrigin> gone() {
        if (where.onAws()) {
            return Optional.empty();
        }
        return RunOrigin.local(where.dataDir(), runId).filter(origin -> !origin.aws() && origin.pid() != null
                && origin.processStart() != null && origin.runningProcess().isEmpty());
    }

    private String resume() {
        return "dmig resume --run " + runId + options();
    }

    /** What a command printed for later carries after {@code --run ID}. */
    private String options() {
        return where.followUpOptions().isEmpty() ? "" : " " + String.join(" ", where.followUpOptions());
    }

    private Optional<RunManifest> manifest(ArtifactStore artifacts) {
        return RunArtifacts.in(artifacts).manifest(runId);
    }

    private boolean ended(ArtifactStore artifacts) {
        return manifest(artifacts).map(m -> m.status().terminal()).orElse(true);
    }

    private int refuse(String message) {
        spec.commandLine().getErr().println("error: " + message);
        return ExitCode.INVALID;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run", e);
        }
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}: a lag a person types. */
    static final class Lag implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m)");

        @Override
        public Duration convert(String value) {
            Matcher matcher = FORM.matcher(value.trim());
            if (!matcher.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is no lag: write it as 500ms, 2s or 1m");
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
    }
}
