package dev.dmig.validate;

import dev.dmig.migrate.PageFindings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An attribute of a table's copies (by its path in the target) whose values named something in the source that they do
 * not name in the target ({@link Resolutions}): {@code values} of them, by {@code kind} ({@code id:<Model>}, a record of
 * that table; {@code user:<kind>}, a source user; {@code changed}, an attribute no rule of the plan claims whose value
 * differs from the source's; a feature's kind of what values name beside the tables, {@link NamedBeside}), and the
 * first source item they were found in (its key, emails and phone numbers masked).
 * {@code keptBy}: the plan's {@code keepSourceValues} when it lists the path (the values are the plan's on purpose); null
 * when nothing does: then the table fails validation.
 */
public record ResolutionFinding(String path, String kind, long values, String example, String keptBy) {

    /** The findings of a table's copies (its place-less counts, of what resolved, left out), each with what keeps it, if anything. */
    static List<ResolutionFinding> of(MigrationPlan plan, String model, List<PageFindings.Found> found) {
        List<ResolutionFinding> findings = new ArrayList<>();
        if (found == null) {
            return findings;
        }
        TablePlan table = plan.table(model);
        for (PageFindings.Found each : found) {
            if (!each.path().isEmpty()) {
                findings.add(new ResolutionFinding(each.path(), each.kind(), each.count(), each.example(),
                        SourceValueFinding.keptBy(plan, table, each.path())));
            }
        }
        return findings;
    }

    /** How many values of {@code kind} ({@link Resolutions#RESOLVED}, {@link Resolutions#UNDECIDED}) the findings count. */
    static long counted(List<PageFindings.Found> found, String kind) {
        return found == null ? 0 : found.stream().filter(f -> f.path().isEmpty() && f.kind().equals(kind))
                .mapToLong(PageFindings.Found::count).sum();
    }

    /**
     * The one line a finding nothing keeps fails its table with, naming the table, the attribute, what the values named,
     * the first item, and the plan line that would fix it.
     */
    String failure(MigrationPlan plan, String model) {
        String counted = String.format(Locale.ROOT, "%,d", values);
        boolean one = values == 1;
        String head = "table " + model + ", attribute " + path + ": " + counted + (one ? " value " : " values ");
        if (kind.equals(Resolutions.CHANGED)) {
            return head + (one ? "differs" : "differ") + " from the source's, and no rule of the plan changes this attribute (first:"
                    + " item " + example + "); the copy of an attribute the plan does not map must hold what the source held";
        }
        Optional<NamedBeside.Feature> beside = NamedBeside.kind(kind);
        if (beside.isPresent()) {
            return head + beside.get().unresolved(plan, path, one, example) + ", or list it in the table's "
                    + SourceValueFinding.KEEP_FIELD + " to copy it as it is";
        }
        if (kind.startsWith(Resolutions.USER)) {
            String what = kind.substring(Resolutions.USER.length());
            // A feature's kind (a source user's sub), said with its fix; one of a feature this build lacks, by its name.
            String unresolved = SourceNames.kind(what).map(known -> known.unresolved(path, one, example))
                    .orElse((one ? "named a source value" : "named source values") + " (" + what + ") and " + (one ? "names" : "name")
                            + " nothing in the target (first: item " + example + "); map it in the plan");
            return head + unresolved + ", or list it in the table's "
                    + SourceValueFinding.KEEP_FIELD + " to copy it as it is";
        }
        String target = kind.substring(Resolutions.ID.length());
        return head + (one ? "was the ID of a " : "were IDs of ") + target + (one ? " record" : " records") + " in the source and "
                + (one ? "names" : "name") + " no " + target + " record's copy in the target (first: item " + example + "); "
                + fix(plan.table(model), target);
    }

    /** What the plan does with the path now, and the line that maps it to {@code target}'s IDs. */
    private String fix(TablePlan table, String target) {
        String line = "\"references\": {\"" + path + "\": \"" + target + "\"}";
        if (path.equals(table.idAttribute()) && !table.idMapped()) {
            return "the plan maps " + path + " as " + table.model() + "'s own ID; map it as a reference to " + target + ", " + line
                    + " in the table's entry";
        }
        for (Map.Entry<ReferencePath, String> reference : table.references().entrySet()) {
            if (reference.getKey().text().equals(path)) {
                String planned = reference.getValue();
                return "the plan maps " + path + " as a reference to " + planned + "; if it holds IDs of " + planned + " and of " + target
                        + ", name the attribute that says which, \"references\": {\"" + path + "\": {\"by\": \"<attribute>\", \"models\":"
                        + " {\"<its value>\": \"" + planned + "\", \"<its value>\": \"" + target + "\"}}}, or, if none does, the"
                        + " table whose source holds each value, \"references\": {\"" + path + "\": {\"oneOf\": [\"" + planned + "\", \"" + target
                        + "\"]}}; if of " + target + " alone, " + line;
            }
        }
        for (Map.Entry<ReferencePath, ValueMapping> mapping : table.mappings().entrySet()) {
            if (mapping.getKey().text().equals(path)) {
                return "the plan maps " + path + " by a pattern whose placeholders do not name " + target + "; name " + target
                        + " for the part that holds these IDs";
            }
        }
        return "map it in the plan, " + line + ", or list it in the table's " + SourceValueFinding.KEEP_FIELD
                + " to copy it as it was";
    }
}
