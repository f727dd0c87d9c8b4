package dev.dmig.validate;

import dev.dmig.Features;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Optional;

/**
 * Values a feature knows to be the source's, besides the source IDs the analysis kept, which the target must not hold after
 * a right plan's copy, each with its counterpart in the target: the source's users' subs, usernames and identity-pool IDs
 * that no target user shares, with the target users the run's identity map pairs them with. Validation looks for them in
 * every string and object key the run wrote ({@link SourceValueCheck}), and in each value the plan changed, where the copy
 * must name the counterpart ({@link Resolutions}). A feature makes its names once per validation (or page of a copy) from
 * the run's mappings ({@link Feature}).
 */
public interface SourceNames {
    /** None: nothing known. */
    SourceNames NONE = new SourceNames() {
        @Override
        public Kind kindOf(String token, boolean afterOwner) {
            return null;
        }

        @Override
        public String counterpart(Kind kind, String token) {
            return null;
        }

        @Override
        public long count() {
            return 0;
        }
    };

    /**
     * The kind of value {@code token} is, where it stands ({@code afterOwner}: after an owner value's {@code ::}, where a
     * short value is looked for too); null when it is none the feature knows.
     */
    Kind kindOf(String token, boolean afterOwner);

    /** The target's counterpart of {@code token}, of {@code kind}; null when it has none (left or removed on purpose, as counted by the analysis). */
    String counterpart(Kind kind, String token);

    /** How many values it knows. */
    long count();

    /**
     * A kind of value: the name findings count it under ({@code kind}, stored in validation's parts: {@code sub}), its rank among the kinds
     * one string holds (it is counted by the lowest), what a finding calls one or many ({@code a source user's sub},
     * {@code source users' subs}), and what a value of the kind that names no counterpart in the copy is said as, up to the
     * fix ({@code named a source user (sub) and names no target user (first: item …); map it as an identity, …}).
     */
    interface Kind {
        String kind();

        int rank();

        String said(boolean one);

        String unresolved(String path, boolean one, String example);
    }

    /** A feature's names of the source, made from the run's mappings, with their kinds and what keeps them on purpose. */
    interface Feature {
        SourceNames of(RunMappings mappings);

        /** Every kind its names are of. */
        List<? extends Kind> kinds();

        /**
         * What of the plan keeps values at {@code path} of {@code table} as they are on purpose (the key it is said by,
         * {@code identities.onUnmatched}); empty when nothing of the feature's does.
         */
        default Optional<String> keptBy(MigrationPlan plan, TablePlan table, String path) {
            return Optional.empty();
        }
    }

    /** Every feature's names of the run's source, asked in the features' order: the first that knows a value says what it is. */
    static SourceNames of(RunMappings mappings) {
        List<SourceNames> all = Features.at(Feature.class).stream().map(feature -> feature.of(mappings)).toList();
        if (all.isEmpty()) {
            return NONE;
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return new SourceNames() {
            @Override
            public Kind kindOf(String token, boolean afterOwner) {
                for (SourceNames names : all) {
                    Kind kind = names.kindOf(token, afterOwner);
                    if (kind != null) {
                        return kind;
                    }
                }
                return null;
            }

            @Override
            public String counterpart(Kind kind, String token) {
                return all.stream().map(names -> names.counterpart(kind, token)).filter(java.util.Objects::nonNull).findFirst()
                        .orElse(null);
            }

            @Override
            public long count() {
                return all.stream().mapToLong(SourceNames::count).sum();
            }
        };
    }

    /** The kind findings count under {@code name}, among every feature's; empty for a name none declares. */
    static Optional<Kind> kind(String name) {
        return Features.at(Feature.class).stream().flatMap(feature -> feature.kinds().stream()).filter(k -> k.kind().equals(name))
                .map(Kind.class::cast).findFirst();
    }

    /** What of the plan's features keeps values at {@code path} as they are on purpose; empty when none does. */
    static Optional<String> keptByFeatures(MigrationPlan plan, TablePlan table, String path) {
        return Features.at(Feature.class).stream().map(feature -> feature.keptBy(plan, table, path)).flatMap(Optional::stream)
                .findFirst();
    }
}
