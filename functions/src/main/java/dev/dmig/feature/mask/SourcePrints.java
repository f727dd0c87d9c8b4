package dev.dmig.feature.mask;

import dev.dmig.PersonalAttributes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.LongConsumer;
import javax.crypto.Mac;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The source values a masked run replaces, as validation looks for them in what the run wrote: each one a keyed print,
 * the first 60 bits of an HMAC-SHA-256 of the value (lower-cased, its blanks made one; a phone number's digits alone)
 * under the masking key, so that the prints the run keeps say nothing of a value to whoever lacks the key; its last 4
 * bits say what the value was ({@link Sort}) and whether it is looked for inside a string too ({@link #INSIDE}: an
 * email, a phone number of 7 digits or more, a full name of two or three words) or only as a string's whole value (a
 * given or family name, a username, and, from {@value #LONG} characters, an address, and a text, a removed or constant
 * value of one piece). Dates, numbers and sentences are not looked for: one recurs in other records on its own.
 */
final class SourcePrints {
    /** The bit of a print looked for inside a string, not only as a whole value. */
    static final long INSIDE = 0x8L;
    /** The bits of a print that say its {@link Sort} and {@link #INSIDE}. */
    static final long LOW = 0xFL;
    /** The fewest characters of a name or username looked for (a shorter one is found in any text). */
    static final int SHORT = 3;
    /** The fewest characters of an address or a text looked for: a short one ({@code n/a}) is any record's. */
    static final int LONG = 8;
    /** The fewest digits of a phone number looked for inside a string. */
    static final int PHONE_DIGITS = 7;
    private static final byte[] DOMAIN = "dmig masked source value\0".getBytes(StandardCharsets.UTF_8);

    /** What a found value was, as a finding says it (never the value). */
    enum Sort {
        EMAIL("a source email"),
        PHONE("a source phone number"),
        NAME("a source name"),
        USERNAME("a source username"),
        ADDRESS("a source address"),
        OTHER("a source value");

        private final String said;

        Sort(String said) {
            this.said = said;
        }

        String said() {
            return said;
        }
    }

    private final ThreadLocal<Mac> macs;

    SourcePrints(MaskKey key) {
        this.macs = ThreadLocal.withInitial(key::mac);
    }

    /** The print of a value as {@link #normal} made it, its last 4 bits zero. */
    long of(String normal) {
        Mac mac = macs.get();
        mac.update(DOMAIN);
        return ByteBuffer.wrap(mac.doFinal(normal.getBytes(StandardCharsets.UTF_8))).getLong(0) & ~LOW;
    }

    /** The prints of {@code value}, a source value {@code rule} replaces, handed to {@code out}: none when it is not looked for. */
    void ofSource(MaskRule rule, AttributeValue value, LongConsumer out) {
        if (value.type() != AttributeValue.Type.S || value.equals(rule.constant())) {
            return;
        }
        String text = value.s();
        String normal = normal(text);
        switch (rule.kind()) {
            case EMAIL, USERNAME -> {
                boolean email = PersonalAttributes.email(text.trim());
                add(normal, email || rule.kind() == MaskKind.EMAIL ? Sort.EMAIL : Sort.USERNAME, email, SHORT, out);
            }
            case PHONE -> {
                String digits = digits(text);
                if (digits.length() >= PHONE_DIGITS) {
                    add(digits, Sort.PHONE, true, 0, out);
                } else {
                    add(normal, Sort.PHONE, false, SHORT, out);
                }
            }
            case FULL_NAME -> {
                int words = normal.isEmpty() ? 0 : normal.split(" ").length;
                add(normal, Sort.NAME, words == 2 || words == 3, SHORT, out);
            }
            case GIVEN_NAME, FAMILY_NAME -> add(normal, Sort.NAME, false, SHORT, out);
            case ADDRESS -> add(normal, Sort.ADDRESS, false, LONG, out);
            case DATE, NUMBER, KEEP, PLACEHOLDER -> {
                // A date or a number recurs in other records on its own; a kept value is the target's.
            }
            default -> {
                // A text, a removed or constant value: looked for when it is one piece (a code, a number, an identifier),
                // not a sentence, whose words recur in other records' texts on their own ("Call back after 5pm").
                if (normal.indexOf(' ') < 0) {
                    add(normal, Sort.OTHER, false, LONG, out);
                }
            }
        }
    }

    private void add(String normal, Sort sort, boolean inside, int shortest, LongConsumer out) {
        if (normal.length() >= Math.max(1, shortest)) {
            out.accept(of(normal) | sort.ordinal() | (inside ? INSIDE : 0));
        }
    }

    /** {@code text} as it is printed: lower-cased, trimmed, each run of blanks one space. */
    static String normal(String text) {
        return text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** The digits of {@code text}, in order. */
    static String digits(String text) {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    /**
     * Whether {@code text} is written as a phone number is: digits, at least {@value #PHONE_DIGITS}, and nothing else but
     * {@code + - . ( )} and blanks.
     */
    static boolean phoneLike(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if ("+-.() ".indexOf(c) < 0) {
                return false;
            }
        }
        return digits >= PHONE_DIGITS;
    }
}
