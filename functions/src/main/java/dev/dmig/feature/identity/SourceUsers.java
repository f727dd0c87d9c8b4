package dev.dmig.feature.identity;

import dev.dmig.analysis.SourceIds;
import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import dev.dmig.validate.SourceNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The source's users as validation looks for them ({@link SourceNames}): the subs, usernames and identity-pool IDs of the
 * run's frozen identity map that no target user shares, each with the target user the map pairs it with. A username counts
 * from {@value SourceIds#MIN_LENGTH} characters (a shorter one, {@code admin}, would be found in ordinary text), of any
 * length after an owner value's {@code ::}; a value is counted by what names its user best, a sub before an identity ID
 * before a username. Values of an identity reference under {@code onUnmatched: keep} are kept on purpose.
 */
final class SourceUsers implements SourceNames {
    /** A kind of user's value, in its rank's order, with the name findings count it under and the reference that maps it. */
    enum Value implements SourceNames.Kind {
        SUB(IdentityKind.SUB, "sub", "sub", "@sub"),
        IDENTITY_ID(IdentityKind.IDENTITY_ID, "identityId", "identity ID", "@identityId"),
        USERNAME(IdentityKind.USERNAME, "username", "username", "@username");

        private final IdentityKind identity;
        private final String counted;
        private final String word;
        private final String reference;

        Value(IdentityKind identity, String counted, String word, String reference) {
            this.identity = identity;
            this.counted = counted;
            this.word = word;
            this.reference = reference;
        }

        static Value of(IdentityKind kind) {
            return kind == IdentityKind.SUB ? SUB : kind == IdentityKind.IDENTITY_ID ? IDENTITY_ID : USERNAME;
        }

        @Override
        public String kind() {
            return counted;
        }

        @Override
        public int rank() {
            return ordinal();
        }

        @Override
        public String said(boolean one) {
            return one ? "a source user's " + word : "source users' " + word + "s";
        }

        @Override
        public String unresolved(String path, boolean one, String example) {
            return (one ? "named a source user" : "named source users") + " (" + counted + ") and " + (one ? "names" : "name")
                    + " no target user (first: item " + example + "); map it as an identity, \"" + path + "\": \"" + reference
                    + "\" in the table's references";
        }
    }

    private final Map<String, IdentityKind> sourceOnly;
    private final IdentityMap map;

    private SourceUsers(IdentityMap map) {
        this.map = map;
        this.sourceOnly = map.sourceOnly();
    }

    @Override
    public Kind kindOf(String token, boolean afterOwner) {
        IdentityKind kind = sourceOnly.get(token);
        if (kind == null || kind == IdentityKind.USERNAME && !afterOwner && token.length() < SourceIds.MIN_LENGTH) {
            return null;
        }
        return Value.of(kind);
    }

    @Override
    public String counterpart(Kind kind, String token) {
        return kind instanceof Value value ? map.map(value.identity, token) : null;
    }

    @Override
    public long count() {
        return sourceOnly.size();
    }

    /** The feature's part: the run's users, their kinds, and {@code onUnmatched: keep}'s values kept on purpose. */
    static final class Part implements SourceNames.Feature {
        @Override
        public SourceNames of(RunMappings mappings) {
            return new SourceUsers(mappings.identities());
        }

        @Override
        public List<Value> kinds() {
            return List.of(Value.values());
        }

        /**
         * An identity reference's values under {@code onUnmatched: keep} (the table's, else the plan's): a value the map has no
         * match for is copied as it is, on purpose.
         */
        @Override
        public Optional<String> keptBy(MigrationPlan plan, TablePlan table, String path) {
            boolean identity = table.identityReferences().keySet().stream().anyMatch(name -> name.equals(path)
                    || name.startsWith(path + "{"));
            if (identity && plan.identities() != null && UnmatchedPolicy.of(plan, table.model()) == UnmatchedPolicy.KEEP) {
                return Optional.of(table.feature(UnmatchedPolicy.class) == UnmatchedPolicy.KEEP ? "onUnmatched" : "identities.onUnmatched");
            }
            return Optional.empty();
        }
    }
}
