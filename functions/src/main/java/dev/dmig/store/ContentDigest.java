package dev.dmig.store;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An order-independent digest of a set of items: the sum, modulo 2^256, of the SHA-256 of each
 * item's canonical form (map keys sorted, set elements sorted, list order kept, every type
 * tagged). Two tables hold the same items exactly when their digests and counts agree, whatever
 * order the scans return, and partial digests of segments add up.
 */
public final class ContentDigest {
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
    private BigInteger sum = BigInteger.ZERO;
    private long count;

    public ContentDigest() {}

    private ContentDigest(BigInteger sum, long count) {
        this.sum = sum;
        this.count = count;
    }

    /** Rebuilds a digest from its {@link #hex()} and count, as stored in an artifact. */
    public static ContentDigest of(String hex, long count) {
        return new ContentDigest(hex == null || hex.isEmpty() ? BigInteger.ZERO : new BigInteger(hex, 16), count);
    }

    public ContentDigest add(Map<String, AttributeValue> item) {
        sum = sum.add(new BigInteger(1, hash(item))).mod(MODULUS);
        count++;
        return this;
    }

    public ContentDigest add(ContentDigest other) {
        sum = sum.add(other.sum).mod(MODULUS);
        count += other.count;
        return this;
    }

    public long count() {
        return count;
    }

    public String hex() {
        return String.format("%064x", sum);
    }

    public boolean sameAs(ContentDigest other) {
        return count == other.count && sum.equals(other.sum);
    }

    /** SHA-256 of the item's canonical form. */
    public static byte[] hash(Map<String, AttributeValue> item) {
        return CANONICAL.get().hash(item);
    }

    /** Same content, whatever the order of set elements or map entries. */
    public static boolean same(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        return java.util.Arrays.equals(hash(a), hash(b));
    }

    /** Hex of {@link #hash(Map)}, for examples in reports. */
    public static String itemHash(Map<String, AttributeValue> item) {
        return HexFormat.of().formatHex(hash(item));
    }

    private static final ThreadLocal<Canonical> CANONICAL = ThreadLocal.withInitial(Canonical::new);

    /**
     * Writes an item's canonical form into a reusable buffer and hashes it in large updates: this runs for every
     * item each pass reads, and a call per byte of tags and lengths cost more than the hashing.
     */
    private static final class Canonical {
        private final MessageDigest sha256;
        private final byte[] buffer = new byte[16 * 1024];
        private int length;

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
            length = 0;
            map(item);
            flush();
            return sha256.digest();
        }

        private void map(Map<String, AttributeValue> map) {
            List<String> names = new ArrayList<>(map.keySet());
            Collections.sort(names);
            tag('M', names.size());
            for (String name : names) {
                text(name);
                value(map.get(name));
            }
        }

        private void value(AttributeValue value) {
            switch (value.type()) {
                case S -> {
                    tag('S', 1);
                    text(value.s());
                }
                case N -> {
                    tag('N', 1);
                    text(value.n());
                }
                case B -> {
                    tag('B', 1);
                    bytes(value.b().asByteArrayUnsafe());
                }
                case BOOL -> tag(value.bool() ? 'T' : 'F', 0);
                case NUL -> tag('0', 0);
                case SS -> sortedTexts('s', value.ss());
                case NS -> sortedTexts('n', value.ns());
                case BS -> {
                    List<String> encoded = new ArrayList<>();
                    value.bs().forEach(b -> encoded.add(HexFormat.of().formatHex(b.asByteArrayUnsafe())));
                    sortedTexts('b', encoded);
                }
                case L -> {
                    tag('L', value.l().size());
                    value.l().forEach(this::value);
                }
                case M -> map(value.m());
                default -> throw new IllegalArgumentException("unknown DynamoDB attribute type " + value.type());
            }
        }

        private void sortedTexts(char tag, List<String> texts) {
            List<String> sorted = new ArrayList<>(texts);
            Collections.sort(sorted);
            tag(tag, sorted.size());
            sorted.forEach(this::text);
        }

        private void tag(char tag, int size) {
            room(5);
            buffer[length++] = (byte) tag;
            length(size);
        }

        /**
         * Length-prefixed UTF-8. {@code String.getBytes} copies an ASCII string's bytes at once, where a loop over its
         * chars cost four times as much when C1 compiled it (the command line keeps C2 to SHA-256).
         */
        private void text(String text) {
            bytes(text.getBytes(StandardCharsets.UTF_8));
        }

        private void bytes(byte[] raw) {
            room(4);
            length(raw.length);
            unprefixed(raw);
        }

        private void unprefixed(byte[] raw) {
            if (raw.length > buffer.length - length) {
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
            if (bytes > buffer.length - length) {
                flush();
            }
        }

        private void flush() {
            sha256.update(buffer, 0, length);
            length = 0;
        }
    }
}
