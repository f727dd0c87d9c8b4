package dev.dmig.cli.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.cli.runs.AwsRuns;
import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.Launches;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.cli.runs.PlanFile;
import dev.dmig.cli.runs.RunIds;
import dev.dmig.cli.runs.RunOrigin;
import dev.dmig.cli.runs.RunTrail;
import dev.dmig.cli.runs.Throttling;
import dev.dmig.cli.runs.Where;
import dev.dmig.dashboard.Board;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.PlanParser;
import dev.dmig.report.Finalizer;
import dev.dmig.report.ReportPage;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import dev.dmig.validate.TableValidation;
import dev.dmig.validate.ValidationReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's view of the runs in one place — the embedded store, an S3-compatible server, or the deployed stack's
 * bucket with Step Functions for what runs there — read with the classes {@code dmig status} reads them with
 * ({@link RunRow}, {@link RunProgress}, {@link Throttling}, {@link RunTrail}), and its actions carried out by the dmig
 * commands themselves ({@link Launches}), after the typed confirmation the command line asks for.
 */
public final class RunBoard implements Board {
    private final ArtifactStore artifacts;
    private final String where;
    private final Where options;
    private final Launches launches;
    /** On AWS, what Step Functions says of the executions; null for runs in dmig processes. */
    private final AwsRuns aws;
    private final Map<String, Throttling> throttling = new ConcurrentHashMap<>();

    public RunBoard(ArtifactStore artifacts, String where, Where options, Launches launches, AwsRuns aws) {
        this.artifacts = artifacts;
        this.where = where;
        this.options = options;
        this.launches = launches;
        this.aws = aws;
    }

    @Override
    public String where() {
        return where;
    }

    @Override
    public ObjectNode runs() {
        ObjectNode board = Json.MAPPER.createObjectNode();
        ArrayNode runs = board.putArray("runs");
        List<RunRow> rows = new ArrayList<>(RunRow.all(artifacts, Instant.now(), List.of()));
        java.util.Collections.reverse(rows);
        if (aws != null) {
            aws.refresh();
        }
        for (RunRow row : rows) {
            RunManifest manifest = row.manifest();
            String live = live(manifest);
            ObjectNode run = header(manifest, row.status(), live).put("place", row.place()).put("seconds", row.seconds())
                    .put("why", row.why());
            if ("running".equals(live)) {
                RunProgress progress = RunProgress.of(artifacts, manifest);
                run.put("items", progress.done()).put("total", progress.total());
            } else if (manifest.progress() != null && manifest.mode() != RunMode.DRY_RUN) {
                run.put("items", manifest.progress().values().stream().mapToLong(RunManifest.TableProgress::itemsWritten).sum());
            }
            runs.add(run);
        }
        board.set("commands", launches.json(null));
        return board;
    }

    @Override
    public Optional<JsonNode> run(String runId) {
        if (!RunIds.valid(runId)) {
            return Optional.empty();
        }
        Optional<RunProgress> found = RunProgress.read(artifacts, runId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RunProgress progress = found.get();
        RunManifest manifest = progress.manifest();
        if (aws != null) {
            aws.refresh();
        }
        String status = progress.needsRollback() ? RunRow.NEEDS_ROLLBACK : manifest.status().text();
        String live = live(manifest);
        ObjectNode run = header(manifest, status, live);
        if (manifest.failure() != null) {
            run.putObject("failure").put("condition", Outcome.condition(manifest.failure().error()))
                    .put("why", Outcome.why(manifest.failure().error(), manifest.failure().cause()));
        }
        progress.recovery().ifPresent(recovery -> run.put("recovery", recovery.action() + ": " + Format.plain(recovery.reason())));
        run.set("progress", progress(progress));
        run.set("following", FollowStatus.read(artifacts, runId).map(RunBoard::following).orElse(null));
        List<JsonNode> trails = aws != null ? aws.trails(runId) : RunTrail.all(artifacts, runId);
        ArrayNode trailList = run.putArray("trails");
        for (JsonNode trail : trails) {
            if (!"running".equals(live) && trail.path("status").asText().equals("RUNNING")) {
                // Its process ended before it could say how (stopped, or killed): where it was is where it stopped.
                ((ObjectNode) trail).put("status", "STOPPED").putNull("current");
            }
            trailList.add(trail);
        }
        String execution = trails.isEmpty() ? null : trails.get(trails.size() - 1).path("execution").asText(null);
        run.set("validation", validation(manifest, execution));
        run.set("rollback", rollback(manifest, execution));
        run.put("report", RunArtifacts.in(artifacts).hasReport(runId));
        boolean running = "running".equals(live);
        boolean wrote = manifest.mode() == RunMode.FULL || manifest.mode() == RunMode.TEST;
        run.putObject("actions").put("stop", running)
                .put("resume", !running && manifest.mode() == RunMode.FULL && !manifest.status().terminal())
                .put("rollback", !running && wrote && manifest.status() != RunStatus.ROLLED_BACK
                        && manifest.status() != RunStatus.REFUSED);
        run.set("commands", launches.json(runId));
        return Optional.of(run);
    }

    @Override
    public Optional<String> report(String runId) {
        if (!RunIds.valid(runId)) {
            return Optional.empty();
        }
        return RunArtifacts.in(artifacts).manifest(runId).map(manifest -> {
            RunReport report = RunArtifacts.in(artifacts).report(runId)
                    .orElseGet(() -> new Finalizer(artifacts).report(manifest));
            return ReportPage.build(artifacts, report);
        });
    }

    @Override
    public Reply act(JsonNode action) {
        String kind = action.path("action").asText("");
        try {
            return switch (kind) {
                case "start" -> start(action);
                case "stop" -> onRun(action, "stop", false);
                case "resume" -> onRun(action, "resume", true);
                case "rollback" -> onRun(action, "rollback", true);
                default -> Reply.refused("unknown action '" + kind + "': start, stop, resume or rollback");
            };
        } catch (PlanInvalidException invalid) {
            return Reply.refused("the plan has " + invalid.problems().size() + (invalid.problems().size() == 1 ? " problem" : " problems")
                    + ", nothing was started: " + invalid.problems().get(0));
        } catch (IllegalArgumentException refused) {
            return Reply.refused(Format.plain(refused.getMessage()));
        }
    }

    /** A new run from a plan file: a dry run, a one-record test (with its parents), or a migration. */
    private Reply start(JsonNode action) {
        String mode = action.path("mode").asText("");
        if (!List.of("dry-run", "test", "full").contains(mode)) {
            return Reply.refused("mode '" + mode + "' is none of dry-run, test, full");
        }
        String file = action.path("plan").asText("").trim();
        if (file.isEmpty()) {
            return Reply.refused("name the plan file (a path on the machine the dashboard runs on)");
        }
        Path plan = Path.of(file).toAbsolutePath().normalize();
        JsonNode read = PlanFile.read(plan);
        String runId = RunIds.next();
        List<String> args = new ArrayList<>();
        switch (mode) {
            case "dry-run" -> args.addAll(List.of("analyze", "--plan", plan.toString()));
            case "test" -> {
                String table = action.path("table").asText("").trim();
                if (table.isEmpty()) {
                    return Reply.refused("a test takes its record from a table: name the model (e.g. Requests)");
                }
                args.addAll(List.of("test", "--plan", plan.toString(), "--table", table, "--limit", "1", "--with-parents"));
            }
            default -> args.addAll(List.of("migrate", "--plan", plan.toString(), "--confirm", "--yes"));
        }
        if (!mode.equals("dry-run")) {
            String environment = RunOrigin.environment(PlanParser.parse(Json.bytes(read)).targetSuffix());
            if (!typed(action, environment)) {
                return notTyped(environment, "it writes to that environment's tables");
            }
        }
        if (mode.equals("full") && action.path("noBackup").asBoolean(false)) {
            args.add("--no-backup");
        }
        args.addAll(List.of("--run", runId));
        args.addAll(options.given());
        Launches.Launch launch = launches.start(runId, args);
        return new Reply(true, "started " + launch.json().path("command").asText(), runId);
    }

    /** Stop, resume or roll back an earlier run, as {@code dmig stop|resume|rollback --run ID} does. */
    private Reply onRun(JsonNode action, String command, boolean writes) {
        String runId = action.path("runId").asText("");
        Optional<RunManifest> manifest = RunIds.valid(runId)
                ? RunArtifacts.in(artifacts).manifest(runId) : Optional.empty();
        if (manifest.isEmpty()) {
            return Reply.refused("no run '" + runId + "' in " + where);
        }
        if (writes) {
            String environment = RunOrigin.environment(manifest.get().targetSuffix());
            if (!typed(action, environment)) {
                return notTyped(environment, command.equals("resume") ? "it writes to that environment's tables"
                        : "it deletes from that environment's tables what the run wrote");
            }
        }
        List<String> args = new ArrayList<>(List.of(command, "--run", runId));
        if (command.equals("rollback")) {
            // The environment's name was typed: the confirmation a run that succeeded or passed validation needs.
            args.add("--confirm");
        }
        args.addAll(followUpOptions(runId));
        Launches.Launch launch = launches.start(runId, args);
        return new Reply(true, "started " + launch.json().path("command").asText(), runId);
    }

    /**
     * The options a command on an earlier run needs: the data directory when it holds the run's record (the record
     * says the rest), else where the dashboard reads the run's artifacts.
     */
    private List<String> followUpOptions(String runId) {
        if (RunOrigin.local(options.dataDir(), runId).isPresent()) {
            return options.followUpOptions();
        }
        return options.aws ? options.given() : options.artifactOptions();
    }

    private static boolean typed(JsonNode action, String environment) {
        return action.path("confirm").asText("").trim().equals(environment);
    }

    private static Reply notTyped(String environment, String why) {
        return Reply.refused("type the target environment's name, " + environment + ", to confirm: " + why
                + " (nothing was started)");
    }

    /**
     * Whether the run is being worked on now: a dmig process recorded as running it (or started here for it) is alive,
     * or, on AWS, an execution of it runs; else "stopped" for a run that did not end, null for one that did.
     */
    private String live(RunManifest manifest) {
        String runId = manifest.runId();
        boolean running;
        boolean recorded;
        if (aws != null) {
            running = aws.running(runId);
            recorded = true;
        } else {
            Optional<RunOrigin> origin = record(runId);
            recorded = origin.isPresent();
            running = origin.flatMap(RunOrigin::runningProcess).isPresent();
        }
        running |= launches.running(runId);
        if (running) {
            return "running";
        }
        if (manifest.status().terminal() || manifest.status() == RunStatus.ANALYZED) {
            return null;
        }
        // A run started on another machine, sharing the store: its process cannot be seen from here.
        return recorded ? "stopped" : "unknown";
    }

    private Optional<RunOrigin> record(String runId) {
        try {
            return RunOrigin.local(options.dataDir(), runId);
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    private static ObjectNode header(RunManifest manifest, String status, String live) {
        String verdict = manifest.status().terminal() ? manifest.status().text().toUpperCase(Locale.ROOT).replace('-', ' ') : null;
        return Json.MAPPER.createObjectNode().put("runId", manifest.runId()).put("mode", manifest.mode().text())
                .put("status", status).put("live", live)
                .put("environment", manifest.targetSuffix() == null ? null : RunOrigin.environment(manifest.targetSuffix()))
                .put("source", manifest.sourceSuffix()).put("target", manifest.targetSuffix())
                .put("createdAt", manifest.createdAt()).put("updatedAt", manifest.updatedAt()).put("verdict", verdict)
                .put("verdictText", manifest.verdict());
    }

    private JsonNode progress(RunProgress progress) {
        Map<String, Long> refused = new java.util.HashMap<>();
        progress.tables().forEach(table -> refused.put(table.model(), table.refusedWrites()));
        List<String> throttled = throttling.computeIfAbsent(progress.manifest().runId(), id -> new Throttling()).now(refused);
        ObjectNode node = Json.MAPPER.createObjectNode().put("done", progress.done()).put("total", progress.total())
                .put("items", progress.describe());
        ArrayNode tables = node.putArray("tables");
        for (RunProgress.Table table : progress.tables()) {
            tables.addObject().put("model", table.model()).put("level", table.level()).put("done", table.done())
                    .put("written", table.written()).put("items", table.describe())
                    .put("total", table.total()).put("itemsPerSecond", table.itemsPerSecond()).put("finished", table.finished())
                    .put("throttled", throttled.contains(table.model())).put("refusedWrites", table.refusedWrites())
                    .put("segmentsDone", table.segmentsDone()).put("segments", table.segments());
        }
        return node;
    }

    /** A followed run's following, in the words of {@code dmig status}: the lag, and each table's applied and pending. */
    private static JsonNode following(FollowStatus following) {
        Instant now = Instant.now();
        ObjectNode node = Json.MAPPER.createObjectNode().put("lag", Following.lag(following, now))
                .put("applied", following.applied()).put("cutoverAsked", following.cutoverAsked());
        ArrayNode tables = node.putArray("tables");
        for (FollowStatus.Table table : following.tables()) {
            tables.addObject().put("table", table.table()).put("applied", table.applied()).put("pending", table.pending())
                    .put("older", table.older()).put("conflicts", table.conflicts()).put("edited", table.edited())
                    .put("held", table.held().size()).put("caughtUp", table.caughtUp()).put("text", Following.table(table, now));
        }
        return node;
    }

    /** Validation as it goes (segments checked of all) or as it ended (passed or not, per table). */
    private JsonNode validation(RunManifest manifest, String execution) {
        String runId = manifest.runId();
        if (manifest.status() == RunStatus.VALIDATING && execution != null) {
            long parts = RunArtifacts.in(artifacts).validationPartsDone(runId, execution);
            int segments = manifest.segments() == null ? 0 : manifest.segments().values().stream().mapToInt(Integer::intValue).sum();
            return Json.MAPPER.createObjectNode().put("state", "running").put("segmentsDone", parts).put("segments", segments);
        }
        Optional<ValidationReport> report = RunArtifacts.in(artifacts).validation(runId);
        if (report.isEmpty()) {
            return null;
        }
        // A rollback has undone what was validated since: the verdict is of what is gone.
        boolean undone = RunArtifacts.in(artifacts).rollback(runId).filter(RollbackResult::undidWrites).isPresent();
        ObjectNode node = Json.MAPPER.createObjectNode().put("state", report.get().passed() ? "passed" : "failed").put("undone", undone);
        ArrayNode failed = node.putArray("failedTables");
        report.get().tables().stream().filter(table -> !table.passed()).map(TableValidation::model).forEach(failed::add);
        node.put("tables", report.get().tables().size());
        return node;
    }

    /** A rollback as it goes (items deleted and restored so far) or as it ended. */
    private JsonNode rollback(RunManifest manifest, String execution) {
        String runId = manifest.runId();
        boolean going = manifest.status() == RunStatus.ROLLING_BACK && execution != null;
        Optional<RollbackResult> result = going
                ? RunArtifacts.in(artifacts).rollbackProgress(runId, execution)
                : RunArtifacts.in(artifacts).rollback(runId);
        return result.map(r -> {
            ObjectNode node = Json.MAPPER.createObjectNode()
                    .put("state", going ? "running" : r.failed() > 0 ? "incomplete" : "done").put("deleted", r.deleted())
                    .put("restored", r.restored()).put("absent", r.absent()).put("absentText", r.describeAbsent()).put("failed", r.failed())
                    .put("left", r.itemsLeft()).put("leftText", r.describeLeftNamed())
                    .put("kept", r.itemsKept()).put("keptText", r.describeKept())
                    .put("levelsDone", r.levelsDone());
            // What the features undid beside the tables: the users a masked run created, deleted from the pool.
            r.besides().forEach(node.putArray("besides")::add);
            return (JsonNode) node;
        }).orElse(null);
    }
}
