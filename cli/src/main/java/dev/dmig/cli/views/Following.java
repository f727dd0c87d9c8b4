package dev.dmig.cli.views;

import dev.dmig.report.Numbers;
import dev.dmig.run.FollowStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * What {@code dmig status} and the dashboard say of a followed run's following, in the same words: the lag, and per
 * table the changes applied, those pending and how far behind it is. Pending changes are those read from the table's
 * stream and not applied yet; the stream does not say how many it holds beyond a page read, so the count is a floor.
 */
public final class Following {
    private Following() {}

    /**
     * {@code following: lag 12 s, 2,345 changes applied (Contacts 1,234 applied, at least 1,000 pending, 12 s behind;
     * Requests 1,111 applied, caught up)}, and {@code ; cut-over asked} once it is.
     */
    public static String line(FollowStatus following, Instant now) {
        StringBuilder line = new StringBuilder("following: lag ").append(lag(following, now)).append(", ")
                .append(Numbers.count(following.applied())).append(" changes applied (");
        for (int i = 0; i < following.tables().size(); i++) {
            FollowStatus.Table table = following.tables().get(i);
            line.append(i == 0 ? "" : "; ").append(table.table()).append(' ').append(table(table, now));
        }
        return line.append(')').append(following.cutoverAsked() ? "; cut-over asked" : "").toString();
    }

    /**
     * What a run that holds keys for a decision ({@code onConflict: abort}) says, and how to go on: a line per table
     * naming its held keys and why, then the commands; none while nothing is held. {@code options}: what the printed
     * commands carry after {@code --run ID} to reach the run.
     */
    public static java.util.List<String> held(FollowStatus following, String runId, String options) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (FollowStatus.Table table : following.tables()) {
            if (!table.held().isEmpty()) {
                lines.add("held: table " + table.table() + ", following waits (onConflict is abort) at production's records: "
                        + String.join("; ", table.held()));
            }
        }
        if (!lines.isEmpty()) {
            String run = " --run " + runId + options;
            lines.add("next: dmig resolve" + run + " --skip leaves them as production has them and goes on; dmig resolve" + run
                    + " --overwrite writes the source's changes over them (production's versions journaled first); dmig stop"
                    + run + " stops the run, nothing rolled back, and says how to roll it back");
        }
        return lines;
    }

    /** The run's lag in words: about the age of the oldest change not applied yet. */
    public static String lag(FollowStatus following, Instant now) {
        return seconds(following.lag(now));
    }

    /**
     * One table: {@code 1,234 applied, caught up}, {@code 1,234 applied, at least 1,000 pending, 12 s behind}, with
     * changes made before the copy read their items {@code 1,234 applied (56 older than the copy, skipped), caught up},
     * and with changes at records the target held that the run did not write ({@code onConflict: skip}) {@code 1,234
     * applied (2 at the target's own records, left as they are), caught up}.
     */
    public static String table(FollowStatus.Table table, Instant now) {
        java.util.List<String> notWritten = new java.util.ArrayList<>(2);
        if (table.older() > 0) {
            notWritten.add(Numbers.count(table.older()) + " older than the copy, skipped");
        }
        if (table.conflicts() > 0) {
            notWritten.add(Numbers.count(table.conflicts()) + " at the target's own records, left as they are");
        }
        if (table.edited() > 0) {
            notWritten.add(Numbers.count(table.edited()) + " at records production changed since the run wrote them, left as"
                    + " production has them");
        }
        String applied = Numbers.count(table.applied()) + " applied"
                + (notWritten.isEmpty() ? "" : " (" + String.join("; ", notWritten) + ")") + ", ";
        if (!table.held().isEmpty()) {
            return applied + "waiting for a decision on " + Numbers.count(table.held().size()) + " of production's records";
        }
        if (table.caughtUp()) {
            return applied + "caught up";
        }
        String behind = table.behindSince() == null ? "" : ", " + seconds(Duration.between(table.behindSince(), now)) + " behind";
        return applied + (table.pending() > 0 ? "at least " + Numbers.count(table.pending()) + " pending"
                : "pending not read yet") + behind;
    }

    private static String seconds(Duration duration) {
        return Numbers.seconds(Math.max(0, duration.toMillis()) / 1000.0);
    }
}
