package dev.dmig.infer;

import dev.dmig.identity.PoolUsers;
import dev.dmig.plan.IdentityKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a path's values are the app's users' identities, as Amplify's owner-based auth stores them: owner values
 * ({@code <sub>::<username>}), subs or usernames. Without a user pool only the owner shape vouches for them (a UUID,
 * {@code ::}, a name), and the users known are those the owner values show; with a pool a value must name one of its
 * users. The thresholds are a reference's: 90% of the distinct values, and at least 3 (10 for usernames that look
 * like names, which coincide by chance). Identity-pool IDs ({@code <region>:<uuid>}) are told by their shape alone: no
 * user pool knows them.
 */
final class IdentityInference {
    private static final int EXAMPLES = 3;
    private static final String OWNER_SHAPE = "<sub>::<username>";
    private static final String IDENTITY_ID_SHAPE = "identity IDs (<region>:<uuid>)";

    private final KnownUsers users;
    private final Thresholds thresholds;

    IdentityInference(KnownUsers users, Thresholds thresholds) {
        this.users = users;
        this.thresholds = thresholds;
    }

    /** The sub of a value of the owner shape ({@code <uuid>::<name>}, split at the first {@code ::}); null for any other value. */
    static String ownerSub(String value) {
        int split = value.indexOf("::");
        if (split <= 0 || split + 2 >= value.length()) {
            return null;
        }
        String sub = value.substring(0, split);
        return IdShape.uuid(sub) ? sub : null;
    }

    /**
     * The users that the environment's owner values show: the subs and usernames of the values at every path whose
     * values have the owner shape (90% of them, and at least 3).
     */
    static KnownUsers seen(Collection<TableSample> samples, Thresholds thresholds) {
        Set<PoolUsers.User> users = new LinkedHashSet<>();
        for (TableSample sample : samples) {
            for (PathValues path : sample.paths().values()) {
                List<String> owners = path.values().stream().filter(v -> ownerSub(v) != null).toList();
                if (owners.size() >= thresholds.minMatchedOpaque() && owners.size() >= thresholds.minMatchRate() * path.values().size()) {
                    owners.forEach(owner -> {
                        int split = owner.indexOf("::");
                        users.add(new PoolUsers.User(owner.substring(0, split), owner.substring(split + 2)));
                    });
                }
            }
        }
        return KnownUsers.ofOwners(users);
    }

    /**
     * What a person must know of values proposed as references to a table when they are also users' subs (90% of them,
     * and at least 3): that they may be users' identities; null when they are not subs.
     */
    String alsoSubs(String path, String model, Collection<String> values) {
        long subs = values.stream().filter(users::sub).count();
        if (subs < thresholds.minMatchedOpaque() || subs < thresholds.minMatchRate() * values.size()) {
            return null;
        }
        return path + ": its values are IDs of " + model + " and also subs " + (users.fromPool() ? "of the users of " + users.source()
                : "seen in owner values") + ": if they hold users, they are identity references (\"" + path + "\": \"@sub\"),"
                + " which follow each user to the target's sub, not references to " + model
                + (users.fromPool() ? "" : "; infer tells them apart with the source's user pool (--source-user-pool-id)");
    }

    /** The path as identity references, proposed or turned down; null when no value is an identity. */
    ReferenceEvidence infer(PathValues path) {
        List<String> values = List.copyOf(path.values());
        ReferenceEvidence identityIds = identityIds(path, values);
        if (identityIds != null) {
            return identityIds;
        }
        Set<String> matched = new LinkedHashSet<>();
        int owners = 0;
        int subs = 0;
        int usernames = 0;
        for (String value : values) {
            String sub = ownerSub(value);
            if (sub != null && (!users.fromPool() || users.sub(sub))) {
                owners++;
            } else if (users.sub(value)) {
                subs++;
            } else if (users.username(value)) {
                usernames++;
            } else {
                continue;
            }
            matched.add(value);
        }
        if (matched.isEmpty()) {
            return null;
        }
        // @owner maps every form (sub::username, a sub, a username); @sub and @username only their own.
        String target = owners > 0 || (subs > 0 && usernames > 0) ? "@owner" : subs > 0 ? "@sub" : "@username";
        List<String> forms = new ArrayList<>();
        if (owners > 0) {
            forms.add(OWNER_SHAPE);
        }
        if (subs > 0) {
            forms.add("subs");
        }
        if (usernames > 0) {
            forms.add("usernames");
        }
        String basis = String.join(" or ", forms) + (users.fromPool() ? " of the users of " + users.source()
                : (subs + usernames > 0 ? " seen in " + users.source() : "") + ", by shape only");
        boolean opaque = owners + subs > 0 || IdShape.opaqueShare(matched) >= thresholds.minMatchRate();
        String reason = refusal(matched.size(), values.size(), opaque, path.nonStringCount());
        double confidence = ReferenceEvidence.confidence(matched.size(), values.size());
        List<String> unresolved = reason != null ? List.of()
                : values.stream().filter(v -> !matched.contains(v)).limit(EXAMPLES).toList();
        return new ReferenceEvidence(path.path(), target, values.size(), matched.size(),
                TableInference.round((double) matched.size() / values.size(), 4), path.items(), path.occurrences(),
                path.emptyCount(), path.nonStringCount(), path.truncated(), users.fromPool() ? "pool" : "shape",
                TableInference.round(confidence, 3), ReferenceEvidence.level(confidence, !users.fromPool()),
                matched.stream().limit(EXAMPLES).toList(), unresolved, List.of(), reason, ReferenceEvidence.Kind.IDENTITY,
                basis, List.of(), null);
    }

    /**
     * The path as identity-pool IDs ({@code <region>:<uuid>}, {@code @identityId}) when most of its values are (half of
     * them or more); null otherwise. No user pool knows them (they are an identity pool's): told by their shape alone,
     * which is distinctive enough to need 3 of them, as opaque IDs do.
     */
    private ReferenceEvidence identityIds(PathValues path, List<String> values) {
        Set<String> matched = new LinkedHashSet<>(values.stream().filter(IdShape::identityId).toList());
        if (matched.isEmpty() || matched.size() * 2 < values.size()) {
            return null;
        }
        String reason = refusal(matched.size(), values.size(), true, path.nonStringCount());
        double confidence = ReferenceEvidence.confidence(matched.size(), values.size());
        List<String> unresolved = reason != null ? List.of()
                : values.stream().filter(v -> !matched.contains(v)).limit(EXAMPLES).toList();
        return new ReferenceEvidence(path.path(), IdentityKind.IDENTITY_ID.planName(), values.size(), matched.size(),
                TableInference.round((double) matched.size() / values.size(), 4), path.items(), path.occurrences(),
                path.emptyCount(), path.nonStringCount(), path.truncated(), "shape", TableInference.round(confidence, 3),
                ReferenceEvidence.level(confidence, true), matched.stream().limit(EXAMPLES).toList(), unresolved, List.of(), reason,
                ReferenceEvidence.Kind.IDENTITY, IDENTITY_ID_SHAPE + ", by shape only", List.of(), null);
    }

    /**
     * What a placeholder's pieces are when they are identity-pool IDs by their shape (90% of them, at least 3, or all of
     * fewer: {@link PatternInference#fewAllKnown}); null
     * otherwise. Only an object's key is given such a placeholder ({@link FilePatterns}): elsewhere a value holding
     * identity IDs is most likely a key whose object would not follow a renamed value.
     */
    PatternInference.Slot identityIds(List<String> pieces) {
        Set<String> identityIds = new LinkedHashSet<>(pieces.stream().filter(IdShape::identityId).toList());
        boolean ids = refusal(identityIds.size(), pieces.size(), true, 0) == null
                || PatternInference.fewAllKnown(identityIds.size(), pieces.size(), thresholds);
        return !ids ? null
                : new PatternInference.Slot(IdentityKind.IDENTITY_ID.planName(), pieces.size(), identityIds, "shape", true);
    }

    /**
     * What a person must know of a path whose values hold identity-pool IDs inside (90% of them, at least 3), when no
     * bucket was listed: they are likely Storage keys, proposed as files only from a listing; null otherwise.
     */
    static String unlistedKeys(PathValues path, Thresholds thresholds) {
        List<String> holding = path.values().stream().filter(v -> !IdShape.identityId(v)
                && java.util.Arrays.stream(v.split("/")).anyMatch(IdShape::identityId)).toList();
        if (holding.size() < thresholds.minMatchedOpaque() || holding.size() < thresholds.minMatchRate() * path.values().size()) {
            return null;
        }
        return path.path() + ": its values hold identity IDs (e.g. '" + holding.get(0) + "'): if they are keys of Storage objects,"
                + " give infer the bucket (--source-storage-bucket), so that they are proposed as files with the pattern that renames"
                + " each object with its user";
    }

    /**
     * What a placeholder's pieces are when they are users' subs or usernames (90% of them, at least 3, or 10 for
     * usernames that look like names; or all of fewer, opaque: {@link PatternInference#fewIds}); null otherwise.
     */
    PatternInference.Slot slot(List<String> pieces) {
        if (users.isEmpty()) {
            return null;
        }
        Set<String> subs = new LinkedHashSet<>();
        Set<String> usernames = new LinkedHashSet<>();
        for (String piece : pieces) {
            if (users.sub(piece)) {
                subs.add(piece);
            } else if (users.username(piece)) {
                usernames.add(piece);
            }
        }
        String method = users.fromPool() ? "pool" : "owner values";
        if (refusal(subs.size(), pieces.size(), true, 0) == null || PatternInference.fewIds(subs, pieces.size(), thresholds)) {
            return new PatternInference.Slot("@sub", pieces.size(), subs, method, !users.fromPool());
        }
        boolean opaque = IdShape.opaqueShare(usernames) >= thresholds.minMatchRate();
        if (refusal(usernames.size(), pieces.size(), opaque, 0) == null || PatternInference.fewIds(usernames, pieces.size(), thresholds)) {
            return new PatternInference.Slot("@username", pieces.size(), usernames, method, !users.fromPool());
        }
        return null;
    }

    private String refusal(int matched, int checked, boolean opaque, int nonStringValues) {
        double rate = (double) matched / checked;
        if (rate < thresholds.minMatchRate()) {
            return "only " + matched + " of " + checked + " values (" + TableInference.percent(rate) + ") are users' identities; at least "
                    + TableInference.percent(thresholds.minMatchRate()) + " needed";
        }
        int needed = opaque ? thresholds.minMatchedOpaque() : thresholds.minMatchedOther();
        if (matched < needed) {
            return "too few values to tell: " + matched + " users' identities, at least " + needed + " needed"
                    + (opaque ? "" : " for usernames that look like names, which coincide by chance");
        }
        if (nonStringValues > 0) {
            return "the path also holds " + nonStringValues + " values that are not strings: dmig refuses an identity"
                    + " path that meets one, so fix those items first";
        }
        return null;
    }
}
