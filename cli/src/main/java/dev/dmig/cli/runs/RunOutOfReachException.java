package dev.dmig.cli.runs;

/**
 * A command on an earlier run cannot reach that run's stores as given (its record says they were in memory, the run
 * is not in the artifacts named, a store does not answer, its tables are not there): refused before anything starts,
 * so nothing is changed — no recovery or rollback is attempted against stores that are not the run's.
 */
public final class RunOutOfReachException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    RunOutOfReachException(String message) {
        super(message);
    }

    private static final java.util.regex.Pattern CONNECT_TO = java.util.regex.Pattern.compile("Connect to (\\S+) ");

    /** The host and port a connection was refused at ("the server" when the message does not say), or null if none was. */
    public static String refusedAt(Throwable failure) {
        boolean refused = false;
        String where = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            refused |= t instanceof java.net.ConnectException;
            java.util.regex.Matcher matcher = CONNECT_TO.matcher(String.valueOf(t.getMessage()));
            if (where == null && matcher.find()) {
                where = matcher.group(1);
            }
        }
        return !refused ? null : where != null ? where : "the server";
    }
}
