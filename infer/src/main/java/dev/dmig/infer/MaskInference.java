package dev.dmig.infer;

import static dev.dmig.PersonalAttributes.CONSTANT;
import static dev.dmig.PersonalAttributes.DATE;
import static dev.dmig.PersonalAttributes.EMAIL;
import static dev.dmig.PersonalAttributes.KEEP;
import static dev.dmig.PersonalAttributes.PHONE;
import static dev.dmig.PersonalAttributes.REMOVE;
import static dev.dmig.PersonalAttributes.TEXT;

import dev.dmig.PersonalAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue.Type;

/**
 * A table's {@code mask} proposed ({@code dmig infer --mask}): a rule for each attribute path, top-level or inside maps
 * and lists ({@code contact.email}, {@code guests[].phone}), that looks personal as a masked run's strict mode reads it
 * ({@link PersonalAttributes}: its name, its values being email addresses) or as the app's schema types it
 * ({@code AWSEmail}, {@code AWSPhone}, {@code AWSIPAddress}, a non-model type's fields included), or whose sampled values
 * are all phone numbers, so that the run it proposes is not refused by strict mode. Its kind: the schema type's, else the
 * values' (every one an email address: {@code email}; a phone number: {@code phone}), else the name's; a field the schema
 * types as a date stays one ({@code date}), and an {@code AWSURL} a URL (a constant on a reserved domain). A kind the
 * sampled values cannot take is not proposed: a list's elements are masked ({@code phones[]}), a map's personal parts
 * ({@code mailingAddress.street}, its other parts kept, each saying why), true-or-false values kept, and other values
 * removed; the ID, the key attributes and the references (which a mask rule may not touch) are kept, each saying why.
 * Reads the sample only: never a value in what it says.
 */
final class MaskInference {
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*", Pattern.DOTALL);
    /** The schema's date types: a personal field of one is a date whatever its name says, or its values would not parse. */
    private static final Set<String> DATE_TYPES = Set.of("AWSDate", "AWSDateTime", "AWSTimestamp");
    /** What a personal {@code AWSURL} field becomes, a URL that stays one: on a domain reserved so that it names nothing. */
    static final String NO_ONES_URL = "https://example.invalid/";
    private static final Set<String> STRING_KINDS = Set.of(EMAIL, PHONE, PersonalAttributes.ADDRESS, PersonalAttributes.GIVEN_NAME,
            PersonalAttributes.FAMILY_NAME, PersonalAttributes.FULL_NAME, TEXT);

    /** What says an attribute is personal, and the kind it suggests (with a constant's value). */
    private record Evidence(String kind, String value, String why) {}

    private final TableSample sample;
    private final InferredTable table;
    private final Map<String, String> scalars;

    private MaskInference(TableSample sample, InferredTable table, AppSchema.Model model) {
        this.sample = sample;
        this.table = table;
        this.scalars = model == null ? Map.of() : model.scalars();
    }

    /** The rules proposed for a table, by path; {@code model} is the app schema's for it, null when none was read. */
    static List<ProposedMask> propose(TableSample sample, InferredTable table, AppSchema.Model model) {
        return new MaskInference(sample, table, model).proposals();
    }

    private List<ProposedMask> proposals() {
        List<ProposedMask> proposed = new ArrayList<>();
        List<String> attributes = sample.paths().keySet().stream().filter(path -> attribute(path).equals(path)).sorted().toList();
        for (String attribute : attributes) {
            if (!holdsFiles(attribute)) {
                propose(attribute, 1, proposed);
            }
        }
        table.references().stream().filter(r -> r.kind() == ReferenceEvidence.Kind.FILE).forEach(file -> proposed.add(
                new ProposedMask(file.path(), PersonalAttributes.PLACEHOLDER, null, fileWhy(file))));
        return proposed;
    }

    /**
     * The rules for the path that looks personal; where nothing says it does, those for the personal paths inside its maps
     * ({@code contact.email}, {@code guests[].phone}), {@link PersonalAttributes#DEPTH} names deep at most, as strict mode
     * looks.
     */
    private void propose(String path, int depth, List<ProposedMask> proposed) {
        String scalar = scalars.get(path);
        Evidence evidence = evidence(last(path), values(path), scalar);
        if (evidence == null) {
            if (depth < PersonalAttributes.DEPTH) {
                parts(path).forEach(part -> propose(part, depth + 1, proposed));
            }
            return;
        }
        String decided = decided(path);
        if (decided != null) {
            proposed.add(new ProposedMask(path, KEEP, null, evidence.why() + "; " + decided + ", which a mask may not"
                    + " change: kept as it is"));
        } else {
            proposed.addAll(fitted(path, evidence, scalar));
        }
    }

    /** The sample's paths one name inside {@code path}'s maps ({@code a.b}, or {@code a[].b} of a list), sorted. */
    private List<String> parts(String path) {
        return sample.paths().keySet().stream().filter(part -> part(path + ".", part) || part(path + "[].", part)).sorted().toList();
    }

    private static boolean part(String prefix, String path) {
        return path.startsWith(prefix) && attribute(path.substring(prefix.length())).equals(path.substring(prefix.length()));
    }

    /** Whether the attribute holds file references, whose rules are the files' own ({@link #fileWhy}). */
    private boolean holdsFiles(String attribute) {
        return table.references().stream().anyMatch(r -> r.kind() == ReferenceEvidence.Kind.FILE && attribute(r.path()).equals(attribute));
    }

    /**
     * Why a file reference's objects are masked: what people upload, a person's own under Amplify's {@code protected/} and
     * {@code private/} (by the file's prefix or the folders of the keys it names, never a key).
     */
    private static String fileWhy(ReferenceEvidence file) {
        boolean own = (file.file() != null && own(file.file().prefix())) || file.examples().stream().anyMatch(MaskInference::own)
                || file.patterns().stream().anyMatch(pattern -> own(pattern.pattern()));
        return "Storage files " + (own ? "under protected/ or private/, a person's own uploads" : "hold what people upload")
                + ": a placeholder of each file's type in its stead (or remove them, or keep them as they are)";
    }

    private static boolean own(String key) {
        return key != null && (key.startsWith("protected/") || key.startsWith("private/"));
    }

    /** What an attribute's values are: its own, or a list's or a set's elements'. */
    private PathValues values(String path) {
        PathValues values = sample.paths().get(path);
        PathValues elements = sample.paths().get(path + "[]");
        boolean list = values != null && !values.types().isEmpty()
                && EnumSet.of(Type.L, Type.SS).containsAll(values.types()) && elements != null;
        return list ? elements : values;
    }

    /** What says the attribute {@code name} with these values is personal; null when nothing does. */
    private static Evidence evidence(String name, PathValues values, String scalar) {
        List<String> why = new ArrayList<>();
        String kind = PersonalAttributes.typeKind(scalar);
        if (kind != null) {
            why.add("schema type " + scalar);
        }
        int strings = values == null ? 0 : values.occurrences();
        int emails = values == null ? 0 : values.emails();
        boolean phones = strings > 0 && values.phones() == strings;
        if (emails > 0) {
            why.add(emails + " of " + strings + " sampled values " + (emails == 1 ? "is an email address" : "are email addresses"));
        } else if (phones) {
            why.add(strings + " of " + strings + " sampled values " + (strings == 1 ? "is a phone number" : "are phone numbers"));
        }
        boolean named = PersonalAttributes.personal(name);
        if (named) {
            why.add("its name");
        }
        if (why.isEmpty()) {
            return null;
        }
        if (kind != null) {
            return new Evidence(kind, kind.equals(CONSTANT) ? PersonalAttributes.DOCUMENTATION_IP : null, String.join(", ", why));
        }
        kind = emails > 0 && emails == strings ? EMAIL : phones ? PHONE : named ? PersonalAttributes.kind(name) : TEXT;
        if (scalar != null && DATE_TYPES.contains(scalar) && !kind.equals(DATE)) {
            why.add("a date by its schema type " + scalar);
            return new Evidence(DATE, null, String.join(", ", why));
        }
        if ("AWSURL".equals(scalar) && STRING_KINDS.contains(kind)) {
            why.add("a URL by its schema type AWSURL");
            return new Evidence(CONSTANT, NO_ONES_URL, String.join(", ", why));
        }
        return new Evidence(kind, null, String.join(", ", why));
    }

    /**
     * Why a path is decided already and may not be masked: the ID, a key attribute, a reference at it or inside it; null
     * otherwise.
     */
    private String decided(String path) {
        if (path.equals(table.idAttribute())) {
            return "the table's ID attribute, which names its records";
        }
        if (sample.isKey(path)) {
            return "a key attribute of table " + table.table() + ", which names the record";
        }
        return table.references().stream().filter(r -> r.path().equals(path) || r.path().startsWith(path + ".")
                || r.path().startsWith(path + "[")).findFirst().map(r -> switch (r.kind()) {
            case REFERENCE -> "a reference to " + r.model();
            case IDENTITY -> "an identity reference (" + r.model() + "), which the identity map maps";
            case PATTERN -> "a reference by pattern";
            case FILE -> "a file reference";
        }).orElse(null);
    }

    /** The evidence's kind where the sampled values can take it; else the parts of a map, or what every value can take. */
    private List<ProposedMask> fitted(String attribute, Evidence evidence, String scalar) {
        PathValues values = values(attribute);
        String path = values == sample.paths().get(attribute) ? attribute : attribute + "[]";
        Set<Type> types = values.types();
        if (fits(evidence.kind(), values, scalar)) {
            return List.of(new ProposedMask(path, evidence.kind(), evidence.value(), evidence.why()));
        }
        if (evidence.kind().equals(DATE) && types.equals(Set.of(Type.S))) {
            return List.of(new ProposedMask(path, TEXT, null, evidence.why() + "; its values are no dates"));
        }
        if (types.equals(Set.of(Type.BOOL))) {
            return List.of(new ProposedMask(attribute, KEEP, null, evidence.why() + "; its values are true or false, no one's data"));
        }
        if (types.equals(Set.of(Type.M))) {
            List<ProposedMask> parts = parts(path, evidence);
            if (!parts.isEmpty()) {
                return parts;
            }
        }
        String held = "AWSJSON".equals(scalar) && types.equals(Set.of(Type.S)) ? "JSON text (AWSJSON), which no fake " + evidence.kind()
                + " would leave JSON" : described(types) + ", which mask " + evidence.kind() + " cannot take";
        return List.of(new ProposedMask(attribute, REMOVE, null, evidence.why() + "; its values are " + held
                + (types.contains(Type.M) || types.contains(Type.L) ? ": removed (or mask its parts by path, or keep it)"
                : ": removed (or keep it)")));
    }

    /**
     * The parts of the maps at {@code path}, whose name says it is personal: each masked by its own name, type or values,
     * or by the kind its name suggests there ({@code first} of {@code name}: {@code givenName}), the others kept, each
     * saying why (strict mode refuses a part of a map named personal that the plan leaves undecided); none when no part
     * can be masked.
     */
    private List<ProposedMask> parts(String path, Evidence whole) {
        List<ProposedMask> masked = new ArrayList<>();
        List<ProposedMask> kept = new ArrayList<>();
        for (String part : parts(path)) {
            if (table.references().stream().anyMatch(r -> r.path().equals(part))) {
                continue;
            }
            String name = last(part);
            PathValues values = sample.paths().get(part);
            String scalar = scalars.get(part);
            Evidence evidence = evidence(name, values, scalar);
            String suggested = PersonalAttributes.kind(name);
            if (evidence != null && fits(evidence.kind(), values, scalar)) {
                masked.add(new ProposedMask(part, evidence.kind(), evidence.value(), whole.why() + "; its part " + name + ": "
                        + evidence.why()));
            } else if (evidence == null && !suggested.equals(TEXT) && !suggested.equals(PersonalAttributes.FULL_NAME)
                    && fits(suggested, values, scalar)) {
                masked.add(new ProposedMask(part, suggested, null, whole.why() + "; its part " + name + ": its name, in a map"
                        + " whose name says it is personal"));
            } else {
                kept.add(new ProposedMask(part, KEEP, null, whole.why() + "; its part " + name + ": nothing of its own says it is"
                        + " personal: kept as it is (mask it if it is)"));
            }
        }
        if (masked.isEmpty()) {
            return masked;
        }
        masked.addAll(kept);
        return masked;
    }

    /** Whether every sampled value can be masked as {@code kind}. */
    private static boolean fits(String kind, PathValues values, String scalar) {
        Set<Type> types = values.types();
        if (kind.equals(KEEP) || kind.equals(REMOVE) || kind.equals(CONSTANT)) {
            return true;
        }
        if (kind.equals(DATE)) {
            return EnumSet.of(Type.S, Type.N).containsAll(types) && values.values().stream().allMatch(v -> ISO_DATE.matcher(v).matches());
        }
        return STRING_KINDS.contains(kind) && Set.of(Type.S).containsAll(types) && !"AWSJSON".equals(scalar);
    }

    /** {@code maps (M) and numbers (N)}. */
    private static String described(Set<Type> types) {
        return types.stream().map(type -> switch (type) {
            case N -> "numbers (N)";
            case BOOL -> "true or false (BOOL)";
            case M -> "maps (M)";
            case L -> "lists (L)";
            case S -> "strings";
            default -> type.name().toLowerCase(Locale.ROOT) + " values (" + type + ")";
        }).collect(Collectors.joining(" and "));
    }

    /** A path's last name: {@code phone} of {@code guests[].phone}, {@code email} of {@code email}. */
    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** A path's top-level attribute: {@code address} of {@code address.street} and of {@code address[]}. */
    private static String attribute(String path) {
        int end = path.length();
        for (char stop : new char[] {'.', '['}) {
            int at = path.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return path.substring(0, end);
    }
}
