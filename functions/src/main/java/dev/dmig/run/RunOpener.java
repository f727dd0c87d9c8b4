package dev.dmig.run;

import dev.dmig.Reaches;
import dev.dmig.RefusedException;
import dev.dmig.json.Json;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.ArtifactStore;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A run's lifecycle around its analysis: opens a run from the execution input and freezes its plan, picks the run
 * up again on a later call of the same execution or a resuming one, refuses a run ID already taken, locks the target
 * of a writing run, and records a refusal in the manifest, freeing the target again.
 */
public final class RunOpener {
    private final ArtifactStore artifacts;
    private final RunLock lock;
    private final Consumer<MigrationPlan> stackCheck;
    private final Consumer<MigrationPlan> newRunCheck;
    private final SharedObjects sharedObjects;
    private final Function<String, Optional<Instant>> lastWrite;

    /** For a local process, which runs any plan. */
    public RunOpener(ArtifactStore artifacts) {
        this(artifacts, plan -> { });
    }

    /** {@code stackCheck}: as below, and no other check before a new run opens. */
    public RunOpener(ArtifactStore artifacts, Consumer<MigrationPlan> stackCheck) {
        this(artifacts, stackCheck, plan -> { });
    }

    /**
     * {@code stackCheck}: refuses a plan this deployment cannot run (a deployed stack's suffixes, roles, endpoints and
     * namespace); it sees every plan a run opens with (before it is frozen) or goes on with. {@code newRunCheck}: what
     * else must hold before a new run opens (its user pools can be read), refusing with nothing written; a run that
     * goes on never meets it again.
     */
    public RunOpener(ArtifactStore artifacts, Consumer<MigrationPlan> stackCheck, Consumer<MigrationPlan> newRunCheck) {
        this(artifacts, stackCheck, newRunCheck, Reaches.NONE, runId -> Optional.empty());
    }

    /**
     * {@code reaches}: what the process reaches beside its tables, where the opener finds, by its type, whether a later run
     * uses an object an earlier one wrote ({@link SharedObjects}), which a roll-back of the earlier refuses (none without).
     * {@code lastWrite}: when a run last wrote (its latest checkpoint), so that a resumed run's time does not count the
     * time it was stopped.
     */
    public RunOpener(ArtifactStore artifacts, Consumer<MigrationPlan> stackCheck, Consumer<MigrationPlan> newRunCheck,
                     Reaches reaches, Function<String, Optional<Instant>> lastWrite) {
        this.artifacts = artifacts;
        this.lock = new RunLock(artifacts);
        this.stackCheck = stackCheck;
        this.newRunCheck = newRunCheck;
        this.sharedObjects = reaches.get(SharedObjects.class, SharedObjects.NONE);
        this.lastWrite = lastWrite;
    }

    /**
     * A run as its execution has it: {@code resumed} when a new execution continues a full run that stopped, in which
     * case {@code manifest} already names that execution.
     */
    public record OpenRun(String runId, RunMode mode, MigrationPlan plan, RunManifest manifest, boolean resumed) {}

    /** The mode the input asks for. */
    public static RunMode mode(RunRequest request) {
        try {
            return request.runMode();
        } catch (IllegalArgumentException e) {
            throw new RunInputInvalidException(e.getMessage());
        }
    }

    /**
     * Validate and roll-back runs work on an earlier run: the state names it, and nothing is opened. A roll-back of a run
     * that succeeded or passed validation needs {@code "confirm": true} in the input. A roll-back takes
     * the target environment's lock for that run (refused while another run holds it), and is refused when a later run
     * has written into the same environment and is not rolled back: the runs write the same keys (the IDs are
     * deterministic), and undoing the earlier one would delete or overwrite the later one's items. A roll-back for a
     * refresh ({@link RunRequest#refreshing}) says so beside the execution's progress, for its undo to find.
     */
    public RunState earlierRun(RunRequest request, RunMode mode, String executionName) {
        String target = mode == RunMode.ROLLBACK && request.rollbackRunId() != null ? request.rollbackRunId() : request.runId();
        if (target == null) {
            throw new RunInputInvalidException("mode " + mode.text() + " needs the ID of an earlier run ("
                    + (mode == RunMode.ROLLBACK ? "\"rollbackRunId\" or \"runId\"" : "\"runId\"") + ")");
        }
        RunManifest manifest = RunFiles.manifest(artifacts, runId(target));
        if (mode == RunMode.VALIDATE && manifest.mode() != RunMode.FULL) {
            throw new RunInputInvalidException("run " + target + " is a " + manifest.mode().text()
                    + " run; only full runs can be validated again");
        }
        if (mode == RunMode.ROLLBACK) {
            if (manifest.rollbackNeedsConfirmation() && !request.confirmed()) {
                // Before anything is taken: the run, and its target's lock, stay as they are.
                throw new ConfirmationRequiredException(ConfirmationRequiredException.rollbackOf(manifest,
                        "start the rollback again with \"confirm\": true"));
            }
            refuseOverLaterWrites(manifest);
            new RunLock(artifacts).acquire(manifest.targetSuffix(), manifest.runId(), executionName, RunMode.ROLLBACK);
            if (request.refreshing()) {
                // Read by every call and task of this execution's rollback, before it undoes anything.
                artifacts.putJson(RunLayout.rollbackRefreshing(manifest.runId(), executionName), java.util.Map.of("refresh", true));
            }
        }
        return new RunState(manifest.runId(), mode, true, false, 0, List.of());
    }

    /** Whether two runs may have written the same keys: they have a table in common (no list: every table of the plan). */
    private static boolean sharesTables(RunManifest one, RunManifest other) {
        return one.tables() == null || other.tables() == null || !Collections.disjoint(one.tables(), other.tables());
    }

    /**
     * See {@link #earlierRun}: a later run into the same environment that wrote (its journal has an entry), is not rolled
     * back, and shares a table with the earlier run or uses a Storage object it wrote.
     */
    private void refuseOverLaterWrites(RunManifest earlier) {
        Instant created = Instant.parse(earlier.createdAt());
        List<RunManifest> later = RunFiles.manifests(artifacts, earlier.runId()).values().stream()
                .filter(m -> earlier.targetSuffix().equals(m.targetSuffix()) && Instant.parse(m.createdAt()).isAfter(created)
                        && m.status() != RunStatus.ROLLED_BACK && !artifacts.list(RunLayout.journal(m.runId())).isEmpty())
                .sorted(Comparator.comparing(RunManifest::createdAt).reversed())
                .toList();
        for (RunManifest last : later) {
            if (sharesTables(earlier, last)) {
                throw new TargetLockedException("run " + last.runId() + " (status " + last.status().text() + ") wrote to target "
                        + "environment " + earlier.targetSuffix() + " after run " + earlier.runId() + " and is not rolled back; "
                        + "rolling " + earlier.runId() + " back would delete or overwrite its items at the same keys: roll back "
                        + last.runId() + " first (" + last.rollbackCommand() + ")");
            }
            Optional<String> object = sharedObjects.shared(earlier, last);
            if (object.isPresent()) {
                throw new TargetLockedException("run " + last.runId() + " (status " + last.status().text() + ") wrote to target "
                        + "environment " + earlier.targetSuffix() + " after run " + earlier.runId() + " and its records name object "
                        + object.get() + ", which " + earlier.runId() + " wrote; rolling " + earlier.runId() + " back would delete"
                        + " or change it under them: roll back " + last.runId() + " first (" + last.rollbackCommand() + ")");
            }
        }
    }

    /**
     * Opens the run of a dry, test or full run's input: a new one, the one this execution opened on an earlier call,
     * or, resuming, the stopped full run it continues. A run ID already taken is refused.
     */
    public OpenRun open(RunRequest request, RunMode mode, String executionName) {
        return open(request, mode, executionName, null);
    }

    /**
     * The same, {@code executionStart} being when the execution started (null when not known): a new run is dated from
     * there, and a resumed one counts its time again from there ({@link RunTime}).
     */
    public OpenRun open(RunRequest request, RunMode mode, String executionName, Instant executionStart) {
        String runId = runId(request.runId() != null ? request.runId() : executionName);
        RunManifest manifest = artifacts.getJson(RunLayout.manifest(runId), RunManifest.class).orElse(null);
        if (manifest == null) {
            if (request.resuming()) {
                throw new RunInputInvalidException("run " + runId + " not found in " + artifacts.location() + ": nothing to resume");
            }
            byte[] text = planText(request);
            MigrationPlan plan = PlanParser.parse(text).forRun(runId);
            stackCheck.accept(plan);
            newRunCheck.accept(plan);
            byte[] identities = identities(request, plan);
            artifacts.put(RunLayout.plan(runId), text, "application/json");
            if (identities != null) {
                // Frozen with the plan: every step, and a resumed execution, reads this copy.
                artifacts.put(RunLayout.identities(runId), identities, "text/csv");
            }
            manifest = RunManifest.opened(runId, mode, executionName, plan.digest(), plan.sourceSuffix(), plan.targetSuffix(),
                    testOf(request, mode), request.tables(), request.roots()).startingAt(executionStart);
            artifacts.putJson(RunLayout.manifest(runId), manifest);
            return new OpenRun(runId, mode, plan, manifest, false);
        }
        if (manifest.status() == RunStatus.ANALYZING && executionName.equals(manifest.executionName())) {
            return new OpenRun(runId, mode, checked(manifest), manifest, false);
        }
        if (request.resuming()) {
            MigrationPlan plan = checked(manifest);
            RunManifest resumed = resumable(manifest, executionName, executionStart);
            return new OpenRun(runId, resumed.mode(), plan, resumed, true);
        }
        throw new RunInputInvalidException("run " + runId + " already exists (mode " + manifest.mode().text()
                + ", status " + manifest.status().text() + "); give the new run another ID"
                + (manifest.mode() == RunMode.FULL && !manifest.status().terminal()
                        ? ", or continue this one with dmig resume --run " + runId : ""));
    }

    /** The run's frozen plan, the one it began with ({@link RunFiles#plan(ArtifactStore, RunManifest)}), as this deployment admits it. */
    private MigrationPlan checked(RunManifest manifest) {
        MigrationPlan plan = RunFiles.plan(artifacts, manifest);
        stackCheck.accept(plan);
        return plan;
    }

    /** Takes the target for a run that writes; a resumed run keeps the lock it holds. */
    public void lock(OpenRun run, String executionName) {
        if (run.mode().writes()) {
            lock.acquire(run.plan().targetSuffix(), run.runId(), executionName, run.mode());
        }
    }

    /**
     * Records why an opened run was refused and frees its target. A resumed run keeps its manifest and lock: it
     * stopped once already and is still there to resume or roll back.
     */
    public void refused(OpenRun run, RefusedException refusal) {
        if (!run.resumed()) {
            refuse(run.manifest().refused(refusal));
        }
    }

    /** Writes {@code refused}, the manifest of a run refused at one of its gates, and frees the target it locked. */
    public void refuse(RunManifest refused) {
        end(refused);
    }

    /** Writes {@code ended}, the manifest of a run that ends at its analysis, and frees the target it locked. */
    public void end(RunManifest ended) {
        artifacts.putJson(RunLayout.manifest(ended.runId()), ended);
        // Harmless when another run holds the lock (the refusal was that lock).
        lock.release(ended.targetSuffix(), ended.runId());
    }

    /** A run can be resumed when it is a full run that stopped before it ended; it continues under the new execution. */
    private RunManifest resumable(RunManifest manifest, String executionName, Instant executionStart) {
        String runId = manifest.runId();
        if (manifest.mode() != RunMode.FULL) {
            throw new RunInputInvalidException("run " + runId + " is a " + manifest.mode().text() + " run; only full runs are resumed");
        }
        if (manifest.status().terminal()) {
            throw new RunInputInvalidException("run " + runId + " has already ended (" + manifest.status().text()
                    + "); there is nothing to resume");
        }
        if (manifest.status() == RunStatus.ROLLING_BACK) {
            throw new RunInputInvalidException("run " + runId + " stopped while rolling back; finish that with dmig rollback --run "
                    + runId);
        }
        RunManifest resumed = manifest.withExecution(executionName, lastWrite.apply(runId), executionStart);
        artifacts.putJson(RunLayout.manifest(runId), resumed);
        return resumed;
    }

    private static String runId(String candidate) {
        try {
            return RunLayout.checkRunId(candidate);
        } catch (IllegalArgumentException e) {
            throw new RunInputInvalidException(e.getMessage());
        }
    }

    private byte[] planText(RunRequest request) {
        if (request.config() != null && !request.config().isNull()) {
            return Json.bytes(request.config());
        }
        String key = request.configKey() != null ? request.configKey() : RunLayout.DEFAULT_CONFIG_KEY;
        return artifacts.get(key).orElseThrow(() -> new RunInputInvalidException("no plan: the input has no \"config\" and "
                + artifacts.location() + "/" + key + " does not exist"));
    }

    /** The identity map file the plan names, as the input gives it; null for a plan that names none. */
    private byte[] identities(RunRequest request, MigrationPlan plan) {
        if (plan.identities() == null || plan.identities().csv() == null) {
            return null;
        }
        String csv = plan.identities().csv();
        if (request.identitiesKey() == null) {
            throw new RunInputInvalidException("the plan maps identities by " + csv + ", but the input names no identity map "
                    + "(\"identitiesKey\"); start the run with dmig analyze, test or migrate, which upload the file");
        }
        return artifacts.get(request.identitiesKey()).orElseThrow(() -> new RunInputInvalidException("the input's identity map "
                + artifacts.location() + "/" + request.identitiesKey() + " (" + csv + ") does not exist"));
    }

    private static RunManifest.Test testOf(RunRequest request, RunMode mode) {
        if (mode != RunMode.TEST) {
            return null;
        }
        return new RunManifest.Test(request.table(), request.sourceId(), request.limitOrDefault(), request.parents());
    }
}
