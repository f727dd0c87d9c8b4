package dev.dmig.analysis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
    /** The IDs a block holds when its layer is full: what a layer of {@link #together} may hold at most, by its share. */
    private static final double FULL_BLOCK = 512.0 / BITS_PER_ID;

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

        /**
         * What this layer adds, in IDs, to each block of a layer of {@code into} blocks it is ORed into: its IDs per block,
         * twice where its blocks do not fall whole into the other's (a block of the other may span two of its own).
         */
        double share(long into) {
            return (double) count / blocks * (into % blocks == 0 ? 1 : 2);
        }

        /**
         * ORs this layer's bits into {@code words}, a layer of at least as many blocks: into each block, every block of this
         * layer that hashes of its range of high halves fall into here. The probes of an ID are the same bits of a block in
         * every layer, so whatever this layer holds, the other then holds too.
         */
        void orInto(long[] words) {
            long into = words.length / BLOCK_WORDS;
            for (long k = 0; k < into; k++) {
                // The high halves h with (h * into) >>> 32 == k: from lo to hi.
                long lo = ((k << 32) + into - 1) / into;
                long hi = Math.min(0xffffffffL, (((k + 1) << 32) + into - 1) / into - 1);
                int base = (int) k * BLOCK_WORDS;
                for (long from = (lo * blocks) >>> 32, to = (hi * blocks) >>> 32, b = from; b <= to; b++) {
                    int source = (int) b * BLOCK_WORDS;
                    for (int i = 0; i < BLOCK_WORDS; i++) {
                        words[base + i] |= this.words[source + i];
                    }
                }
            }
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

    /**
     * One filter that says "maybe" to every hash any of {@code filters} says "maybe" to, made of their bits (ORed, their
     * layers in as few layers as keep each no fuller than a full one): "no" from it is "no" from each of them. Validation
     * asks it first of every string it reads, and asks each filter only after its "maybe", instead of every filter each
     * time. Asked, not added to: it shares the bits of each layer it takes alone.
     */
    public static SourceIdFilter together(Collection<SourceIdFilter> filters) {
        List<Layer> all = new ArrayList<>();
        filters.forEach(filter -> all.addAll(filter.layers));
        // The largest first: each layer goes into the first group that is as large and has room for its share.
        all.sort(Comparator.comparingLong((Layer layer) -> layer.blocks).reversed());
        List<List<Layer>> groups = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        for (Layer layer : all) {
            int group = 0;
            while (group < groups.size() && loads.get(group) + layer.share(groups.get(group).get(0).blocks) > FULL_BLOCK) {
                group++;
            }
            if (group == groups.size()) {
                groups.add(new ArrayList<>());
                loads.add(0.0);
            }
            List<Layer> members = groups.get(group);
            loads.set(group, loads.get(group) + layer.share(members.isEmpty() ? layer.blocks : members.get(0).blocks));
            members.add(layer);
        }
        SourceIdFilter together = new SourceIdFilter();
        for (List<Layer> group : groups) {
            if (group.size() == 1) {
                // A layer alone is asked as it is: its bits are shared, not copied, so that a run's filters of large tables,
                // each alone, take no more memory together than apart.
                Layer alone = group.get(0);
                together.addLayer(new Layer(alone.count, alone.count, alone.words));
                continue;
            }
            long[] words = new long[group.get(0).words.length];
            long count = 0;
            for (Layer layer : group) {
                layer.orInto(words);
                count += layer.count;
            }
            together.addLayer(new Layer(count, count, words));
        }
        if (together.layers.isEmpty()) {
            together.addLayer(new Layer(MIN_CAPACITY));
        }
        return together;
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

    /** Its layers, each a question to ask. */
    public int layerCount() {
        return asked.length;
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
