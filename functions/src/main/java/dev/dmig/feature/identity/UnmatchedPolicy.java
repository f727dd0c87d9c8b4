package dev.dmig.feature.identity;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;

/**
 * What a run does with an identity value the identity map has no match for: the plan's {@code identities.onUnmatched}
 * (its section's value, {@code plan.section(UnmatchedPolicy.class)}) and a table's {@code onUnmatched} (its field's,
 * {@code table.feature(UnmatchedPolicy.class)}), read by {@link IdentitiesSection}.
 */
enum UnmatchedPolicy {
    /** It is a data problem: analysis lists it and the run stops before any write. */
    REFUSE("refuse"),
    /** The value is copied as it is (it still names the source's user). */
    KEEP("keep"),
    /** The value is left out: the attribute, or the element of its list or set. */
    REMOVE("remove"),
    /**
     * The item holding it is left behind, counted, as a record of a user who has no match (the profile of a user without
     * a production account); references to it dangle, as to any record not copied.
     */
    DROP("drop");

    private final String planName;

    UnmatchedPolicy(String planName) {
        this.planName = planName;
    }

    String planName() {
        return planName;
    }

    /** The values a plan may give, for messages: {@code "refuse", "keep", "remove" or "drop"}. */
    static String choices() {
        StringBuilder text = new StringBuilder();
        UnmatchedPolicy[] all = values();
        for (int i = 0; i < all.length; i++) {
            text.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append('"').append(all[i].planName).append('"');
        }
        return text.toString();
    }

    static UnmatchedPolicy fromPlan(String text) {
        for (UnmatchedPolicy policy : values()) {
            if (policy.planName.equals(text)) {
                return policy;
            }
        }
        return null;
    }

    /** The plan's: its {@code identities.onUnmatched}, refuse when it says none. */
    static UnmatchedPolicy of(MigrationPlan plan) {
        UnmatchedPolicy policy = plan.section(UnmatchedPolicy.class);
        return policy == null ? REFUSE : policy;
    }

    /** What becomes of an identity value of {@code model}'s without a match: the table's policy, else the plan's. */
    static UnmatchedPolicy of(MigrationPlan plan, String model) {
        TablePlan table = plan.tables().get(model);
        UnmatchedPolicy own = table == null ? null : table.feature(UnmatchedPolicy.class);
        return own != null ? own : of(plan);
    }

    /**
     * Why an identity without a match cannot be removed from {@code key}, a key attribute of {@code table}'s, as its
     * {@code remove} would (a {@code PlanCheck.Feature}); null when the table's identities in it are not removed.
     */
    static String keyProblem(MigrationPlan plan, TablePlan table, String key) {
        boolean removed = plan.identities() != null && of(plan, table.model()) == REMOVE
                && table.mappings().entrySet().stream().anyMatch(e -> e.getKey().steps().size() == 1
                        && e.getKey().attribute().equals(key) && e.getValue().mapsIdentities());
        return removed ? "an identity without a match cannot be removed from it (onUnmatched is remove): use refuse, keep, or drop"
                + " (the item is left behind)" : null;
    }
}
