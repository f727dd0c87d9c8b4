package dev.dmig.feature.follow;

import dev.dmig.Named;
import dev.dmig.RefusedException;
import dev.dmig.store.Account;
import dev.dmig.store.StreamCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A followed run's source tables whose stream is off, or does not carry the item before and after each change: nothing
 * was written. The message names every such table (the first {@link Named#SHOWN}, then how many more) and the command
 * that turns a stream on; when no table has one, the option that turns on every one from this machine.
 */
public final class StreamNotReadyException extends RefusedException {
    public StreamNotReadyException(String message) {
        super("StreamNotReady", message);
    }

    /**
     * The refusal of {@code tables}, each with the view type of its stream (null: none), read in {@code account}; one
     * table is named with its own command.
     */
    static StreamNotReadyException of(Map<String, String> tables, Account account) {
        if (tables.size() == 1) {
            Map.Entry<String, String> table = tables.entrySet().iterator().next();
            return new StreamNotReadyException("table " + table.getKey() + " " + state(table.getValue(), false) + "; following its "
                    + "writes needs one with the item before and after each change: " + StreamCommand.turnOn(table.getKey(), account)
                    + " (or, for a run from your machine, add --enable-streams); nothing was written");
        }
        Map<String, List<String>> byState = new LinkedHashMap<>();
        tables.forEach((table, viewType) -> byState.computeIfAbsent(viewType == null ? "" : viewType, v -> new ArrayList<>()).add(table));
        String each = "turn each on with " + StreamCommand.turnOn("<table>", account);
        if (byState.size() == 1 && byState.containsKey("")) {
            return new StreamNotReadyException(tables.size() + " source tables have no stream (" + Named.first(byState.get(""))
                    + "); following their writes needs one with the item before and after each change: for a run from your"
                    + " machine, add --enable-streams, which turns on every one; else " + each + "; nothing was written");
        }
        List<String> groups = new ArrayList<>();
        byState.forEach((viewType, named) -> groups.add(Named.first(named) + " " + state(viewType.isEmpty() ? null : viewType,
                named.size() > 1)));
        return new StreamNotReadyException(tables.size() + " source tables have no stream with the item before and after each"
                + " change, which following their writes needs: " + String.join("; ", groups) + "; " + each
                + (byState.containsKey("") ? " (for a run from your machine, --enable-streams turns on those that have none)" : "")
                + "; nothing was written");
    }

    private static String state(String viewType, boolean several) {
        return viewType == null ? (several ? "have no stream" : "has no stream")
                : (several ? "have a stream of " : "has a stream of ") + viewType;
    }
}
