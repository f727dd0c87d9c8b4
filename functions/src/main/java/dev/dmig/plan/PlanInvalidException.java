package dev.dmig.plan;

import dev.dmig.RefusedException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plan (or the data it describes) cannot be migrated as written. Carries every problem found,
 * not just the first, so one correction round fixes them all. Nothing has been written.
 */
public final class PlanInvalidException extends RefusedException {
    private final transient List<Problem> problems;

    public PlanInvalidException(List<Problem> problems) {
        this(problems, problems.size());
    }

    /** {@code problems}: those listed, the first {@code found} (a data scan lists only its first few). */
    public PlanInvalidException(List<Problem> problems, long found) {
        super("PlanInvalid", summary(problems, found));
        this.problems = List.copyOf(problems);
    }

    private PlanInvalidException(String summary, List<Problem> problems) {
        super("PlanInvalid", summary);
        this.problems = List.copyOf(problems);
    }

    /**
     * {@code found} problems of the data, listed by table and attribute ({@code groups}: one line each, with its count and
     * first items), not one by one.
     */
    public static PlanInvalidException grouped(List<Problem> groups, long found) {
        return new PlanInvalidException((found == 1 ? "1 problem" : String.format(java.util.Locale.ROOT, "%,d problems",
                found)) + ", nothing was written: " + groups.stream().map(Problem::toString).collect(Collectors.joining("; ")), groups);
    }

    public List<Problem> problems() {
        return problems;
    }

    @Override
    public List<String> problemLines() {
        return problems.stream().map(Problem::toString).toList();
    }

    private static String summary(List<Problem> problems, long found) {
        String all = problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        String more = found > problems.size() ? "; the first " + problems.size() + " are listed" : "";
        return (found == 1 ? "1 problem" : found + " problems") + ", nothing was written" + more + ": " + all;
    }
}
