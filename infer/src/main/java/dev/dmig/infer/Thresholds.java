package dev.dmig.infer;

/**
 * When inference proposes a reference, and how much it reads to decide.
 *
 * @param minMatchRate         share of a path's distinct sampled values that must be IDs of the table (0.9:
 *                             a few orphans do not hide a true reference, an attribute that merely shares
 *                             some values does not become one)
 * @param minMatchedOpaque     matched values needed when they are opaque IDs (UUIDs and the like cannot
 *                             coincide by chance, so three are evidence)
 * @param minMatchedOther      matched values needed otherwise (names and small numbers can coincide)
 * @param probeSize            values of a path tried against a partly sampled table before reading more
 * @param maxValuesPerPath     distinct values kept per path; the rest are counted, not checked
 * @param maxCompositeLookups  values checked against a table with a sort key (one Query each)
 */
public record Thresholds(double minMatchRate, int minMatchedOpaque, int minMatchedOther, int probeSize,
                         int maxValuesPerPath, int maxCompositeLookups) {
    public static final Thresholds DEFAULT = new Thresholds(0.9, 3, 10, 10, 1000, 200);

    public Thresholds {
        if (!(minMatchRate > 0 && minMatchRate <= 1)) {
            throw new IllegalArgumentException("minMatchRate must be in (0, 1], was " + minMatchRate);
        }
        if (minMatchedOpaque < 1 || minMatchedOther < 1 || probeSize < 1 || maxValuesPerPath < 1 || maxCompositeLookups < 1) {
            throw new IllegalArgumentException("counts must be at least 1");
        }
    }
}
