package dev.dmig;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What says an attribute holds a person's data, one classification for every part of dmig that asks: a masked run's
 * strict mode (the masking feature refuses such an attribute that the plan neither masks nor keeps) and {@code dmig infer
 * --mask} (which proposes a kind for it). Its name, in whole words of its camelCase, snake_case or kebab-case (any case:
 * {@code email}, {@code contactPhone}, {@code date_of_birth}, {@code firstName}, {@code name} alone or after a word of a
 * person, {@code displayName}, not {@code fileName}), a map's part by its own name ({@code contact.email}); its values,
 * email addresses (and, for a proposal, phone numbers); its type in the app's schema ({@code AWSEmail}, {@code AWSPhone},
 * {@code AWSIPAddress}). A word says it, not what the values are: {@code emailVerified} is personal until the plan keeps
 * it.
 *
 * <p>The kinds it suggests are the masking kinds as a plan names them ({@link #EMAIL}, {@link #PHONE}…); the masking
 * feature's tests hold them to its kinds.
 */
public final class PersonalAttributes {
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String ADDRESS = "address";
    public static final String DATE = "date";
    public static final String GIVEN_NAME = "givenName";
    public static final String FAMILY_NAME = "familyName";
    public static final String FULL_NAME = "fullName";
    public static final String TEXT = "text";
    public static final String CONSTANT = "constant";
    public static final String REMOVE = "remove";
    /** A Storage file's: a small file of its type in its stead. */
    public static final String PLACEHOLDER = "placeholder";
    public static final String KEEP = "keep";
    /** Every kind this class or a proposal built on it names. */
    public static final List<String> KINDS = List.of(EMAIL, PHONE, ADDRESS, DATE, GIVEN_NAME, FAMILY_NAME, FULL_NAME, TEXT,
            CONSTANT, REMOVE, KEEP, PLACEHOLDER);
    /**
     * How many names deep a path inside maps and lists is looked at ({@code a.b.c.d.e.f.g.h}), by strict mode and by a
     * proposal alike: a map or list below is taken whole.
     */
    public static final int DEPTH = 8;
    /** What an {@code AWSIPAddress} becomes as a constant: an address reserved for documentation (RFC 5737), no one's. */
    public static final String DOCUMENTATION_IP = "192.0.2.1";

    private static final Pattern WORDS = Pattern.compile("[_\\-\\s.]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
    /** A word that says the attribute is personal wherever it is in the name. */
    private static final Set<String> PERSONAL = Set.of("email", "emails", "phone", "phones", "mobile", "telephone", "address",
            "addresses", "street", "birth", "birthday", "birthdate", "dob", "surname", "firstname", "lastname", "givenname",
            "familyname", "fullname", "ssn", "passport");
    /** A word before {@code name} that makes it a person's. */
    private static final Set<String> OF_A_PERSON = Set.of("first", "last", "given", "family", "full", "middle", "maiden", "nick",
            "display", "legal", "real", "contact", "customer", "user", "person", "patient", "client", "member", "employee");
    private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}");
    /** A phone number as people write one: a {@code +} or a separator, 7 to 15 digits (E.164 has at most 15). */
    private static final Pattern PHONE_SHAPE = Pattern.compile("\\+?\\(?\\d[\\d ().-]*\\d");
    /** What a phone number's shape would take in: a date ({@code 1990-04-17}, {@code 17.04.1990}), an IPv4 address. */
    private static final Pattern NO_PHONE = Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}.*|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}"
            + "|\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MIN_PHONE_DIGITS = 7;
    private static final int MAX_PHONE_DIGITS = 15;

    private PersonalAttributes() {}

    /** The words of an attribute's name, in lower case: {@code contactEmail} → contact, email. */
    public static List<String> words(String name) {
        return Arrays.stream(WORDS.split(name)).filter(word -> !word.isEmpty()).map(word -> word.toLowerCase(Locale.ROOT)).toList();
    }

    /** Whether an attribute's name says it holds a person's data. */
    public static boolean personal(String name) {
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
    public static String kind(String name) {
        String kind = TEXT;
        for (String word : words(name)) {
            kind = switch (word) {
                case "email", "emails" -> EMAIL;
                case "phone", "phones", "mobile", "telephone" -> PHONE;
                case "address", "addresses", "street" -> ADDRESS;
                case "birth", "birthday", "birthdate", "dob" -> DATE;
                case "first", "given", "firstname", "givenname" -> GIVEN_NAME;
                case "last", "family", "surname", "lastname", "familyname" -> FAMILY_NAME;
                case "name", "fullname" -> kind.equals(TEXT) ? FULL_NAME : kind;
                default -> kind;
            };
            if (!kind.equals(TEXT) && !kind.equals(FULL_NAME)) {
                return kind;
            }
        }
        return kind;
    }

    /**
     * The kind an app's schema type says its values need, where the type alone says they are a person's: {@code email}
     * for {@code AWSEmail}, {@code phone} for {@code AWSPhone}, {@code constant} ({@link #DOCUMENTATION_IP}) for
     * {@code AWSIPAddress}; null for any other type ({@code AWSURL} or {@code AWSDate} say so only with a personal name).
     */
    public static String typeKind(String scalar) {
        if (scalar == null) {
            return null;
        }
        return switch (scalar) {
            case "AWSEmail" -> EMAIL;
            case "AWSPhone" -> PHONE;
            case "AWSIPAddress" -> CONSTANT;
            default -> null;
        };
    }

    /** Whether a text is an email address. */
    public static boolean email(String value) {
        return value.length() <= 254 && value.indexOf('@') > 0 && EMAIL_SHAPE.matcher(value).matches();
    }

    /**
     * Whether a text is a phone number as people write one: 7 to 15 digits after a {@code +} or a bracket, or in three
     * groups or more ({@code +44 7946 0958}, {@code (555) 010-0199}, {@code 555-010-0199}); digits alone, a decimal
     * number, a date ({@code 1990-04-17}) or an IPv4 address are not told from an ID, an amount, a day or a host, and are
     * not.
     */
    public static boolean phone(String value) {
        if (value.isEmpty() || value.length() > 32 || !(Character.isDigit(value.charAt(0)) || value.charAt(0) == '+'
                || value.charAt(0) == '(') || !PHONE_SHAPE.matcher(value).matches() || NO_PHONE.matcher(value).matches()) {
            return false;
        }
        long separators = value.chars().filter(c -> c == ' ' || c == '-' || c == '.').count();
        if (!value.startsWith("+") && !value.startsWith("(") && separators < 2) {
            return false;
        }
        long digits = value.chars().filter(Character::isDigit).count();
        return digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS;
    }
}
