package dev.dmig.cli.runs;

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
public record Outcome(String terminalState, Ending ending, String verdict, int exitCode, String error, String message) {

    /** The "terminal state" of an execution that entered none. */
    private static final String NO_STATE = "(none)";

    /** Errors whose message is written for the user: the cause and its fix. */
    private static final Set<String> SELF_EXPLAINED = Set.of(StoreRefusedException.class.getName(),
            TableThrottledException.class.getName(), SegmentStalledException.class.getName());

    public static Outcome of(Execution execution) {
        List<String> path = execution.path();
        String last = path.isEmpty() ? NO_STATE : path.get(path.size() - 1);
        return ending(last, execution.succeeded(), execution.error(), execution.cause());
    }

    /**
     * An execution on AWS, from Step Functions' status ({@code SUCCEEDED}, {@code FAILED},
     * {@code ABORTED}, {@code TIMED_OUT}) and the last top-level state its history shows.
     */
    public static Outcome of(String status, String lastState, String error, String cause) {
        String terminal = switch (status) {
            case "ABORTED" -> Ending.STOPPED.state;
            case "TIMED_OUT" -> Ending.TIMED_OUT.state;
            default -> lastState == null ? NO_STATE : lastState;
        };
        return ending(terminal, "SUCCEEDED".equals(status), error, cause);
    }

    /**
     * A full run whose validation passed but whose execution failed after it (Finalize): the recovery path finished it
     * as succeeded, so it ends as a run that reached {@code Succeeded} does.
     */
    public static Outcome finishedByRecovery() {
        return ending(Ending.SUCCEEDED.state, true, null, null);
    }

    /**
     * An ending this table does not know is dmig's own bug (a terminal state added to the ASL without
     * its verdict): said as such, never guessed from the execution's status.
     */
    private static Outcome ending(String terminalState, boolean succeeded, String error, String cause) {
        Ending ending = Ending.of(terminalState).orElse(null);
        if (ending != null) {
            return new Outcome(terminalState, ending, ending.verdict.text, ending.verdict.exitCode, error, message(cause));
        }
        // An execution that ended before entering any state (its input refused, say) has only its status.
        String verdict = succeeded ? "SUCCEEDED" : "FAILED";
        return NO_STATE.equals(terminalState)
                ? new Outcome(terminalState, null, verdict, succeeded ? ExitCode.OK : ExitCode.FAILED, error, message(cause))
                : new Outcome(terminalState, null, verdict + " (unknown ending " + terminalState + ")", ExitCode.INTERNAL, error,
                        message(cause));
    }

    /** Whether the execution ended in {@code ending}. */
    public boolean is(Ending which) {
        return ending == which;
    }

    /**
     * Why a run failed, for one line: the error's name and the first line of its cause, or the
     * cause alone for errors whose message already says what is wrong and what to do.
     */
    public static String why(String error, String cause) {
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
    public static String condition(String error) {
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
    public String why() {
        return why(error, message);
    }

    public boolean succeeded() {
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
