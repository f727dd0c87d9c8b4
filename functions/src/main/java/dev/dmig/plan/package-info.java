/**
 * The migration plan: PlanParser reads the file into a MigrationPlan of TablePlans (IDs, references, patterns,
 * identity references, files, edits, the features' fields), every problem a one-line Problem, one reader per section
 * of the plan (SidesSection, RunSection, TablesSection, over JsonSyntax's shared
 * checks), the sections listed in PlanSections and the tables' fields in TableFields, the features' among them
 * (dev.dmig.Feature), their values found by type (MigrationPlan.section, TablePlan.feature; the Storage files feature's,
 * the sides' buckets and a table's file references, are the plan's Storage and TableFiles; the identity feature's map
 * sources, the sides' user pools and the map's file, the plan's Identities and UserPoolRef), a field that pairs a table's
 * records with the target's saying so (PairsWithTarget, TablePlan.pairedBy);
 * PlanCheck holds it against the live tables, asking the features what their part of it does to a key attribute
 * (PlanCheck.Feature).
 *
 * <p>Floor 2: imports the root package, json and store. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face
package dev.dmig.plan;

import dev.dmig.Face;
