package dev.dmig.validate;

import dev.dmig.analysis.SourceIdFilter;
import dev.dmig.analysis.SourceIds;
import dev.dmig.identity.Usernames;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.IdentityKind;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.TableInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Looks through every string of the target items a run wrote (nested in maps, in lists and sets, key attributes and index
 * keys alike) and every object key it copied to, for what the run knows to be the source's ({@link SourceValues}), and
 * counts each value that holds some by where it is ({@link SegmentCheck#sourceValue}). A string is looked at whole, and
 * in the pieces its separators cut it into (the {@code ::} of an owner value, {@code #}, {@code |}, {@code /}, blanks,
 * punctuation of JSON and URLs), each also without a file extension and URL-decoded: so {@code USER#<sub>},
 * {@code <sub>::<username>}, {@code protected/<identity ID>/<id>.jpg} and a JSON string holding an ID are all seen. A
 * source ID or a username counts from {@value SourceIds#MIN_LENGTH} characters (a shorter one, {@code admin}, would be
 * found in ordinary text), a username of any length after an owner value's {@code ::}. Reads the source only to make a
 * filter's "maybe" certain.
 */
final class SourceValueCheck {
    static final String SUB = "sub";
    static final String USERNAME = "username";
    static final String IDENTITY_ID = "identityId";
    /** The kind of a source ID of a model: this, then the model's name. */
    static final String ID_KIND = "id:";

    private final SourceValues known;
    private final ItemTransformer transformer;

    SourceValueCheck(SourceValues known, ItemTransformer transformer) {
        this.known = known;
        this.transformer = transformer;
    }

    /** Checks target items of {@code model} the run wrote ({@code target}: their table, for their keys). */
    void items(String model, TableInfo target, List<Map<String, AttributeValue>> items, SegmentCheck check) {
        if (!known.any()) {
            return;
        }
        List<Pending> pending = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            Site site = new Site(check, false, pending, () -> masked(ItemKeys.describe(target.keyOf(item))));
            item.forEach((name, value) -> walk(value, name, site));
        }
        confirm(pending, check);
    }

    /** Checks the keys, in the target's bucket, of the objects these source items of {@code model} name. */
    void objectKeys(String model, List<Map<String, AttributeValue>> sources, SegmentCheck check) {
        if (!known.any()) {
            return;
        }
        List<Pending> pending = new ArrayList<>();
        for (Map<String, AttributeValue> item : sources) {
            transformer.forEachFile(model, item, (path, from, to) -> string(to, path, new Site(check, true, pending, () -> masked(to))));
        }
        confirm(pending, check);
    }

    /** Where the strings being looked at are, and what found there waits for the source's word. */
    private record Site(SegmentCheck check, boolean objectKeys, List<Pending> pending, Supplier<String> where) {}

    /** A string whose filters said "maybe": where it is, and the (model, ID) pairs to confirm, in order. */
    private record Pending(String path, Site site, List<Candidate> candidates) {}

    private record Candidate(String model, String id, boolean whole) {}

    private void walk(AttributeValue value, String path, Site site) {
        switch (value.type()) {
            case S -> string(value.s(), path, site);
            case SS -> {
                String each = path + "[]";
                value.ss().forEach(element -> string(element, each, site));
            }
            case L -> {
                String each = path + "[]";
                value.l().forEach(element -> walk(element, each, site));
            }
            case M -> value.m().forEach((name, element) -> walk(element, path + "." + name, site));
            default -> {
                // Numbers, binaries, booleans and NULL name nobody.
            }
        }
    }

    /** What one string holds: a user's value is counted at once; IDs a filter may hold wait for the source's word. */
    private void string(String value, String path, Site site) {
        if (value.isEmpty()) {
            return;
        }
        Found found = new Found();
        forEachToken(value, found);
        if (found.user != null) {
            site.check().sourceValue(path, site.objectKeys(), found.user, found.userWhole, site.where().get());
        } else if (found.candidates != null) {
            site.pending().add(new Pending(path, site, found.candidates));
        }
    }

    /** What the tokens of one string turned out to be: the strongest user's value, else the IDs to confirm. */
    private final class Found implements TokenVisitor {
        String user;
        boolean userWhole;
        int userRank = Integer.MAX_VALUE;
        List<Candidate> candidates;

        @Override
        public void visit(String token, boolean whole, boolean afterOwner) {
            IdentityKind kind = known.identity(token);
            if (kind != null && (kind != IdentityKind.USERNAME || afterOwner || token.length() >= SourceIds.MIN_LENGTH)) {
                // A sub before an identity ID before a username: the value is counted once, by what names its user best.
                int rank = kind == IdentityKind.SUB ? 0 : kind == IdentityKind.IDENTITY_ID ? 1 : 2;
                if (rank < userRank) {
                    userRank = rank;
                    user = rank == 0 ? SUB : rank == 1 ? IDENTITY_ID : USERNAME;
                    userWhole = whole;
                }
                return;
            }
            if (user == null && token.length() >= SourceIds.MIN_LENGTH) {
                for (String model : known.maybeIds(SourceIdFilter.hash(token))) {
                    if (candidates == null) {
                        candidates = new ArrayList<>(2);
                    }
                    candidates.add(new Candidate(model, token, whole));
                }
            }
        }
    }

    /** Asks each model's source table for the IDs its filter may hold, and counts each string by the first one it holds. */
    private void confirm(List<Pending> pending, SegmentCheck check) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, List<String>> byModel = new HashMap<>();
        pending.forEach(p -> p.candidates().forEach(c -> byModel.computeIfAbsent(c.model(), m -> new ArrayList<>()).add(c.id())));
        Map<String, Set<String>> confirmed = new HashMap<>();
        byModel.forEach((model, ids) -> confirmed.put(model, known.confirmed(model, ids)));
        for (Pending value : pending) {
            for (Candidate candidate : value.candidates()) {
                if (confirmed.get(candidate.model()).contains(candidate.id())) {
                    check.sourceValue(value.path(), value.site().objectKeys(), ID_KIND + candidate.model(), candidate.whole(),
                            value.site().where().get());
                    break;
                }
            }
        }
    }

    /** Receives the tokens of a string: {@code whole} for the string itself; {@code afterOwner} for what follows an owner value's {@code ::}. */
    @FunctionalInterface
    interface TokenVisitor {
        void visit(String token, boolean whole, boolean afterOwner);
    }

    /** Hands {@code value}'s tokens to {@code visitor}: itself, then its pieces and their variants (see the class). */
    static void forEachToken(String value, TokenVisitor visitor) {
        visitor.visit(value, true, false);
        int owner = value.indexOf("::");
        int n = value.length();
        int start = 0;
        boolean cut = false;
        for (int i = 0; i < n; i++) {
            int width = separator(value, i);
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

    private static void piece(String piece, boolean afterOwner, TokenVisitor visitor) {
        visitor.visit(piece, false, afterOwner);
        variants(piece, afterOwner, visitor);
    }

    /**
     * The piece without the punctuation that ends a sentence ({@code <id>.}), without its file extension
     * ({@code <id>.jpg}), and URL-decoded ({@code us-east-1%3A<uuid>}).
     */
    private static void variants(String piece, boolean afterOwner, TokenVisitor visitor) {
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
        if (dot > 0 && extension >= 1 && extension <= 5 && piece.chars().skip(dot + 1L).allMatch(Character::isLetterOrDigit)) {
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

    /** The width of the separator at {@code i} of {@code value}: 2 for {@code ::}, 1 for the others, else 0. */
    private static int separator(String value, int i) {
        char c = value.charAt(i);
        if (c == ':') {
            return i + 1 < value.length() && value.charAt(i + 1) == ':' ? 2 : 0;
        }
        return switch (c) {
            case '#', '|', '/', ',', ';', '?', '&', '=', '"', '\'', '{', '}', '[', ']', '(', ')', '<', '>' -> 1;
            default -> Character.isWhitespace(c) ? 1 : 0;
        };
    }

    /** {@code text} as messages may show it: each piece that is an email address or phone number masked. */
    static String masked(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || (text.charAt(i) != ':' && separator(text, i) == 1)) {
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
