package dev.dmig.run;

import dev.dmig.store.ArtifactStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a followed run's following stands, from its checkpoints, for people ({@code dmig status}, {@code dmig cutover}):
 * per table, the changes applied, those pending and whether the last call reached the stream's end; the lag, about the
 * age of the oldest change not applied yet (zero when every table caught up); whether a cut-over was asked.
 */
public record FollowStatus(List<Table> tables, boolean cutoverAsked) {
    /**
     * One table: changes applied so far; when the oldest change not applied yet was made (null: caught up); {@code pending},
     * the changes read from its stream and not applied yet, a floor: the stream does not say how many it holds beyond;
     * {@code older}: of those applied, the changes made before the copy read their item, which the target already held a
     * later state of (nothing written for them); {@code conflicts}: of those applied, the changes left unwritten because
     * the target held a record the run did not write at their key ({@code onConflict: skip}); {@code edited}: of those
     * applied, the changes left unwritten at records the run wrote that production changed since; {@code left}, the first
     * keys so left, each with why; {@code held}: the keys following holds for a decision ({@code onConflict: abort}), the
     * table's changes waiting from the first of them.
     */
    public record Table(String table, long applied, Instant behindSince, long pending, long older, long conflicts, long edited,
                        List<String> left, List<String> held) {
        public Table {
            left = List.copyOf(left);
            held = List.copyOf(held);
        }

        /** Whether its last pass read its stream to the end: nothing known to be left (a stream without times says none). */
        public boolean caughtUp() {
            return behindSince == null && pending == 0 && held.isEmpty();
        }
    }

    /** Whether the run follows its source: its streams' marks were taken. */
    public static boolean follows(ArtifactStore artifacts, String runId) {
        return !artifacts.list(RunLayout.follow(runId) + "tables/").isEmpty();
    }

    /** Whether a followed run's following has ended: a cut-over was asked and every change up to then applied. */
    public static boolean ended(ArtifactStore artifacts, String runId) {
        return artifacts.get(RunLayout.followEnded(runId)).isPresent();
    }

    /** The run's following, or empty for a run that does not follow its source. */
    public static Optional<FollowStatus> read(ArtifactStore artifacts, String runId) {
        List<Table> tables = new ArrayList<>();
        for (String key : artifacts.list(RunLayout.follow(runId) + "tables/")) {
            artifacts.getJson(key, FollowCheckpoint.class).ifPresent(c -> tables.add(new Table(c.table(), c.applied(),
                    c.behindSince() == null ? null : Instant.parse(c.behindSince()), c.pending(), c.older(), c.conflicts(),
                    c.edited(), c.left().stream().map(FollowCheckpoint.KeyNote::describe).toList(),
                    c.held().stream().map(FollowCheckpoint.KeyNote::describe).toList())));
        }
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FollowStatus(tables, artifacts.get(RunLayout.cutover(runId)).isPresent()));
    }

    /**
     * The journal entries of {@code model}'s followed changes whose writes landed: those below this sequence number (0 for
     * a table without following's checkpoint), for a rollback to tell a key following never wrote from one deleted since.
     */
    public static long entriesWritten(ArtifactStore artifacts, String runId, String model) {
        return artifacts.getJson(RunLayout.followCheckpoint(runId, model), FollowCheckpoint.class).map(FollowCheckpoint::nextSeq)
                .orElse(0L);
    }

    /** About the age of the oldest change not applied yet, at {@code now}: zero when every table caught up. */
    public Duration lag(Instant now) {
        Duration lag = Duration.ZERO;
        for (Table table : tables) {
            if (table.behindSince() != null && Duration.between(table.behindSince(), now).compareTo(lag) > 0) {
                lag = Duration.between(table.behindSince(), now);
            }
        }
        return lag;
    }

    public long applied() {
        return tables.stream().mapToLong(Table::applied).sum();
    }

    /** The changes left unwritten at records the run did not write ({@code onConflict: skip}), every table's. */
    public long conflicts() {
        return tables.stream().mapToLong(Table::conflicts).sum();
    }

    /** The changes left unwritten at the run's records production changed since, every table's. */
    public long edited() {
        return tables.stream().mapToLong(Table::edited).sum();
    }

    /** Whether following holds keys of any table for a decision ({@code dmig resolve}). */
    public boolean holding() {
        return tables.stream().anyMatch(table -> !table.held().isEmpty());
    }
}
