package dev.dmig.feature.mask;

import dev.dmig.PersonalAttributes;
import dev.dmig.identity.PoolUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A source pool's user as a masked run puts them in the target's pool: their username and the attributes that name or
 * reach a person masked by the feature's {@link Masker}, exactly as a record's value of the same kind is (the same email
 * in a record and in the pool masks to the same fake), and whether they verified them; no other attribute, and no
 * password. A username that is an email is masked as one; one that is the user's sub (a pool that signs users in by
 * email) becomes their masked email (else phone); any other as a {@code username}; in a target pool that signs users in
 * by email (or phone), the masked email (or phone) is the username it requires.
 */
record MaskedUser(String username, Map<String, String> attributes) {
    /** The pool's attributes masked, by the kind their values are masked as in records. */
    private static final Map<String, MaskKind> MASKED = Map.of("email", MaskKind.EMAIL, "phone_number", MaskKind.PHONE,
            "name", MaskKind.FULL_NAME, "given_name", MaskKind.GIVEN_NAME, "family_name", MaskKind.FAMILY_NAME);
    /** Copied as they are: whether the (masked) email and phone were verified says nothing of the person. */
    private static final String[] KEPT = {"email_verified", "phone_number_verified"};
    /** The order the attributes are given in, for one request alike from run to run. */
    private static final String[] ORDER = {"email", "email_verified", "phone_number", "phone_number_verified", "name",
            "given_name", "family_name"};

    /** Whether the run puts {@code attribute} in the target's pool masked: its value is a fake, as a masked path's is. */
    static boolean masks(String attribute) {
        return MASKED.containsKey(attribute);
    }

    MaskedUser {
        attributes = Map.copyOf(attributes);
    }

    static MaskedUser of(Masker masker, PoolUser user) {
        return of(masker, user, List.of());
    }

    /**
     * {@code user} masked for a pool whose users sign in with {@code signInBy} in place of a username ({@code email},
     * {@code phone_number}): given the masked value as their username, which the pool requires.
     */
    static MaskedUser of(Masker masker, PoolUser user, List<String> signInBy) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : ORDER) {
            String value = user.attributes().get(name);
            if (value == null || value.isEmpty()) {
                continue;
            }
            MaskKind kind = MASKED.get(name);
            if (kind != null) {
                attributes.put(name, masker.text(kind, value));
            } else if (name.equals(KEPT[0]) || name.equals(KEPT[1])) {
                attributes.put(name, value);
            }
        }
        for (String attribute : signInBy) {
            if (attributes.containsKey(attribute)) {
                return new MaskedUser(attributes.get(attribute), attributes);
            }
        }
        return new MaskedUser(username(masker, user, attributes), attributes);
    }

    private static String username(Masker masker, PoolUser user, Map<String, String> masked) {
        String username = user.username();
        if (PersonalAttributes.email(username)) {
            return masker.text(MaskKind.EMAIL, username);
        }
        if (username.equals(user.sub()) && masked.containsKey("email")) {
            return masked.get("email");
        }
        if (username.equals(user.sub()) && masked.containsKey("phone_number")) {
            return masked.get("phone_number");
        }
        return masker.text(MaskKind.USERNAME, username);
    }

    /**
     * The prints of {@code user}'s values a masked run replaces in the pool (the attributes above, and their username when
     * it is an email), which validation looks for in what the run wrote ({@link SourcePrints}).
     */
    static void printed(SourcePrints printer, PoolUser user, LongConsumer out) {
        MASKED.forEach((name, kind) -> {
            String value = user.attributes().get(name);
            if (value != null) {
                printer.ofSource(MaskRule.of(name, kind), AttributeValue.fromS(value), out);
            }
        });
        if (user.username() != null && PersonalAttributes.email(user.username())) {
            printer.ofSource(MaskRule.of("username", MaskKind.EMAIL), AttributeValue.fromS(user.username()), out);
        }
    }

    /** The masked email, if the user has one: a pool that signs users in by email knows them by it. */
    String email() {
        return attributes.get("email");
    }
}
