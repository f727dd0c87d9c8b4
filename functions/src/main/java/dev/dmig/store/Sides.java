package dev.dmig.store;

/**
 * The two sides of a migration as the stores see them: each side's table suffix and account. A table's
 * side is told by its suffix (a plan's two suffixes never end with one another).
 */
public record Sides(String sourceSuffix, Account source, String targetSuffix, Account target) {
    /** Both sides in the process's own account: one store reaches both. */
    public boolean oneAccount() {
        return source.equals(target) && source.own();
    }

    public boolean isSource(String table) {
        return table.endsWith(sourceSuffix);
    }

    public boolean isTarget(String table) {
        return table.endsWith(targetSuffix);
    }
}
