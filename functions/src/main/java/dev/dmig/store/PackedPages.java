package dev.dmig.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A scan page as one byte array an item, for a {@link PageSpool} that keeps more pages than it can keep as objects: about
 * the page's item bytes in heap, where the SDK's objects take about five times as much and cost the collector a walk each.
 * One array an item, not one a page: a page of 500 items of a kilobyte would be an array the collector places apart
 * ("humongous", half a region or more) and copies as it grows, which filled a 1 GB heap holding a quarter of it.
 * Every type round-trips exactly (numbers as their text, binaries as their bytes, sets and lists in order); nothing of it
 * leaves the process.
 */
final class PackedPages {
    private static final byte S = 1;
    private static final byte N = 2;
    private static final byte B = 3;
    private static final byte BOOL = 4;
    private static final byte NUL = 5;
    private static final byte SS = 6;
    private static final byte NS = 7;
    private static final byte BS = 8;
    private static final byte L = 9;
    private static final byte M = 10;

    private PackedPages() {}

    /** A packed page: its items, one array each, and its last evaluated key (null on a segment's last page). */
    record Packed(byte[][] items, byte[] lastEvaluatedKey) {}

    static Packed pack(ScanPage page) {
        Packer packer = new Packer();
        byte[][] items = new byte[page.items().size()][];
        for (int i = 0; i < items.length; i++) {
            items[i] = packer.packed(page.items().get(i));
        }
        return new Packed(items, page.lastEvaluatedKey() == null ? null : packer.packed(page.lastEvaluatedKey()));
    }

    static ScanPage unpack(Packed packed) {
        List<Map<String, AttributeValue>> page = new ArrayList<>(packed.items().length);
        for (byte[] item : packed.items()) {
            page.add(map(ByteBuffer.wrap(item)));
        }
        return new ScanPage(page, packed.lastEvaluatedKey() == null ? null : map(ByteBuffer.wrap(packed.lastEvaluatedKey())));
    }

    private static Map<String, AttributeValue> map(ByteBuffer in) {
        int size = in.getInt();
        Map<String, AttributeValue> map = new LinkedHashMap<>(size * 4 / 3 + 1);
        for (int i = 0; i < size; i++) {
            String name = text(in);
            map.put(name, value(in));
        }
        return map;
    }

    private static AttributeValue value(ByteBuffer in) {
        byte type = in.get();
        return switch (type) {
            case S -> AttributeValue.fromS(text(in));
            case N -> AttributeValue.fromN(text(in));
            case B -> AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(bytes(in)));
            case BOOL -> AttributeValue.fromBool(in.get() != 0);
            case NUL -> AttributeValue.fromNul(true);
            case SS -> AttributeValue.fromSs(texts(in));
            case NS -> AttributeValue.fromNs(texts(in));
            case BS -> {
                int count = in.getInt();
                List<SdkBytes> set = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    set.add(SdkBytes.fromByteArrayUnsafe(bytes(in)));
                }
                yield AttributeValue.fromBs(set);
            }
            case L -> {
                int count = in.getInt();
                List<AttributeValue> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(value(in));
                }
                yield AttributeValue.fromL(list);
            }
            case M -> AttributeValue.fromM(map(in));
            default -> throw new IllegalStateException("a packed page holds an unknown type tag " + type);
        };
    }

    private static List<String> texts(ByteBuffer in) {
        int count = in.getInt();
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(text(in));
        }
        return texts;
    }

    private static String text(ByteBuffer in) {
        int length = in.getInt();
        String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return bytes;
    }

    /** Writes one item at a time into a buffer that grows as it fills, and is written over by the next. */
    private static final class Packer {
        private byte[] buffer = new byte[8192];
        private int length;

        byte[] packed(Map<String, AttributeValue> item) {
            length = 0;
            map(item);
            return Arrays.copyOf(buffer, length);
        }

        void map(Map<String, AttributeValue> map) {
            count(map.size());
            map.forEach((name, value) -> {
                text(name);
                value(value);
            });
        }

        void value(AttributeValue value) {
            switch (value.type()) {
                case S -> tagged(S).text(value.s());
                case N -> tagged(N).text(value.n());
                case B -> tagged(B).bytes(value.b().asByteArrayUnsafe());
                case BOOL -> tagged(BOOL).put((byte) (value.bool() ? 1 : 0));
                case NUL -> tagged(NUL);
                case SS -> tagged(SS).texts(value.ss());
                case NS -> tagged(NS).texts(value.ns());
                case BS -> {
                    tagged(BS).count(value.bs().size());
                    value.bs().forEach(b -> bytes(b.asByteArrayUnsafe()));
                }
                case L -> {
                    tagged(L).count(value.l().size());
                    value.l().forEach(this::value);
                }
                case M -> tagged(M).map(value.m());
                default -> throw new IllegalArgumentException("unknown DynamoDB attribute type " + value.type());
            }
        }

        private Packer tagged(byte type) {
            put(type);
            return this;
        }

        private void texts(List<String> texts) {
            count(texts.size());
            texts.forEach(this::text);
        }

        private void text(String text) {
            bytes(text.getBytes(StandardCharsets.UTF_8));
        }

        private void bytes(byte[] bytes) {
            count(bytes.length);
            room(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        void count(int count) {
            room(4);
            buffer[length++] = (byte) (count >>> 24);
            buffer[length++] = (byte) (count >>> 16);
            buffer[length++] = (byte) (count >>> 8);
            buffer[length++] = (byte) count;
        }

        private void put(byte b) {
            room(1);
            buffer[length++] = b;
        }

        private void room(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }
}
