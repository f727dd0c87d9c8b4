package dev.dmig.infer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The forms of a path's values: each value cut at the separators ({@link PatternInference#cut}), a piece that recurs at its
 * place as a word ({@code ORDER}, {@code uploads}) kept as literal text, any other piece a placeholder. Pieces before a
 * value's last {@code /} (its folders) are judged with every value of the same folders, so a file's name, however it is
 * spelt, does not split one folder layout into forms of a few values each; and the forms of one folder layout that differ
 * only in their names can be taken as one ({@link #merged}), whose name is a placeholder kept as it is.
 */
final class ValueForms {
    /** Marks a placeholder's place in a form: no literal piece is empty of letters and underscores but the empty one. */
    static final String SLOT = "\u0000";
    /** Literal text: a word ({@code ORDER}, {@code not-set}), or one after a sign ({@code @everyone}). */
    private static final Pattern WORD = Pattern.compile("[@$!%^*~+=]?[A-Za-z_]+(-[A-Za-z_]+)*");

    private ValueForms() {}

    /**
     * The values of one form: literal pieces, {@link #SLOT} where a placeholder stands, separators between;
     * {@code named}: its last placeholder stands for a file's whole name, the forms of one folder layout taken as one.
     */
    record Form(List<String> parts, List<String> values, boolean named) {
        Form {
            parts = List.copyOf(parts);
            values = List.copyOf(values);
        }

        List<Integer> slots() {
            List<Integer> slots = new ArrayList<>();
            for (int i = 0; i < parts.size(); i += 2) {
                if (parts.get(i).equals(SLOT)) {
                    slots.add(i);
                }
            }
            return slots;
        }

        int separators() {
            return parts.size() / 2;
        }

        int literalLength() {
            return parts.stream().filter(p -> !p.equals(SLOT)).mapToInt(String::length).sum();
        }

        boolean hasLiteral() {
            return literalLength() > 0;
        }

        /** Where its name begins: the place after its last {@code /}; 0 when it has none. */
        int nameAt() {
            return ValueForms.nameAt(parts);
        }

        /** Its parts up to its name (its folders), or all of them when it has no {@code /}. */
        List<String> folders() {
            int at = nameAt();
            return at == 0 ? parts : parts.subList(0, at);
        }
    }

    /** The values' forms, most values first. */
    static List<Form> of(List<String> values, List<String> separators) {
        List<List<String>> cuts = values.stream().map(v -> PatternInference.cut(v, separators)).toList();
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> parts : cuts) {
            for (int i = 0; i < parts.size(); i += 2) {
                counts.merge(place(parts, i), 1, Integer::sum);
            }
        }
        Map<List<String>, List<String>> byForm = new LinkedHashMap<>();
        for (List<String> parts : cuts) {
            List<String> form = new ArrayList<>(parts);
            for (int i = 0; i < parts.size(); i += 2) {
                String piece = parts.get(i);
                // A piece recurring at its place is literal text (ORDER, PROFILE); with no separator, any word is.
                boolean literal = piece.isEmpty() || (WORD.matcher(piece).matches() && (parts.size() == 1 || counts.get(place(parts, i)) >= 2));
                if (!literal) {
                    form.set(i, SLOT);
                }
            }
            byForm.computeIfAbsent(List.copyOf(form), f -> new ArrayList<>()).add(String.join("", parts));
        }
        List<Form> forms = new ArrayList<>();
        byForm.forEach((form, of) -> forms.add(new Form(form, of, false)));
        forms.sort(Comparator.comparingInt((Form f) -> f.values().size()).reversed());
        return forms;
    }

    /** Whether a piece is literal text when it recurs: a word, after a sign or not. */
    static boolean word(String piece) {
        return WORD.matcher(piece).matches();
    }

    /** The forms by their folders ({@link Form#folders}), in the order first met. */
    static List<List<Form>> byFolders(List<Form> forms) {
        Map<List<String>, List<Form>> byFolders = new LinkedHashMap<>();
        forms.forEach(form -> byFolders.computeIfAbsent(form.folders(), f -> new ArrayList<>()).add(form));
        return List.copyOf(byFolders.values());
    }

    /** Forms of the same folders as one: their folders, then their names as one placeholder. */
    static Form merged(List<Form> forms) {
        List<String> parts = new ArrayList<>(forms.get(0).folders());
        parts.add(SLOT);
        return new Form(parts, forms.stream().flatMap(f -> f.values().stream()).toList(), true);
    }

    /**
     * A piece's place, as its recurrence is counted: a folder's among the values of the same folder layout, a name's
     * among the values of the same whole layout.
     */
    private static String place(List<String> parts, int i) {
        int at = nameAt(parts);
        StringBuilder layout = new StringBuilder(i < at ? "folder " : "name ");
        for (int s = 1; s < (i < at ? at : parts.size()); s += 2) {
            layout.append(parts.get(s)).append(SLOT);
        }
        return layout.append('@').append(i).toString();
    }

    private static int nameAt(List<String> parts) {
        for (int i = parts.size() - 2; i >= 1; i -= 2) {
            if (parts.get(i).equals("/")) {
                return i + 1;
            }
        }
        return 0;
    }
}
