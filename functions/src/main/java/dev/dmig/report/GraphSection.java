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

    static void append(StringBuilder page, RunReport report, MigrationPlan plan) {
        Analysis analysis = report.analysis();
        List<List<String>> levels;
        if (analysis != null && analysis.levels() != null && !analysis.levels().isEmpty()) {
            levels = analysis.levels();
        } else if (plan != null) {
            levels = DependencyLevels.of(plan);
        } else {
            levels = levelsOfRows(report.tables());
        }
        if (levels.isEmpty()) {
            return;
        }
        Map<String, Map<String, List<String>>> references = new LinkedHashMap<>();
        Map<String, TableAnalysis> analysed = new LinkedHashMap<>();
        if (analysis != null) {
            analysis.tables().forEach(t -> analysed.put(t.model(), t));
        }
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
        Map<String, RunReport.TableRow> rows = new LinkedHashMap<>();
        report.tables().forEach(r -> rows.put(r.model(), r));
        Map<String, TableValidation> validated = new LinkedHashMap<>();
        if (report.validation() != null) {
            report.validation().tables().forEach(v -> validated.put(v.model(), v));
        }
        Map<String, LevelGraph.Node> nodes = new LinkedHashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            for (String model : levels.get(i)) {
                RunReport.TableRow row = rows.get(model);
                TableAnalysis table = analysed.get(model);
                TableValidation check = validated.get(model);
                String detail;
                if (row != null && report.mode().equals("full")) {
                    detail = Numbers.count(row.itemsWritten()) + " written · " + Html.seconds(row.seconds());
                } else if (row != null) {
                    detail = Numbers.count(row.itemsWritten()) + " written" + (row.itemsSkipped() > 0 ? ", " + row.itemsSkipped() + " skipped" : "");
                } else if (table != null) {
                    detail = Numbers.count(table.items()) + " items · " + Numbers.bytes(table.bytes());
                } else {
                    detail = "";
                }
                long orphans = table == null ? 0 : table.references().stream().mapToLong(ReferenceAnalysis::orphans).sum();
                long conflicts = table == null ? 0 : table.conflicts();
                boolean tested = row != null && report.test() != null && report.test().passed();
                String state = check != null ? (check.passed() ? "ok" : "bad") : tested ? "ok"
                        : orphans > 0 || conflicts > 0 ? "warn" : "plain";
                StringBuilder tip = new StringBuilder(model).append(" · level ").append(i + 1);
                if (table != null) {
                    tip.append("\n").append(Numbers.count(table.items())).append(" items in the source (").append(Numbers.bytes(table.bytes()))
                            .append("), ").append(table.segments()).append(table.segments() == 1 ? " segment" : " segments");
                }
                if (row != null) {
                    tip.append("\n").append(Numbers.count(row.itemsRead())).append(" read, ").append(Numbers.count(row.itemsWritten()))
                            .append(" written, ").append(Numbers.count(row.itemsSkipped())).append(" skipped in ")
                            .append(Html.seconds(row.seconds()));
                }
                references.get(model).forEach((target, paths) -> tip.append("\n").append(String.join(", ", paths)).append(" → ").append(target));
                if (orphans > 0) {
                    tip.append("\n").append(Html.plural(orphans, "orphan reference", "orphan references"));
                }
                if (conflicts > 0) {
                    tip.append("\n").append(Html.plural(conflicts, "conflict", "conflicts")).append(" in the target");
                }
                if (check != null) {
                    tip.append("\nvalidation ").append(check.passed() ? "passed" : "FAILED");
                }
                nodes.put(model, new LevelGraph.Node(detail, state, tip.toString()));
            }
        }
        page.append("<section id=\"graph\"><h2>Dependency levels</h2>");
        page.append(new LevelGraph(levels, nodes, references).svg());
        page.append("<div class=\"legend\"><span><i style=\"background:#e7f4ea;border:1px solid #1d7a35\"></i>validated</span>")
                .append("<span><i style=\"background:#fdecea;border:1px solid #b42318\"></i>validation failed</span>")
                .append("<span><i style=\"background:#fff5d6;border:1px solid #c48a00\"></i>orphans or conflicts found</span>")
                .append("<span><i style=\"background:#eef2f7;border:1px solid #6b7a90\"></i>not validated</span></div>");
        page.append("</section>");
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
