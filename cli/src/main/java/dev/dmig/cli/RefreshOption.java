package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.aws.AwsEnvironment;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.RollbackCommandLine;
import dev.dmig.cli.runs.RunIds;
import dev.dmig.cli.runs.Session;
import dev.dmig.cli.runs.Where;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * {@code --refresh}, for the commands that analyze or migrate a plan: the new run replaces the earlier runs' copy in the
 * same target environment. Before it starts, every earlier run of the artifacts that wrote into the plan's target (its
 * table suffix, which the target's lock is taken by) and is not rolled back is undone, newest first, each by the
 * rollback {@code dmig rollback --run ID} starts, as a refresh: the run's records someone changed since are its copies
 * too, and undone. A dry run only says which.
 */
final class RefreshOption {
    @Option(names = "--refresh", description = {"Replace the earlier runs' copy in the plan's target first: undo every "
            + "earlier run into the same target environment (its table suffix) that is not rolled back, newest first, "
            + "records edited there since included, then run. The target's own records, which no run wrote, stay. With "
            + "analyze: say which runs it would undo."})
    boolean refresh;

    /** What a refresh undoes: the earlier runs to undo, newest first, or why it cannot (one line). */
    record Earlier(List<RunManifest> runs, String refused) {}

    /**
     * The runs of {@code manifests} that wrote into {@code targetSuffix} and are not rolled back, newest first; refused
     * when one of them has not ended (it may be running: it is stopped or resumed first), or when the new run's ID is
     * taken. {@code options}: what a command printed for the user carries after its {@code --run ID}.
     */
    static Earlier earlier(Map<String, RunManifest> manifests, String targetSuffix, String newRunId, String options) {
        if (newRunId != null && manifests.containsKey(newRunId)) {
            return new Earlier(List.of(), "run " + newRunId + " already exists; give the new run another ID (or leave --run "
                    + "out); nothing was written");
        }
        List<RunManifest> runs = manifests.values().stream()
                .filter(run -> run.mode().writes() && targetSuffix.equals(run.targetSuffix()))
                .filter(run -> run.status() != RunStatus.ROLLED_BACK && run.status() != RunStatus.REFUSED)
                .sorted(Comparator.comparing(RunManifest::createdAt).reversed())
                .toList();
        for (RunManifest run : runs) {
            if (!run.status().terminal() && run.status() != RunStatus.VALIDATED) {
                String id = run.runId();
                return new Earlier(runs, "run " + id + " into *" + targetSuffix + " has not ended (status " + run.status().text()
                        + "): let it end, or stop it (dmig stop --run " + id + options + "), then resume it (dmig resume --run "
                        + id + options + ") or roll it back (dmig rollback --run " + id + options + "), and refresh again; "
                        + "nothing was written");
            }
        }
        return new Earlier(runs, null);
    }

    /** What the earlier runs into the target of {@code input}'s plan are, read from the artifacts {@code launcher} reaches. */
    private static Earlier earlier(RunLauncher launcher, ObjectNode input, String newRunId) {
        String suffix = PlanParser.parse(Json.bytes(input.get("config"))).targetSuffix();
        return read(launcher, artifacts -> earlier(RunFiles.manifests(artifacts, null), suffix, newRunId, options(launcher.where)));
    }

    private static String options(Where where) {
        return where.followUpOptions().isEmpty() ? "" : " " + String.join(" ", where.followUpOptions());
    }

    /** A dry run's part: which runs a refresh would undo, nothing written; false (a line said why) when it would refuse. */
    boolean preview(RunLauncher launcher, ObjectNode input, String newRunId) {
        if (!refresh) {
            return true;
        }
        Earlier earlier = earlier(launcher, input, newRunId);
        String suffix = PlanParser.parse(Json.bytes(input.get("config"))).targetSuffix();
        if (earlier.refused() != null) {
            launcher.out().println("a refresh would be refused: " + earlier.refused());
            return false;
        }
        launcher.out().println(earlier.runs().isEmpty() ? "refresh: no earlier run into *" + suffix + " to undo; a refresh just runs"
                : "refresh: a refresh would undo " + describe(earlier.runs()) + " first (newest first), records edited since "
                + "included; the conflicts below with their records go with them");
        launcher.out().flush();
        return true;
    }

    /**
     * The new run's checks, before anything is undone: a dry run of its plan ({@code dryRun}, under an ID of its own),
     * whose analysis lists what the run would be refused for in the source's data (strict mode's refusals of a masked
     * run, the data problems), which the earlier runs' copy does not change. {@link ExitCode#OK} when it lists none (or
     * stopped for another cause, which the run meets and says in turn); otherwise {@link ExitCode#REFUSED}, a line having
     * said so: nothing is undone then, and the earlier runs' copy stands.
     */
    int check(RunLauncher launcher, ObjectNode dryRun) {
        Earlier earlier = earlier(launcher, dryRun, null);
        if (earlier.refused() != null || earlier.runs().isEmpty()) {
            // Nothing to undo, or a refusal the undo says itself: nothing to check first.
            return ExitCode.OK;
        }
        String checkId = dryRun.get("runId").asText();
        launcher.err().println("refresh: checking the new run first (dry run " + checkId + "), before undoing anything");
        launcher.err().flush();
        java.io.StringWriter report = new java.io.StringWriter();
        if (launcher.startHeld("dry-run", checkId, checkId, dryRun, report) == ExitCode.OK) {
            return passed(launcher, checkId);
        }
        Function<ArtifactStore, Long> problems = artifacts -> artifacts.getJson(dev.dmig.run.RunLayout.analysis(checkId),
                dev.dmig.analysis.Analysis.class).map(analysis -> analysis.totals().problems()).orElse(0L);
        long found = read(launcher, problems);
        if (found == 0) {
            return passed(launcher, checkId);
        }
        // Its report, held until now (it speaks of the target as the earlier runs left it), says the problems.
        launcher.out().print(report);
        launcher.out().flush();
        String suffix = PlanParser.parse(Json.bytes(dryRun.get("config"))).targetSuffix();
        launcher.err().println("error: refresh refused: the new run would be refused for the " + found + (found == 1 ? " problem" : " problems")
                + " dry run " + checkId + " lists above; nothing was undone, the earlier runs' copy in *" + suffix + " stands. Fix "
                + (found == 1 ? "it" : "them") + " and refresh again");
        return ExitCode.REFUSED;
    }

    /** {@link ExitCode#OK}, a line having said the check found nothing the new run would be refused for. */
    private static int passed(RunLauncher launcher, String checkId) {
        launcher.err().println("refresh: the new run's checks refuse nothing (dry run " + checkId + ")");
        launcher.err().flush();
        return ExitCode.OK;
    }

    /** {@code read} of the artifacts {@code launcher} reaches. */
    private static <T> T read(RunLauncher launcher, Function<ArtifactStore, T> read) {
        if (launcher.where.onAws()) {
            try (AwsEnvironment aws = AwsEnvironment.open(launcher.where.awsTarget(), Where.pollInterval())) {
                return read.apply(aws.artifacts());
            }
        }
        try (Session session = Session.open(launcher.where)) {
            return read.apply(session.services().artifacts());
        }
    }

    /**
     * Undoes the earlier runs into the plan's target, newest first, each by a rollback execution as {@code dmig rollback
     * --confirm} starts it; {@link ExitCode#OK} once all are undone (or there were none). Otherwise the exit code, a line
     * having said which run, why and how to finish by hand; nothing is migrated then.
     */
    int undo(RunLauncher launcher, ObjectNode input, String newRunId) {
        Earlier earlier = earlier(launcher, input, newRunId);
        if (earlier.refused() != null) {
            launcher.err().println("error: refresh refused: " + earlier.refused());
            return ExitCode.REFUSED;
        }
        if (earlier.runs().isEmpty()) {
            return ExitCode.OK;
        }
        String suffix = earlier.runs().get(0).targetSuffix();
        launcher.err().println("refresh: undoing " + describe(earlier.runs()) + " in *" + suffix + " first, newest first");
        launcher.err().flush();
        String options = options(launcher.where);
        for (RunManifest run : earlier.runs()) {
            ObjectNode rollback = RunLauncher.input("rollback", run.runId());
            rollback.put("rollbackRunId", run.runId());
            rollback.put("confirm", true);
            rollback.put("refresh", true);
            String stopped = "REFRESH STOPPED  undoing run " + run.runId() + " did not finish (%s); nothing was migrated. Once "
                    + "the cause is fixed, finish by hand: " + RollbackCommandLine.of(run.runId(), "", options, true)
                    + ", then this command again";
            int code;
            try {
                code = launcher.startOnRun("rollback", RunIds.next() + "-rollback", run.runId(), rollback,
                        FollowUp.Needs.TARGET_TABLES);
            } catch (RuntimeException refused) {
                // Refused before it started (its stores or tables out of reach): said here, and why in the error's line.
                launcher.out().println(stopped.formatted("the next line says why"));
                launcher.out().flush();
                throw refused;
            }
            if (code != ExitCode.OK) {
                launcher.out().println(stopped.formatted("exit " + code + ", above says why"));
                return code;
            }
        }
        return ExitCode.OK;
    }

    /** The line that says what a refresh left in *{@code suffix} once it undid the earlier runs and its own run did not succeed. */
    static String afterFailure(String suffix) {
        return "refresh: the earlier runs into *" + suffix + " were undone first; it holds none of their records now, only its "
                + "own: fix the cause above and run this command again";
    }

    private static String describe(List<RunManifest> runs) {
        return (runs.size() == 1 ? "run " : runs.size() + " runs: ") + String.join(", ", runs.stream()
                .map(run -> run.runId() + " (" + run.mode().text() + ", " + run.status().text() + ")").toList());
    }
}
