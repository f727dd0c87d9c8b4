package dev.dmig.identity;

import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Two user pools of a test's own making ({@link FakeUserPool}), for tests outside this package that run an analysis
 * over the pools: each holds {@code users} people who sign in with their email as their username ({@code
 * user<i>@example.com}), paged {@code pageSize} users at a time, and each page a pool answers calls {@code onPage}.
 */
public final class TestPools {
    /** The pools' IDs, on the plan's source and target sides. */
    public static final String SOURCE_POOL = "eu-west-1_dev";
    public static final String TARGET_POOL = "eu-west-1_prod";

    private TestPools() {}

    /**
     * {@code plan} (JSON whose sides are {@code {"tableSuffix": ...}} alone) with the two pools on its sides, and
     * {@code identities} (JSON) as its identities section.
     */
    public static String inPlan(String plan, String identities) {
        String sides = plan.replaceAll("\"source\": \\{(\"tableSuffix\": \"[^\"]*\")}", "\"source\": {$1, \"userPoolId\": \""
                + SOURCE_POOL + "\"}").replaceAll("\"target\": \\{(\"tableSuffix\": \"[^\"]*\")}", "\"target\": {$1, "
                + "\"userPoolId\": \"" + TARGET_POOL + "\"}");
        if (sides.equals(plan) || !sides.contains(TARGET_POOL) || !plan.contains("\"tables\": {")) {
            throw new IllegalArgumentException("not a plan whose sides name a suffix alone: " + plan);
        }
        return sides.replace("\"tables\": {", "\"identities\": " + identities + ", \"tables\": {");
    }

    /** The pools, both read to the end. */
    public static UserPools readable(int users, int pageSize, Runnable onPage) {
        return (side, account, ref) -> pool(ref.id(), side, users, pageSize, onPage);
    }

    /**
     * The pools, the target's refused from its {@code readable + 1}th page on as Cognito refuses a caller whose
     * permission was withdrawn: a {@link PlanInvalidException} naming the pool, as dmig's own pool turns an access
     * denied into.
     */
    public static UserPools targetRefusedAfter(int readable, int users, int pageSize, Runnable onPage) {
        int[] answered = {0};
        return (side, account, ref) -> {
            UserPool pool = pool(ref.id(), side, users, pageSize, onPage);
            if (side.equals("source")) {
                return pool;
            }
            return new UserPool() {
                @Override
                public String id() {
                    return pool.id();
                }

                @Override
                public Iterator<UserPage> pages(String token) {
                    Iterator<UserPage> pages = pool.pages(token);
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return pages.hasNext();
                        }

                        @Override
                        public UserPage next() {
                            if (++answered[0] > readable) {
                                throw new PlanInvalidException(List.of(Problem.plan("target.userPoolId " + pool.id()
                                        + ": dmig may not read this user pool (access denied)")));
                            }
                            return pages.next();
                        }
                    };
                }
            };
        };
    }

    private static UserPool pool(String id, String side, int users, int pageSize, Runnable onPage) {
        String prefix = side.equals("source") ? "d" : "e";
        List<PoolUser> people = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String email = "user" + i + "@example.com";
            people.add(IdentityPairingTest.user(email, prefix + "%07d-0000-4000-8000-000000000000".formatted(i), email));
        }
        return new FakeUserPool(id, people, pageSize, onPage);
    }
}
