package dev.dmig.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What the dashboard shows and does, as JSON for its page: the runs, one run as it goes, a run's report, and the
 * actions a person posts (start, stop, resume, roll back). The command line implements it over the runs' artifacts,
 * with the same classes as its own commands; {@link DashboardServer} serves it.
 */
public interface Board {
    /** Where the runs shown are, in words (for the page's heading). */
    String where();

    /** Every run, newest first, as {@code {"runs": [...]}} with whatever else the page lists beside them. */
    ObjectNode runs();

    /** One run as it is now; empty when there is no such run. */
    Optional<JsonNode> run(String runId);

    /** The run's report as an HTML page; empty when there is no such run. */
    Optional<String> report(String runId);

    /** Carries out one action; the reply says what was started, or why nothing was (one line naming the fix). */
    Reply act(JsonNode action);

    /** An action's outcome: {@code accepted} when a command was started, with the run it acts on. */
    record Reply(boolean accepted, String message, String runId) {
        public static Reply refused(String message) {
            return new Reply(false, message, null);
        }
    }
}
