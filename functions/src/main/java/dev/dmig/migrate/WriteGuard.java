package dev.dmig.migrate;

import dev.dmig.plan.MigrationPlan;

/**
 * The one gate every write passes: a table that carries the source suffix, or does not carry the
 * target suffix, is refused, whatever the plan or journal says.
 */
public final class WriteGuard {
    private final String sourceSuffix;
    private final String targetSuffix;

    public WriteGuard(String sourceSuffix, String targetSuffix) {
        if (sourceSuffix == null || targetSuffix == null || sourceSuffix.isEmpty() || targetSuffix.isEmpty()) {
            throw new IllegalArgumentException("both suffixes are needed to guard writes");
        }
        this.sourceSuffix = sourceSuffix;
        this.targetSuffix = targetSuffix;
    }

    public static WriteGuard of(MigrationPlan plan) {
        return new WriteGuard(plan.sourceSuffix(), plan.targetSuffix());
    }

    public void check(String table) {
        if (table.endsWith(sourceSuffix)) {
            throw new SourceWriteRefusedException("refusing to write to table " + table
                    + ": it carries the source suffix " + sourceSuffix + " (dmig never writes to a source table)");
        }
        if (!table.endsWith(targetSuffix)) {
            throw new SourceWriteRefusedException("refusing to write to table " + table
                    + ": it does not carry the target suffix " + targetSuffix);
        }
    }
}
