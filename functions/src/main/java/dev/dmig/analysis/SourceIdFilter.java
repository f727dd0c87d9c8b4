package dev.dmig.analysis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Bloom filter over one table's source IDs, which validation asks of every string it finds in the target: "no" is
 * certain, "maybe" is checked against the source table by key. {@value #BITS_PER_ID} bits an ID (2 MB per million IDs,
 * whatever their length), for about one false "maybe" in a thousand other strings (measured: docs/BENCHMARKS.md).
 *
 * <p>Blocked: each ID sets {@value #PROBES} bits within one 512-bit block (one bit in each of its eight words), so a
 * question costs one cache line. The table's size is known only roughly before its parts are summed, so the filter
 * grows in layers: once a layer holds the IDs it was sized for, a new one twice as large takes the next ones, and a
 * question asks every layer.
 */
public final class SourceIdFilter {
    static final int BITS_PER_ID = 16;
    private static final int PROBES = 8;
    private static final int BLOCK_WORDS = 8;
    private static final int MIN_CAPACITY = 1_024;
    private static final long MAGIC = 0x646d696753494631L; // "dmigSIF1"

    /** One layer: its words, the IDs it was sized for, and those it holds. */
    private static final class Layer {
        final long[] words;
        final long capacity;
        /** Its blocks: {@code words.length / BLOCK_WORDS}, worked out once, not at every question. */
        final long blocks;
        long count;

        Layer(long capacity) {
            this(capacity, 0, new long[Math.toIntExact(Math.max(1, (capacity * BITS_PER_ID + 511) / 512) * BLOCK_WORDS)]);
        }

        Layer(long capacity, long count, long[] words) {
            this.capacity = capacity;
            this.count = count;
            this.words = words;
            this.blocks = words.length / BLOCK_WORDS;
        }

        void add(long hash) {
            int base = block(hash);
            long bits = mix(hash);
            for (int i = 0; i < PROBES; i++) {
                words[base + i] |= 1L << (bits >>> (6 * i));
            }
            count++;
        }

        boolean mightContain(long hash, long bits) {
            int base = block(hash);
            for (int i = 0; i < PROBES; i++) {
                if ((words[base + i] & (1L << (bits >>> (6 * i)))) == 0) {
                    return false;
                }
            }
            return true;
        }

        /** The first word of the ID's block: the hash's high half scaled to the number of blocks. */
        private int block(long hash) {
            return (int) (((hash >>> 32) * blocks) >>> 32) * BLOCK_WORDS;
        }
    }

    private final List<Layer> layers = new ArrayList<>();
    /**
     * The same layers as an array, for questions: validation asks each of a run's filters about every string of every item
     * it reads, and a loop over a list makes an iterator each time (the command line runs without C2, which would elide it).
     */
    private Layer[] asked = new Layer[0];

    private SourceIdFilter() {}

    /** An empty filter first sized for {@code expected} IDs (it grows past them). */
    public static SourceIdFilter sizedFor(long expected) {
        SourceIdFilter filter = new SourceIdFilter();
        filter.addLayer(new Layer(Math.max(MIN_CAPACITY, expected)));
        return filter;
    }

    private void addLayer(Layer layer) {
        layers.add(layer);
        asked = layers.toArray(new Layer[0]);
    }

    /** Adds an ID by its {@link #hash}. */
    public void add(long hash) {
        Layer last = layers.get(layers.size() - 1);
        if (last.count >= last.capacity) {
            last = new Layer(last.capacity * 2);
            addLayer(last);
        }
        last.add(hash);
    }

    /** False when no ID of this {@link #hash} was added; true when one was, or by chance (about 0.1% of other IDs). */
    public boolean mightContain(long hash) {
        return mightContain(hash, probes(hash));
    }

    /**
     * As {@link #mightContain(long)}, with {@code probes}, the {@link #probes} of {@code hash}: worked out once for a
     * question asked of several filters.
     */
    public boolean mightContain(long hash, long probes) {
        for (Layer layer : asked) {
            if (layer.mightContain(hash, probes)) {
                return true;
            }
        }
        return false;
    }

    /** Which bit of each word of its block an ID of this {@link #hash} sets: the same in every filter. */
    public static long probes(long hash) {
        return mix(hash);
    }

    /**
     * Whether the filter is of about the size its IDs need: one layer, at most four times as large. Else (its table's size
     * was estimated far off) a filter {@linkplain #sizedFor sized for} {@link #count} takes its IDs again.
     */
    public boolean sizedWell() {
        return layers.size() == 1 && layers.get(0).capacity <= 4 * Math.max(MIN_CAPACITY, layers.get(0).count);
    }

    /** The IDs added. */
    public long count() {
        return layers.stream().mapToLong(layer -> layer.count).sum();
    }

    /** What its bits take in memory. */
    public long bytes() {
        return layers.stream().mapToLong(layer -> (long) layer.words.length * Long.BYTES).sum();
    }

    /**
     * A 64-bit hash of a string's characters, the same in every JVM and version (it is stored): FNV-1a over the UTF-16
     * code units, then MurmurHash3's finalizer, so that both halves are well mixed.
     */
    public static long hash(CharSequence text) {
        if (text instanceof String string) {
            // The analysis hashes every source ID and validation every string it reads: an ASCII string's code units are
            // its UTF-8 bytes, encoded at once and read from an array, where charAt checks each index (under the command
            // line's C1, two to three times the cost). A string of as many bytes as chars is ASCII, but for a lone
            // surrogate, encoded as '?': one with a '?' is hashed by its chars.
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == string.length()) {
                long h = 0xcbf29ce484222325L;
                boolean question = false;
                for (byte b : bytes) {
                    question |= b == '?';
                    h ^= b;
                    h *= 0x100000001b3L;
                }
                if (!question) {
                    return fmix(h);
                }
            }
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return fmix(h);
    }

    /** The bits an ID sets in its block, from its hash's other half: a second hash, independent of the block's. */
    private static long mix(long hash) {
        return fmix(hash ^ 0x9e3779b97f4a7c15L);
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /** The filter as stored ({@code runs/<runId>/source-ids/<Model>.bin}). */
    public byte[] toBytes() {
        int size = Long.BYTES + Integer.BYTES;
        for (Layer layer : layers) {
            size += 2 * Long.BYTES + Integer.BYTES + layer.words.length * Long.BYTES;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(MAGIC).putInt(layers.size());
        for (Layer layer : layers) {
            out.putLong(layer.capacity).putLong(layer.count).putInt(layer.words.length);
            out.asLongBuffer().put(layer.words);
            out.position(out.position() + layer.words.length * Long.BYTES);
        }
        return out.array();
    }

    /** A filter as {@link #toBytes} stored it. */
    public static SourceIdFilter fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < Long.BYTES + Integer.BYTES || in.getLong() != MAGIC) {
            throw new IllegalStateException("not a filter of source IDs (" + bytes.length + " bytes)");
        }
        SourceIdFilter filter = new SourceIdFilter();
        int layers = in.getInt();
        for (int i = 0; i < layers; i++) {
            long capacity = in.getLong();
            long count = in.getLong();
            long[] words = new long[in.getInt()];
            in.asLongBuffer().get(words);
            in.position(in.position() + words.length * Long.BYTES);
            filter.addLayer(new Layer(capacity, count, words));
        }
        return filter;
    }
}
