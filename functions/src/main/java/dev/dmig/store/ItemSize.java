package dev.dmig.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it against the 400 KB limit: attribute names plus values,
 * numbers at about one byte per two digits, and a few bytes of overhead per list or map element.
 */
public final class ItemSize {
    /** DynamoDB's hard limit on one item. */
    public static final int LIMIT_BYTES = 400 * 1024;

    private ItemSize() {}

    public static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    /**
     * Loops rather than streams: this runs for every attribute of every item each pass reads and writes, and under the
     * command line's C1 a stream's pipeline is not compiled away.
     */
    private static long value(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> number(value.n());
            case B -> value.b().asByteArrayUnsafe().length;
            case BOOL, NUL -> 1;
            case SS -> texts(value.ss());
            case NS -> numbers(value.ns());
            case BS -> binaries(value.bs());
            case L -> 3 + elements(value.l());
            case M -> 3 + entries(value.m());
            default -> 0;
        };
    }

    private static long texts(List<String> texts) {
        long size = 0;
        for (String text : texts) {
            size += utf8(text);
        }
        return size;
    }

    private static long numbers(List<String> numbers) {
        long size = 0;
        for (String n : numbers) {
            size += number(n);
        }
        return size;
    }

    private static long binaries(List<SdkBytes> binaries) {
        long size = 0;
        for (SdkBytes b : binaries) {
            size += b.asByteArrayUnsafe().length;
        }
        return size;
    }

    private static long elements(List<AttributeValue> elements) {
        long size = 0;
        for (AttributeValue element : elements) {
            size += 1 + value(element);
        }
        return size;
    }

    private static long entries(Map<String, AttributeValue> entries) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> entry : entries.entrySet()) {
            size += 1 + utf8(entry.getKey()) + value(entry.getValue());
        }
        return size;
    }

    /** A number's size: about a byte per two digits, and one more. */
    static long number(String n) {
        long digits = 0;
        for (int i = 0; i < n.length(); i++) {
            if (Character.isDigit(n.charAt(i))) {
                digits++;
            }
        }
        return (digits + 1) / 2 + 1;
    }

    /**
     * UTF-8 length, as {@code String.getBytes} encodes it (a lone surrogate as '?', one byte). Encoding it is cheaper
     * than counting it char by char under C1: an ASCII string's bytes are checked and copied at once, where a loop of
     * {@code charAt} checks each index (two and a half times the cost, measured).
     */
    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
