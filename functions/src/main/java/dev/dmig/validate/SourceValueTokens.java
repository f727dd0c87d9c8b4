package dev.dmig.validate;

import dev.dmig.identity.Usernames;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The tokens validation looks up as the source's in a string: the string whole, and the pieces its separators cut it
 * into (the {@code ::} of an owner value, {@code #}, {@code |}, {@code /}, blanks, the punctuation of JSON and URLs), each
 * also without the punctuation that ends a sentence, without a file extension and URL-decoded: so {@code USER#<sub>},
 * {@code <sub>::<username>}, {@code protected/<identity ID>/<id>.jpg} and a JSON string holding an ID are all seen.
 */
public final class SourceValueTokens {
    private SourceValueTokens() {}

    /** Receives the tokens of a string: {@code whole} for the string itself; {@code afterOwner} for what follows an owner value's {@code ::}. */
    @FunctionalInterface
    public interface Visitor {
        void visit(String token, boolean whole, boolean afterOwner);
    }

    /** Hands {@code value}'s tokens to {@code visitor}: itself, then its pieces and their variants (see the class). */
    public static void forEachToken(String value, Visitor visitor) {
        visitor.visit(value, true, false);
        int owner = value.indexOf("::");
        // Read from an array: validation cuts every string the run writes, and the command line's C1 checks each charAt.
        char[] chars = value.toCharArray();
        int n = chars.length;
        int start = 0;
        boolean cut = false;
        for (int i = 0; i < n; i++) {
            int width = separator(chars, i);
            if (width == 0) {
                continue;
            }
            if (i > start) {
                piece(value.substring(start, i), owner >= 0 && start == owner + 2, visitor);
            }
            cut = true;
            i += width - 1;
            start = i + 1;
        }
        if (!cut) {
            variants(value, false, visitor);
        } else if (start < n) {
            piece(value.substring(start), owner >= 0 && start == owner + 2, visitor);
        }
    }

    private static void piece(String piece, boolean afterOwner, Visitor visitor) {
        visitor.visit(piece, false, afterOwner);
        variants(piece, afterOwner, visitor);
    }

    /**
     * The piece without the punctuation that ends a sentence ({@code <id>.}), without its file extension
     * ({@code <id>.jpg}), and URL-decoded ({@code us-east-1%3A<uuid>}).
     */
    private static void variants(String piece, boolean afterOwner, Visitor visitor) {
        int end = piece.length();
        while (end > 0 && ".:!".indexOf(piece.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end > 0 && end < piece.length()) {
            visitor.visit(piece.substring(0, end), false, afterOwner);
            return;
        }
        int dot = piece.lastIndexOf('.');
        int extension = piece.length() - dot - 1;
        if (dot > 0 && extension >= 1 && extension <= 5 && lettersOrDigits(piece, dot + 1)) {
            visitor.visit(piece.substring(0, dot), false, false);
        }
        if (piece.indexOf('%') >= 0) {
            try {
                String decoded = URLDecoder.decode(piece, StandardCharsets.UTF_8);
                if (!decoded.equals(piece)) {
                    visitor.visit(decoded, false, afterOwner);
                }
            } catch (IllegalArgumentException notEncoded) {
                // A '%' that is no escape: the piece was looked at as it is.
            }
        }
    }

    /** Whether every character of {@code piece} from {@code from} is a letter or digit (a loop: this runs for every string read). */
    private static boolean lettersOrDigits(String piece, int from) {
        for (int i = from; i < piece.length(); i++) {
            if (!Character.isLetterOrDigit(piece.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The ASCII characters that cut a string, the {@code :} of {@code ::} aside: a table, as every character is asked. */
    private static final boolean[] CUTS = new boolean[128];

    static {
        for (char c : "#|/,;?&=\"'{}[]()<>".toCharArray()) {
            CUTS[c] = true;
        }
        for (char c = 0; c < 128; c++) {
            CUTS[c] |= Character.isWhitespace(c);
        }
    }

    /** The width of the separator at {@code i} of {@code value}: 2 for {@code ::}, 1 for the others, else 0. */
    private static int separator(char[] value, int i) {
        char c = value[i];
        if (c == ':') {
            return i + 1 < value.length && value[i + 1] == ':' ? 2 : 0;
        }
        if (c < 128) {
            return CUTS[c] ? 1 : 0;
        }
        // No character between ASCII and U+1680 (OGHAM SPACE MARK) is whitespace: most text is never asked further.
        return c >= FIRST_WIDE_BLANK && Character.isWhitespace(c) ? 1 : 0;
    }

    /** The first character past ASCII that {@link Character#isWhitespace} takes for a blank. */
    private static final char FIRST_WIDE_BLANK = '\u1680';

    /** {@code text} as messages may show it: each piece that is an email address or phone number masked. */
    public static String masked(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        char[] chars = text.toCharArray();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || (chars[i] != ':' && separator(chars, i) == 1)) {
                shown.append(Usernames.shownValue(text.substring(start, i)));
                if (i < text.length()) {
                    shown.append(text.charAt(i));
                }
                start = i + 1;
            }
        }
        return shown.toString();
    }
}
