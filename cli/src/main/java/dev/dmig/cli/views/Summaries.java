package dev.dmig.cli.views;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.ConflictExample;
import dev.dmig.analysis.ReferenceAnalysis;
import dev.dmig.analysis.RunSection;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.cli.runs.Format;
import dev.dmig.migrate.TestResult;
import dev.dmig.report.Numbers;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.Slice;
import dev.dmig.validate.TableValidation;
import dev.dmig.validate.ValidationReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The readable summaries printed after a run: counts and findings, never item contents. */
public final class Summaries {
    /** Conflict examples a summary shows; analysis.json has more of each table's. */
    private static final int CONFLICTS_LISTED = 3;
    /** Objects a rollback left because someone else changed them, named one a line; rollback.json names more. */
    private static final int OBJECTS_LEFT_LISTED = 20;

    private final PrintWriter out;

    public Summaries(PrintWriter out) {
        this.out = out;
    }

    /** {@code 4 tables in 1 level}, {@code 1 table in 1 level}, {@code 31 tables in 5 levels}. */
    public static String tablesInLevels(long tables, int levels) {
        return tables + (tables == 1 ? " table" : " tables") + " in " + levels + (levels == 1 ? " level" : " levels");
    }

    public void analysis(Analysis analysis) {
        out.println();
        out.println("Analysis of " + analysis.sourceSuffix() + " → " + analysis.targetSuffix()
                + "  (onConflict: " + analysis.onConflictText() + ")");
        out.println("  " + Format.pad("table", 28) + Format.padLeft("level", 5) + Format.padLeft("items", 10)
                + Format.padLeft("size", 11) + Format.padLeft("segs", 6) + "  references (fill of the items copied, orphans)");
        for (TableAnalysis t : analysis.tables()) {
            out.println(tableLine(t));
        }
        Analysis.Totals totals = analysis.totals();
        out.println("  " + tablesInLevels(totals.tables(), analysis.levels().size()) + (analysis.writtenTogether()
                ? " (written together: every target table empty, nothing followed or matched)" : "") + ", "
                + Numbers.count(totals.items()) + " items, " + Numbers.bytes(totals.bytes()) + "; "
                + totals.orphans() + " orphan references; " + totals.describeConflicts()
                + (totals.uniquenessConflicts() > 0 ? "; " + totals.uniquenessConflicts() + " colliding values of unique attributes" : "")
                + (totals.adopted() > 0 ? "; " + totals.adopted() + " items already present from test runs" : ""));
        int conflictLines = 0;
        for (TableAnalysis t : analysis.tables()) {
            for (ReferenceAnalysis r : t.references()) {
                r.orphanExamples().forEach(e -> out.println("  orphan: table " + t.model() + ", item " + e.item()
                        + ", attribute " + r.path() + " → " + r.model() + " " + e.value() + " (not among the records the run copies: not in the source, or a row left behind)"));
            }
            if (t.uniqueness() != null) {
                t.uniqueness().forEach(u -> u.examples().forEach(e -> out.println("  unique: table " + t.model() + ", " + e)));
            }
            for (ConflictExample c : t.conflictExamples()) {
                if (conflictLines++ < CONFLICTS_LISTED) {
                    out.println("  conflict: table " + t.model() + ", source " + c.sourceItem() + " maps to " + c.targetKey()
                            + ", which already exists in the target" + (c.identical() ? " (identical)" : " (different content)"));
                }
            }
        }
        if (totals.conflicts() > Math.min(conflictLines, CONFLICTS_LISTED)) {
            out.println("  ... and " + Numbers.count(totals.conflicts() - Math.min(conflictLines, CONFLICTS_LISTED))
                    + " more conflicts (" + Numbers.count(totals.identical()) + " of all " + Numbers.count(totals.conflicts())
                    + " identical)");
        }
        warnings(analysis);
        if (!analysis.skippedModels().isEmpty()) {
            out.println("  skipped by the plan: " + String.join(", ", analysis.skippedModels()));
        }
        if (!analysis.unconfiguredTables().isEmpty()) {
            out.println("  not in the plan, not migrated: " + String.join(", ", analysis.unconfiguredTables()));
        }
        if (analysis.estimate() != null) {
            out.println("  estimate on AWS: about " + Numbers.seconds(analysis.estimate().seconds()) + ", about $"
                    + String.format(java.util.Locale.ROOT, "%.4f", analysis.estimate().costUsd())
                    + " (" + analysis.estimate().pricesAsOf() + ")" + poolRequests(analysis.estimate().userPoolRequests()));
        }
    }

    /**
     * A table's line of the analysis: its items, size and segments, and its references' fill of the items the run copies;
     * the items it leaves behind are counted apart, as the run's totals count them.
     */
    private static String tableLine(TableAnalysis t) {
        StringBuilder refs = new StringBuilder();
        for (ReferenceAnalysis r : t.references()) {
            refs.append(refs.isEmpty() ? "" : ", ").append(r.path()).append("→").append(r.model())
                    .append(" ").append(Numbers.percent(r.fillRate()));
            if (r.orphans() > 0) {
                refs.append(" ").append(r.orphans()).append(" orphan").append(r.orphans() == 1 ? "" : "s");
            }
        }
        long leftBehind = t.items() - t.copied();
        return "  " + Format.pad(t.model(), 28) + Format.padLeft(String.valueOf(t.level()), 5)
                + Format.padLeft(Numbers.count(t.items()), 10) + Format.padLeft(Numbers.bytes(t.bytes()), 11)
                + Format.padLeft(String.valueOf(t.segments()), 6) + "  " + refs + (leftBehind == 0 ? ""
                : (refs.isEmpty() ? "" : "; ") + Numbers.count(leftBehind) + (leftBehind == 1 ? " item" : " items")
                + " left behind (not copied)");
    }

    /**
     * What a full run of the plan would do instead of writing, as a dry run's analysis found the target: nothing, when it
     * already holds all of it; stop at its conflicts, under onConflict abort; empty when it would write.
     */
    public static String fullRunWould(Analysis a) {
        if (a.nothingLeftToDo()) {
            return "; a full run would find the target already holding all of it and write nothing";
        }
        long conflicts = a.conflictsStoppingAFullRun();
        return conflicts > 0 ? "; a full run would stop at its " + Numbers.count(conflicts) + (conflicts == 1 ? " conflict" : " conflicts")
                + " (onConflict: abort" + (a.onConflictByTable().isEmpty() ? "" : " in " + String.join(", ", a.abortingTables().stream()
                .map(dev.dmig.analysis.TableAnalysis::model).toList())) + ") and write nothing" : "";
    }

    /** The ListUsers requests an identity map from the user pools took: counted against Cognito's quota, not billed. */
    private static String poolRequests(long requests) {
        return requests == 0 ? "" : "; the user pools took " + Numbers.count(requests) + " ListUsers request"
                + (requests == 1 ? "" : "s") + " (within Cognito's quota, not billed)";
    }

    /** The slice a run with roots covers: its members per table, how they were reached, and what leaves it. */
    void slice(Slice slice) {
        out.println();
        Slice.Totals totals = slice.totals();
        out.println("Slice of " + String.join(", ", slice.roots().stream().map(Slice.Root::toString).toList()) + ": "
                + Numbers.count(totals.members()) + " items (" + totals.roots() + (totals.roots() == 1 ? " root, " : " roots, ")
                + totals.descendants()
                + " descendants, " + totals.ancestors() + " ancestors); finding it read "
                + String.format(java.util.Locale.ROOT, "%.2f", slice.readsPerSourceItem()) + " items per source item");
        for (Slice.Members members : slice.tables().values()) {
            if (members.count() == 0) {
                continue;
            }
            List<String> how = new java.util.ArrayList<>();
            if (members.roots() > 0) {
                how.add(members.roots() + " root" + (members.roots() == 1 ? "" : "s"));
            }
            members.descendants().forEach((path, count) -> how.add(count + " through " + path));
            members.ancestors().forEach((path, count) -> how.add(count + " referred to by " + path));
            out.println("  " + Format.pad(members.model(), 28) + Format.padLeft(Numbers.count(members.count()), 10)
                    + "  " + String.join(", ", how));
        }
        slice.leaving().forEach(r -> out.println("  leaves the slice: " + r.model() + "." + r.path() + " → " + r.target()
                + " (not migrated by the plan), " + r.count() + " reference" + (r.count() == 1 ? "" : "s")));
        slice.missing().forEach(r -> out.println("  not in the source: " + r.model() + "." + r.path() + " → " + r.target()
                + ", " + r.count() + " reference" + (r.count() == 1 ? "" : "s") + ", e.g. " + String.join(", ", r.examples())));
    }

    /**
     * The analysis's identity map and warnings alone, for a run whose summary is not the analysis: what they warned of
     * happened.
     */
    void warnings(Analysis analysis) {
        sections(analysis);
        if (analysis.warnings() != null) {
            analysis.warnings().forEach(w -> out.println("  warning: " + w));
        }
    }

    /** What every feature's section of the analysis says (a {@code match}'s pairs, a line per table), each line after its word. */
    private void sections(Analysis analysis) {
        RunSection.everySaid(analysis).forEach(line -> out.println("  " + line));
    }

    public void test(TestResult test) {
        out.println();
        out.println("Test of " + test.table() + ": " + test.records().size() + " records ("
                + test.written() + " written, " + test.alreadyPresent() + " already present and identical, "
                + test.overwritten() + " overwritten" + (test.objectsCopied() > 0 ? "; " + test.objectsCopied()
                + (test.objectsCopied() == 1 ? " object" : " objects") + " of their files copied" : "") + ")");
        for (TestResult.Record r : test.records()) {
            out.println("  " + Format.pad(r.model(), 22) + Format.pad(r.sourceKey(), 46) + " → " + r.targetKey() + "  " + r.action());
        }
        test.orphans().forEach(o -> out.println("  orphan: " + o));
        test.warnings().forEach(w -> out.println("  warning: " + w));
        test.failures().forEach(f -> out.println("  FAILED: " + f));
    }

    public void report(RunReport report) {
        if (report.tables().isEmpty()) {
            return;
        }
        out.println();
        out.println("  " + Format.pad("table", 28) + Format.padLeft("level", 5) + Format.padLeft("read", 10)
                + Format.padLeft("written", 10) + Format.padLeft("skipped", 9) + Format.padLeft("time", 9)
                + Format.padLeft("items/s", 10));
        for (RunReport.TableRow row : report.tables()) {
            out.println("  " + Format.pad(row.model(), 28) + Format.padLeft(String.valueOf(row.level()), 5)
                    + Format.padLeft(Numbers.count(row.itemsRead()), 10) + Format.padLeft(Numbers.count(row.itemsWritten()), 10)
                    + Format.padLeft(Numbers.count(row.itemsSkipped()), 9) + Format.padLeft(Numbers.seconds(row.seconds()), 9)
                    + Format.padLeft(Numbers.count((long) row.itemsPerSecond()), 10));
        }
        RunReport.Totals t = report.totals();
        out.println("  " + t.tables() + " tables: " + t.describe()
                + (t.unprocessedRetries() > 0 ? ", " + t.unprocessedRetries() + " batches re-sent for unprocessed items" : "")
                + (t.sdkRetries() > 0 ? ", " + t.sdkRetries() + " calls retried after throttling or errors" : ""));
        for (RunReport.TableRow row : report.tables()) {
            differing(report, row);
            if (row.lateArrivals() > 0) {
                out.println("  " + row.model() + ": " + Numbers.count(row.lateArrivals()) + " items appeared in the target after"
                        + " analysis and were left as they are (among the skipped); something else writes to this table");
            }
        }
    }

    /**
     * A table's records already in the target that differ from the source, left as the target has them ({@code onConflict:
     * skip}): counted, and the first the analysis found named, so that a re-run over a target production changed says so.
     */
    private void differing(RunReport report, RunReport.TableRow row) {
        if (row.differing() == 0 || report.analysis() == null) {
            return;
        }
        List<String> keys = report.analysis().tables().stream().filter(t -> t.model().equals(row.model()))
                .flatMap(t -> t.conflictExamples().stream()).filter(example -> !example.identical())
                .map(example -> example.targetKey()).toList();
        out.println("  " + row.model() + ": " + Numbers.count(row.differing()) + (row.differing() == 1 ? " record" : " records")
                + " already in the target different from the source, left as the target has "
                + (row.differing() == 1 ? "it" : "them") + " (onConflict is skip)" + (keys.isEmpty() ? ""
                : ": " + String.join("; ", keys) + (keys.size() < row.differing() ? "; ..." : "")));
    }

    /**
     * What a run that wrote did with its users and Storage files, and what its analysis warned of that the run did: under
     * the run's own table, before its validation.
     */
    public void written(RunReport report) {
        Analysis analysis = report.analysis();
        if (analysis == null) {
            return;
        }
        RunSection.everySaid(report.said()).forEach(line -> out.println("  " + line));
        if (analysis.warnings() != null) {
            analysis.warnings().forEach(w -> out.println("  warning: " + w));
        }
    }

    public void validation(ValidationReport validation) {
        validation(validation, false);
    }

    /** {@code undone}: a rollback has undone what the run wrote since, so its validation speaks of what is gone. */
    public void validation(ValidationReport validation, boolean undone) {
        out.println();
        long items = validation.tables().stream().mapToLong(TableValidation::matched).sum();
        long refs = validation.tables().stream().mapToLong(TableValidation::referencesChecked).sum();
        long orphans = validation.tables().stream().mapToLong(TableValidation::sourceOrphans).sum();
        out.println("Validation" + (undone ? " (of what the run wrote, before the rollback undid it)" : "") + ": "
                + (validation.passed() ? "passed" : "FAILED") + " — " + Numbers.count(items)
                + " items equal their transformed source, " + Numbers.count(refs) + " references checked ("
                + orphans + " source orphans), source tables " + TableValidation.sourcesState(validation.tables()));
        long leftByProduction = validation.tables().stream().mapToLong(TableValidation::leftByProduction).sum();
        if (leftByProduction > 0) {
            out.println("  left by production: " + Numbers.count(leftByProduction) + (leftByProduction == 1 ? " record" : " records")
                    + " of the run's that production changed since the run wrote " + (leftByProduction == 1 ? "it" : "them")
                    + ", not compared with the source (as production has " + (leftByProduction == 1 ? "it" : "them") + ")");
        }
        long resolved = validation.tables().stream().mapToLong(TableValidation::valuesResolved).sum();
        if (resolved > 0) {
            long undecided = validation.tables().stream().mapToLong(TableValidation::valuesUndecided).sum();
            out.println("  as in the source: " + Numbers.count(resolved) + (resolved == 1 ? " value" : " values") + " that named a"
                    + " record, a user or a file there " + (resolved == 1 ? "names" : "name") + " its counterpart in the target"
                    + (undecided > 0 ? " (" + Numbers.count(undecided) + " of them IDs in several tables, each naming the counterpart in"
                    + " one)" : ""));
        }
        long objects = validation.tables().stream().mapToLong(TableValidation::objectsChecked).sum();
        if (objects > 0) {
            long wrong = validation.tables().stream().mapToLong(TableValidation::objectsWrong).sum();
            long skipped = validation.tables().stream().mapToLong(TableValidation::objectsSkipped).sum();
            out.println("  files: " + Numbers.count(objects - wrong) + (objects - wrong == 1 ? " object equals " : " objects equal ")
                    + equalTo(validation, objects - wrong)
                    + (wrong > 0 ? ", " + Numbers.count(wrong) + " missing or different" : "")
                    + (skipped > 0 ? ", " + Numbers.count(skipped) + " not compared (missing in the source or left alone)" : ""));
        }
        validation.failures().forEach(f -> out.println("  " + f));
        validation.tables().stream().filter(t -> !t.passed()).forEach(t -> t.examples().forEach(e -> out.println("    " + e)));
        // Values of the source the plan copies as they are on purpose: said, not failed.
        validation.tables().forEach(t -> t.sourceValues().stream().filter(f -> f.keptBy() != null)
                .forEach(f -> out.println("  kept as they are (" + f.keptBy() + "): " + f.describe(t.model()))));
    }

    /**
     * What the objects found right equal: {@code their source's in the target's bucket}; where a feature wrote others in
     * their stead, by kind: {@code what the run wrote in the target's bucket: 12 their source's, 15 placeholders}.
     */
    private static String equalTo(ValidationReport validation, long right) {
        Map<String, Long> standIns = new TreeMap<>();
        validation.tables().forEach(t -> t.objectsStandIn().forEach((are, n) -> standIns.merge(are, n, Long::sum)));
        if (standIns.isEmpty()) {
            return "their source's in the target's bucket";
        }
        long standing = standIns.values().stream().mapToLong(Long::longValue).sum();
        return "what the run wrote in the target's bucket: " + Numbers.count(right - standing) + " their source's"
                + standIns.entrySet().stream().map(e -> ", " + Numbers.count(e.getValue()) + " " + e.getKey() + (e.getValue() == 1 ? "" : "s"))
                .collect(java.util.stream.Collectors.joining());
    }

    public void rollback(RollbackResult rollback) {
        out.println();
        out.println("Rollback: " + Numbers.count(rollback.deleted()) + " created items deleted"
                + ", " + Numbers.count(rollback.restored()) + " overwritten items restored"
                + (rollback.objectsDeleted() + rollback.objectsRestored() > 0 ? ", " + Numbers.count(rollback.objectsDeleted())
                        + " created objects deleted, " + Numbers.count(rollback.objectsRestored()) + " overwritten objects restored" : "")
                + (rollback.itemsLeft() > 0 ? ", " + rollback.describeLeft() : "")
                + (rollback.itemsKept() > 0 ? ", " + rollback.describeKept() : "")
                + (rollback.failed() > 0 ? ", " + rollback.failed() + " keys NOT restored:" : ""));
        // What the features undid beside the tables and files: the users a masked run created, deleted from the pool.
        rollback.besides().forEach(line -> out.println("  " + line));
        if (rollback.absent() > 0) {
            out.println("  " + rollback.describeAbsent());
        }
        rollback.failedKeys().forEach(k -> out.println("  not restored: " + k));
        if (rollback.failed() > 0 && rollback.failedBecause() != null) {
            out.println("  why" + (rollback.failed() == 1 ? "" : " the first") + ": " + rollback.failedBecause());
        }
        if (rollback.itemsLeft() > 0) {
            // Undoing them would lose what production wrote since: left, and named, for a person to decide.
            rollback.itemsLeftKeys().stream().limit(OBJECTS_LEFT_LISTED)
                    .forEach(k -> out.println("  left as production changed it since: " + k));
            if (rollback.itemsLeft() > OBJECTS_LEFT_LISTED) {
                out.println("  ... and " + Numbers.count(rollback.itemsLeft() - OBJECTS_LEFT_LISTED) + " more (itemsLeftKeys in the"
                        + " run's rollback.json lists the first " + Numbers.count(rollback.itemsLeftKeys().size()) + ")");
            }
        }
        if (rollback.itemsKept() > 0) {
            // Deleting them would leave the records that point to them with dangling references: kept, and named with why.
            rollback.itemsKeptKeys().stream().limit(OBJECTS_LEFT_LISTED).forEach(k -> out.println("  kept: " + k));
            if (rollback.itemsKept() > OBJECTS_LEFT_LISTED) {
                out.println("  ... and " + Numbers.count(rollback.itemsKept() - OBJECTS_LEFT_LISTED) + " more (itemsKeptKeys in the"
                        + " run's rollback.json lists the first " + Numbers.count(rollback.itemsKeptKeys().size()) + ")");
            }
        }
        if (rollback.objectsKept() > 0) {
            out.println("  " + Numbers.count(rollback.objectsKept()) + (rollback.objectsKept() == 1 ? " object" : " objects")
                    + " the run wrote kept: a record left in the target names " + (rollback.objectsKept() == 1 ? "it" : "them"));
            rollback.objectsKeptKeys().stream().limit(OBJECTS_LEFT_LISTED)
                    .forEach(k -> out.println("  named by a record left in the target, kept: " + k));
            if (rollback.objectsKept() > OBJECTS_LEFT_LISTED) {
                out.println("  ... and " + Numbers.count(rollback.objectsKept() - OBJECTS_LEFT_LISTED) + " more (objectsKeptKeys in the"
                        + " run's rollback.json lists the first " + Numbers.count(rollback.objectsKeptKeys().size()) + ")");
            }
        }
        if (rollback.objectsLeft() > 0) {
            out.println("  " + Numbers.count(rollback.objectsLeft()) + (rollback.objectsLeft() == 1 ? " object" : " objects")
                    + " the run wrote changed by someone else since: left as is");
            rollback.objectsLeftKeys().stream().limit(OBJECTS_LEFT_LISTED)
                    .forEach(k -> out.println("  changed by someone else, left as is: " + k));
            if (rollback.objectsLeft() > OBJECTS_LEFT_LISTED) {
                out.println("  ... and " + Numbers.count(rollback.objectsLeft() - OBJECTS_LEFT_LISTED) + " more (objectsLeftKeys in the"
                        + " run's rollback.json lists the first " + Numbers.count(rollback.objectsLeftKeys().size()) + ")");
            }
        }
    }

    /** {@code found}: how many the analysis found, when it found more than it listed. */
    void problems(List<String> problems, long found) {
        problems.forEach(p -> out.println("  " + p));
        if (found > problems.size()) {
            out.println("  ... and " + Numbers.count(found - problems.size()) + " more of the " + Numbers.count(found)
                    + " problems found; only the first " + problems.size() + " are listed: fix these and analyze again");
        }
    }
}
