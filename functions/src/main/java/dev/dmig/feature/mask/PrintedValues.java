package dev.dmig.feature.mask;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.ScanTally;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePair;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a masked run's analysis keeps of the source values its rules replace, for validation to look for in what the run
 * wrote: their prints ({@link SourcePrints}, keyed: never a value), each segment's in its stored part, each table's summed
 * into its section of the analysis ({@code maskedSources}), which holds them in memory only and says how many it
 * holds; {@link RunPrints.Kept} stores the run's together once the analysis is summed.
 */
final class PrintedValues implements ScanCheck {
    /** A segment's prints; a table's summed, each once. */
    static final ScanTally<Tally, Section> TALLY = new ScanTally<>("maskedSources", Tally.class, Tally::new, Tally::add,
            Section.class, (tally, table) -> tally.empty() ? null : new Section(tally.distinct()));

    private final MigrationPlan plan;
    private final MaskSettings settings;
    private SourcePrints printer;

    private PrintedValues(MigrationPlan plan, MaskSettings settings) {
        this.plan = plan;
        this.settings = settings;
    }

    /** A masked run's. */
    static void addTo(List<ScanCheck> checks, ScanCheck.Parts parts) {
        MaskSettings settings = parts.plan().section(MaskSettings.class);
        if (settings != null) {
            checks.add(new PrintedValues(parts.plan(), settings));
        }
    }

    @Override
    public Page page(SegmentScan scan, TablePair pair) {
        TableMask mask = plan.table(pair.model()).feature(TableMask.class);
        List<MaskRule> rules = mask == null ? List.of() : mask.masking();
        if (rules.isEmpty()) {
            return new Page() {};
        }
        SourcePrints prints = printer();
        Longs page = new Longs();
        return new Page() {
            @Override
            public void accepted(Map<String, AttributeValue> source, Map<String, AttributeValue> target) {
                for (MaskRule rule : rules) {
                    MaskWalk.values(source, rule.path()).forEach(value -> prints.ofSource(rule, value, page::add));
                }
            }

            @Override
            public void done() {
                if (page.size > 0) {
                    scan.tally(TALLY).append(PrintSet.distinct(page.values, page.size));
                    page.size = 0;
                }
            }
        };
    }

    /** The key is read when the first page is printed, as the rewrite reads it. */
    private synchronized SourcePrints printer() {
        if (printer == null) {
            printer = new SourcePrints(settings.key());
        }
        return printer;
    }

    /** A growing array of longs. */
    private static final class Longs {
        long[] values = new long[64];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }

    /**
     * A segment's prints as its part stores them ({@code prints}: 8 bytes each, in Base64), or a table's parts summed (in
     * memory only, each once).
     */
    public static final class Tally {
        public String prints = "";
        private final Longs summed = new Longs();

        void append(long[] more) {
            long[] before = decoded(prints);
            ByteBuffer buffer = ByteBuffer.allocate((before.length + more.length) * Long.BYTES);
            buffer.asLongBuffer().put(before).put(more);
            prints = Base64.getEncoder().encodeToString(buffer.array());
        }

        /** Adds a part's prints to this sum; its own, each once, whenever it fills. */
        void add(Tally part) {
            for (long print : decoded(part.prints)) {
                if (summed.size == summed.values.length) {
                    long[] distinct = PrintSet.distinct(summed.values, summed.size);
                    summed.size = distinct.length;
                    summed.values = Arrays.copyOf(distinct, Math.max(64, distinct.length * 2));
                }
                summed.add(print);
            }
        }

        boolean empty() {
            return summed.size == 0 && prints.isEmpty();
        }

        /** The sum's prints (a part's, for a table of one part read as it is), sorted and each once. */
        long[] distinct() {
            long[] own = decoded(prints);
            long[] all = Arrays.copyOf(summed.values, summed.size + own.length);
            System.arraycopy(own, 0, all, summed.size, own.length);
            return PrintSet.distinct(all, all.length);
        }

        private static long[] decoded(String prints) {
            if (prints == null || prints.isEmpty()) {
                return new long[0];
            }
            LongBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(prints)).asLongBuffer();
            long[] values = new long[buffer.remaining()];
            buffer.get(values);
            return values;
        }
    }

    /**
     * A table's section of the analysis ({@code maskedSources}): how many distinct source values validation looks for in
     * what the run wrote ({@code values}); their prints while the summary that made it holds it, never stored with it.
     */
    public static final class Section {
        public long values;
        @JsonIgnore
        private long[] held;

        public Section() {}

        Section(long[] prints) {
            this.values = prints.length;
            this.held = prints;
        }

        /** The prints, once: null when they were taken or the section was read back. */
        synchronized long[] take() {
            long[] taken = held;
            held = null;
            return taken;
        }
    }
}
