package dev.dmig.cli.views;

import dev.dmig.follow.FollowStatus;
import dev.dmig.report.Numbers;
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
        String applied = Numbers.count(table.applied()) + " applied"
                + (notWritten.isEmpty() ? "" : " (" + String.join("; ", notWritten) + ")") + ", ";
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
