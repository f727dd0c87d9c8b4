package dev.dmig.feature.match;

import dev.dmig.PersonalValues;
import dev.dmig.store.ItemKeys;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A record's natural key: the values of its table's {@code match.on} attributes, as the pairing ({@link RecordPairing})
 * and validation's check that no key is held twice compare them, and as a message may name them. A string is compared
 * in Unicode's composed form (NFC: an {@code é} typed as one character or as {@code e} and an accent is one value),
 * without the blanks around it, and, under {@code caseInsensitive}, with its case folded after that; a number by its
 * value ({@code 1.50} is {@code 1.5}). Messages show the values masked ({@link PersonalValues#masked}), never as they
 * are: a natural key says who a record is.
 */
public final class NaturalKey {
    /** Blanks around a value: every Unicode white space (tabs, line breaks, no-break spaces), not just ASCII's. */
    private static final Pattern AROUND = Pattern.compile("^\\p{IsWhite_Space}+|\\p{IsWhite_Space}+$");

    private NaturalKey() {}

    /** The values' key, as a match compares them; null when the item lacks one of them (absent, NULL, empty or blank). */
    public static String of(Match match, Map<String, AttributeValue> item) {
        StringBuilder key = new StringBuilder();
        for (String attribute : match.on()) {
            String text = text(match, item.get(attribute));
            if (text == null) {
                return null;
            }
            key.append(item.get(attribute).type()).append(':').append(text).append('\u0000');
        }
        return key.toString();
    }

    /** {@code value} as natural keys compare strings: composed (NFC), stripped of surrounding blanks, case folded if asked. */
    public static String normalized(String value, boolean caseInsensitive) {
        String composed = composed(value);
        return caseInsensitive ? composed.toLowerCase(Locale.ROOT) : composed;
    }

    /** {@code value} composed (NFC), without the blanks around it. */
    private static String composed(String value) {
        return AROUND.matcher(Normalizer.normalize(value, Normalizer.Form.NFC)).replaceAll("");
    }

    private static String text(Match match, AttributeValue value) {
        if (value == null || value.type() == AttributeValue.Type.NUL) {
            return null;
        }
        return switch (value.type()) {
            case S -> {
                String text = normalized(value.s(), match.caseInsensitive());
                yield text.isEmpty() ? null : text;
            }
            case N -> new BigDecimal(value.n()).stripTrailingZeros().toPlainString();
            default -> value.toString();
        };
    }

    /** The values as a message names them, masked: {@code username 'a***'}, {@code orgId 'o***', email 'a***@x***.com'}. */
    public static String describe(Match match, Map<String, AttributeValue> item) {
        List<String> parts = new ArrayList<>();
        for (String attribute : match.on()) {
            parts.add(attribute + " " + shown(item.get(attribute)));
        }
        return String.join(", ", parts);
    }

    /**
     * An item's key as a message names it ({@link ItemKeys#describe}), but with the values of the attributes the pair is
     * made {@code on} masked as {@link #describe} masks them: a key that is an email names no one.
     */
    public static String describeKey(Match match, Map<String, AttributeValue> key) {
        if (key == null || key.isEmpty() || match.on().stream().noneMatch(key::containsKey)) {
            return ItemKeys.describe(key);
        }
        List<String> parts = new ArrayList<>();
        key.forEach((name, value) -> parts.add(name + "=" + (match.on().contains(name)
                ? PersonalValues.masked(ItemKeys.scalar(value)) : ItemKeys.scalar(value))));
        return String.join(", ", parts);
    }

    private static String shown(AttributeValue value) {
        if (value == null || value.type() == AttributeValue.Type.NUL) {
            return "(none)";
        }
        return switch (value.type()) {
            case S -> "'" + PersonalValues.masked(composed(value.s())) + "'";
            case N -> PersonalValues.masked(value.n());
            case BOOL -> String.valueOf(value.bool());
            default -> "(a " + value.type().name().toLowerCase(Locale.ROOT) + " value)";
        };
    }
}
