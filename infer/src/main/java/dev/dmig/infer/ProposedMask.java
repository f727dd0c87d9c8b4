package dev.dmig.infer;

/**
 * A proposed rule of a table's {@code mask} ({@code dmig infer --mask}), as the plan writes it, and why.
 *
 * @param path  the attribute path, as the source item holds it ({@code email}, {@code phones[]}, {@code mailingAddress.street})
 * @param kind  the masking kind, as the plan names it ({@code email}, {@code givenName}, {@code keep}…)
 * @param value a {@code constant}'s value; null for any other kind
 * @param why   what says the attribute is personal, and why this kind ({@code schema type AWSEmail; 25 of 25 sampled values
 *              are email addresses}); never a value
 */
record ProposedMask(String path, String kind, String value, String why) {
    /** For people: {@code email → email}, {@code lastSeenFrom → constant "192.0.2.1"}. */
    String shown() {
        return path + " → " + kind + (value == null ? "" : " \"" + value + "\"");
    }
}
