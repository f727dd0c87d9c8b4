package dev.dmig.store;

import java.net.URI;

/**
 * Where one side's tables live and how to reach them: its region, the role to assume there (with its
 * external ID), and, for local servers standing in for an account, an endpoint. A null field means
 * "as the process's own clients": the SDK's default chain, or the CLI's local endpoint.
 */
public record Account(String region, String roleArn, String externalId, URI endpoint) {
    /** The process's own account: nothing to assume, nowhere else to go. */
    public static final Account OWN = new Account(null, null, null, null);

    public boolean own() {
        return equals(OWN);
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
