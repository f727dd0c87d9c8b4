package dev.dmig.identity;

import dev.dmig.csv.CsvCell;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an identity map given as CSV: one user a line, {@code source_sub,target_sub} or
 * {@code source_sub,target_sub,source_username,target_username}, either followed by
 * {@code source_identity_id,target_identity_id} (the user's identity-pool IDs, which Amplify Storage puts in
 * {@code protected/<identityId>/} keys), a header line with those names optional, fields quoted as RFC 4180 has
 * it when they must be (and a cell {@link CsvCell} escaped read back). Subs must be UUIDs, identity IDs
 * {@code <region>:<uuid>}, usernames Cognito's (at most 128 characters, never a masked one), the file at most
 * {@value #MAX_BYTES} bytes. Every line wrong is reported, each naming its line, its column and what to fix; a map that
 * reads is one to one, so no two source users can become one target user.
 */
public final class IdentityCsv {
    static final List<String> SUBS = List.of("source_sub", "target_sub");
    static final List<String> ALL = List.of("source_sub", "target_sub", "source_username", "target_username");
    static final List<String> IDENTITY_IDS = List.of("source_identity_id", "target_identity_id");
    /** The column lists a file may have, by their number of fields. */
    private static final List<List<String>> LAYOUTS = List.of(SUBS, ALL, withIds(SUBS), withIds(ALL));
    private static final int LISTED = 20;
    /** The largest file read as an identity map. */
    public static final long MAX_BYTES = 256L * 1024 * 1024;
    /** The longest username Cognito allows. */
    static final int MAX_USERNAME = 128;
    /** A sub: the UUID Cognito gives each user. */
    private static final Pattern SUB = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** An identity-pool ID: {@code <region>:<uuid>}. */
    private static final Pattern IDENTITY_ID = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}:" + SUB.pattern());
    /** What to do with a file whose columns are swapped: each line's source (development) user comes first. */
    public static final String SWAPPED_FIX = "each line gives the development (source) user first, then the production (target) one ("
            + String.join(",", ALL) + "[," + String.join(",", IDENTITY_IDS) + "]): swap its columns";
    /** The longest value a message quotes whole. */
    private static final int QUOTED = 80;

    private IdentityCsv() {}

    /** The map in {@code text}; {@code name}: the file as the plan names it, for messages. */
    public static IdentityMap parse(String name, byte[] text) {
        String tooLarge = tooLarge(name, text.length);
        if (tooLarge != null) {
            return refuse(List.of(Problem.plan(tooLarge)));
        }
        List<Problem> problems = new ArrayList<>();
        List<IdentityPair> pairs = new ArrayList<>();
        List<String> columns = null;
        Map<String, Map<String, Integer>> seen = new HashMap<>();
        int lineNumber = 0;
        for (String line : new String(text, StandardCharsets.UTF_8).split("\r?\n", -1)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String where = name + " line " + lineNumber + ": ";
            List<String> fields = fields(line);
            if (fields == null) {
                problems.add(Problem.plan(where + "a quoted field is not closed"));
                continue;
            }
            if (columns == null) {
                if (fields.get(0).strip().equalsIgnoreCase("source_sub")) {
                    columns = header(fields);
                    if (columns == null) {
                        problems.add(Problem.plan(where + "the header must be " + String.join(",", SUBS) + " or "
                                + String.join(",", ALL) + " (either followed by " + String.join(",", IDENTITY_IDS) + "), not "
                                + String.join(",", fields.stream().map(f -> quoted(f.strip())).toList())));
                        return refuse(problems);
                    }
                    continue;
                }
                if (fields.size() != 2 && fields.size() != 4 && fields.size() != 6) {
                    problems.add(Problem.plan(where + fields(fields.size()) + ", expected 2 (" + String.join(",", SUBS) + ") or 4 ("
                            + String.join(",", ALL) + ")"));
                    continue;
                }
                columns = fields.size() == 2 ? SUBS : fields.size() == 4 ? ALL : withIds(ALL);
            }
            if (fields.size() != columns.size()) {
                problems.add(Problem.plan(where + fields(fields.size()) + ", expected " + columns.size() + " ("
                        + String.join(",", columns) + ")"));
                continue;
            }
            IdentityPair pair = pair(where, columns, fields, lineNumber, seen, problems);
            if (pair != null) {
                pairs.add(pair);
            }
        }
        if (problems.isEmpty() && pairs.isEmpty()) {
            problems.add(Problem.plan(name + " holds no user: give one line per user, " + String.join(",", SUBS) + "[,"
                    + String.join(",", ALL.subList(2, 4)) + "]"));
        }
        if (!problems.isEmpty()) {
            return refuse(problems);
        }
        return new IdentityMap(pairs);
    }

    /**
     * Why a file of {@code bytes} is not read as an identity map ({@value #MAX_BYTES} bytes at most: every task of a run
     * holds the map); null when it may be.
     */
    public static String tooLarge(String name, long bytes) {
        if (bytes <= MAX_BYTES) {
            return null;
        }
        return String.format(Locale.ROOT, "%s is %,d bytes, over the %,d an identity map may have (about a million users); "
                + "give the users the run's items name, or map them from the user pools", name, bytes, MAX_BYTES);
    }

    private static String fields(int count) {
        return count + (count == 1 ? " field" : " fields");
    }

    private static IdentityMap refuse(List<Problem> problems) {
        throw new PlanInvalidException(problems.subList(0, Math.min(LISTED, problems.size())), problems.size());
    }

    private static List<String> header(List<String> fields) {
        List<String> names = fields.stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        return LAYOUTS.stream().filter(names::equals).findFirst().orElse(null);
    }

    private static List<String> withIds(List<String> columns) {
        List<String> all = new ArrayList<>(columns);
        all.addAll(IDENTITY_IDS);
        return List.copyOf(all);
    }

    /** The line's pair; null after reporting what is wrong with it. */
    private static IdentityPair pair(String where, List<String> columns, List<String> fields, int lineNumber,
                                     Map<String, Map<String, Integer>> seen, List<Problem> problems) {
        boolean valid = true;
        int ids = columns.indexOf(IDENTITY_IDS.get(0));
        // A user who never signed in through the identity pool has no identity ID in either environment.
        boolean noIdentityIds = ids >= 0 && fields.get(ids).isEmpty() && fields.get(ids + 1).isEmpty();
        for (int i = 0; i < fields.size(); i++) {
            String column = columns.get(i);
            String value = fields.get(i);
            if (noIdentityIds && i >= ids) {
                continue;
            }
            String problem = problem(column, value);
            if (problem == null) {
                Integer before = seen.computeIfAbsent(column, c -> new HashMap<>()).putIfAbsent(value, lineNumber);
                if (before != null) {
                    String shown = quoted(value);
                    problem = column.startsWith("source") ? column + " " + shown + " is mapped on line " + before + " too; map each source user once"
                            : column + " " + shown + " is also the target of line " + before + "; two source users cannot become one target user";
                }
            }
            if (problem != null) {
                problems.add(Problem.plan(where + problem));
                valid = false;
            }
        }
        if (!valid) {
            return null;
        }
        int usernames = columns.indexOf(ALL.get(2));
        return new IdentityPair(fields.get(0), fields.get(1), usernames < 0 ? null : fields.get(usernames),
                usernames < 0 ? null : fields.get(usernames + 1), ids < 0 || noIdentityIds ? null : fields.get(ids),
                ids < 0 || noIdentityIds ? null : fields.get(ids + 1));
    }

    /** What is wrong with {@code value} in {@code column}; null when nothing is. */
    private static String problem(String column, String value) {
        String quoted = column + " '" + quoted(value) + "'";
        if (value.isEmpty()) {
            return column + " is empty";
        }
        if (!value.equals(value.strip())) {
            return quoted + " has blanks at its start or end";
        }
        if (SUBS.contains(column)) {
            return SUB.matcher(value).matches() ? null : quoted + " is not a sub (a user's UUID in the pool, as "
                    + "1324b110-34cc-408c-add8-36292f6a20b3)";
        }
        if (IDENTITY_IDS.contains(column)) {
            return IDENTITY_ID.matcher(value).matches() ? null : quoted + " is not an identity ID (<region>:<uuid>, as "
                    + "us-east-1:7d2bdf52-4b1c-4d6e-9f3a-a7b5a7fb8dad)";
        }
        if (value.length() > MAX_USERNAME) {
            return quoted + " has " + value.length() + " characters, over the " + MAX_USERNAME + " of a Cognito username";
        }
        if (Usernames.isMasked(value)) {
            return quoted + " is a masked username (dmig prints emails and phone numbers so): give the username itself, "
                    + "or leave the username columns out";
        }
        return value.contains("::") ? quoted + " contains ::, which separates sub and username in owner values" : null;
    }

    /**
     * {@code value} as a message may quote it: masked when it is an email or phone number, in whatever column (one in a
     * sub's column is a mistake, and still the person's), a long one cut.
     */
    private static String quoted(String value) {
        String shown = Usernames.shown(value);
        return shown.length() <= QUOTED ? shown : shown.substring(0, QUOTED - 3) + "...";
    }

    /** The fields of one line, quotes removed; null when a quoted field is not closed. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(CsvCell.read(field.toString()));
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(CsvCell.read(field.toString()));
        return fields;
    }

    /**
     * The map as CSV with a header, as {@code dmig idmap --identities} prints it: a username that is an email or phone
     * number masked ({@link Usernames#shown}: dmig never prints one), each cell as {@link CsvCell} writes it.
     */
    public static String write(IdentityMap map) {
        boolean usernames = map.pairs().stream().anyMatch(p -> p.sourceUsername() != null);
        boolean identityIds = map.pairs().stream().anyMatch(p -> p.sourceIdentityId() != null);
        List<String> columns = usernames ? ALL : SUBS;
        StringBuilder out = new StringBuilder(String.join(",", identityIds ? withIds(columns) : columns)).append('\n');
        for (IdentityPair pair : map.pairs()) {
            out.append(CsvCell.write(pair.sourceSub())).append(',').append(CsvCell.write(pair.targetSub()));
            if (usernames) {
                out.append(',').append(CsvCell.write(Usernames.shown(pair.sourceUsername()))).append(',')
                        .append(CsvCell.write(Usernames.shown(pair.targetUsername())));
            }
            if (identityIds) {
                out.append(',').append(CsvCell.write(pair.sourceIdentityId())).append(',').append(CsvCell.write(pair.targetIdentityId()));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
