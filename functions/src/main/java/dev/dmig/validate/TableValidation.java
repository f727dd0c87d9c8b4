package dev.dmig.validate;

import dev.dmig.migrate.PageFindings;
import dev.dmig.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validation of one model: counts (items written = read − skipped), content (transformed source
 * against target, by digest, with example differences), references (each resolves in the target;
 * source orphans apart) and the source left unchanged. {@code byDigest}: the content was proven equal
 * by the digests of whole tables, with no lookup per item (then {@code matched} counts them all, and
 * the reference figures are the analysis's, of the same unchanged source). {@code sourceReadByMigration}: the source was
 * not read again; {@code sourceDigestAfter} is the digest of every item the migration read, and {@code expectedDigest}
 * the analysis's digest of what they map to. {@code objectsChecked}: objects of file references compared with the source's
 * in the target's Storage bucket, {@code objectsWrong} of them missing or different there; {@code objectsSkipped}: none to
 * compare (missing in the source, kept by {@code files.onMissing}) or left with other content by {@code onConflict: skip}.
 * {@code sourceValues}: the attributes of the items the run wrote, and the object keys it copied to, that still hold
 * values naming the source's users or records; one that nothing in the plan keeps fails the table. {@code resolutions}:
 * the attributes whose copies no longer name what their source items named (a record of a table, a user) or, not mapped
 * by the plan, differ from the source's ({@link ResolutionFinding}); one that nothing in the plan keeps fails the table.
 * {@code valuesResolved}: the values of the copies that named a record or a user in the source and name its counterpart
 * in the target, {@code valuesUndecided} of them IDs in several tables, which name the copy in one.
 * {@code leftByProduction}: of the {@code skipped} target items, the run's records production changed since the run wrote
 * them, left as production has them and not compared (a followed change or a copy's page found production's edit there).
 * {@code failedValues}: values of the copies a feature's check found wrong, by path and what ({@link CopyCheck.Findings#failed}):
 * any fails the table. {@code objectsStandIn}: of the objects found equal, those equal to what a feature writes in the
 * stead of the source's (masking's placeholders), by what each is ({@code placeholder}); none in a report stored before.
 */
public record TableValidation(String model, boolean passed, long sourceItems, long itemsRead, long itemsWritten,
                              long itemsSkipped, boolean countsConsistent, long matched, long missing, long mismatched,
                              long skipped, String expectedDigest, String targetDigest, boolean contentEqual,
                              long referencesChecked, long brokenReferences, long sourceOrphans, long uncheckedReferences,
                              String sourceDigestBefore, String sourceDigestAfter, boolean sourceUnchanged,
                              List<String> examples, boolean byDigest, boolean sourceReadByMigration, long objectsChecked,
                              long objectsWrong, long objectsSkipped, List<SourceValueFinding> sourceValues,
                              List<ResolutionFinding> resolutions, long valuesResolved, long valuesUndecided,
                              long leftByProduction, List<PageFindings.Found> failedValues, Map<String, Long> objectsStandIn) {

    public TableValidation {
        objectsStandIn = objectsStandIn == null ? Map.of() : Map.copyOf(objectsStandIn);
        // A report stored by a version that did not look for them has none.
        sourceValues = sourceValues == null ? List.of() : List.copyOf(sourceValues);
        resolutions = resolutions == null ? List.of() : List.copyOf(resolutions);
        failedValues = failedValues == null ? List.of() : List.copyOf(failedValues);
    }

    /** Whether the target holds exactly the transformed source, whatever else was found in it. */
    public boolean copyExact() {
        return countsConsistent && contentEqual && brokenReferences == 0 && sourceUnchanged && objectsWrong == 0;
    }

    /** Why this table failed, in one line naming it: each of its checks that failed, with its counts. */
    String failure() {
        List<String> why = new ArrayList<>();
        if (!countsConsistent()) {
            why.add("counts disagree (source " + sourceItems() + ", read " + itemsRead() + ", written " + itemsWritten()
                    + ", skipped " + itemsSkipped() + ")");
        }
        if (missing() > 0) {
            why.add(missing() + (missing() == 1 ? " target item missing" : " target items missing"));
        }
        if (mismatched() > 0) {
            why.add(mismatched() + (mismatched() == 1 ? " target item differs" : " target items differ") + " from the transformed source");
        }
        if (missing() == 0 && mismatched() == 0 && !contentEqual()) {
            why.add("content digests differ");
        }
        if (brokenReferences() > 0) {
            why.add(brokenReferences() + " references do not resolve in the target");
        }
        if (!sourceUnchanged()) {
            why.add("the source table changed during the run");
        }
        if (objectsWrong() > 0) {
            why.add(objectsWrong() + " objects missing or different in the target's Storage bucket");
        }
        return "table " + model + ": " + String.join("; ", why);
    }


    /**
     * The source table since the analysis read it, in words: {@code same} or {@code changed}; {@code followed} when it was not
     * compared with that read, as for a run that followed the source's changes (it is checked as it is at the cut-over).
     */
    public String sourceState() {
        return sourceDigestBefore == null ? FOLLOWED : sourceUnchanged ? "same" : "changed";
    }

    /** {@link #sourceState} of a source not compared with the analysis's read. */
    public static final String FOLLOWED = "followed";

    /** The source tables of a validation in words: {@code unchanged}, {@code changed during the run}, or followed. */
    public static String sourcesState(List<TableValidation> tables) {
        if (!tables.isEmpty() && tables.stream().allMatch(t -> t.sourceState().equals(FOLLOWED))) {
            return "followed to the cut-over and checked as they were then";
        }
        return tables.stream().allMatch(TableValidation::sourceUnchanged) ? "unchanged" : "changed during the run";
    }

    /** This check with the source's values found in what the run wrote: it fails while one of them is kept by nothing. */
    TableValidation with(List<SourceValueFinding> found) {
        boolean clean = found.stream().allMatch(finding -> finding.keptBy() != null);
        return new TableValidation(model, passed && clean, sourceItems, itemsRead, itemsWritten, itemsSkipped, countsConsistent,
                matched, missing, mismatched, skipped, expectedDigest, targetDigest, contentEqual, referencesChecked,
                brokenReferences, sourceOrphans, uncheckedReferences, sourceDigestBefore, sourceDigestAfter, sourceUnchanged,
                examples, byDigest, sourceReadByMigration, objectsChecked, objectsWrong, objectsSkipped, found, resolutions,
                valuesResolved, valuesUndecided, leftByProduction, failedValues, objectsStandIn);
    }

    /**
     * This check with what the copies showed beside their source items ({@link Resolutions}; null: not looked at): it
     * fails while a finding is kept by nothing.
     */
    TableValidation with(MigrationPlan plan, List<PageFindings.Found> found) {
        List<ResolutionFinding> findings = ResolutionFinding.of(plan, model, found);
        boolean clean = findings.stream().allMatch(finding -> finding.keptBy() != null);
        return new TableValidation(model, passed && clean, sourceItems, itemsRead, itemsWritten, itemsSkipped, countsConsistent,
                matched, missing, mismatched, skipped, expectedDigest, targetDigest, contentEqual, referencesChecked,
                brokenReferences, sourceOrphans, uncheckedReferences, sourceDigestBefore, sourceDigestAfter, sourceUnchanged,
                examples, byDigest, sourceReadByMigration, objectsChecked, objectsWrong, objectsSkipped, sourceValues, findings,
                ResolutionFinding.counted(found, Resolutions.RESOLVED), ResolutionFinding.counted(found, Resolutions.UNDECIDED),
                leftByProduction, failedValues, objectsStandIn);
    }

    /** This check with the values the features' checks found wrong ({@link CopyCheck.Findings#failed}): it fails with any. */
    TableValidation withFailed(List<PageFindings.Found> found) {
        return new TableValidation(model, passed && found.isEmpty(), sourceItems, itemsRead, itemsWritten, itemsSkipped,
                countsConsistent, matched, missing, mismatched, skipped, expectedDigest, targetDigest, contentEqual,
                referencesChecked, brokenReferences, sourceOrphans, uncheckedReferences, sourceDigestBefore, sourceDigestAfter,
                sourceUnchanged, examples, byDigest, sourceReadByMigration, objectsChecked, objectsWrong, objectsSkipped,
                sourceValues, resolutions, valuesResolved, valuesUndecided, leftByProduction, found, objectsStandIn);
    }

    /** One line per kind of value found wrong: {@code table User, attribute email: 2 values equal to the source's, … (first: item id=u1)}. */
    List<String> failedValuesSaid() {
        return failedValues.stream().map(found -> "table " + model + ", attribute " + found.path() + ": "
                + String.format(java.util.Locale.ROOT, "%,d", found.count()) + (found.count() == 1 ? " value " : " values ")
                + found.kind() + " (first: item " + found.example() + ")").toList();
    }
}
