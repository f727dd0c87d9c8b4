package dev.dmig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.executor.Execution;
import dev.dmig.json.Json;
import dev.dmig.migrate.SegmentStalledException;
import dev.dmig.migrate.TableThrottledException;
import dev.dmig.store.StoreRefusedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an execution ended, read from the terminal state of its path — the state machine names
 * every outcome — with the exit code and the one-line reason a person needs.
 */
record Outcome(String terminalState, String verdict, int exitCode, String error, String message) {

    private record Ending(String verdict, int exitCode) {}

    /** The terminal "states" of an AWS execution that was stopped, or ran past its timeout: Step Functions' event names. */
    static final String STOPPED = "ExecutionAborted";
    static final String TIMED_OUT = "ExecutionTimedOut";
    /** The "terminal state" of an execution that entered none. */
    private static final String NO_STATE = "(none)";

    private static final Map<String, Ending> ENDINGS = Map.ofEntries(
            Map.entry("DryRunComplete", new Ending("SUCCEEDED", ExitCode.OK)),
            Map.entry("TestPassed", new Ending("SUCCEEDED", ExitCode.OK)),
            Map.entry("Succeeded", new Ending("SUCCEEDED", ExitCode.OK)),
            Map.entry("NothingToDo", new Ending("NOTHING TO DO", ExitCode.OK)),
            Map.entry("ValidationPassed", new Ending("SUCCEEDED", ExitCode.OK)),
            Map.entry("RolledBackOnRequest", new Ending("ROLLED BACK", ExitCode.OK)),
            Map.entry("PlanInvalid", new Ending("INVALID", ExitCode.INVALID)),
            Map.entry("InputInvalid", new Ending("INVALID", ExitCode.INVALID)),
            Map.entry("ConfirmationRequired", new Ending("REFUSED", ExitCode.REFUSED)),
            Map.entry("RollbackConfirmationRequired", new Ending("REFUSED", ExitCode.REFUSED)),
            Map.entry("ConflictsFound", new Ending("REFUSED", ExitCode.REFUSED)),
            Map.entry("TargetLocked", new Ending("REFUSED", ExitCode.REFUSED)),
            Map.entry("BackupRequired", new Ending("REFUSED", ExitCode.REFUSED)),
            Map.entry("SecondMapping", new Ending("REFUSED", ExitCode.REFUSED)),
            Map.entry("AnalysisFailed", new Ending("FAILED", ExitCode.FAILED)),
            Map.entry("RolledBack", new Ending("ROLLED BACK", ExitCode.FAILED)),
            Map.entry("ValidationFailed", new Ending("FAILED", ExitCode.FAILED)),
            Map.entry("ValidationError", new Ending("FAILED", ExitCode.FAILED)),
            Map.entry("ReportFailed", new Ending("FAILED", ExitCode.FAILED)),
            Map.entry("RollbackIncomplete", new Ending("ROLLBACK INCOMPLETE", ExitCode.ROLLBACK_INCOMPLETE)),
            Map.entry("RollbackFailed", new Ending("ROLLBACK FAILED", ExitCode.ROLLBACK_INCOMPLETE)),
            // Only on AWS: an execution stopped (dmig stop) or past its timeout ends in no state of its own.
            Map.entry(STOPPED, new Ending("STOPPED", ExitCode.FAILED)),
            Map.entry(TIMED_OUT, new Ending("TIMED OUT", ExitCode.FAILED)));

    /** Errors whose message is written for the user: the cause and its fix. */
    private static final Set<String> SELF_EXPLAINED = Set.of(StoreRefusedException.class.getName(),
            TableThrottledException.class.getName(), SegmentStalledException.class.getName());

    static Outcome of(Execution execution) {
        List<String> path = execution.path();
        String last = path.isEmpty() ? NO_STATE : path.get(path.size() - 1);
        return ending(last, execution.succeeded(), execution.error(), execution.cause());
    }

    /**
     * An execution on AWS, from Step Functions' status ({@code SUCCEEDED}, {@code FAILED},
     * {@code ABORTED}, {@code TIMED_OUT}) and the last top-level state its history shows.
     */
    static Outcome of(String status, String lastState, String error, String cause) {
        String terminal = switch (status) {
            case "ABORTED" -> STOPPED;
            case "TIMED_OUT" -> TIMED_OUT;
            default -> lastState == null ? NO_STATE : lastState;
        };
        return ending(terminal, "SUCCEEDED".equals(status), error, cause);
    }

    /** Whether the state machine's terminal state {@code name} has a verdict of its own (a contract test asks). */
    static boolean knows(String name) {
        return ENDINGS.containsKey(name);
    }

    /**
     * A full run whose validation passed but whose execution failed after it (Finalize): the recovery path finished it
     * as succeeded, so it ends as a run that reached {@code Succeeded} does.
     */
    static Outcome finishedByRecovery() {
        return ending("Succeeded", true, null, null);
    }

    /**
     * An ending this table does not know is dmig's own bug (a terminal state added to the ASL without
     * its verdict): said as such, never guessed from the execution's status.
     */
    private static Outcome ending(String terminalState, boolean succeeded, String error, String cause) {
        Ending ending = ENDINGS.get(terminalState);
        if (ending == null) {
            // An execution that ended before entering any state (its input refused, say) has only its status.
            ending = NO_STATE.equals(terminalState) ? new Ending(succeeded ? "SUCCEEDED" : "FAILED", succeeded ? ExitCode.OK
                    : ExitCode.FAILED) : new Ending((succeeded ? "SUCCEEDED" : "FAILED") + " (unknown ending " + terminalState
                    + ")", ExitCode.INTERNAL);
        }
        return new Outcome(terminalState, ending.verdict(), ending.exitCode(), error, message(cause));
    }

    /**
     * Why a run failed, for one line: the error's name and the first line of its cause, or the
     * cause alone for errors whose message already says what is wrong and what to do.
     */
    static String why(String error, String cause) {
        String message = message(cause);
        if (message != null) {
            int newline = message.indexOf('\n');
            message = newline < 0 ? message : message.substring(0, newline);
        }
        if (error == null) {
            return message;
        }
        String condition = condition(error);
        if (condition == null) {
            return message == null ? "an unexpected error (a dmig bug if it is not about your setup; --debug shows more)" : message;
        }
        if (message == null) {
            return condition;
        }
        return SELF_EXPLAINED.contains(error) ? message : condition + ": " + message;
    }

    /**
     * The name a person reads for an error the state machine reports: a dmig condition without its package and
     * "Exception" ({@code dev.dmig.analysis.BackupRequiredException} → {@code BackupRequired}), a service's or Step
     * Functions' name without "Exception" ({@code Lambda.ServiceException} → {@code Lambda.Service}); null for an error
     * of Java itself, which names no condition a person can act on: its message says what happened.
     */
    static String condition(String error) {
        if (error == null || error.startsWith("java.") || error.startsWith("javax.")) {
            return null;
        }
        String name = error;
        int dot = name.lastIndexOf('.');
        if (dot > 0 && Character.isLowerCase(name.charAt(0))) {
            // A class name: its package is no part of the condition.
            name = name.substring(dot + 1);
        }
        return name.endsWith("Exception") && name.length() > "Exception".length()
                ? name.substring(0, name.length() - "Exception".length()) : name;
    }

    /** The detail of this outcome's failure, as {@link #why} words it. */
    String why() {
        return why(error, message);
    }

    boolean succeeded() {
        return exitCode == ExitCode.OK;
    }

    /**
     * The human part of a cause: the Java Lambda runtime wraps an exception as
     * {@code {"errorMessage": …, "errorType": …, "stackTrace": …}}; a Fail state's cause is plain text.
     */
    static String message(String cause) {
        return Format.plain(rawMessage(cause));
    }

    private static String rawMessage(String cause) {
        if (cause == null || cause.isBlank()) {
            return null;
        }
        String trimmed = cause.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = Json.tree(trimmed.getBytes(StandardCharsets.UTF_8));
                if (node.hasNonNull("errorMessage")) {
                    return node.get("errorMessage").asText();
                }
                if (node.has("errorType")) {
                    // An exception without a message: its type and stack are no words for a person.
                    return null;
                }
            } catch (RuntimeException notJson) {
                return trimmed;
            }
        }
        return trimmed;
    }

}
