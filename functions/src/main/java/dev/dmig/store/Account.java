package dev.dmig.store;

import java.net.URI;

/**
 * Where one side's tables live and how to reach them: its region, the role to assume there (with its
 * external ID), and, for local servers standing in for an account, an endpoint. A null field means
 * "as the process's own clients": the SDK's default chain, or the CLI's local endpoint. {@code session}:
 * the role session name the role is assumed under, which names the run in the other account's CloudTrail
 * ({@link #forRun}); null for the generic one.
 */
public record Account(String region, String roleArn, String externalId, URI endpoint, String session) {
    /** The process's own account: nothing to assume, nowhere else to go. */
    public static final Account OWN = new Account(null, null, null, null);

    public Account(String region, String roleArn, String externalId, URI endpoint) {
        this(region, roleArn, externalId, endpoint, null);
    }

    public boolean own() {
        return region == null && roleArn == null && externalId == null && endpoint == null;
    }

    /** This account as run {@code runId} reaches it: a role is assumed under a session name of that run. */
    public Account forRun(String runId) {
        return roleArn == null ? this : new Account(region, roleArn, externalId, endpoint, AccountClients.sessionName(runId));
    }

    /** For messages and logs: the role's account and name, the region, the endpoint; never a secret. */
    public String describe() {
        if (own()) {
            return "this process's own account";
        }
        StringBuilder text = new StringBuilder();
        if (roleArn != null) {
            text.append("role ").append(roleArn);
        }
        if (region != null) {
            text.append(text.isEmpty() ? "" : " ").append("in ").append(region);
        }
        if (endpoint != null) {
            text.append(text.isEmpty() ? "" : " ").append("at ").append(endpoint);
        }
        return text.toString();
    }
}
