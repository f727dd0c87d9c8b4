package dev.dmig.report;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.DependencyLevels;
import dev.dmig.analysis.ReferenceAnalysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.validate.TableValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dependency levels as a graph: one node per table, coloured by what the run found, edges for references. */
final class GraphSection {
    private GraphSection() {}

    /** What the report holds of one model: its counts, its analysis and its validation, each null when it has none. */
    private record Facts(RunReport.TableRow row, TableAnalysis table, TableValidation check) {
        long orphans() {
            return table == null ? 0 : table.references().stream().mapToLong(ReferenceAnalysis::orphans).sum();
        }

        long conflicts() {
            return table == null ? 0 : table.conflicts();
        }
    }

    static void append(StringBuilder page, RunReport report, MigrationPlan plan) {
        List<List<String>> levels = levels(report, plan);
        if (levels.isEmpty()) {
            return;
        }
        Map<String, TableAnalysis> analysed = new LinkedHashMap<>();
        if (report.analysis() != null) {
            report.analysis().tables().forEach(t -> analysed.put(t.model(), t));
        }
        Map<String, Map<String, List<String>>> references = references(levels, plan, analysed);
        Map<String, LevelGraph.Node> nodes = nodes(report, levels, analysed, references);
        page.append("<section id=\"graph\"><h2>Dependency levels</h2>");
        page.append(new LevelGraph(levels, nodes, references).svg());
        page.append("<div class=\"legend\"><span><i style=\"background:#e7f4ea;border:1px solid #1d7a35\"></i>validated</span>")
                .append("<span><i style=\"background:#fdecea;border:1px solid #b42318\"></i>validation failed</span>")
                .append("<span><i style=\"background:#fff5d6;border:1px solid #c48a00\"></i>orphans or conflicts found</span>")
                .append("<span><i style=\"background:#eef2f7;border:1px solid #6b7a90\"></i>not validated</span></div>");
        page.append("</section>");
    }

    /** The analysis's levels, else the plan's, else those the report's rows name. */
    private static List<List<String>> levels(RunReport report, MigrationPlan plan) {
        Analysis analysis = report.analysis();
        if (analysis != null && analysis.levels() != null && !analysis.levels().isEmpty()) {
            return analysis.levels();
        } else if (plan != null) {
            return DependencyLevels.of(plan);
        }
        return levelsOfRows(report.tables());
    }

    /** Per model, each model it references and the attribute paths that do: from the plan when it names the model. */
    private static Map<String, Map<String, List<String>>> references(List<List<String>> levels, MigrationPlan plan,
                                                                     Map<String, TableAnalysis> analysed) {
        Map<String, Map<String, List<String>>> references = new LinkedHashMap<>();
        for (List<String> level : levels) {
            for (String model : level) {
                Map<String, List<String>> out = new LinkedHashMap<>();
                if (plan != null && plan.tables().containsKey(model)) {
                    plan.table(model).modelReferences().forEach((path, target) ->
                            out.computeIfAbsent(target, m -> new ArrayList<>()).add(path));
                } else if (analysed.containsKey(model)) {
                    for (ReferenceAnalysis ref : analysed.get(model).references()) {
                        out.computeIfAbsent(ref.model(), m -> new ArrayList<>()).add(ref.path());
                    }
                }
                references.put(model, out);
            }
        }
        return references;
    }

    private static Map<String, LevelGraph.Node> nodes(RunReport report, List<List<String>> levels,
                                                      Map<String, TableAnalysis> analysed,
                                                      Map<String, Map<String, List<String>>> references) {
        Map<String, RunReport.TableRow> rows = new LinkedHashMap<>();
        report.tables().forEach(r -> rows.put(r.model(), r));
        Map<String, TableValidation> validated = new LinkedHashMap<>();
        if (report.validation() != null) {
            report.validation().tables().forEach(v -> validated.put(v.model(), v));
        }
        Map<String, LevelGraph.Node> nodes = new LinkedHashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            for (String model : levels.get(i)) {
                Facts facts = new Facts(rows.get(model), analysed.get(model), validated.get(model));
                nodes.put(model, new LevelGraph.Node(detail(report, facts), state(report, facts),
                        tooltip(model, i + 1, facts, references.get(model))));
            }
        }
        return nodes;
    }

    /** The line under a model's name: what was written (and how fast, in a full run), else what analysis found. */
    private static String detail(RunReport report, Facts facts) {
        RunReport.TableRow row = facts.row();
        if (row != null && report.mode().equals("full")) {
            return Numbers.count(row.itemsWritten()) + " written · " + Html.seconds(row.seconds());
        } else if (row != null) {
            return Numbers.count(row.itemsWritten()) + " written" + (row.itemsSkipped() > 0 ? ", " + row.itemsSkipped() + " skipped" : "");
        } else if (facts.table() != null) {
            return Numbers.count(facts.table().items()) + " items · " + Numbers.bytes(facts.table().bytes());
        }
        return "";
    }

    /** Validation's verdict, else a passed test's, else whether analysis found orphans or conflicts. */
    private static String state(RunReport report, Facts facts) {
        boolean tested = facts.row() != null && report.test() != null && report.test().passed();
        TableValidation check = facts.check();
        return check != null ? (check.passed() ? "ok" : "bad") : tested ? "ok"
                : facts.orphans() > 0 || facts.conflicts() > 0 ? "warn" : "plain";
    }

    /** Everything the report holds of a model, a line each: source, counts, references, findings, validation. */
    private static String tooltip(String model, int level, Facts facts, Map<String, List<String>> references) {
        TableAnalysis table = facts.table();
        RunReport.TableRow row = facts.row();
        StringBuilder tip = new StringBuilder(model).append(" · level ").append(level);
        if (table != null) {
            tip.append("\n").append(Numbers.count(table.items())).append(" items in the source (").append(Numbers.bytes(table.bytes()))
                    .append("), ").append(table.segments()).append(table.segments() == 1 ? " segment" : " segments");
        }
        if (row != null) {
            tip.append("\n").append(Numbers.count(row.itemsRead())).append(" read, ").append(Numbers.count(row.itemsWritten()))
                    .append(" written, ").append(Numbers.count(row.itemsSkipped())).append(" skipped in ")
                    .append(Html.seconds(row.seconds()));
        }
        references.forEach((target, paths) -> tip.append("\n").append(String.join(", ", paths)).append(" → ").append(target));
        if (facts.orphans() > 0) {
            tip.append("\n").append(Html.plural(facts.orphans(), "orphan reference", "orphan references"));
        }
        if (facts.conflicts() > 0) {
            tip.append("\n").append(Html.plural(facts.conflicts(), "conflict", "conflicts")).append(" in the target");
        }
        if (facts.check() != null) {
            tip.append("\nvalidation ").append(facts.check().passed() ? "passed" : "FAILED");
        }
        return tip.toString();
    }

    private static List<List<String>> levelsOfRows(List<RunReport.TableRow> rows) {
        List<List<String>> levels = new ArrayList<>();
        for (RunReport.TableRow row : rows) {
            int level = Math.max(1, row.level());
            while (levels.size() < level) {
                levels.add(new ArrayList<>());
            }
            levels.get(level - 1).add(row.model());
        }
        levels.removeIf(List::isEmpty);
        return levels;
    }
}
