package dev.dmig.analysis;

import dev.dmig.plan.TablePlan;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What a {@link ScanCheck} counts of each segment, declared by its feature: the tally's {@code name} (its key in the
 * segment's stored part), its {@code type}, an {@code empty} one, how a part's tally is {@code add}ed to a sum of parts,
 * and the feature's {@code section} of its table's analysis (of type {@code sectionType}) made of the table's sum.
 * {@link SegmentScan} holds and sums every feature's tally, and {@link PartSums} makes their sections, without naming them.
 */
public record ScanTally<T, S>(String name, Class<T> type, Supplier<T> empty, BiConsumer<T, T> add, Class<S> sectionType,
                       BiFunction<T, Table, S> section) {

    /** What a section is made of beside the tally: the table's plan, and its target's time to live (null without). */
    public record Table(TablePlan plan, TimeToLiveAnalysis timeToLive) {}

    /** Adds {@code part}'s tally, when it has one, to {@code sum}'s. */
    void add(SegmentScan sum, SegmentScan part) {
        if (part.counted(this)) {
            add.accept(sum.tally(this), part.tally(this));
        }
    }

    /** This feature's section of a table's analysis, from the table's summed parts ({@code counts}); null: none. */
    S section(SegmentScan counts, Table table) {
        return section.apply(counts.tally(this), table);
    }
}
