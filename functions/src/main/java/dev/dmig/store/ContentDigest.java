package dev.dmig.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.MurmurHash3;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An order-independent digest of a set of items: the sum of a hash of each item's canonical form (map keys sorted, set
 * elements sorted, list order kept, every type tagged). Two tables hold the same items exactly when their digests and
 * counts agree, whatever order the scans return, and partial digests of segments add up.
 *
 * <p>A digest names the {@link Algorithm} its items were hashed with, and its text says which ({@link #hex()}). New runs
 * use {@link #CURRENT}; every digest a run stores follows the one its phase began with, so that a run begun by an
 * earlier version of dmig (SHA-256 only) goes on with SHA-256. Digests of two algorithms never add up and
 * never compare equal (unless both are empty). A single item's hash as journals keep it ({@link #itemHash}) is
 * MurmurHash3 too, {@code m3:} and 32 hex digits, and SHA-256 in journals of earlier versions ({@link ItemHash} compares
 * an item with either); {@link #hash} stays SHA-256.
 */
public final class ContentDigest {
    /** How each item is hashed before the hashes are summed. */
    public enum Algorithm {
        /** SHA-256, summed modulo 2^256; written as 64 hex digits (the only one of earlier versions, so also "" and null). */
        SHA256(256, ""),
        /**
         * MurmurHash3 x64 128 (commons-codec), summed modulo 2^128; written {@code m3:} and 32 hex digits. A tenth of
         * SHA-256's cost where the JIT gives SHA-256 no intrinsic (the command line's C1), and as exact against
         * anything but a forger: a change in an item goes unseen with a chance of 2^-128.
         */
        MURMUR3(128, "m3:");

        private final int bits;
        private final String prefix;

        Algorithm(int bits, String prefix) {
            this.bits = bits;
            this.prefix = prefix;
        }

        /** The algorithm a stored digest was taken with. */
        public static Algorithm of(String hex) {
            return hex != null && hex.startsWith(MURMUR3.prefix) ? MURMUR3 : SHA256;
        }
    }

    /** The algorithm of every digest a new run takes. */
    public static final Algorithm CURRENT = Algorithm.MURMUR3;

    private Algorithm algorithm;
    /** The sum of a SHA-256 digest; a MurmurHash3 one keeps its sum in {@link #high} and {@link #low}. */
    private BigInteger sum = BigInteger.ZERO;
    /**
     * A MurmurHash3 digest's sum modulo 2^128, in two words: adding an item's hash is two additions and a carry, where a
     * BigInteger cost an allocation and a division by the modulus per item (twice per item the analysis reads).
     */
    private long high;
    private long low;
    private long count;

    /** An empty digest of {@link #CURRENT}. */
    public ContentDigest() {
        this(CURRENT);
    }

    public ContentDigest(Algorithm algorithm) {
        this.algorithm = algorithm;
    }

    private ContentDigest(Algorithm algorithm, BigInteger sum, long count) {
        this.algorithm = algorithm;
        setSum(sum);
        this.count = count;
    }

    /** The sum, whichever form this algorithm keeps it in. */
    private BigInteger sum() {
        if (algorithm == Algorithm.SHA256) {
            return sum;
        }
        return new BigInteger(1, ByteBuffer.allocate(16).putLong(high).putLong(low).array());
    }

    /** Sets the sum, {@code value} below this algorithm's modulus. */
    private void setSum(BigInteger value) {
        if (algorithm == Algorithm.SHA256) {
            sum = value;
        } else {
            sum = BigInteger.ZERO;
            high = value.shiftRight(64).longValue();
            low = value.longValue();
        }
    }

    /** Rebuilds a digest from its {@link #hex()} and count, as stored in an artifact; "" or null is an empty SHA-256 one. */
    public static ContentDigest of(String hex, long count) {
        Algorithm algorithm = Algorithm.of(hex);
        String digits = hex == null ? "" : hex.substring(algorithm.prefix.length());
        return new ContentDigest(algorithm, digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16), count);
    }

    /** The same, except that an empty text ("" or null) stands for an empty digest of {@code ifEmpty}. */
    public static ContentDigest of(String hex, long count, Algorithm ifEmpty) {
        return hex == null || hex.isEmpty() ? new ContentDigest(ifEmpty) : of(hex, count);
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public ContentDigest add(Map<String, AttributeValue> item) {
        addSized(item);
        return this;
    }

    /**
     * Adds the item and returns its {@link ItemSize}, counted on the same walk as its canonical form (the analysis needs
     * both of every item it reads, and a second walk of the item cost as much as the sizing).
     */
    public long addSized(Map<String, AttributeValue> item) {
        Form form = form(item);
        add(form);
        return form.size();
    }

    /**
     * An item's hash in this digest's algorithm and its {@link ItemSize}, taken on one walk, for an item whose size
     * decides whether it is added at all: {@link #add(Form)} adds it later without walking it again.
     */
    public record Form(Algorithm algorithm, long size, long high, long low, byte[] sha256) {}

    /** The item's {@link Form} in this digest's algorithm; nothing is added. */
    public Form form(Map<String, AttributeValue> item) {
        Canonical canonical = CANONICAL.get();
        if (algorithm == Algorithm.SHA256) {
            byte[] sha = canonical.hash(item);
            return new Form(algorithm, canonical.size, 0, 0, sha);
        }
        canonical.murmur3(item);
        return new Form(algorithm, canonical.size, canonical.highHalf, canonical.lowHalf, null);
    }

    /** Adds an item by its {@link #form(Map)}, taken by this digest or another of the same algorithm. */
    public ContentDigest add(Form form) {
        if (form.algorithm() != algorithm) {
            throw new IllegalArgumentException("a " + form.algorithm() + " form added to a " + algorithm + " digest");
        }
        if (algorithm == Algorithm.SHA256) {
            sum = sum.add(new BigInteger(1, form.sha256()));
            if (sum.bitLength() > algorithm.bits) {
                // Both terms are below 2^256, so their sum is below 2^257: modulo 2^256 is the top bit cleared.
                sum = sum.clearBit(algorithm.bits);
            }
            count++;
        } else {
            addHalves(form.high(), form.low());
        }
        return this;
    }

    /** Adds a MurmurHash3 hash, its halves as {@link Canonical#murmur3} gives them, and counts the item. */
    private void addHalves(long highHalf, long lowHalf) {
        // The hash as one unsigned 128-bit number, its first half the high word; the carry out of the top is dropped.
        long added = low + lowHalf;
        high += highHalf + (Long.compareUnsigned(added, low) < 0 ? 1 : 0);
        low = added;
        count++;
    }

    /**
     * What validation does with each copy it finds: {@code want} added to {@code wantDigest}, {@code got} to
     * {@code gotDigest}, and whether the two are the {@link #same}. Each item is walked once (where the three steps
     * walked {@code want} twice and {@code got} twice) and, when they are the same, hashed once for both digests.
     */
    public static boolean addCompared(ContentDigest wantDigest, Map<String, AttributeValue> want, ContentDigest gotDigest,
                                      Map<String, AttributeValue> got) {
        if (wantDigest.algorithm != Algorithm.MURMUR3 || gotDigest.algorithm != Algorithm.MURMUR3) {
            wantDigest.add(want);
            gotDigest.add(got);
            return same(want, got);
        }
        Canonical canonical = CANONICAL.get();
        boolean equal = canonical.sameHashed(want, got);
        wantDigest.addHalves(canonical.highHalf, canonical.lowHalf);
        if (equal) {
            gotDigest.addHalves(canonical.highHalf, canonical.lowHalf);
        } else {
            gotDigest.addHalves(canonical.otherHigh, canonical.otherLow);
        }
        return equal;
    }

    /** True when {@code other} can be added to this digest: the same algorithm, or either of them empty. */
    public boolean addable(ContentDigest other) {
        return algorithm == other.algorithm || count == 0 || other.count == 0;
    }

    /** Adds another digest's items; an empty digest takes the other's algorithm. */
    public ContentDigest add(ContentDigest other) {
        if (!addable(other)) {
            throw new IllegalStateException("digests taken by two versions of dmig (" + algorithm + ", " + other.algorithm
                    + ") cannot be added: start the run again");
        }
        if (other.count == 0) {
            return this;
        }
        BigInteger mine = sum();
        if (count == 0) {
            algorithm = other.algorithm;
        }
        setSum(mine.add(other.sum()).mod(modulus(algorithm)));
        count += other.count;
        return this;
    }

    private static BigInteger modulus(Algorithm algorithm) {
        return BigInteger.ONE.shiftLeft(algorithm.bits);
    }

    public long count() {
        return count;
    }

    public String hex() {
        return algorithm.prefix + String.format("%0" + (algorithm.bits / 4) + "x", sum());
    }

    /** The same items: equal counts, and equal sums of one algorithm (two empty digests are the same). */
    public boolean sameAs(ContentDigest other) {
        return count == other.count && (count == 0 || (algorithm == other.algorithm && sum().equals(other.sum())));
    }

    /** SHA-256 of the item's canonical form. */
    public static byte[] hash(Map<String, AttributeValue> item) {
        return CANONICAL.get().hash(item);
    }

    /**
     * Same content, whatever the order of set elements or map entries: the two canonical forms compared byte for byte,
     * which is what equal {@link #hash}es stand for, without hashing either (validation asks this of every item it
     * compares, and SHA-256 without the JIT's intrinsic cost more than the rest of the comparison).
     */
    public static boolean same(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        return CANONICAL.get().same(a, b);
    }

    /**
     * The hash journals keep of what a run wrote at a key, compared with the hash of what the key holds when it is read
     * back: {@code m3:} and the 32 hex digits of the MurmurHash3 x64 128 of the item's canonical form with every number by
     * its value ({@code 1.50}, {@code 1.5} and {@code 15E-1} alike). DynamoDB stores a number by its value, and gives back
     * its own text of it, so a hash of the number's text as written could differ from the one read back for the very same
     * item. A change of the item goes unseen with a chance of 2^-128, as for {@link Algorithm#MURMUR3} digests.
     */
    public static String itemHash(Map<String, AttributeValue> item) {
        Canonical canonical = CANONICAL.get();
        canonical.murmur3ByValue(item);
        HexFormat hex = HexFormat.of();
        return Algorithm.MURMUR3.prefix + hex.toHexDigits(canonical.highHalf) + hex.toHexDigits(canonical.lowHalf);
    }

    /**
     * {@link #itemHash} as journals of earlier versions kept it: the hex of the SHA-256 of the same form (64 digits). For an
     * item whose numbers are in DynamoDB's form (every item read from a table) it is {@link #hash(Map)}'s hex.
     */
    static String sha256ItemHash(Map<String, AttributeValue> item) {
        return HexFormat.of().formatHex(CANONICAL.get().hashByValue(item));
    }

    /** Whether a journal's item hash is of {@link #itemHash}'s kind ({@code m3:}), not SHA-256. */
    static boolean currentItemHash(String stored) {
        return stored.startsWith(Algorithm.MURMUR3.prefix);
    }

    /**
     * A number's text in one form per value: no exponent, no leading {@code +} or zeros, no trailing zeros after the point,
     * {@code 0} for every zero. The text itself when it is already so (the form DynamoDB gives back for most numbers);
     * text that is no number at all, as it is.
     */
    static String numberByValue(String text) {
        if (plain(text)) {
            return text;
        }
        try {
            return new BigDecimal(text).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** Whether {@code text} is {@code 0} or {@code -?[1-9][0-9]*(\.[0-9]*[1-9])?}, or {@code -?0\.[0-9]*[1-9]}. */
    private static boolean plain(String text) {
        int i = text.startsWith("-") ? 1 : 0;
        int digits = text.length() - i;
        if (digits <= 0) {
            return false;
        }
        if (text.charAt(i) == '0') {
            // Zero alone, unsigned; or a fraction below one.
            return digits == 1 ? i == 0 : text.charAt(i + 1) == '.' && fraction(text, i + 2);
        }
        int point = text.indexOf('.', i);
        int end = point < 0 ? text.length() : point;
        for (int j = i; j < end; j++) {
            char c = text.charAt(j);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return point < 0 || fraction(text, point + 1);
    }

    /** Whether {@code text} from {@code from} on is one or more ASCII digits, the last not 0. */
    private static boolean fraction(String text, int from) {
        if (from >= text.length() || text.charAt(text.length() - 1) == '0') {
            return false;
        }
        for (int j = from; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static final ThreadLocal<Canonical> CANONICAL = ThreadLocal.withInitial(Canonical::new);

    /**
     * Writes an item's canonical form into a reusable buffer and hashes it in large updates: this runs for every
     * item each pass reads, and a call per byte of tags and lengths cost more than the hashing. MurmurHash3 takes the
     * whole form at once: the buffer grows to the item's size (at most DynamoDB's 400 KB, then let go of).
     */
    private static final class Canonical {
        private static final int KEPT = 16 * 1024;
        private final MessageDigest sha256;
        private byte[] buffer = new byte[KEPT];
        /** The second form of {@link #same}. */
        private byte[] spare = new byte[KEPT];
        private int length;
        /** True while the form is taken whole (MurmurHash3): the buffer grows instead of going to SHA-256. */
        private boolean whole;
        /** True while numbers are written by their value ({@link #hashByValue}), not as their text is. */
        private boolean byValue;

        Canonical() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] hash(Map<String, AttributeValue> item) {
            // An earlier hash on this thread may have thrown half-way (an unknown type), leaving bytes behind.
            sha256.reset();
            whole = false;
            byValue = false;
            length = 0;
            size = 0;
            map(item, false);
            flush();
            return sha256.digest();
        }

        /** {@link #hash}, every number by its value ({@link ContentDigest#numberByValue}). */
        byte[] hashByValue(Map<String, AttributeValue> item) {
            sha256.reset();
            whole = false;
            byValue = true;
            length = 0;
            size = 0;
            try {
                map(item, false);
            } finally {
                byValue = false;
            }
            flush();
            return sha256.digest();
        }

        /** Whether two items' canonical forms are the same bytes: {@code a}'s in a second buffer, then {@code b}'s. */
        boolean same(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
            return compare(a, b, false);
        }

        /**
         * {@link #same}, and {@code a}'s MurmurHash3 into {@link #highHalf} and {@link #lowHalf}; when they differ, {@code b}'s
         * into {@link #otherHigh} and {@link #otherLow} (when they are the same, its hash is {@code a}'s).
         */
        boolean sameHashed(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
            return compare(a, b, true);
        }

        private boolean compare(Map<String, AttributeValue> a, Map<String, AttributeValue> b, boolean hashing) {
            byte[] first = buffer;
            whole = true;
            try {
                length = 0;
                map(a, false);
                first = buffer;
                int firstLength = length;
                buffer = spare;
                length = 0;
                map(b, false);
                boolean equal = Arrays.equals(first, 0, firstLength, buffer, 0, length);
                if (hashing) {
                    long[] halves = MurmurHash3.hash128x64(first, 0, firstLength, 0);
                    highHalf = halves[0];
                    lowHalf = halves[1];
                    if (!equal) {
                        long[] others = MurmurHash3.hash128x64(buffer, 0, length, 0);
                        otherHigh = others[0];
                        otherLow = others[1];
                    }
                }
                return equal;
            } finally {
                // The two buffers back in their places (even after an item of no known type), each let go of if grown.
                spare = buffer == first ? new byte[KEPT] : buffer.length > KEPT ? new byte[KEPT] : buffer;
                buffer = first.length > KEPT ? new byte[KEPT] : first;
            }
        }

        /** The halves of the last {@link #murmur3} hash: the first, the high word of the number it stands for, and the second. */
        long highHalf;
        long lowHalf;
        /** The halves of the second item's hash, when {@link #sameHashed} found the two differ. */
        long otherHigh;
        long otherLow;
        /** The {@link ItemSize} of the item last walked by {@link #hash} or {@link #murmur3}, counted on the way. */
        long size;

        /** MurmurHash3 x64 128 of the item's canonical form, into {@link #highHalf} and {@link #lowHalf}. */
        void murmur3(Map<String, AttributeValue> item) {
            whole = true;
            length = 0;
            size = 0;
            map(item, false);
            long[] halves = MurmurHash3.hash128x64(buffer, 0, length, 0);
            if (buffer.length > KEPT) {
                buffer = new byte[KEPT];
            }
            highHalf = halves[0];
            lowHalf = halves[1];
        }

        /** {@link #murmur3}, every number by its value ({@link ContentDigest#numberByValue}). */
        void murmur3ByValue(Map<String, AttributeValue> item) {
            byValue = true;
            try {
                murmur3(item);
            } finally {
                byValue = false;
            }
        }

        /**
         * The map's form, and its size added to {@link #size} as {@link ItemSize} counts it: an item's attributes at their
         * names and values, a nested map's at three bytes, and one more per entry.
         */
        private void map(Map<String, AttributeValue> map, boolean nested) {
            List<String> names = new ArrayList<>(map.keySet());
            Collections.sort(names);
            tag('M', names.size());
            if (nested) {
                size += 3 + names.size();
            }
            for (String name : names) {
                size += text(name);
                value(map.get(name));
            }
        }

        private void value(AttributeValue value) {
            switch (value.type()) {
                case S -> {
                    tag('S', 1);
                    size += text(value.s());
                }
                case N -> {
                    tag('N', 1);
                    text(byValue ? numberByValue(value.n()) : value.n());
                    size += ItemSize.number(value.n());
                }
                case B -> {
                    tag('B', 1);
                    size += bytes(value.b().asByteArrayUnsafe());
                }
                case BOOL -> {
                    tag(value.bool() ? 'T' : 'F', 0);
                    size += 1;
                }
                case NUL -> {
                    tag('0', 0);
                    size += 1;
                }
                case SS -> size += sortedTexts('s', value.ss());
                case NS -> {
                    sortedTexts('n', byValue ? value.ns().stream().map(ContentDigest::numberByValue).toList() : value.ns());
                    for (String n : value.ns()) {
                        size += ItemSize.number(n);
                    }
                }
                case BS -> binaries(value.bs());
                case L -> {
                    tag('L', value.l().size());
                    size += 3 + value.l().size();
                    value.l().forEach(this::value);
                }
                case M -> map(value.m(), true);
                default -> throw new IllegalArgumentException("unknown DynamoDB attribute type " + value.type());
            }
        }

        /** A binary set: its elements as sorted hex texts; its size, their bytes. */
        private void binaries(List<SdkBytes> binaries) {
            List<String> encoded = new ArrayList<>(binaries.size());
            for (SdkBytes b : binaries) {
                byte[] raw = b.asByteArrayUnsafe();
                size += raw.length;
                encoded.add(HexFormat.of().formatHex(raw));
            }
            sortedTexts('b', encoded);
        }

        /** The texts sorted, with their count; returns their UTF-8 bytes. */
        private long sortedTexts(char tag, List<String> texts) {
            List<String> sorted = new ArrayList<>(texts);
            Collections.sort(sorted);
            tag(tag, sorted.size());
            long bytes = 0;
            for (String text : sorted) {
                bytes += text(text);
            }
            return bytes;
        }

        private void tag(char tag, int size) {
            room(5);
            buffer[length++] = (byte) tag;
            length(size);
        }

        /**
         * Length-prefixed UTF-8. {@code String.getBytes} copies an ASCII string's bytes at once, where a loop over its
         * chars cost four times as much when C1 compiled it (as the command line runs).
         */
        private int text(String text) {
            return bytes(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Length-prefixed bytes; returns how many (without the prefix). */
        private int bytes(byte[] raw) {
            room(4);
            length(raw.length);
            unprefixed(raw);
            return raw.length;
        }

        private void unprefixed(byte[] raw) {
            if (whole) {
                room(raw.length);
            } else if (raw.length > buffer.length - length) {
                flush();
                sha256.update(raw);
                return;
            }
            System.arraycopy(raw, 0, buffer, length, raw.length);
            length += raw.length;
        }

        private void length(int value) {
            buffer[length++] = (byte) (value >>> 24);
            buffer[length++] = (byte) (value >>> 16);
            buffer[length++] = (byte) (value >>> 8);
            buffer[length++] = (byte) value;
        }

        private void room(int bytes) {
            if (bytes <= buffer.length - length) {
                return;
            }
            if (whole) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + bytes));
            } else {
                flush();
            }
        }

        private void flush() {
            sha256.update(buffer, 0, length);
            length = 0;
        }
    }
}
