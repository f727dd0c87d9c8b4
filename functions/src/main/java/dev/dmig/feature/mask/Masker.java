package dev.dmig.feature.mask;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;
import net.datafaker.Faker;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Masks one value as its rule says: a function of the masking key, the rule's kind and the value only ({@link KeyedHash}),
 * so the same value masks alike in every table, attribute and run under one key. A fake never equals its source value
 * (drawn again until it differs); an empty string and NULL stay as they are. A value the kind cannot take (a number as a
 * name, a text that is no date) is refused with why ({@link IllegalArgumentException}).
 */
final class Masker {
    /** Reserved for documentation (RFC 2606, 6761): no address on it can receive mail. */
    static final String EMAIL_DOMAIN = "example.invalid";
    private static final int MAX_ATTEMPTS = 16;

    private final KeyedHash hash;

    Masker(MaskKey key) {
        this.hash = new KeyedHash(key);
    }

    /** {@code value} masked by {@code rule}; null removes it. A composite value's parts are each masked as a whole value of their kind. */
    AttributeValue mask(MaskRule rule, AttributeValue value) {
        if (rule.parts() != null) {
            return AttributeValue.fromS(rule.parts().masked(string(value, rule), (part, text) -> mask(part, AttributeValue.fromS(text)).s()));
        }
        return switch (rule.kind()) {
            case KEEP, PLACEHOLDER -> value;
            case REMOVE -> null;
            case CONSTANT -> rule.constant();
            case NUMBER -> AttributeValue.fromN(Numbers.noisy(hash, number(value, rule), rule.range()));
            case DATE -> Dates.shifted(hash, value, rule.days());
            default -> AttributeValue.fromS(text(rule.kind(), string(value, rule)));
        };
    }

    /** A string masked as {@code kind}: a fake drawn from its hash, drawn again while it equals the value. */
    String text(MaskKind kind, String value) {
        if (value.isEmpty()) {
            return value;
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ByteBuffer bytes = hash.of(kind, value, attempt);
            String fake = fake(kind, value, bytes);
            if (!fake.equalsIgnoreCase(value)) {
                return fake;
            }
        }
        throw new IllegalStateException("no fake " + kind.planName() + " differs from the value after " + MAX_ATTEMPTS + " draws");
    }

    private static String fake(MaskKind kind, String value, ByteBuffer bytes) {
        Faker faker = FakeValues.seeded(bytes.getLong(0));
        return switch (kind) {
            case GIVEN_NAME -> faker.name().firstName();
            case FAMILY_NAME -> faker.name().lastName();
            case FULL_NAME -> faker.name().firstName() + " " + faker.name().lastName();
            case ADDRESS -> faker.address().streetAddress();
            case EMAIL -> email(faker, bytes);
            case USERNAME -> username(faker, bytes);
            case PHONE -> phone(bytes);
            case TEXT -> text(faker, value.length());
            default -> throw new IllegalArgumentException("kind " + kind.planName() + " makes no text");
        };
    }

    /**
     * {@code first.last.<12 hex digits of the hash>@example.invalid}: a valid address no one receives, whose hash part keeps
     * two source addresses apart (48 bits: two of a million collide with odds of about 1 in 500 million).
     */
    private static String email(Faker faker, ByteBuffer bytes) {
        String name = (faker.name().firstName() + "." + faker.name().lastName()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.]", "");
        return name + "." + HexFormat.of().formatHex(bytes.array(), 8, 14) + "@" + EMAIL_DOMAIN;
    }

    /**
     * {@code first.last.<12 hex digits of the hash>}: a username as people pick them, kept apart from every other one by
     * its hash part as an email's local part is (a user pool's usernames are unique).
     */
    private static String username(Faker faker, ByteBuffer bytes) {
        return (faker.name().firstName() + "." + faker.name().lastName()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]", "")
                + "." + HexFormat.of().formatHex(bytes.array(), 8, 14);
    }

    /**
     * An E.164 number of the North American plan in the range reserved for fiction: {@code +1 <area> 555-01<two digits>},
     * which rings no one (80,000 of them, so numbers repeat).
     */
    private static String phone(ByteBuffer bytes) {
        int area = 200 + Math.floorMod(bytes.getInt(8), 800);
        int line = Math.floorMod(bytes.getInt(12), 100);
        return String.format(Locale.ROOT, "+1%03d55501%02d", area, line);
    }

    /** Words of Lorem ipsum, cut to {@code length} characters. */
    private static String text(Faker faker, int length) {
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(text.length() == 0 ? "" : " ").append(faker.lorem().word());
        }
        text.setLength(length);
        if (text.charAt(length - 1) == ' ') {
            text.setCharAt(length - 1, 'x');
        }
        return text.toString();
    }

    private static String string(AttributeValue value, MaskRule rule) {
        if (value.type() != AttributeValue.Type.S) {
            throw new IllegalArgumentException("expected a string to mask as " + rule.kind().planName() + ", found "
                    + typeName(value));
        }
        return value.s();
    }

    private static BigDecimal number(AttributeValue value, MaskRule rule) {
        if (value.type() != AttributeValue.Type.N) {
            throw new IllegalArgumentException("expected a number (N) to mask as " + rule.kind().planName() + ", found "
                    + typeName(value));
        }
        return new BigDecimal(value.n());
    }

    static String typeName(AttributeValue value) {
        return switch (value.type()) {
            case S -> "a string";
            case N -> "a number (N)";
            case BOOL -> "a boolean (BOOL)";
            case M -> "a map (M)";
            case L -> "a list (L)";
            default -> "a value of type " + value.type();
        };
    }
}
