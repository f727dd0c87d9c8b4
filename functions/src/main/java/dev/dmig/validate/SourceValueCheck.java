package dev.dmig.validate;

import dev.dmig.analysis.SourceIdFilter;
import dev.dmig.analysis.SourceIds;
import dev.dmig.migrate.FileObjects;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.TableInfo;
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
 * counts each value that holds some by where it is ({@link Findings#sourceValue}): each string whole and in the pieces
 * {@link SourceValueTokens} cuts it into. A source ID or a username counts from {@value SourceIds#MIN_LENGTH} characters (a
 * shorter one, {@code admin}, would be found in ordinary text), a username of any length after an owner value's {@code ::}.
 * Reads the source only to make a filter's "maybe" certain.
 */
final class SourceValueCheck implements CopyCheck {
    /** The kind of a source ID of a model: this, then the model's name. */
    static final String ID_KIND = "id:";

    private final SourceValues known;
    private final ItemTransformer transformer;
    /** Whether the plan copies files, whose keys in the target's bucket are looked at too. */
    private final boolean files;

    SourceValueCheck(SourceValues known, ItemTransformer transformer, boolean files) {
        this.known = known;
        this.transformer = transformer;
        this.files = files;
    }

    /** Looks for the source's values when the validation was given them. */
    static void addTo(List<CopyCheck> checks, CopyCheck.Parts parts) {
        SourceValues known = parts.reach().known();
        if (known != null) {
            checks.add(new SourceValueCheck(known, parts.transformer(), parts.plan().copiesFiles()));
        }
    }

    @Override
    public void copied(String model, List<Map<String, AttributeValue>> sources, Findings check) {
        if (files && !transformer.plan().table(model).files().isEmpty()) {
            objectKeys(model, sources, check);
        }
    }

    @Override
    public void written(String model, TableInfo target, List<Map<String, AttributeValue>> items, Findings check) {
        items(model, target, items, check);
    }

    /** Checks target items of {@code model} the run wrote ({@code target}: their table, for their keys). */
    void items(String model, TableInfo target, List<Map<String, AttributeValue>> items, Findings check) {
        if (!known.any()) {
            return;
        }
        List<Pending> pending = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            Site site = new Site(check, false, pending, () -> SourceValueTokens.masked(ItemKeys.describe(target.keyOf(item))));
            item.forEach((name, value) -> walk(value, name, site));
        }
        confirm(pending, check);
    }

    /** Checks the keys, in the target's bucket, of the objects these source items of {@code model} name. */
    void objectKeys(String model, List<Map<String, AttributeValue>> sources, Findings check) {
        if (!known.any()) {
            return;
        }
        List<Pending> pending = new ArrayList<>();
        FileObjects files = FileObjects.of(transformer);
        for (Map<String, AttributeValue> item : sources) {
            files.forEach(model, item, (path, from, to) -> string(to, path, new Site(check, true, pending, () -> SourceValueTokens.masked(to))));
        }
        confirm(pending, check);
    }

    /** Where the strings being looked at are, and what found there waits for the source's word. */
    private record Site(Findings check, boolean objectKeys, List<Pending> pending, Supplier<String> where) {}

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
        SourceValueTokens.forEachToken(value, found);
        if (found.user != null) {
            site.check().sourceValue(path, site.objectKeys(), found.user, found.userWhole, site.where().get());
        } else if (found.candidates != null) {
            site.pending().add(new Pending(path, site, found.candidates));
        }
    }

    /** What the tokens of one string turned out to be: the strongest user's value, else the IDs to confirm. */
    private final class Found implements SourceValueTokens.Visitor {
        String user;
        boolean userWhole;
        int userRank = Integer.MAX_VALUE;
        List<Candidate> candidates;

        @Override
        public void visit(String token, boolean whole, boolean afterOwner) {
            SourceNames.Kind kind = known.named(token, afterOwner);
            if (kind != null) {
                // Counted once, by the kind that names it best (a user's sub before an identity ID before a username).
                if (kind.rank() < userRank) {
                    userRank = kind.rank();
                    user = kind.kind();
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

    /**
     * Asks each model's source table for the IDs its filter may hold, the tables side by side, and counts each string by the
     * first one it holds.
     */
    private void confirm(List<Pending> pending, Findings check) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, List<String>> byModel = new HashMap<>();
        pending.forEach(p -> p.candidates().forEach(c -> byModel.computeIfAbsent(c.model(), m -> new ArrayList<>()).add(c.id())));
        Map<String, Set<String>> confirmed = known.confirmed(byModel);
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
}
