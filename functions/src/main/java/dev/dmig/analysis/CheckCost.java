package dev.dmig.analysis;

/**
 * What validating a table costs beyond reading its items, as a feature weighs what it checks of what they carry, in
 * items (an item being a share of a page's reads): the Storage objects they name, each looked at in both buckets. From
 * the table's analysis, its feature's section among its sections; validation checks the costliest tables first.
 */
@FunctionalInterface
public interface CheckCost {
    long of(TableAnalysis table);
}
