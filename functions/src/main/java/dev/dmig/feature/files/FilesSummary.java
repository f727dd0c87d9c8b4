package dev.dmig.feature.files;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.RunSection;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.migrate.FileSources;
import dev.dmig.migrate.PageCargo;
import dev.dmig.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A run's Storage files: the two buckets, whether the target keeps versions (then a rollback deletes the versions the
 * run wrote; otherwise an object it overwrites is saved first under the run's artifacts), what {@code files.onMissing}
 * says, the totals of the tables' file references, whether objects are streamed through dmig (the source is reached
 * with another role or endpoint than the target) rather than copied server-side, and a rough estimate: S3 requests of
 * the whole run (analysis, copies, validation), the copies' duration and cost, and what the copies add to the target's
 * monthly storage bill, at the list prices the analysis's estimate uses; and what the run writes by kind where a feature
 * makes it other than the objects ({@link Kinds}: masking's placeholders and removed files). The feature's section
 * {@code files} of the analysis ({@link #SECTION}), which the summary, the dashboard and the report say under {@code files}.
 */
public record FilesSummary(String sourceBucket, String targetBucket, boolean targetVersioned, String onMissing, long objects,
                           long bytes, long missing, long present, long conflicts, boolean streamed, long requests,
                           double seconds, double costUsd, double storageUsdPerMonth, Kinds kinds) {
    /** Objects one segment task copies per second: 16 in flight, ~150 ms for a small object's CopyObject. */
    static final int OBJECTS_PER_SECOND_PER_TASK = 100;
    /** Bytes per second one segment task copies server-side, and streams through a function of 1 GB. */
    static final double COPY_BYTES_PER_SECOND_PER_TASK = 200e6;
    static final double STREAM_BYTES_PER_SECOND_PER_TASK = 80e6;
    static final double USD_PER_THOUSAND_WRITES = 0.005;
    static final double USD_PER_THOUSAND_READS = 0.0004;
    static final double USD_PER_GB_MONTH = 0.023;

    /** The run's Storage files in its analysis, said after {@code files:} and under the report's "Storage files". */
    static final RunSection<FilesSummary> SECTION = new RunSection<>("files", FilesSummary.class, "files", "Storage files",
            FilesSummary::lines, FilesSummary::stopping);

    public FilesSummary {
        // An analysis stored before the kinds were counted has none: the objects themselves, all of them.
        kinds = kinds == null ? Kinds.NONE : kinds;
    }

    /**
     * What the run writes of the files by kind, where a feature makes it other than the objects the values name
     * ({@link FileSources}): of the {@code objects}, the {@code standIns} it writes in their stead, said as
     * {@code standIn} ({@code placeholder}, several with an {@code s}), {@code standInsThere} of them already at their keys; and the values whose
     * object it leaves out ({@code leftOut}, not among the objects), said as {@code leftOutBy} ({@code removed by the mask}).
     */
    public record Kinds(long standIns, long standInsThere, String standIn, long leftOut, String leftOutBy) {
        /** The objects themselves, every one. */
        static final Kinds NONE = new Kinds(0, 0, null, 0, null);

        /** Whether the run writes anything other than the objects. */
        boolean any() {
            return standIns > 0 || leftOut > 0;
        }

        /** {@code 12 copied, 15 placeholders in their stead, 3 left out (removed by the mask)}: of {@code written} objects. */
        String split(long written, long standInsWritten) {
            return count(written - standInsWritten) + " copied"
                    + (standIns > 0 ? ", " + count(standInsWritten) + " " + standIn
                            + (standInsWritten == 1 ? " in its stead" : "s in their stead") : "")
                    + (leftOut > 0 ? ", " + count(leftOut) + " left out (" + leftOutBy + ")" : "");
        }

        /** Of {@code written} objects a full run wrote, the stand-ins: those the analysis found, less those already there. */
        long standInsWritten(long written) {
            return Math.max(0, Math.min(written, standIns - standInsThere));
        }
    }

    /** The run's files: {@code tables}' file references summed, with the plan's buckets. */
    static FilesSummary of(MigrationPlan plan, Collection<TableAnalysis> tables, boolean targetVersioned, boolean streamed) {
        long objects = 0;
        long bytes = 0;
        long missing = 0;
        long present = 0;
        long conflicts = 0;
        long tasks = 0;
        for (TableAnalysis table : tables) {
            List<FileAnalysis> files = FileTallies.OfTable.of(table);
            for (FileAnalysis file : files) {
                objects += file.objects();
                bytes += file.bytes();
                missing += file.missing();
                present += file.present();
                conflicts += file.conflicts();
            }
            tasks += files.isEmpty() ? 0 : table.segments();
        }
        Kinds kinds = kinds(plan, tables);
        long copies = objects - present;
        // HeadObject of both sides at analysis, when a page copies (a versioned target: ListObjectVersions, priced as a
        // LIST, instead of its HEAD) and at validation; a copy each (a GET and a PUT when streamed).
        long lists = targetVersioned ? objects : 0;
        long reads = 6 * objects - lists + (streamed ? copies : 0);
        double seconds = tasks == 0 ? 0 : copies / (double) (OBJECTS_PER_SECOND_PER_TASK * tasks)
                + bytes / ((streamed ? STREAM_BYTES_PER_SECOND_PER_TASK : COPY_BYTES_PER_SECOND_PER_TASK) * tasks);
        double cost = (copies + lists) / 1e3 * USD_PER_THOUSAND_WRITES + reads / 1e3 * USD_PER_THOUSAND_READS;
        return new FilesSummary(plan.storage().sourceBucket(), plan.storage().targetBucket(), targetVersioned,
                plan.storage().onMissing().planName(), objects, bytes, missing, present, conflicts, streamed, reads + lists + copies,
                Math.round(seconds * 10) / 10.0, Math.round(cost * 10_000) / 10_000.0,
                Math.round(bytes / (double) (1L << 30) * USD_PER_GB_MONTH * 100) / 100.0, kinds);
    }

    /** What {@code tables}' file references write by kind, as the plan's features say of each ({@link FileSources}). */
    private static Kinds kinds(MigrationPlan plan, Collection<TableAnalysis> tables) {
        FileSources sources = FileSources.of(plan);
        long standIns = 0;
        long standInsThere = 0;
        String standIn = null;
        long leftOut = 0;
        String leftOutBy = null;
        for (TableAnalysis table : tables) {
            for (FileAnalysis file : FileTallies.OfTable.of(table)) {
                String are = sources.standIns(table.model(), file.path());
                if (are != null) {
                    standIns += file.objects();
                    standInsThere += file.present();
                    standIn = standIn == null ? are : standIn;
                }
                String by = sources.leftOutBy(table.model(), file.path());
                if (by != null) {
                    leftOut += file.leftOut();
                    leftOutBy = leftOutBy == null ? by : leftOutBy;
                }
            }
        }
        return new Kinds(standIns, standInsThere, standIn, leftOut, leftOutBy);
    }

    /**
     * What the section says: before a full run copied, {@link #describe} and the objects with other content at their new
     * keys (a line each, as examples); once it copied, what it did ({@link #copied}).
     */
    private List<String> lines(RunSection.Said said) {
        if (said.copied()) {
            return List.of(copied(said.carried().getOrDefault(PageCargo.OBJECTS, 0L)));
        }
        List<String> lines = new ArrayList<>(List.of(describe()));
        said.analysis().tables().forEach(table -> FileTallies.OfTable.of(table).forEach(file -> file.conflictExamples()
                .forEach(c -> lines.add("table " + table.model() + ", item " + c.item() + ", attribute " + file.path() + ": object "
                        + c.value() + " already holds other content in bucket " + targetBucket))));
        return lines;
    }

    /** Of the tables whose {@code onConflict} is abort: the objects at their files' mapped keys that hold other content. */
    static long stopping(FilesSummary files, Analysis analysis) {
        return analysis.abortingTables().stream().flatMap(t -> FileTallies.OfTable.of(t).stream())
                .mapToLong(FileAnalysis::conflicts).sum();
    }

    /**
     * What a full run did with the files its items name, {@code copied} objects of them: {@code 36 files copied from bucket
     * a-dev to a-prod, 1 already there}; where a feature writes others in their stead or leaves some out, by kind, the
     * stand-ins among the objects written as the analysis found them: {@code 27 files written from bucket a-dev to
     * a-preview: 12 copied, 15 placeholders in their stead, 3 left out (removed by the mask)}.
     */
    String copied(long copied) {
        String written = !kinds.any() ? count(copied) + (copied == 1 ? " file" : " files") + " copied from bucket " + sourceBucket
                + " to " + targetBucket
                : count(copied) + (copied == 1 ? " file" : " files") + " written from bucket " + sourceBucket + " to " + targetBucket
                + ": " + kinds.split(copied, kinds.standInsWritten(copied));
        return written + (present > 0 ? ", " + count(present) + " already there" : "")
                + (conflicts > 0 ? ", " + count(conflicts) + " with other content at their keys" : "")
                + (missing > 0 ? ", " + count(missing) + " missing in the source (onMissing: " + onMissing + ")" : "");
    }

    /**
     * One line for people: {@code 36 objects (1.2 MB; 48.3 KB below 0.1 MB, 30 B below 1 KB) from bucket a-dev to a-prod, copied server-side, 2 missing
     * (onMissing: keep), 1 already there; about 1 s and $0.0003 on AWS, $0.01 a month of storage}; by kind where a feature
     * makes it other than the objects ({@code ...; 12 copied, 15 placeholders in their stead, 3 left out (removed by the
     * mask); about ...}).
     */
    public String describe() {
        return count(objects) + (objects == 1 ? " object (" : " objects (") + megabytes(bytes) + ") from bucket " + sourceBucket + " to "
                + targetBucket + (streamed ? ", streamed through dmig" : ", copied server-side") + (targetVersioned ? " (versioned)" : "")
                + ", " + count(missing) + " missing (onMissing: " + onMissing + "), " + count(present) + " already there"
                + (conflicts == 0 ? "" : ", " + count(conflicts) + " with other content at their keys")
                + (kinds.any() ? "; " + kinds.split(objects, kinds.standIns()) : "")
                + "; about " + (seconds < 1 ? "1" : String.format(java.util.Locale.ROOT, "%,.0f", Math.ceil(seconds))) + " s and $"
                + String.format(java.util.Locale.ROOT, "%.4f", costUsd) + " on AWS, $"
                + String.format(java.util.Locale.ROOT, "%.2f", storageUsdPerMonth) + " a month of storage";
    }

    private static String megabytes(long bytes) {
        // Small files are said in KB: a few dozen avatars would be "0.0 MB"; a few bytes in bytes, not "0.0 KB".
        if (bytes < 1_000) {
            return count(bytes) + " B";
        }
        return bytes < 100_000 ? String.format(java.util.Locale.ROOT, "%,.1f KB", bytes / 1e3)
                : String.format(java.util.Locale.ROOT, "%,.1f MB", bytes / 1e6);
    }

    private static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
