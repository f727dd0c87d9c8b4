package dev.dmig.plan;

/**
 * What an identity reference holds, as Amplify's owner-based auth stores it: {@code @owner} is the owner
 * field's value ({@code <sub>::<username>}, or the sub or username alone in older apps); {@code @sub} a user's
 * sub; {@code @username} a user's username; {@code @identityId} a user's identity-pool ID ({@code <region>:<uuid>},
 * as Amplify Storage's {@code protected/} and {@code private/} keys hold it), which only the identity map gives.
 */
public enum IdentityKind {
    OWNER("@owner"),
    SUB("@sub"),
    USERNAME("@username"),
    IDENTITY_ID("@identityId");

    private final String planName;

    IdentityKind(String planName) {
        this.planName = planName;
    }

    public String planName() {
        return planName;
    }

    static IdentityKind fromPlan(String text) {
        for (IdentityKind kind : values()) {
            if (kind.planName.equals(text)) {
                return kind;
            }
        }
        return null;
    }
}
