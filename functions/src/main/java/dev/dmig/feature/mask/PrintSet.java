package dev.dmig.feature.mask;

import dev.dmig.validate.SourceValueTokens;
import java.util.Arrays;

/**
 * The prints of the source values a masked run replaced ({@link SourcePrints}), sorted and each once: 8 bytes a value,
 * held by each process that validates the run. {@link #find} says whether a string the run wrote holds one: as its whole
 * value, or inside it (an email or a phone number among the pieces {@link SourceValueTokens} cuts it into, a full name
 * among its runs of two or three words).
 */
final class PrintSet {
    static final PrintSet EMPTY = new PrintSet(new long[0]);

    private final long[] prints;
    /** Whether any print is looked for inside a string, and any name so. */
    private final boolean inside;
    private final boolean insideNames;

    private PrintSet(long[] sortedDistinct) {
        this.prints = sortedDistinct;
        boolean any = false;
        boolean names = false;
        for (long print : prints) {
            if ((print & SourcePrints.INSIDE) != 0) {
                any = true;
                names |= sort(print) == SourcePrints.Sort.NAME;
            }
        }
        this.inside = any;
        this.insideNames = names;
    }

    /** The set of {@code prints} (any order, repeated or not). */
    static PrintSet of(long[] prints) {
        return new PrintSet(distinct(prints, prints.length));
    }

    /** The first {@code size} of {@code prints}, sorted and each once (sorted in place). */
    static long[] distinct(long[] prints, int size) {
        Arrays.sort(prints, 0, size);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (kept == 0 || prints[kept - 1] != prints[i]) {
                prints[kept++] = prints[i];
            }
        }
        return Arrays.copyOf(prints, kept);
    }

    long[] prints() {
        return prints.clone();
    }

    boolean isEmpty() {
        return prints.length == 0;
    }

    int size() {
        return prints.length;
    }

    /** What source value {@code text} is or holds (the first found), printed by {@code printer}; null when none. */
    SourcePrints.Sort find(String text, SourcePrints printer) {
        if (prints.length == 0 || text.isEmpty()) {
            return null;
        }
        String normal = SourcePrints.normal(text);
        SourcePrints.Sort found = normal.length() >= SourcePrints.SHORT ? at(printer.of(normal), false) : null;
        if (found == null && SourcePrints.phoneLike(text)) {
            found = at(printer.of(SourcePrints.digits(text)), false);
        }
        if (found != null || !inside) {
            return found;
        }
        Pieces pieces = new Pieces(printer);
        SourceValueTokens.forEachToken(text, pieces);
        if (pieces.found == null && insideNames) {
            pieces.found = inWords(normal, printer);
        }
        return pieces.found;
    }

    /** An email or phone number among a string's pieces. */
    private final class Pieces implements SourceValueTokens.Visitor {
        private final SourcePrints printer;
        SourcePrints.Sort found;

        Pieces(SourcePrints printer) {
            this.printer = printer;
        }

        @Override
        public void visit(String token, boolean whole, boolean afterOwner) {
            // The whole string was looked up already, but for an email after a scheme (mailto:).
            if (found != null || whole && token.indexOf(':') < 0) {
                return;
            }
            if (token.indexOf('@') > 0) {
                // mailto:alice@example.com: what follows the scheme.
                String email = token.substring(token.lastIndexOf(':') + 1);
                found = at(printer.of(SourcePrints.normal(email)), true);
            } else if (SourcePrints.phoneLike(token)) {
                found = at(printer.of(SourcePrints.digits(token)), true);
            }
        }
    }

    /** A full name among the runs of two and three words of {@code normal} (each word without the punctuation around it). */
    private SourcePrints.Sort inWords(String normal, SourcePrints printer) {
        String[] words = normal.split(" ");
        for (int i = 0; i < words.length; i++) {
            words[i] = trimmed(words[i]);
        }
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].isEmpty() || words[i + 1].isEmpty()) {
                continue;
            }
            String two = words[i] + " " + words[i + 1];
            SourcePrints.Sort found = at(printer.of(two), true);
            if (found == null && i + 2 < words.length && !words[i + 2].isEmpty()) {
                found = at(printer.of(two + " " + words[i + 2]), true);
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** A word without the punctuation before and after it ({@code (alice,} is {@code alice}). */
    private static String trimmed(String word) {
        int from = 0;
        int to = word.length();
        while (from < to && !Character.isLetterOrDigit(word.charAt(from))) {
            from++;
        }
        while (to > from && !Character.isLetterOrDigit(word.charAt(to - 1))) {
            to--;
        }
        return word.substring(from, to);
    }

    /** The sort of the print {@code print} (last 4 bits zero) stands for; {@code inside}: only one looked for inside a string. */
    SourcePrints.Sort at(long print, boolean insideOnly) {
        int i = lowerBound(print);
        for (; i < prints.length && (prints[i] & ~SourcePrints.LOW) == print; i++) {
            if (!insideOnly || (prints[i] & SourcePrints.INSIDE) != 0) {
                return sort(prints[i]);
            }
        }
        return null;
    }

    private int lowerBound(long print) {
        int low = 0;
        int high = prints.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (prints[mid] < print) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static SourcePrints.Sort sort(long print) {
        SourcePrints.Sort[] sorts = SourcePrints.Sort.values();
        return sorts[(int) Math.min(print & 0x7L, sorts.length - 1)];
    }
}
