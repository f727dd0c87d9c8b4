package dev.dmig.feature.mask;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a masked value becomes: a fake of its kind, a shifted date or number, a constant, nothing, or itself. */
public enum MaskKind {
    EMAIL("email"),
    GIVEN_NAME("givenName"),
    FAMILY_NAME("familyName"),
    FULL_NAME("fullName"),
    PHONE("phone"),
    USERNAME("username"),
    ADDRESS("address"),
    DATE("date"),
    TEXT("text"),
    NUMBER("number"),
    CONSTANT("constant"),
    PLACEHOLDER("placeholder"),
    REMOVE("remove"),
    KEEP("keep");

    private final String planName;

    MaskKind(String planName) {
        this.planName = planName;
    }

    public String planName() {
        return planName;
    }

    /** The kind a plan names; null for none. */
    static MaskKind fromPlan(String name) {
        return Arrays.stream(values()).filter(kind -> kind.planName.equals(name)).findFirst().orElse(null);
    }

    /** Every kind as the plan writes it, quoted: {@code "email", "givenName", ...}. */
    static String choices() {
        return Arrays.stream(values()).map(kind -> "\"" + kind.planName + "\"").collect(Collectors.joining(", "));
    }

    /**
     * Whether the kind changes the value (not {@code keep}, which only says the attribute was decided about, nor a file's
     * {@code placeholder}, which changes the object its value names, not the value).
     */
    boolean masks() {
        return this != KEEP && this != PLACEHOLDER;
    }
}
