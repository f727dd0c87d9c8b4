package dev.dmig.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * How many items of a kind a scan met, and the first few of their keys ({@link SegmentScan#EXAMPLES}), as the examples
 * name a source item ({@code ItemTransformer.shownKey}).
 */
public final class CountedKeys {
    public long items;
    public List<String> examples = new ArrayList<>();

    /** Counts an item; {@code key}: its key as an example names it, kept while there are fewer than the examples kept. */
    public void count(String key) {
        items++;
        if (examples.size() < SegmentScan.EXAMPLES) {
            examples.add(key);
        }
    }

    /** Adds another segment's count to this sum, and its examples while there is room. */
    public void add(CountedKeys other) {
        items += other.items;
        other.examples.stream().limit(Math.max(0, SegmentScan.EXAMPLES - examples.size())).forEach(examples::add);
    }
}
