package dev.dmig.plan;

import java.util.Optional;

/**
 * What a feature's section of the plan says to do with an identity value that has no match, in place of the identity
 * map's way to match its user (a masked run's users have no identity-pool ID to pair): the plan's section values that
 * implement it are asked, in order, by the refusal of such a value.
 */
public interface UnmatchedFix {
    /** The fix for a value of {@code kind} of table {@code model} without a match, said after the refusal's "; "; empty: none. */
    Optional<String> fix(IdentityKind kind, Identities identities, String model);

    /** The first fix of {@code plan}'s sections; empty when none has one. */
    static Optional<String> of(MigrationPlan plan, IdentityKind kind, String model) {
        return plan.sections().values().stream().filter(UnmatchedFix.class::isInstance)
                .map(section -> ((UnmatchedFix) section).fix(kind, plan.identities(), model)).flatMap(Optional::stream).findFirst();
    }
}
