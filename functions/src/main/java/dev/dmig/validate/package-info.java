/**
 * The Validate step: every source item transformed again must equal the target's item at its mapped key, its
 * references resolve, its objects equal their sources' (what each feature checks of the copies, a CopyCheck listed in
 * CopyChecks), and what each feature checks of the run as a whole (a VerdictCheck listed in VerdictChecks); the
 * source's values the target must not hold, the source IDs the analysis kept and what features know to be the source's
 * (SourceNames: the source's users), each with the counterpart a changed value must name, looked up in the tokens a
 * string is cut into (SourceValueTokens, which a feature that looks for values of its own cuts strings by too); what
 * values name beside the tables that a feature looks up (NamedBeside: objects of the Storage buckets); validation.json.
 *
 * <p>Floor 8: imports the root package, analysis, files, identity, journal, migrate, plan, run and store. (ArchitectureTest
 * checks it: docs/development.md, "Packages").
 */
@Face({CopyCheck.class, NamedBeside.class, SourceNames.class, SourceValueFinding.class, SourceValueTokens.class,
    TableValidation.class, ValidationReport.class, VerdictCheck.class})
package dev.dmig.validate;

import dev.dmig.Face;
