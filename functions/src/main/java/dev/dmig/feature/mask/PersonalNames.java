package dev.dmig.feature.mask;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What says an attribute holds a person's data, as a masked run reads it: its name, in whole words of its camelCase,
 * snake_case or kebab-case (any case: {@code email}, {@code contactPhone}, {@code date_of_birth}, {@code firstName},
 * {@code name} alone or after a word of a person, {@code displayName}, not {@code fileName}); or its values, email addresses.
 * A word says it, not what the values are: {@code emailVerified} is personal until the plan keeps it.
 */
final class PersonalNames {
    private static final Pattern WORDS = Pattern.compile("[_\\-\\s.]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
    /** A word that says the attribute is personal wherever it is in the name. */
    private static final Set<String> PERSONAL = Set.of("email", "emails", "phone", "phones", "mobile", "telephone", "address",
            "addresses", "street", "birth", "birthday", "birthdate", "dob", "surname", "firstname", "lastname", "givenname",
            "familyname", "fullname", "ssn", "passport");
    /** A word before {@code name} that makes it a person's. */
    private static final Set<String> OF_A_PERSON = Set.of("first", "last", "given", "family", "full", "middle", "maiden", "nick",
            "display", "legal", "real", "contact", "customer", "user", "person", "patient", "client", "member", "employee");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}");

    private PersonalNames() {}

    /** The words of an attribute's name, in lower case: {@code contactEmail} → contact, email. */
    static List<String> words(String name) {
        return Arrays.stream(WORDS.split(name)).filter(word -> !word.isEmpty()).map(word -> word.toLowerCase(Locale.ROOT)).toList();
    }

    /** Whether an attribute's name says it holds a person's data. */
    static boolean personal(String name) {
        List<String> words = words(name);
        if (words.equals(List.of("name"))) {
            return true;
        }
        for (int i = 0; i < words.size(); i++) {
            if (PERSONAL.contains(words.get(i)) || (i > 0 && words.get(i).equals("name") && OF_A_PERSON.contains(words.get(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** The kind its name suggests: {@code phone} for {@code contactPhone}, {@code date} for {@code dateOfBirth}. */
    static String kind(String name) {
        List<String> words = words(name);
        MaskKind kind = MaskKind.TEXT;
        for (String word : words) {
            kind = switch (word) {
                case "email", "emails" -> MaskKind.EMAIL;
                case "phone", "phones", "mobile", "telephone" -> MaskKind.PHONE;
                case "address", "addresses", "street" -> MaskKind.ADDRESS;
                case "birth", "birthday", "birthdate", "dob" -> MaskKind.DATE;
                case "first", "given", "firstname", "givenname" -> MaskKind.GIVEN_NAME;
                case "last", "family", "surname", "lastname", "familyname" -> MaskKind.FAMILY_NAME;
                case "name", "fullname" -> kind == MaskKind.TEXT ? MaskKind.FULL_NAME : kind;
                default -> kind;
            };
            if (kind != MaskKind.TEXT && kind != MaskKind.FULL_NAME) {
                return kind.planName();
            }
        }
        return kind.planName();
    }

    /** Whether a text is an email address. */
    static boolean email(String value) {
        return value.length() <= 254 && EMAIL.matcher(value).matches();
    }
}
