package dev.dmig.analysis;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.Problem;
import java.util.List;
import java.util.Map;

/**
 * {@code runs/<runId>/analysis.json}: what a migration would move and what stands in its way —
 * counts, sizes, levels, reference fill rates, orphans, conflicts, problems, tables the plan
 * leaves out, and the duration and cost estimate;
 * {@code sections}: each feature's section of the run as a whole, by its name ({@link RunSection}: {@code identities}, the run's
 * identity map and what it matched; {@code files}, its Storage files; {@code matches}, what the tables with a {@code match}
 * paired with the target's records), stored beside the core's fields ({@link #section});
 * {@code onConflictByTable}: the tables whose entry says an {@code onConflict} other than the plan's, with theirs (empty
 * when none does).
 */
public record Analysis(String runId, String mode, String planDigest, String sourceSuffix, String targetSuffix,
                       String onConflict, String createdAt, List<List<String>> levels, List<TableAnalysis> tables,
                       Totals totals, List<String> unconfiguredTables, List<String> skippedModels,
                       List<String> problems, Estimate estimate, List<String> warnings,
                       @JsonAnySetter Map<String, Object> sections, List<List<String>> writeLevels,
                       Map<String, String> onConflictByTable) implements FeatureSections {

    @com.fasterxml.jackson.annotation.JsonCreator
    public Analysis {
        sections = FeatureSections.kept(sections);
        onConflictByTable = onConflictByTable == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(onConflictByTable));
    }

    /** The features' sections of the run as a whole, stored beside the core's fields, each under its name. */
    @Override
    @JsonAnyGetter
    public Map<String, Object> sections() {
        return sections;
    }


    /** What a full run does at {@code model}'s keys the target already holds: its table's {@code onConflict}, else the plan's. */
    public ConflictPolicy onConflictOf(String model) {
        ConflictPolicy policy = ConflictPolicy.named(onConflictByTable.getOrDefault(model, onConflict));
        return policy == null ? ConflictPolicy.BY_DEFAULT : policy;
    }

    /** The plan's {@code onConflict}, and each table's that says another: {@code abort}, {@code abort; Settings skip}. */
    public String onConflictText() {
        StringBuilder text = new StringBuilder(onConflict == null ? "" : onConflict);
        onConflictByTable.forEach((model, policy) -> text.append("; ").append(model).append(' ').append(policy));
        return text.toString();
    }

    /** The tables a full run stops at the conflicts of ({@code onConflict: abort}), in the analysis's order. */
    public List<TableAnalysis> abortingTables() {
        return tables.stream().filter(t -> onConflictOf(t.model()).atTaken() == ConflictPolicy.Taken.STOP).toList();
    }

    /** Of the tables whose {@code onConflict} is abort: their items' conflicts and their unique values' collisions. */
    public long itemConflictsStoppingAFullRun() {
        return abortingTables().stream().mapToLong(t -> t.conflicts() + t.uniqueness().stream()
                .mapToLong(UniquenessAnalysis::conflicts).sum()).sum();
    }

    /**
     * What a full run stops at under {@code onConflict: abort}: its tables' {@link #itemConflictsStoppingAFullRun}, and what
     * each feature's section stops it at besides ({@link RunSection#stops}: objects with other content at their new keys).
     */
    public long conflictsStoppingAFullRun() {
        long features = dev.dmig.Features.at(RunSection.class).stream().mapToLong(section -> section.stopping(this)).sum();
        return itemConflictsStoppingAFullRun() + features;
    }

    /**
     * The levels a full run writes its tables in ({@link WriteOrder}): {@code writeLevels} where the analysis decided them,
     * all the run's tables in one where no one can see the target while it is written; else its {@code levels}.
     */
    public List<List<String>> writtenLevels() {
        return writeLevels == null ? levels : writeLevels;
    }

    /** Whether a full run writes its tables together rather than level by level ({@link WriteOrder}). */
    public boolean writtenTogether() {
        return levels != null && writtenLevels().size() < levels.size();
    }

    /**
     * Whether the target already holds exactly what the plan writes: a full run would end at its analysis, writing nothing
     * ({@link NothingToDo}).
     */
    public boolean nothingLeftToDo() {
        return NothingToDo.holds(this);
    }

    /**
     * Sums over all tables; {@code uniquenessConflicts} counts values of {@code unique} attributes that would collide;
     * {@code identical}: the conflicts whose target item is already exactly what the run would write.
     */
    public record Totals(int tables, long items, long bytes, long orphans, long conflicts, long adopted, long problems,
                         long uniquenessConflicts, long identical) {
        /**
         * The conflicts with their kinds named: {@code 196 conflicts (items already at their mapped keys: 196 identical to
         * what the run writes, 0 with other content)}, or {@code 0 conflicts}.
         */
        public String describeConflicts() {
            return String.format(java.util.Locale.ROOT, "%,d", conflicts) + (conflicts == 1 ? " conflict" : " conflicts")
                    + (conflicts == 0 ? "" : String.format(java.util.Locale.ROOT, " (%s already at %s mapped %s: %,d identical to what"
                    + " the run writes, %,d with other content)", conflicts == 1 ? "an item" : "items", conflicts == 1 ? "its" : "their",
                    conflicts == 1 ? "key" : "keys", identical, conflicts - identical));
        }
    }

    /** This analysis with {@code estimate} in place of its own: a feature's requests added ({@link RunCheck#summarized}). */
    public Analysis withEstimate(Estimate estimate) {
        return new Analysis(runId, mode, planDigest, sourceSuffix, targetSuffix, onConflict, createdAt, levels, tables, totals,
                unconfiguredTables, skippedModels, problems, estimate, warnings, sections, writeLevels,
                onConflictByTable);
    }

    /** This analysis with {@code more} problems, found by the run's features after its scans ({@link RunCheck#problems}). */
    Analysis withProblems(List<Problem> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(problems == null ? List.of() : problems);
        more.forEach(problem -> all.add(problem.toString()));
        Totals sums = new Totals(totals.tables(), totals.items(), totals.bytes(), totals.orphans(), totals.conflicts(),
                totals.adopted(), totals.problems() + more.size(), totals.uniquenessConflicts(), totals.identical());
        return new Analysis(runId, mode, planDigest, sourceSuffix, targetSuffix, onConflict, createdAt, levels, tables, sums,
                unconfiguredTables, skippedModels, all, estimate, warnings, sections, writeLevels,
                onConflictByTable);
    }

    /** This analysis with a feature's {@code section} under its {@code name} ({@link RunCheck#summarized}); as it is for null. */
    public Analysis withSection(String name, Object section) {
        if (section == null) {
            return this;
        }
        Map<String, Object> all = new java.util.LinkedHashMap<>(sections);
        all.put(name, section);
        return new Analysis(runId, mode, planDigest, sourceSuffix, targetSuffix, onConflict, createdAt, levels, tables, totals,
                unconfiguredTables, skippedModels, problems, estimate, warnings, all, writeLevels,
                onConflictByTable);
    }
}
