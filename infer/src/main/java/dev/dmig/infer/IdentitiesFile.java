package dev.dmig.infer;

import dev.dmig.csv.CsvCell;
import dev.dmig.identity.PoolUsers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity map as infer can write it for its user to complete ({@code --identities-out}): one line per source user
 * it knows, with their sub and username; the target's columns filled in from the pools' pairs when both pools were
 * read, empty otherwise (only the user knows who is who); the identity-ID columns, empty, when the plan maps identity-pool
 * IDs. Four columns always: subs alone ({@code source_sub,target_sub}) serve only pools where each user's username is
 * their sub. The file holds the users' usernames as they are (emails too): it is the user's, asked for by name, and
 * nothing about it that is printed names a user.
 */
public final class IdentitiesFile {
    private static final List<String> COLUMNS = List.of("source_sub", "target_sub", "source_username", "target_username");
    private static final List<String> IDENTITY_IDS = List.of("source_identity_id", "target_identity_id");

    /** The file's text and what it holds, for the summary. */
    public record Written(String text, int users, int paired, boolean identityIds, String source, String targetPool,
                          boolean named, boolean maps) {
        /** One line for people: what was written and what is left to fill in; never a user's name. */
        public String describe(String file) {
            if (users == 0) {
                return "wrote " + file + ": its header alone: no user was seen (no owner values, and no --source-user-pool-id);"
                        + " add one line per source user";
            }
            StringBuilder text = new StringBuilder("wrote ").append(file).append(": ").append(count(users, "source user"))
                    .append(' ').append(source);
            if (targetPool != null) {
                text.append(", ").append(paired).append(" paired by email with their users of ").append(targetPool);
            }
            int empty = users - paired;
            if (empty > 0) {
                text.append(", ").append(empty).append(empty == 1 ? " with its" : " with their")
                        .append(" target_sub and target_username empty, to fill in with each one's sub and username in the target's pool");
            }
            text.append("; keep the username columns unless each user's username is their sub (an email sign-in pool): subs"
                    + " alone, source_sub,target_sub, serve only such pools");
            if (identityIds) {
                text.append("; fill in source_identity_id,target_identity_id (<region>:<uuid>) for each user who has identity IDs");
            }
            if (!maps) {
                text.append("; the plan maps no identity, and names no such file");
            } else if (!named) {
                text.append("; the plan names no file (the pools pair its users): to pair users they cannot, add \"csv\": \"")
                        .append(file).append("\" to its identities");
            }
            return text.append("; the file holds the users' usernames: keep it as you keep the pools' data").toString();
        }
    }

    private IdentitiesFile() {}

    /** The file for {@code plan}: its source users, paired when both pools were read. */
    public static Written of(InferredPlan plan) {
        KnownUsers users = plan.users();
        boolean identityIds = plan.mapsIdentityIds();
        Map<String, PoolUsers.User> targets = new HashMap<>();
        if (users.paired()) {
            users.pools().pairs().forEach(p -> targets.put(p.source().sub(), p.target()));
        }
        StringBuilder text = new StringBuilder(String.join(",", COLUMNS));
        if (identityIds) {
            text.append(',').append(String.join(",", IDENTITY_IDS));
        }
        text.append('\n');
        int paired = 0;
        for (PoolUsers.User user : users.users()) {
            PoolUsers.User target = targets.get(user.sub());
            paired += target == null ? 0 : 1;
            text.append(String.join(",", CsvCell.write(user.sub()), CsvCell.write(target == null ? null : target.sub()),
                    CsvCell.write(user.username()), CsvCell.write(target == null ? null : target.username())));
            text.append(identityIds ? ",," : "").append('\n');
        }
        String source = users.fromPool() ? "of " + users.source() : "seen in " + users.source();
        return new Written(text.toString(), users.users().size(), paired, identityIds, source,
                users.paired() ? users.pools().targetPool() : null, plan.needsIdentitiesCsv(), plan.mapsIdentities());
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
