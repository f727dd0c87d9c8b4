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
        super("PlanInvalid", summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    @Override
    public List<String> problemLines() {
        return problems.stream().map(Problem::toString).toList();
    }

    private static String summary(List<Problem> problems) {
        String all = problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        return (problems.size() == 1 ? "1 problem" : problems.size() + " problems") + ", nothing was written: " + all;
    }
}
