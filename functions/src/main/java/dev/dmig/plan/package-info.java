/**
 * The migration plan: PlanParser reads the file into a MigrationPlan of TablePlans (IDs, references, patterns,
 * identity references, files, edits, DataStore), every problem a one-line Problem, one reader per section of the plan
 * (SidesSection, RunSection, TablesSection, DataStoreSection, IdentitiesSection, FilesSection, over JsonSyntax's shared
 * checks), the features' sections listed in PlanSections and their values found by type (MigrationPlan.section);
 * PlanCheck holds it against the live tables.
 *
 * <p>Floor 2: imports the root package, json and store. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.plan;
