package dev.dmig.run;

import dev.dmig.store.StoreRefusedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AccountLimit;

/**
 * How many Lambda invocations the state machine's Maps ask for at once. A deployed run shares the account's Lambda
 * concurrency with every other function of the account and region: it takes {@code DMIG_LAMBDA_SHARE_PERCENT} of what
 * is not reserved (GetAccountSettings' {@code UnreservedConcurrentExecutions}), its budget. A fan-out Map
 * ({@code AnalyzeSegments}, {@code ValidateSegments}, {@code RollbackSegments}) runs at most that many children, and
 * a level's tables at once, each with its segment tasks, ask for no more in all: the tables share the budget in
 * proportion to what their targets' write capacity calls for, at least one task each. A local run has no such limit and
 * keeps the Maps' own caps.
 */
public final class LambdaConcurrency {
    /** The stack's share of the account's unreserved Lambda concurrency, in percent (stack parameter LambdaConcurrencyPercent). */
    public static final String SHARE_PERCENT = "DMIG_LAMBDA_SHARE_PERCENT";
    static final int DEFAULT_SHARE_PERCENT = 50;
    /** A fan-out Map's children at once when the account sets no lower limit. */
    public static final int FAN_OUT_CAP = 100;
    /** A level's tables at once when the account sets no lower limit. */
    public static final int TABLES_CAP = 40;

    /** A local run: no account, no limit. */
    public static final LambdaConcurrency NONE = new LambdaConcurrency(OptionalInt::empty);

    private final Supplier<OptionalInt> budget;

    private LambdaConcurrency(Supplier<OptionalInt> budget) {
        this.budget = budget;
    }

    /**
     * The account's limit as {@code lambda} reports it, read at each {@link #budget()} (it changes with reservations and
     * quota increases); {@code sharePercent} of it, at least one invocation.
     */
    public static LambdaConcurrency ofAccount(Supplier<LambdaClient> lambda, int sharePercent) {
        if (sharePercent < 1 || sharePercent > 100) {
            throw new IllegalArgumentException(SHARE_PERCENT + " must be 1 to 100, not " + sharePercent);
        }
        return new LambdaConcurrency(() -> {
            AccountLimit limit;
            try {
                limit = lambda.get().getAccountSettings(r -> { }).accountLimit();
            } catch (AwsServiceException e) {
                if (e.statusCode() != 403) {
                    throw e;
                }
                // A role without the permission: no retry heals it, and the run must not guess the account's limit.
                throw new StoreRefusedException("Lambda refused GetAccountSettings ("
                        + (e.awsErrorDetails() == null ? "HTTP 403" : e.awsErrorDetails().errorCode())
                        + "): the Analyze function's role needs lambda:GetAccountSettings to size the run's Maps;"
                        + " deploy the stack's infra/template.yaml, which grants it", e);
            }
            Integer unreserved = limit.unreservedConcurrentExecutions();
            int pool = unreserved != null ? unreserved : limit.concurrentExecutions();
            return OptionalInt.of((int) Math.max(1, (long) pool * sharePercent / 100));
        });
    }

    /** The share from the environment ({@value #SHARE_PERCENT}; {@value #DEFAULT_SHARE_PERCENT} when unset). */
    public static int sharePercent(Map<String, String> env) {
        String text = env.get(SHARE_PERCENT);
        if (text == null || text.isBlank()) {
            return DEFAULT_SHARE_PERCENT;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("environment variable " + SHARE_PERCENT + " must be a whole number, not '" + text + "'");
        }
    }

    /** How many Lambda invocations a run may have at once; empty when nothing limits them. */
    public OptionalInt budget() {
        return budget.get();
    }

    /**
     * {@code state} with every Map's concurrency within {@code budget} (read with {@link #budget()} before the run is
     * opened, so that a refusal holds nothing); unchanged when there is none.
     */
    public static RunState limit(RunState state, OptionalInt budget) {
        if (budget.isEmpty()) {
            return state;
        }
        int tasks = budget.getAsInt();
        List<RunState.Level> levels = state.levels() == null ? null : state.levels().stream()
                .flatMap(level -> startable(level, tasks).stream()).map(level -> limit(level, tasks)).toList();
        return new RunState(state.runId(), state.mode(), state.done(), state.confirm(), state.blockingConflicts(), levels,
                state.backup(), state.units(), Math.min(FAN_OUT_CAP, tasks), state.nothingToDo());
    }

    /**
     * A level whose tables wait for one another runs only where the budget lets every table of it start at once (a
     * table waiting for its parents must not hold the place one of them needs); otherwise its dependency levels.
     */
    static List<RunState.Level> startable(RunState.Level level, int budget) {
        return level.awaitsParents() && Math.min(TABLES_CAP, budget) < level.tables().size() ? level.byParents() : List.of(level);
    }

    /**
     * A level within {@code budget}: its tables at once, and each table's segment tasks, such that the tables with the
     * most tasks, as many as run at once, ask for no more than the budget together (so no set of them does).
     */
    static RunState.Level limit(RunState.Level level, int budget) {
        List<RunState.TableWork> tables = level.tables();
        int atOnce = Math.max(1, Math.min(TABLES_CAP, Math.min(tables.size(), budget)));
        List<Integer> largestFirst = IntStream.range(0, tables.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> tables.get(i).maxConcurrency()).reversed()).toList();
        List<Integer> first = largestFirst.subList(0, Math.min(atOnce, largestFirst.size()));
        Set<Integer> runFirst = Set.copyOf(first);
        long wanted = first.stream().mapToLong(i -> tables.get(i).maxConcurrency()).sum();
        if (wanted <= budget) {
            return new RunState.Level(level.level(), tables, atOnce);
        }
        // Each table keeps one task and shares what the budget has beyond those in proportion to the rest it wants.
        long spare = (long) budget - atOnce;
        long extra = wanted - atOnce;
        int[] tasks = new int[tables.size()];
        double[] remainder = new double[tables.size()];
        long given = 0;
        for (int i = 0; i < tables.size(); i++) {
            double share = (double) (tables.get(i).maxConcurrency() - 1) * spare / extra;
            tasks[i] = 1 + (int) share;
            remainder[i] = share - (int) share;
            given += runFirst.contains(i) ? (int) share : 0;
        }
        // What rounding down left of the budget goes to the tables that run first, the largest remainders first.
        List<Integer> byRemainder = first.stream().sorted(Comparator.comparingDouble((Integer i) -> remainder[i]).reversed()).toList();
        for (int k = 0; k < spare - given && k < byRemainder.size(); k++) {
            tasks[byRemainder.get(k)]++;
        }
        List<RunState.TableWork> limited = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            limited.add(tables.get(i).withMaxConcurrency(Math.min(tables.get(i).maxConcurrency(), tasks[i])));
        }
        return new RunState.Level(level.level(), limited, atOnce);
    }
}
