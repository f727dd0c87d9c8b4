package dev.dmig.migrate;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;

/**
 * What a table's rewrites are made of: its plan, the whole plan, the records' target IDs (the ID function, or the target
 * record a {@code match} paired a record with), the run's fixed mappings, and the
 * mapper of values by patterns, which several features share.
 */
public record RewriteParts(TablePlan table, MigrationPlan plan, TargetIds ids, RunMappings run, PatternValues patterns) {}
