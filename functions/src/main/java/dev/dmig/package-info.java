/**
 * The functions module's ground floor: what every package may use. The features' list and their parts by seam
 * (Feature, Features), the settings and tasks (Settings, Tasks), the refusal every step may throw (RefusedException),
 * what messages may show of a personal value (PersonalValues), what says an attribute is personal (PersonalAttributes:
 * masking's strict mode and infer's proposals share it), what a process reaches beside its tables (Reaches), and
 * names said in one line (Named); and the mark of what other modules may name of a package, its face (Face).
 *
 * <p>Floor 0: imports nothing of dmig. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face
package dev.dmig;
