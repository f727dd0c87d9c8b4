package dev.dmig.run;

import java.time.Instant;

/**
 * How long a run took: the one figure dmig gives of it, in {@code dmig status}, the verdict's line, the report's header
 * and its path section. It runs from the start of the execution that opened the run (the command starting the state
 * machine) to the run's verdict (its ending recorded: by Finalize, by an analysis that ends the run, by the recovery
 * path), less the time the run spent stopped between its executions; what an execution does after the verdict (storing
 * the ID maps) is not the run's. Counted in whole milliseconds, as Step Functions times an execution, so that the same
 * two moments give the same figure wherever they are read.
 */
public final class RunTime {
    private RunTime() {}

    /** The seconds from {@code start} to {@code end}, less {@code pausedMillis}; never below zero. */
    public static double seconds(Instant start, Instant end, long pausedMillis) {
        return Math.max(0, end.toEpochMilli() - start.toEpochMilli() - pausedMillis) / 1000.0;
    }

    /** The same, of two ISO-8601 instants as the artifacts record them. */
    public static double seconds(String start, String end, long pausedMillis) {
        return seconds(Instant.parse(start), Instant.parse(end), pausedMillis);
    }
}
