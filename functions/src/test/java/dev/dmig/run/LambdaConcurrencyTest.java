package dev.dmig.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.store.StoreRefusedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A deployed run sizes every Map of the state machine from the account's Lambda concurrency. The account's settings
 * come from {@link LambdaAccountStub}, a stub of Lambda's GetAccountSettings: the Lambda API cannot run here.
 */
class LambdaConcurrencyTest {

    @Test
    void theBudget_isTheShareOfTheUnreservedConcurrency_readAtEachRun() {
        try (LambdaAccountStub account = LambdaAccountStub.start(1_000, 998); LambdaClient lambda = account.client()) {
            LambdaConcurrency concurrency = LambdaConcurrency.ofAccount(() -> lambda, 50);

            assertThat(concurrency.budget()).hasValue(499);
            account.limits(10, 10);
            assertThat(concurrency.budget()).as("a new account's limit").hasValue(5);
            account.limits(10, 1);
            assertThat(concurrency.budget()).as("never 0, which a Map reads as no limit").hasValue(1);
            assertThat(account.calls()).isEqualTo(3);
        }
    }

    @Test
    void aLoweredAccountLimit_lowersEveryMapOfTheRun() {
        RunState state = state(level(1, 8, 8, 2), level(2, 30));
        try (LambdaAccountStub account = LambdaAccountStub.start(10, 10); LambdaClient lambda = account.client()) {
            RunState limited = LambdaConcurrency.limit(state, LambdaConcurrency.ofAccount(() -> lambda, 50).budget());

            assertThat(limited.fanOutConcurrency()).isEqualTo(5);
            assertThat(limited.levels().get(0).maxConcurrency()).isEqualTo(3);
            assertThat(limited.levels().get(0).tables()).extracting(RunState.TableWork::maxConcurrency).containsExactly(2, 2, 1);
            assertThat(limited.levels().get(1).maxConcurrency()).isEqualTo(1);
            assertThat(limited.levels().get(1).tables()).extracting(RunState.TableWork::maxConcurrency).containsExactly(5);
            assertThat(limited.levels().get(1).tables().get(0).segments()).as("the work itself is the same").isEqualTo(30);
        }
    }

    @Test
    void anAmpleBudget_keepsWhatTheTargetsCallFor() {
        RunState state = state(level(1, 8, 8, 2));
        try (LambdaAccountStub account = LambdaAccountStub.start(1_000, 1_000); LambdaClient lambda = account.client()) {
            RunState limited = LambdaConcurrency.limit(state, LambdaConcurrency.ofAccount(() -> lambda, 50).budget());

            assertThat(limited.fanOutConcurrency()).isEqualTo(LambdaConcurrency.FAN_OUT_CAP);
            assertThat(limited.levels().get(0).tables()).isEqualTo(state.levels().get(0).tables());
            assertThat(limited.levels().get(0).maxConcurrency()).isEqualTo(3);
        }
    }

    @Test
    void aLocalRun_keepsTheMapsOwnCaps() {
        RunState state = state(level(1, 8, 8, 2));

        RunState limited = LambdaConcurrency.limit(state, LambdaConcurrency.NONE.budget());

        assertThat(limited).isEqualTo(state);
        assertThat(limited.fanOutConcurrency()).isEqualTo(100);
        assertThat(limited.levels().get(0).maxConcurrency()).isEqualTo(40);
    }

    @Test
    void moreTablesThanTheBudget_runOneTaskEach_asManyAtOnceAsTheBudget() {
        RunState.Level level = LambdaConcurrency.limit(level(1, IntStream.range(0, 60).map(i -> 10).toArray()), 30);

        assertThat(level.maxConcurrency()).isEqualTo(30);
        assertThat(level.tables()).extracting(RunState.TableWork::maxConcurrency).containsOnly(1);
    }

    /** Whatever the tables and the budget, the tables that run at once ask for no more than the budget together. */
    @Test
    void theTablesRunningAtOnce_neverAskForMoreThanTheBudget() {
        Random random = new Random(36);
        for (int trial = 0; trial < 2_000; trial++) {
            int[] wanted = IntStream.range(0, 1 + random.nextInt(70)).map(i -> 1 + random.nextInt(random.nextBoolean() ? 40 : 1_000))
                    .toArray();
            int budget = 1 + random.nextInt(random.nextBoolean() ? 50 : 2_000);

            RunState.Level level = LambdaConcurrency.limit(level(1, wanted), budget);

            List<Integer> tasks = new ArrayList<>(level.tables().stream().map(RunState.TableWork::maxConcurrency).toList());
            tasks.sort(Comparator.reverseOrder());
            long atOnce = tasks.stream().limit(level.maxConcurrency()).mapToLong(Integer::longValue).sum();
            String what = "tables " + java.util.Arrays.toString(wanted) + ", budget " + budget;
            assertThat(level.maxConcurrency()).as(what).isBetween(1, Math.min(40, Math.max(1, Math.min(wanted.length, budget))));
            assertThat(atOnce).as(what).isLessThanOrEqualTo(budget);
            for (int i = 0; i < wanted.length; i++) {
                assertThat(level.tables().get(i).maxConcurrency()).as(what).isBetween(1, wanted[i]);
            }
            if (IntStream.of(wanted).boxed().sorted(Comparator.reverseOrder()).limit(level.maxConcurrency())
                    .mapToLong(Integer::longValue).sum() > budget) {
                assertThat(atOnce).as("%s: the whole budget is used", what).isEqualTo(budget);
            }
        }
    }

    @Test
    void aRoleThatMayNotReadTheAccountsLimit_failsTheRunInOneLine_ratherThanGuess() {
        try (LambdaAccountStub account = LambdaAccountStub.start(1_000, 1_000); LambdaClient lambda = account.client()) {
            account.deny();
            LambdaConcurrency concurrency = LambdaConcurrency.ofAccount(() -> lambda, 50);

            assertThatThrownBy(concurrency::budget)
                    .isInstanceOf(StoreRefusedException.class)
                    .hasMessage("Lambda refused GetAccountSettings (AccessDeniedException): the Analyze function's role needs "
                            + "lambda:GetAccountSettings to size the run's Maps; deploy the stack's infra/template.yaml, which grants it");
            assertThat(account.calls()).as("not retried").isEqualTo(1);
        }
    }

    @Test
    void aShareOutsideOneToAHundredPercent_isRefused() {
        assertThatThrownBy(() -> LambdaConcurrency.ofAccount(() -> null, 0))
                .hasMessage("DMIG_LAMBDA_SHARE_PERCENT must be 1 to 100, not 0");
        assertThatThrownBy(() -> LambdaConcurrency.sharePercent(java.util.Map.of("DMIG_LAMBDA_SHARE_PERCENT", "half")))
                .hasMessage("environment variable DMIG_LAMBDA_SHARE_PERCENT must be a whole number, not 'half'");
        assertThat(LambdaConcurrency.sharePercent(java.util.Map.of())).isEqualTo(50);
    }

    @Test
    void aLevelWhoseTablesWaitForOneAnother_runsWhereEveryTableCanStartAtOnce_elseAsItsDependencyLevels() {
        RunState.Level waiting = new RunState.Level(1, List.of(
                new RunState.TableWork("Contacts", 4, false, 4, null),
                new RunState.TableWork("Orders", 4, false, 4, null).withAfter(List.of("Contacts")),
                new RunState.TableWork("Notes", 4, false, 4, null).withAfter(List.of("Contacts")),
                new RunState.TableWork("Comments", 4, false, 4, null).withAfter(List.of("Notes"))));

        RunState ample = LambdaConcurrency.limit(state(waiting), OptionalInt.of(8));
        assertThat(ample.levels()).hasSize(1);
        assertThat(ample.levels().get(0).maxConcurrency()).as("every table started, the waiting ones too").isEqualTo(4);
        assertThat(ample.levels().get(0).tables()).extracting(RunState.TableWork::maxConcurrency).containsExactly(2, 2, 2, 2);

        RunState scarce = LambdaConcurrency.limit(state(waiting), OptionalInt.of(3));
        assertThat(scarce.levels()).extracting(level -> level.tables().stream().map(RunState.TableWork::table).toList())
                .containsExactly(List.of("Contacts"), List.of("Orders", "Notes"), List.of("Comments"));
        assertThat(scarce.levels()).flatExtracting(RunState.Level::tables).extracting(RunState.TableWork::after)
                .allMatch(List::isEmpty);
    }

    private static RunState state(RunState.Level... levels) {
        return new RunState("run-1", RunMode.FULL, true, true, 0, List.of(levels));
    }

    /** A level whose tables' targets call for these many segment tasks each (each table has 30 segments). */
    private static RunState.Level level(int number, int... tasks) {
        List<RunState.TableWork> tables = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) {
            tables.add(new RunState.TableWork("T" + i, 30, false, tasks[i], null));
        }
        return new RunState.Level(number, tables);
    }
}
