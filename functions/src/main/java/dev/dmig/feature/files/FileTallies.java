package dev.dmig.feature.files;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.ScanTally;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.analysis.TableAnalysis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scans count of a segment's file references, by path: the feature's {@link ScanTally}, stored in the segment's
 * part as a map of path to counts under {@code files}, the name and form the part kept them in as a field of its own
 * before, so that a part begun then is read as this tally ({@link SegmentScan}); summed into a table's section
 * {@code files}, the list of its file references' analyses that a table's analysis held as a field of its own before.
 */
public final class FileTallies {
    /** A table's file references, summed into its analysis's {@link FileAnalysis}es, one per path of its plan. */
    static final ScanTally<FileTallies, OfTable> TALLY = new ScanTally<>("files", FileTallies.class, FileTallies::new,
            FileTallies::add, OfTable.class, FileTallies::ofTable);

    /**
     * The section of a table's analysis: one analysis per file reference of its plan, in the plan's order; stored as the
     * list alone. None for a table without file references.
     */
    record OfTable(@JsonValue List<FileAnalysis> files) {
        @JsonCreator
        OfTable {
            files = files == null ? List.of() : List.copyOf(files);
        }

        /** {@code table}'s file references as its analysis found them; none when it has none. */
        static List<FileAnalysis> of(TableAnalysis table) {
            OfTable section = table.section(TALLY.name(), OfTable.class);
            return section == null ? List.of() : section.files();
        }
    }

    private final Map<String, FileTally> paths;

    FileTallies() {
        this(new LinkedHashMap<>());
    }

    @JsonCreator
    FileTallies(Map<String, FileTally> paths) {
        this.paths = new LinkedHashMap<>(paths);
    }

    @JsonValue
    Map<String, FileTally> paths() {
        return paths;
    }

    /** The counts of the file reference at {@code path}, held from now on. */
    public FileTally of(String path) {
        return paths.computeIfAbsent(path, p -> new FileTally());
    }

    void add(FileTallies other) {
        other.paths.forEach((path, tally) -> of(path).add(tally));
    }

    private static OfTable ofTable(FileTallies tallies, ScanTally.Table table) {
        if (table.plan().files().isEmpty()) {
            return null;
        }
        List<FileAnalysis> files = new ArrayList<>();
        table.plan().files().keySet().forEach(path -> {
            FileTally tally = tallies.paths.getOrDefault(path.text(), new FileTally());
            files.add(new FileAnalysis(path.text(), tally.objects, tally.bytes, tally.missing, tally.missingExamples, tally.present,
                    tally.conflicts, tally.conflictExamples, tally.leftOut));
        });
        return new OfTable(files);
    }

    /** Counts for one file reference ({@code leftOut}: values a feature copies no object for, as {@link FileAnalysis} says). */
    public static final class FileTally {
        public long objects;
        public long bytes;
        public long missing;
        public List<OrphanExample> missingExamples = new ArrayList<>();
        public long present;
        public long conflicts;
        public List<OrphanExample> conflictExamples = new ArrayList<>();
        public long leftOut;

        void add(FileTally other) {
            objects += other.objects;
            bytes += other.bytes;
            missing += other.missing;
            present += other.present;
            conflicts += other.conflicts;
            leftOut += other.leftOut;
            other.missingExamples.stream().limit(SegmentScan.EXAMPLES - missingExamples.size()).forEach(missingExamples::add);
            other.conflictExamples.stream().limit(SegmentScan.EXAMPLES - conflictExamples.size()).forEach(conflictExamples::add);
        }
    }
}
