package dev.dmig.migrate;

import dev.dmig.Features;
import dev.dmig.Reaches;
import dev.dmig.files.ObjectHead;
import dev.dmig.journal.Journal;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.ArtifactStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What travels with a page of items beside them: the Storage objects its items name, today. Every way dmig writes a
 * record goes through it, so that none is written without what it names, in any mode: the copy ({@link SegmentMigrator},
 * a page of a segment), a test run ({@link TestRecords}, its picks of a table), following (a batch of changes), each
 * planning the page's cargo before the page's journal entry is written (its records go into the entry), writing it
 * before the page's items, and a test run checking it after; validation asks it to compare what the copied records
 * carry with the target ({@link #compare}). A table's cargo is made once per table and call by the process's
 * {@link Source}; {@link #NONE} for a table that carries nothing.
 */
public interface PageCargo {
    /**
     * The name the Storage objects a table's pages copied are counted under among the cargo's counts
     * ({@link CheckpointTotals#cargo}), as a checkpoint keeps them ({@code objectsCopied}) and the report reads them.
     */
    String OBJECTS = "objects";

    /** What one page carries: its records, to journal, the sources' heads, to copy from, and the keys an earlier attempt journaled. */
    record Planned(List<ObjectRecord> records, Map<String, ObjectHead> sources, Set<String> recovered) {
        public static final Planned NONE = new Planned(List.of(), Map.of(), Set.of());
    }

    /**
     * What validation found of what a page of copied records carries: how many were found right or wrong at their
     * target, how many left alone on purpose (nothing to compare, or left with other content under {@code onConflict:
     * skip}), and one line for each wrong one, naming the table, what is wrong and where; {@code standIns}: of those found
     * right, the ones that equal what a feature writes in the stead of the objects, by what they are
     * ({@link FileSources#standIns}: {@code placeholder}).
     */
    record Compared(long checked, long wrong, long skipped, List<String> examples, Map<String, Long> standIns) {
        public static final Compared NONE = new Compared(0, 0, 0, List.of());

        public Compared {
            standIns = standIns == null ? Map.of() : Map.copyOf(standIns);
        }

        /** What was found, every object right its source's own. */
        public Compared(long checked, long wrong, long skipped, List<String> examples) {
            this(checked, wrong, skipped, examples, Map.of());
        }
    }

    /** A table that carries nothing with its pages. */
    PageCargo NONE = new PageCargo() {
        @Override
        public Planned plan(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> written,
                            Map<String, ObjectRecord> recovered, String runId, int segment, long seq) {
            return Planned.NONE;
        }

        @Override
        public Map<String, ObjectRecord.Written> written(Planned planned, String runId, String model, int segment, long seq) {
            return Map.of();
        }

        @Override
        public List<String> missing(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> sources) {
            return List.of();
        }

        @Override
        public Compared compare(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> sources) {
            return Compared.NONE;
        }

        @Override
        public PageCargo live(Function<String, ObjectRecord.Written> own) {
            return this;
        }
    };

    /**
     * The records of what the page's written source items ({@code written}) carry, each an earlier attempt's when it
     * journaled one ({@code recovered}); run, table, segment and page say where saved copies go.
     */
    Planned plan(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> written,
                 Map<String, ObjectRecord> recovered, String runId, int segment, long seq);

    /** Writes what {@link #plan} journaled, before the page's items; what the page's writes made, by key. */
    Map<String, ObjectRecord.Written> written(Planned planned, String runId, String model, int segment, long seq);

    /** How many objects the page wrote itself ({@link #written}). */
    default long write(Planned planned, String runId, String model, int segment, long seq) {
        return written(planned, runId, model, segment, seq).size();
    }

    /**
     * What the target lacks of what {@code sources} (source items a run wrote) carry, one line each, naming the table, the
     * object and the bucket: an object missing or unlike its source's.
     */
    List<String> missing(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> sources);

    /**
     * Validation's comparison of what {@code sources} (source records the run copied) carry with what the target holds:
     * reads only, both sides.
     */
    Compared compare(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> sources);

    /** This cargo for the changes of a followed source ({@code own}: the run's own object at a key, as journaled). */
    PageCargo live(Function<String, ObjectRecord.Written> own);

    /** A feature's cargo: its {@link Source}, reached through what the process reaches beside the tables (the buckets of plans' files). */
    @FunctionalInterface
    interface Feature {
        Source through(Reaches reaches);
    }

    /** How a process reaches what each table's pages carry. */
    @FunctionalInterface
    interface Source {
        /** A process that carries nothing with any page (a plan whose tables name no files). */
        Source NONE = new Source() {
            @Override
            public PageCargo of(MigrationPlan plan, String model, ArtifactStore artifacts, Journal journal, ExecutorService writePool) {
                return PageCargo.NONE;
            }

            @Override
            public boolean carries(MigrationPlan plan, String model) {
                return false;
            }
        };

        /**
         * The process's source: every feature's ({@code dev.dmig.Feature}, through {@code reaches}), a table's cargo made
         * by the first that carries it; {@link PageCargo#NONE} for a table none carries.
         */
        static Source through(Reaches reaches) {
            List<Source> sources = Features.at(Feature.class).stream().map(feature -> feature.through(reaches)).toList();
            return new Source() {
                @Override
                public PageCargo of(MigrationPlan plan, String model, ArtifactStore artifacts, Journal journal, ExecutorService writePool) {
                    return sources.stream().filter(source -> source.carries(plan, model)).findFirst()
                            .map(source -> source.of(plan, model, artifacts, journal, writePool)).orElse(PageCargo.NONE);
                }

                @Override
                public boolean carries(MigrationPlan plan, String model) {
                    return sources.stream().anyMatch(source -> source.carries(plan, model));
                }
            };
        }

        /** The cargo of {@code model}'s pages in a run of {@code plan}; {@link PageCargo#NONE} when it carries nothing. */
        PageCargo of(MigrationPlan plan, String model, ArtifactStore artifacts, Journal journal, ExecutorService writePool);

        /**
         * Whether {@code model}'s pages carry anything in a run of {@code plan}, asked before any cargo is made: validation
         * then reads the table's source again, to compare what its records carry. One that does not say is taken to.
         */
        default boolean carries(MigrationPlan plan, String model) {
            return true;
        }
    }
}
