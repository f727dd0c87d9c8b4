package dev.dmig.feature.mask;

import dev.dmig.PersonalAttributes;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.TablePlan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a masked run's strict mode looks in a table's records: each attribute, and inside its maps and lists each path in
 * the plan's syntax ({@code contact.email}, {@code guests[].phone}, {@code tags[]}), whose last name or values say it is
 * personal ({@link PersonalAttributes}) and that the plan has not decided about. A path is decided by a rule, a reference,
 * a value mapping or a file reference on it or on a path above it ({@code contact} kept, removed or masked decides
 * {@code contact.email}); a path above a decided one ({@code mailingAddress} of a rule on {@code mailingAddress.street})
 * is opened, its own name no longer asked, its other parts looked at: by their own names, or, in a map whose name says
 * it is personal ({@code profile.name} opened by a rule on {@code profile.name.first}), each one, until the plan decides
 * it. A map or list whose name says it is personal, not opened, is named once, as a whole. The walk is bounded:
 * {@link #DEPTH} names deep, a map or list below that named as a whole (a list in a list, which no path names apart, is
 * looked at as its list's elements, a map's key that no path can name as a part of its map); and it remembers at most
 * {@link #NAMES} names, so that maps keyed by IDs cost time, never memory.
 */
final class UndecidedPaths {
    /** How many names deep strict mode looks ({@code a.b.c.d.e.f.g.h}). */
    static final int DEPTH = PersonalAttributes.DEPTH;
    /** How many names a walk (a page of a table's scan) remembers whether they say personal. */
    static final int NAMES = 1_000;
    static final String BY_NAME = "its name says it is personal";
    static final String BY_VALUE = "its values are email addresses";
    static final String IN_PERSONAL = "it is a part of a map whose name says it is personal";
    static final String TOO_DEEP = "it holds maps or lists deeper than strict mode looks (" + DEPTH + " names deep)";

    private final Set<String> decided;
    private final Set<String> opened = new HashSet<>();
    private final Map<String, Boolean> byName = new HashMap<>();

    UndecidedPaths(Set<String> decided) {
        this.decided = Set.copyOf(decided);
        for (String path : decided) {
            for (String above = above(path); above != null; above = above(above)) {
                opened.add(above);
            }
        }
    }

    /** A table's, with the paths its plan decided about. */
    static UndecidedPaths of(TablePlan table) {
        return new UndecidedPaths(decided(table, table.feature(TableMask.class)));
    }

    /**
     * The paths the plan decided about: masked or kept, its ID where the run maps it, its references, value mappings and
     * file references, its edits. A key attribute, or an ID the table preserves, would hold the source's value in the
     * target: it may be masked ({@link MaskedKeys}), so it is decided only as any attribute is.
     */
    private static Set<String> decided(TablePlan table, TableMask mask) {
        Set<String> decided = new HashSet<>();
        if (mask != null) {
            mask.rules().forEach(rule -> decided.add(rule.path().text()));
        }
        if (table.ids() != IdStrategy.PRESERVE || table.pairedBy() != null) {
            decided.add(table.idAttribute());
        }
        table.references().keySet().forEach(path -> decided.add(path.text()));
        table.mappings().keySet().forEach(path -> decided.add(path.text()));
        table.files().keySet().forEach(path -> decided.add(path.text()));
        decided.addAll(table.remove());
        decided.addAll(table.set().keySet());
        return decided;
    }

    /** The path one step above {@code path} ({@code a[]} of {@code a[].b}, {@code a} of {@code a[]}); null at the top. */
    static String above(String path) {
        if (path.endsWith("[]")) {
            return path.substring(0, path.length() - 2);
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : path.substring(0, dot);
    }

    /**
     * Adds to {@code undecided} (path to why, {@link MaskedValues#UNDECIDED} at most) each undecided personal path of
     * {@code item}.
     */
    void read(Map<String, AttributeValue> item, Map<String, String> undecided) {
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            if (undecided.size() >= MaskedValues.UNDECIDED) {
                return;
            }
            visit(attribute.getKey(), attribute.getKey(), attribute.getValue(), 1, false, undecided);
        }
    }

    /**
     * {@code value} at {@code path}, whose last name is {@code name} (null for a list's element, named by its list), in a
     * map or list whose name says it is personal where {@code inPersonal}.
     */
    private void visit(String path, String name, AttributeValue value, int depth, boolean inPersonal, Map<String, String> undecided) {
        if (decided.contains(path) || undecided.containsKey(path) || undecided.size() >= MaskedValues.UNDECIDED) {
            return;
        }
        boolean open = opened.contains(path);
        boolean named = name != null && personal(name);
        if (name != null && !open && (named || inPersonal)) {
            undecided.put(path, named ? BY_NAME : IN_PERSONAL);
            return;
        }
        switch (value.type()) {
            case S -> {
                if (value.s().indexOf('@') > 0 && PersonalAttributes.email(value.s())) {
                    undecided.put(path, BY_VALUE);
                }
            }
            case SS -> {
                String elements = elements(path);
                if (!decided.contains(elements) && value.ss().stream().anyMatch(s -> s.indexOf('@') > 0 && PersonalAttributes.email(s))) {
                    undecided.put(elements, BY_VALUE);
                }
            }
            case M, L -> nested(path, value, depth, open && (named || inPersonal), undecided);
            default -> { }
        }
    }

    /**
     * The parts of a map or the elements of a list at {@code path}, one name deeper; {@code personal}: its name, or one
     * above, says it is personal, and a rule on a part opened it.
     */
    private void nested(String path, AttributeValue value, int depth, boolean personal, Map<String, String> undecided) {
        boolean empty = value.type() == AttributeValue.Type.M ? value.m().isEmpty() : value.l().isEmpty();
        if (depth >= DEPTH) {
            if (!empty && !opened.contains(path)) {
                undecided.put(path, TOO_DEEP);
            }
            return;
        }
        if (value.type() == AttributeValue.Type.M) {
            for (Map.Entry<String, AttributeValue> part : value.m().entrySet()) {
                String key = part.getKey();
                // A key no path can name (a dot or brackets in it) is looked at as a part of its map.
                String at = key.isBlank() || key.contains(".") || key.contains("[") || key.contains("]") ? path : path + "." + key;
                visit(at, key, part.getValue(), depth + 1, personal, undecided);
            }
            return;
        }
        String elements = elements(path);
        for (AttributeValue element : value.l()) {
            visit(elements, null, element, depth + 1, personal, undecided);
        }
    }

    /** Where the elements of a list or set at {@code path} are: {@code path[]}, or its own path for one in a list. */
    private static String elements(String path) {
        return path.endsWith("[]") ? path : path + "[]";
    }

    /** Whether a path's last name says it is personal; remembered for {@link #NAMES} names. */
    private boolean personal(String name) {
        Boolean personal = byName.get(name);
        if (personal == null) {
            personal = PersonalAttributes.personal(name);
            if (byName.size() < NAMES) {
                byName.put(name, personal);
            }
        }
        return personal;
    }
}
