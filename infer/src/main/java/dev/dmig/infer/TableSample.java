package dev.dmig.infer;

import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The items of one table as a plain Scan returns them, read as {@link Reading} says (the first ones, the whole table, or
 * rounds until one shows nothing new), reduced to values by path and the partition-key values seen (a key of numbers as
 * their text). {@code complete} means the scan reached the end, so {@code ids} is the table's whole ID set;
 * {@code rounds}, how many rounds of reading it took (1 for a table read whole or as a sample).
 */
record TableSample(String model, TableInfo table, int items, boolean complete, int pages, Map<String, PathValues> paths,
                   Set<String> unspellable, Set<String> ids, int rounds) {

    /**
     * How much of each table is read.
     *
     * @param sample     items of the first round (or of the only one, when {@code wholeUnder} is 0)
     * @param wholeUnder a table DescribeTable estimates smaller than this is read whole (up to this many items); a larger
     *                   one in rounds, the first of {@code sample} items and each twice the one before, until a round adds no
     *                   new path and no new shape of any path's values, or this many items were read. 0: the first
     *                   {@code sample} items only
     */
    record Reading(int sample, long wholeUnder) {
        /** The first {@code sample} items of each table, no more. */
        static Reading sample(int sample) {
            return new Reading(sample, 0);
        }

        boolean whole(TableInfo table) {
            return wholeUnder > 0 && table.approximateItemCount() < wholeUnder;
        }
    }

    static TableSample take(TableReader reader, String model, TableInfo table, Reading reading, int maxValuesPerPath) {
        Scan scan = new Scan(reader, table, new ValuePaths(maxValuesPerPath));
        long cap = Math.max(reading.sample(), reading.wholeUnder());
        long round = reading.whole(table) ? cap : reading.sample();
        int rounds = 0;
        while (true) {
            int shapes = scan.values.shapes();
            scan.until((int) Math.min(cap, scan.read + round));
            rounds++;
            boolean nothingNew = rounds > 1 && scan.values.shapes() == shapes;
            if (scan.complete || reading.wholeUnder() == 0 || scan.read >= cap || nothingNew) {
                break;
            }
            round *= 2;
        }
        return new TableSample(model, table, scan.read, scan.complete, scan.pages, scan.values.paths(), scan.values.unspellable(),
                scan.ids, rounds);
    }

    /** One table's scan as it goes: what was read so far, and where it stopped. */
    private static final class Scan {
        private final TableReader reader;
        private final TableInfo table;
        private final ValuePaths values;
        private final Set<String> ids = new LinkedHashSet<>();
        private Map<String, AttributeValue> start;
        private int read;
        private int pages;
        private boolean complete;

        Scan(TableReader reader, TableInfo table, ValuePaths values) {
            this.reader = reader;
            this.table = table;
            this.values = values;
        }

        /** Reads on until {@code limit} items were read in all, or the table's end. */
        void until(int limit) {
            boolean stringKey = table.hashKey().type() == ScalarAttributeType.S;
            while (read < limit && !complete) {
                ScanPage page = reader.scan(table.name(), start, limit - read);
                pages++;
                for (Map<String, AttributeValue> item : page.items()) {
                    if (read == limit) {
                        break;
                    }
                    values.add(item);
                    AttributeValue id = item.get(table.hashKey().name());
                    if (stringKey && id != null && id.s() != null) {
                        ids.add(id.s());
                    } else if (id != null && id.n() != null) {
                        ids.add(dev.dmig.migrate.ItemTransformer.numberText(id.n()));
                    }
                    read++;
                }
                complete = page.last();
                start = page.lastEvaluatedKey();
            }
        }
    }

    /**
     * The items the sample read, read again in the order a Scan returns them and handed to {@code each}: what the sample
     * keeps no trace of, which values of one path an item holds beside which of another, is asked of a few paths only.
     */
    void readAgain(TableReader reader, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        int read = 0;
        while (read < items) {
            ScanPage page = reader.scan(table.name(), start, items - read);
            for (Map<String, AttributeValue> item : page.items()) {
                if (read == items) {
                    break;
                }
                each.accept(item);
                read++;
            }
            if (page.last()) {
                return;
            }
            start = page.lastEvaluatedKey();
        }
    }

    boolean stringKey() {
        return table.hashKey().type() == ScalarAttributeType.S;
    }

    /** Whether the table is keyed by numbers: its {@link #ids} are their text. */
    boolean numberKey() {
        return table.hashKey().type() == ScalarAttributeType.N;
    }

    boolean composite() {
        return table.rangeKey() != null;
    }

    /** True for the table's own key attributes, which cannot be references. */
    boolean isKey(String path) {
        return table.keyNames().contains(path);
    }
}
