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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An order-independent digest of a set of items: the sum, modulo 2^256, of the SHA-256 of each
 * item's canonical form (map keys sorted, set elements sorted, list order kept, every type
 * tagged). Two tables hold the same items exactly when their digests and counts agree, whatever
 * order the scans return, and partial digests of segments add up.
 */
public final class ContentDigest {
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

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
        MessageDigest digest = SHA256.get();
        map(digest, item);
        return digest.digest();
    }

    /** Same content, whatever the order of set elements or map entries. */
    public static boolean same(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        return java.util.Arrays.equals(hash(a), hash(b));
    }

    /** Hex of {@link #hash(Map)}, for examples in reports. */
    public static String itemHash(Map<String, AttributeValue> item) {
        return HexFormat.of().formatHex(hash(item));
    }

    private static void map(MessageDigest digest, Map<String, AttributeValue> map) {
        List<String> names = new ArrayList<>(map.keySet());
        Collections.sort(names);
        tag(digest, 'M', names.size());
        for (String name : names) {
            text(digest, name);
            value(digest, map.get(name));
        }
    }

    private static void value(MessageDigest digest, AttributeValue value) {
        switch (value.type()) {
            case S -> {
                tag(digest, 'S', 1);
                text(digest, value.s());
            }
            case N -> {
                tag(digest, 'N', 1);
                text(digest, value.n());
            }
            case B -> {
                tag(digest, 'B', 1);
                bytes(digest, value.b());
            }
            case BOOL -> tag(digest, value.bool() ? 'T' : 'F', 0);
            case NUL -> tag(digest, '0', 0);
            case SS -> sortedTexts(digest, 's', value.ss());
            case NS -> sortedTexts(digest, 'n', value.ns());
            case BS -> {
                List<String> encoded = new ArrayList<>();
                value.bs().forEach(b -> encoded.add(HexFormat.of().formatHex(b.asByteArrayUnsafe())));
                sortedTexts(digest, 'b', encoded);
            }
            case L -> {
                tag(digest, 'L', value.l().size());
                value.l().forEach(element -> value(digest, element));
            }
            case M -> map(digest, value.m());
            default -> throw new IllegalArgumentException("unknown DynamoDB attribute type " + value.type());
        }
    }

    private static void sortedTexts(MessageDigest digest, char tag, List<String> texts) {
        List<String> sorted = new ArrayList<>(texts);
        Collections.sort(sorted);
        tag(digest, tag, sorted.size());
        sorted.forEach(t -> text(digest, t));
    }

    private static void tag(MessageDigest digest, char tag, int size) {
        digest.update((byte) tag);
        length(digest, size);
    }

    private static void text(MessageDigest digest, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        length(digest, utf8.length);
        digest.update(utf8);
    }

    private static void bytes(MessageDigest digest, SdkBytes bytes) {
        byte[] raw = bytes.asByteArrayUnsafe();
        length(digest, raw.length);
        digest.update(raw);
    }

    private static void length(MessageDigest digest, int length) {
        digest.update((byte) (length >>> 24));
        digest.update((byte) (length >>> 16));
        digest.update((byte) (length >>> 8));
        digest.update((byte) length);
    }
}
