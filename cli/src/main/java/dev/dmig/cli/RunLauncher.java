package dev.dmig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.aws.AwsEnvironment;
import dev.dmig.aws.DeployedStateMachine;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.LocalStop;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.cli.runs.PlanEndpoints;
import dev.dmig.cli.runs.ProgressView;
import dev.dmig.cli.runs.RunOrigin;
import dev.dmig.cli.runs.Session;
import dev.dmig.cli.runs.Terminal;
import dev.dmig.cli.runs.Where;
import dev.dmig.cli.views.Verdicts;
import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.executor.Execution;
import dev.dmig.executor.ExecutionStatus;
import dev.dmig.json.Json;
import dev.dmig.local.LocalEnvironment;
import dev.dmig.local.LocalRunner;
import dev.dmig.migrate.ConflictsFoundException;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import dev.dmig.report.Numbers;
import dev.dmig.rollback.Recovery;
import dev.dmig.run.ConfirmationRequiredException;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.StoreUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a command that starts an execution is made with (a picocli mixin): where it runs ({@link Where}), how it reports
 * ({@code --output}); it starts the execution there, in this process or on AWS, follows it to its end and has it told
 * ({@link Verdicts}), returning the exit code.
 */
final class RunLauncher {
    /** Who answers confirmation questions; given per command line by {@link Dmig#execute}. */
    Terminal terminal = Terminal.system();

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @picocli.CommandLine.Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default, for people) or json: one JSON document on standard output, for machines.")
    String output;

    /** The identity map the run's plan names, uploaded with it for the run to freeze; null when it names none. */
    byte[] identities;

    /** The DynamoDB endpoints the new run's plan names, reached before it starts; null for a command on an earlier run. */
    PlanEndpoints endpoints;

    /** What the command adds above the verdict once the run ended; nothing unless it says. */
    Verdicts.Afterward afterward = Verdicts.Afterward.NONE;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Progress bars only on an interactive terminal; logs and tests get plain lines. */
    @SuppressWarnings("SystemConsoleNull") // dmig runs on Java 17, where System.console() is null without a terminal
    boolean bars() {
        return System.console() != null && !Boolean.getBoolean("dmig.noBars");
    }

    static ObjectNode input(String mode, String runId) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", mode);
        input.put("runId", runId);
        return input;
    }

    /**
     * The input of a run of {@code mode} by the plan {@code options} name, over {@code slice}'s roots if any: the plan read
     * and checked now, its identity map and endpoints kept for the run's start.
     */
    ObjectNode input(String mode, String runId, PlanOptions options, SliceOptions slice) {
        ObjectNode input = input(mode, runId);
        input.set("config", options.plan(where));
        identities = options.identities;
        endpoints = options.endpoints;
        slice.addTo(input);
        return input;
    }

    /**
     * Runs one execution where the options say — in this process, or on AWS with {@code --aws} —
     * prints what it did and a last line with the verdict and run ID; returns the exit code.
     */
    int start(String mode, String executionName, String runId, ObjectNode input) {
        if (where.onAws()) {
            return onAws(mode, executionName, runId, input);
        }
        try (Session session = open(input)) {
            return runAndReport(session, mode, executionName, runId, input);
        }
    }

    /**
     * {@link #start}, what it prints on standard output held in {@code held} instead (its progress on standard error goes
     * on): for a run the command makes on its way, whose report is said only when it matters.
     */
    int startHeld(String mode, String executionName, String runId, ObjectNode input, java.io.StringWriter held) {
        picocli.CommandLine line = spec.commandLine();
        PrintWriter out = line.getOut();
        line.setOut(new PrintWriter(held, true));
        try {
            return start(mode, executionName, runId, input);
        } finally {
            line.getOut().flush();
            line.setOut(out);
        }
    }

    /**
     * The stores where the options say, for a run of {@code input}: when its plan names DynamoDB endpoints, each is
     * reached first, and one where no DynamoDB answers refuses the run before anything of it is written.
     */
    Session open(ObjectNode input) {
        Session session = Session.open(where);
        try {
            if (endpoints != null && input.has("config")) {
                MigrationPlan plan = PlanParser.parse(Json.bytes(input.get("config")));
                // Reached as the run reaches it: a side's role is assumed under the run's session name.
                endpoints.reach(session.services().items(), input.hasNonNull("runId") ? plan.forRun(input.get("runId").asText()) : plan);
            }
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Runs one execution on an earlier run (resume, rollback, validate) where the run's record says it runs: an option
     * that says otherwise is refused, and the run's stores must answer and hold it — its tables too, as far as
     * {@code needs} says — before anything starts. A resumed run keeps the backup choice it was started with.
     */
    int startOnRun(String mode, String executionName, String runId, ObjectNode input, FollowUp.Needs needs) {
        Optional<RunOrigin> local = FollowUp.follow(where, runId);
        if (where.onAws()) {
            keepBackupChoice(mode, input, local);
            return onAws(mode, executionName, runId, input);
        }
        try (FollowUp.Opened opened = FollowUp.open(where, local, runId, needs)) {
            keepBackupChoice(mode, input, opened.origin());
            // This process runs the run now: dmig stop finds it by the record.
            opened.origin().ifPresent(origin -> origin.inThisProcess().saveLocally(where.dataDir(), err()));
            return runAndReport(opened.session(), mode, executionName, runId, input, List.of(), opened.origin());
        }
    }

    private static void keepBackupChoice(String mode, ObjectNode input, Optional<RunOrigin> origin) {
        if (mode.equals("full") && origin.map(RunOrigin::noBackup).orElse(false)) {
            input.put("backup", false);
        }
    }

    /** Runs one execution in this process, prints what it did and a last line with the verdict and run ID; returns the exit code. */
    int runAndReport(Session session, String mode, String executionName, String runId, ObjectNode input) {
        return runAndReport(session, mode, executionName, runId, input, List.of());
    }

    /** The same, with lines shown just before the verdict (the verdict stays the last line). */
    int runAndReport(Session session, String mode, String executionName, String runId, ObjectNode input, List<String> hints) {
        return runAndReport(session, mode, executionName, runId, input, hints, Optional.empty());
    }

    private int runAndReport(Session session, String mode, String executionName, String runId, ObjectNode input,
                             List<String> hints, Optional<RunOrigin> origin) {
        ArtifactStore artifacts = session.services().artifacts();
        Optional<MigrationPlan> plan = RunOrigin.plan(artifacts, input, runId);
        String tables = origin.map(RunOrigin::tables).orElseGet(() -> RunOrigin.tables(session.environment(), plan));
        err().println("dmig " + mode + ": run " + runId + " on " + tables + "; artifacts in " + session.environment().artifacts());
        if (input.has("config") && !input.path("resume").asBoolean(false)) {
            RunOrigin.started(where, mode, runId, input, tables).record(artifacts, where.dataDir(), err());
        }
        if (mode.equals("full") && !input.has("backup") && targetEmbedded(session, plan)) {
            // DynamoDB Local has neither point-in-time recovery nor backups: say so rather than fail.
            input.put("backup", false);
            err().println("backup check skipped: the embedded DynamoDB Local has no backups");
        }
        err().flush();
        uploadIdentities(artifacts, runId, input);
        try (LocalStop stop = LocalStop.install(out(), artifacts, session.services().items(), mode, runId,
                where.followUpOptions())) {
            Execution execution = session.execute(executionName, runId, input, err(), bars(), stop);
            debug(execution);
            if (stop.requested()) {
                // The interrupt says what was done and what to run next, reading the stores: they stay open until it has.
                stop.awaitPrinted();
                return ExitCode.FAILED;
            }
            Outcome outcome = execution.status() == ExecutionStatus.ABORTED
                    ? Outcome.of(execution.status().name(), null, execution.error(), execution.cause()) : Outcome.of(execution);
            return report(outcome, mode, runId, artifacts, hints);
        }
    }

    /** Whether the run's target tables are in the embedded DynamoDB Local (no plan side of their own elsewhere). */
    private static boolean targetEmbedded(Session session, Optional<MigrationPlan> plan) {
        return session.environment().embeddedDynamoDb() && plan.map(p -> p.targetAccount().own()).orElse(true);
    }

    /**
     * Starts the execution on the deployed state machine with the input a local run gets — but
     * the plan goes to the bucket as {@code config/<runId>.json} and the input names it as
     * {@code configKey} — then follows it to its end and reports it from its history and the
     * run's artifacts, exactly as a local run is reported.
     */
    private int onAws(String mode, String executionName, String runId, ObjectNode input) {
        for (String side : List.of("source", "target")) {
            JsonNode endpoint = input.path("config").path(side).path("endpoint");
            if (!endpoint.isMissingNode()) {
                throw new IllegalArgumentException("the plan's " + side + ".endpoint (" + endpoint.asText() + ") is for local runs:"
                        + " on AWS the functions reach each side through its region and roleArn");
            }
            JsonNode pool = input.path("config").path(side).path("userPoolEndpoint");
            if (!pool.isMissingNode()) {
                throw new IllegalArgumentException("the plan's " + side + ".userPoolEndpoint (" + pool.asText() + ") is for local "
                        + "runs: on AWS the functions read the stack's user pools in their regions");
            }
        }
        try (AwsEnvironment aws = AwsEnvironment.open(where.awsTarget(), Where.pollInterval())) {
            DeployedStateMachine machine = aws.stateMachine();
            ArtifactStore artifacts = aws.artifacts();
            // Checks the ARN and the execution name before anything is uploaded or started.
            machine.nesting();
            machine.checkNameFree(executionName);
            err().println("dmig " + mode + ": run " + runId + " on " + aws.description());
            if (input.has("config") && !input.path("resume").asBoolean(false)) {
                RunOrigin.startedOnAws(where.awsTarget(), aws.bucket(), mode, runId, input).recordLocally(artifacts, where.dataDir(), err());
            }
            JsonNode plan = input.remove("config");
            String key = plan == null ? null : planKey(runId);
            if (key != null) {
                artifacts.put(key, Json.bytes(plan), "application/json");
                input.put("configKey", key);
                err().println("  plan uploaded to s3://" + aws.bucket() + "/" + key);
            }
            uploadIdentities(artifacts, runId, input);
            String executionArn;
            try {
                executionArn = machine.start(executionName, input);
            } catch (RuntimeException notStarted) {
                // The name was free a moment ago, so the key is this run's own: leave no plan behind that no run reads.
                for (String uploaded : new String[] {key, input.path("identitiesKey").textValue()}) {
                    if (uploaded != null) {
                        try {
                            artifacts.delete(uploaded);
                        } catch (RuntimeException alsoFailed) {
                            notStarted.addSuppressed(alsoFailed);
                        }
                    }
                }
                throw notStarted;
            }
            err().println("  execution " + executionArn);
            err().println("  following it here: Ctrl-C stops following, not the execution (dmig stop --aws --run " + runId
                    + " stops it)");
            err().flush();
            DeployedStateMachine.Followed followed = follow(machine, executionArn, runId, artifacts);
            store(artifacts, RunLayout.history(runId, executionName), followed.execution());
            debug(followed.execution());
            List<String> path = followed.execution().path();
            Outcome outcome = Outcome.of(followed.status(), path.isEmpty() ? null : path.get(path.size() - 1),
                    followed.execution().error(), followed.execution().cause());
            return report(outcome, mode, runId, artifacts, List.of());
        }
    }

    /** With --debug, a failed execution's error as the state machine has it: its Java type and whole cause (a stack trace). */
    private void debug(Execution execution) {
        if (execution.error() != null && Dmig.debug(spec.root().commandLine().getParseResult())) {
            err().println("debug: error " + execution.error() + ", cause " + execution.cause());
            err().flush();
        }
    }

    /** Keeps the history with the run, as a local run does, for dmig report's path; the run is unaffected if it cannot. */
    private void store(ArtifactStore artifacts, String key, Execution execution) {
        try {
            artifacts.putJson(key, LocalRunner.history(execution));
        } catch (SdkException | StoreUnavailableException unwritable) {
            err().println("  (the execution's history was not stored as " + key + ": " + unwritable.getMessage() + ")");
        }
    }

    /** Puts the plan's identity map where the run reads it when it opens (one key per run), and names it in the input. */
    private void uploadIdentities(ArtifactStore artifacts, String runId, ObjectNode input) {
        if (identities != null) {
            String key = RunLayout.identitiesUpload(runId);
            artifacts.put(key, identities, "text/csv");
            input.put("identitiesKey", key);
        }
    }

    /** The key the plan of a run started with --aws is uploaded to: one per run, so runs never share or overwrite a plan. */
    static String planKey(String runId) {
        return "config/" + runId + ".json";
    }

    private DeployedStateMachine.Followed follow(DeployedStateMachine machine, String executionArn, String runId,
                                                 ArtifactStore artifacts) {
        // On Ctrl-C the JVM exits while following; say that the execution goes on, and how to reach it.
        Thread notice = new Thread(() -> {
            err().println();
            err().println("dmig: stopped following " + executionArn + "; the execution goes on in Step Functions "
                    + "(dmig status --aws lists it; dmig stop --aws --run " + runId + " stops it)");
            err().flush();
        });
        Runtime.getRuntime().addShutdownHook(notice);
        // Each poll of the bar lists and reads every checkpoint in S3: every few seconds is plenty.
        try (ProgressView progress = new ProgressView(err(), artifacts, runId, bars(), Duration.ofSeconds(3))) {
            return machine.follow(executionArn, List.of(progress), progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following " + executionArn + "; the execution goes on", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(notice);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting: the notice runs.
            }
        }
    }

    /** Prints the summaries of a finished execution and the verdict line; returns the exit code. */
    int report(Outcome outcome, String mode, String runId, ArtifactStore artifacts, List<String> hints) {
        return new Verdicts(out(), where, output, afterward).report(outcome, mode, runId, artifacts, hints);
    }
}
