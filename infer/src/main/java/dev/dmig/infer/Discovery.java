package dev.dmig.infer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Finds an environment's models among table names, and the one other environment that has them all. */
final class Discovery {
    private Discovery() {}

    /** Model → table name for every table whose name is a model followed by the suffix, by model name. */
    static Map<String, String> models(List<String> tableNames, String suffix) {
        // Table names are case-sensitive: "contacts" and "Contacts" are two models, sorted side by side.
        Map<String, String> models = new TreeMap<>(Comparator.comparing((String m) -> m.toLowerCase(Locale.ROOT))
                .thenComparing(Comparator.naturalOrder()));
        for (String name : tableNames) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                models.put(name.substring(0, name.length() - suffix.length()), name);
            }
        }
        return models;
    }

    /** What joins a model's name to its environment's suffix in a table name. */
    private static final String SEPARATORS = "-_.";

    /** The suffixes inference reads the environments by. */
    record Suffixes(String source, String target) {}

    /**
     * The suffixes as given, or, when the source's leaves every model name ending in the same separator ("lib-dev" for
     * tables Authors-lib-dev, …), with that separator moved into them (and into a target suffix given without it):
     * a model is named without it. Refused when only some model names end in a separator, or not all in the same one.
     */
    static Suffixes suffixes(Set<String> models, String source, String target) {
        Set<Character> endings = new HashSet<>();
        List<String> separated = new ArrayList<>();
        for (String model : models) {
            char last = model.charAt(model.length() - 1);
            if (SEPARATORS.indexOf(last) >= 0) {
                endings.add(last);
                separated.add(model);
            }
        }
        if (separated.isEmpty()) {
            return new Suffixes(source, target);
        }
        if (separated.size() < models.size() || endings.size() > 1) {
            throw new IllegalArgumentException("--source-suffix " + source + " leaves model names ending in a separator ("
                    + String.join(", ", separated.stream().limit(3).toList()) + "), which would be part of every new ID:"
                    + " give the suffix from the separator on, e.g. --source-suffix " + separated.get(0).charAt(separated.get(0).length() - 1)
                    + source);
        }
        char separator = endings.iterator().next();
        String moved = target == null || target.charAt(0) == separator ? target : separator + target;
        return new Suffixes(separator + source, moved);
    }

    /** Where the target suffix came from, and the candidates when it could not be chosen. */
    record TargetChoice(String suffix, String how, List<String> candidates) {
        boolean found() {
            return suffix != null;
        }
    }

    /**
     * The suffix of the only other environment with a table for every model; none when there is no
     * such environment or several. Suffixes that end with the source's (or it with theirs) are
     * left out: the plan refuses them.
     */
    static TargetChoice target(List<String> tableNames, String source, Set<String> models) {
        Map<String, Set<String>> modelsBySuffix = new HashMap<>();
        for (String name : tableNames) {
            if (name.endsWith(source)) {
                continue;
            }
            for (String model : models) {
                if (name.startsWith(model) && name.length() > model.length()) {
                    modelsBySuffix.computeIfAbsent(name.substring(model.length()), s -> new HashSet<>()).add(model);
                }
            }
        }
        List<String> complete = new ArrayList<>();
        modelsBySuffix.forEach((suffix, found) -> {
            if (found.size() == models.size() && !suffix.endsWith(source) && !source.endsWith(suffix)) {
                complete.add(suffix);
            }
        });
        complete.sort(null);
        if (complete.size() == 1) {
            return new TargetChoice(complete.get(0), "found: the only other environment with all " + models.size() + " tables",
                    complete);
        }
        return new TargetChoice(null, complete.isEmpty()
                ? "not found: no other environment has all " + models.size() + " tables"
                : "not chosen: " + complete.size() + " environments have all " + models.size() + " tables", complete);
    }
}
