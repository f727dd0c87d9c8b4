package dev.dmig.cli.views;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.cli.runs.Ending;
import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.cli.runs.RollbackCommandLine;
import dev.dmig.cli.runs.Where;
import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.json.Json;
import dev.dmig.local.LocalEnvironment;
import dev.dmig.migrate.ConflictsFoundException;
import dev.dmig.report.Numbers;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.Recovery;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.ConfirmationRequiredException;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How an execution that ended is told: the summaries of what its run did, the lines a command adds ({@link Afterward}),
 * and the verdict as the last line, for people; or one JSON document, for machines ({@code --output json}).
 */
public final class Verdicts {
    /** Lines a command adds above the verdict once it knows how the run ended. */
    public interface Afterward {
        Afterward NONE = (outcome, runId, artifacts) -> List.of();

        List<String> lines(Outcome outcome, String runId, ArtifactStore artifacts);
    }

    private final PrintWriter out;
    private final Where where;
    private final boolean json;
    private final Afterward afterward;

    public Verdicts(PrintWriter out, Where where, String output, Afterward afterward) {
        this.out = out;
        this.where = where;
        this.json = "json".equalsIgnoreCase(output);
        this.afterward = afterward;
    }

    /** Prints the summaries of a finished execution and the verdict line; returns the exit code. */
    public int report(Outcome outcome, String mode, String runId, ArtifactStore artifacts, List<String> hints) {
        Summaries summary = new Summaries(json ? new PrintWriter(java.io.Writer.nullWriter()) : out);
        String detail;
        List<String> lines = new ArrayList<>(hints);
        try {
            // An ending no Catch handled goes to the recovery path, which may have rolled the run back, or finished a run
            // whose validation had passed: then the migration succeeded, and its verdict says so.
            Optional<Recovery.Record> recovery = outcome.succeeded() ? Optional.empty() : new Recovery(artifacts).record(runId);
            recovery.ifPresent(record -> lines.add("recovery: " + record.action() + " — " + Format.plain(record.reason())));
            if (recovery.filter(record -> record.action().equals(Recovery.Action.FINISHED.text())).isPresent()) {
                outcome = Outcome.finishedByRecovery();
            }
            detail = describe(outcome, mode, runId, artifacts, summary);
            lines.addAll(afterward.lines(outcome, runId, artifacts));
        } catch (SdkException | StoreUnavailableException unreadable) {
            // The verdict comes from the execution; only the summaries need the bucket.
            out.println();
            out.println("(cannot read the run's artifacts in " + artifacts.location() + ": " + unreadable.getMessage()
                    + "; summaries skipped)");
            detail = outcome.error() == null ? null : outcome.why();
        }
        if (json) {
            out.println(Json.pretty(machineResult(outcome, mode, runId, detail, artifacts)));
            out.flush();
            return outcome.exitCode();
        }
        if (!lines.isEmpty()) {
            out.println();
            lines.forEach(out::println);
        }
        if (!lines.isEmpty() || !outcome.is(Ending.NOTHING_TO_DO)) {
            // Apart from what was printed above; a run with nothing to do prints its verdict alone.
            out.println();
        }
        out.println(outcome.verdict() + "  run " + runId + " (" + mode + ")" + (detail == null ? "" : ": " + detail));
        out.flush();
        return outcome.exitCode();
    }

    /** The result for machines: verdict, exit code, why, where the artifacts are, and the report itself. */
    private static ObjectNode machineResult(Outcome outcome, String mode, String runId, String detail, ArtifactStore artifacts) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("runId", runId);
        result.put("mode", mode);
        result.put("verdict", outcome.verdict());
        result.put("exitCode", outcome.exitCode());
        result.put("terminalState", outcome.terminalState());
        result.put("detail", detail);
        if (outcome.error() != null) {
            result.put("error", outcome.error());
            result.put("message", outcome.message());
        }
        try {
            RunArtifacts.in(artifacts).manifest(runId).map(RunManifest::failure)
                    .map(RunManifest.Failure::problems).ifPresent(p -> p.forEach(result.putArray("problems")::add));
            RunArtifacts.in(artifacts).reportJson(runId).ifPresent(r -> result.set("report", r));
        } catch (SdkException | StoreUnavailableException unreadable) {
            result.put("artifactsUnreadable", String.valueOf(unreadable.getMessage()));
        }
        ObjectNode where = result.putObject("artifacts");
        where.put("manifest", artifacts.location() + "/" + RunLayout.manifest(runId));
        where.put("report", artifacts.location() + "/" + RunLayout.report(runId));
        return result;
    }

    /** Why a run stopped at conflicts, where their examples are, and the ways on. */
    private String conflicts(String runId, ArtifactStore artifacts, boolean analyzed, Summaries summary) {
        // The manifest's cause counts them; the state machine's own cause is a fixed sentence.
        Optional<RunManifest.Failure> failure = RunArtifacts.in(artifacts).manifest(runId).map(RunManifest::failure)
                .filter(f -> ConflictsFoundException.ERROR.equals(f.error()));
        if (failure.map(RunManifest.Failure::problems).filter(lines -> !lines.isEmpty()).isPresent()) {
            // Records a table's match pairs under whenMatched fail, found before any scan: one line each, saying the way on.
            if (!json) {
                out.println();
            }
            summary.problems(failure.get().problems(), 0);
            return failure.get().cause() + "; nothing was written";
        }
        String found = failure.map(RunManifest.Failure::cause).orElse("target items already exist at the mapped keys");
        String examples = see(artifacts, analyzed ? RunLayout.analysis(runId) : RunLayout.testResult(runId), "more examples");
        return found + "; nothing was written" + (examples == null ? "" : " (" + examples + ")") + ". To go on, set \"onConflict\" in the"
                + " plan: \"skip\" leaves those items as they are, \"overwrite\" replaces them (a rollback puts them back)";
    }

    /**
     * Where a person reads the artifact {@code key} ({@code what} of it; null: all of it): its S3 address, or, in the
     * embedded store, which no S3 tool is pointed at, the command that shows its file; null when the store was in
     * memory and went with its process.
     */
    String see(ArtifactStore artifacts, String key, String what) {
        if (where.aws || where.s3Endpoint != null) {
            return "see " + artifacts.location() + "/" + key + (what == null ? "" : " for " + what);
        }
        if (where.inMemory) {
            return null;
        }
        return "cat " + Format.shellWord(EmbeddedStack.objectFile(where.dataDir(), LocalEnvironment.EMBEDDED_BUCKET, key).toString())
                + " shows " + (what == null ? "it" : what);
    }

    private String describe(Outcome outcome, String mode, String runId, ArtifactStore artifacts, Summaries summary) {
        RunArtifacts runs = RunArtifacts.in(artifacts);
        if (!outcome.is(Ending.NOTHING_TO_DO)) {
            // A run with nothing to do says so in one line, whatever it covers.
            RunFiles.slice(artifacts, runId).ifPresent(summary::slice);
        }
        if (outcome.ending() == null) {
            return failed(outcome, runId, runs, summary);
        }
        return switch (outcome.ending()) {
            case PLAN_INVALID, INPUT_INVALID -> invalid(outcome, runId, runs, summary);
            case CONFIRMATION_REQUIRED -> "a full run writes to the target tables; add --confirm to proceed (nothing was written)";
            // The run is as it was: its manifest says why it needs the confirmation, in the command line's words.
            case ROLLBACK_CONFIRMATION_REQUIRED -> runs.manifest(runId)
                    .map(run -> ConfirmationRequiredException.rollbackOf(run, "add --confirm to proceed")).orElse(outcome.why());
            case CONFLICTS_FOUND -> {
                Optional<Analysis> analysis = runs.analysis(runId);
                analysis.ifPresent(summary::analysis);
                runs.testResult(runId).ifPresent(summary::test);
                yield conflicts(runId, artifacts, analysis.isPresent(), summary);
            }
            case NOTHING_TO_DO -> runs.manifest(runId).map(RunManifest::verdict)
                    .orElse("the target already holds exactly what this plan writes; nothing to do");
            case DRY_RUN_COMPLETE -> dryRun(runId, runs, summary);
            case TEST_PASSED -> testPassed(runId, runs, summary);
            case SUCCEEDED -> succeeded(runId, runs, summary);
            case VALIDATION_PASSED, VALIDATION_FAILED -> {
                runs.validation(runId).ifPresent(summary::validation);
                String validation = see(artifacts, RunLayout.validation(runId), null);
                yield "validation " + (outcome.succeeded() ? "passed" : "found differences") + (validation == null ? "" : "; " + validation);
            }
            case STOPPED, TIMED_OUT -> stoppedOnAws(outcome, mode, runId, artifacts);
            // Refused before anything ran: what is stored for the run (an earlier rollback's result, an earlier failure)
            // is not this execution's.
            case TARGET_LOCKED -> outcome.why();
            case ROLLED_BACK_ON_REQUEST -> {
                Optional<RollbackResult> rollback = runs.rollback(runId);
                rollback.ifPresent(summary::rollback);
                // Not exact when it left what production changed since: said, with how many and the first.
                yield "rolled back on request" + rollback.map(RollbackResult::describeInexact).filter(text -> !text.isEmpty())
                        .map(text -> ": " + text).orElse("");
            }
            default -> failed(outcome, runId, runs, summary);
        };
    }

    /** A plan or input refused: its problems, listed, and that nothing was written. */
    private String invalid(Outcome outcome, String runId, RunArtifacts runs, Summaries summary) {
        if (!json) {
            out.println();
        }
        List<String> listed = runs.manifest(runId).map(RunManifest::failure).map(RunManifest.Failure::problems)
                .orElseGet(() -> List.of(outcome.message() == null ? outcome.error() : outcome.message()));
        // The analysis lists its data's problems by table and attribute, each line with its count.
        summary.problems(listed, 0);
        return "nothing was written";
    }

    private String dryRun(String runId, RunArtifacts runs, Summaries summary) {
        Optional<Analysis> analysis = runs.analysis(runId);
        analysis.ifPresent(summary::analysis);
        String all = see(runs.store(), RunLayout.analysis(runId), null);
        return analysis.map(a -> "analysis only, nothing written: " + Numbers.count(a.totals().items()) + " items in "
                + a.totals().tables() + " tables" + Summaries.fullRunWould(a) + (all == null ? "" : "; " + all)).orElse(null);
    }


    private static String testPassed(String runId, RunArtifacts runs, Summaries summary) {
        var test = runs.testResult(runId);
        test.ifPresent(summary::test);
        return test.map(t -> t.records().size() + " records checked, " + t.written() + " written, " + t.alreadyPresent()
                + " already present").orElse(null);
    }

    private static String succeeded(String runId, RunArtifacts runs, Summaries summary) {
        var report = runs.report(runId);
        report.ifPresent(summary::report);
        report.ifPresent(summary::written);
        runs.validation(runId).ifPresent(summary::validation);
        return report.map(RunReport::migratedAndValidated).orElse(null);
    }

    /** An execution on AWS that was stopped or ran past its timeout: nothing was rolled back, and the ways on. */
    private static String stoppedOnAws(Outcome outcome, String mode, String runId, ArtifactStore artifacts) {
        String how = "the execution " + (outcome.is(Ending.STOPPED) ? "was stopped" : "ran past its timeout");
        String rollback = RollbackCommandLine.of(artifacts, runId, " --aws", "");
        return switch (mode) {
            case "full" -> how + "; nothing was rolled back: continue with dmig resume --aws --run " + runId + ", or undo with "
                    + rollback;
            case "test" -> how + "; undo what it wrote with " + rollback;
            case "rollback" -> how + "; run " + rollback + " again";
            default -> how + "; it writes to no table";
        };
    }

    /** A run that failed: what it got to (test, validation, rollback, warnings) and why, as its manifest says. */
    private static String failed(Outcome outcome, String runId, RunArtifacts runs, Summaries summary) {
        runs.testResult(runId).ifPresent(summary::test);
        runs.validation(runId).filter(v -> !v.passed()).ifPresent(summary::validation);
        Optional<RollbackResult> rollback = runs.rollback(runId);
        rollback.ifPresent(summary::rollback);
        runs.analysis(runId).ifPresent(summary::warnings);
        String why = runs.manifest(runId).map(RunManifest::failure).map(f -> Outcome.why(f.error(), f.cause())).orElse(outcome.why());
        String inexact = rollback.map(RollbackResult::describeInexact).orElse("");
        return inexact.isEmpty() || why == null ? why : why + "; the rollback: " + inexact;
    }
}
