package dev.dmig.plan;

/** What one placeholder of a {@link ValuePattern} maps its part of the value to. */
public sealed interface PlaceholderTarget {

    /** The part is an ID of {@code model}'s records: it gets that model's new ID. */
    record Model(String model) implements PlaceholderTarget {}

    /** The part is a user's identity: it gets the target user's, by the run's identity map. */
    record Identity(IdentityKind kind) implements PlaceholderTarget {}

    /** The part is copied as it is (a date, a status, a fixed word). */
    record Kept() implements PlaceholderTarget {}

    PlaceholderTarget KEPT = new Kept();
}
