package dev.dmig;

import java.util.List;

/**
 * Several things named in one line, as every refusal that applies to several tables names them: the first {@link #SHOWN},
 * then how many more, so that a person sees every one it applies to without a line that runs on.
 */
public final class Named {
    /** How many names a line shows before it counts the rest. */
    public static final int SHOWN = 10;

    private Named() {}

    /** {@code A, B, C}, or {@code A, …, J and 5 more} past {@link #SHOWN}. */
    public static String first(List<String> names) {
        if (names.size() <= SHOWN) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, SHOWN)) + " and " + (names.size() - SHOWN) + " more";
    }
}
