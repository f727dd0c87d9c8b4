package dev.dmig.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Short builders for DynamoDB items in tests: {@code item("id", s("c1"), "age", n("42"))}. */
public final class Items {
    private Items() {}

    /** An item from alternating attribute names and values; keeps the given order. */
    public static Map<String, AttributeValue> item(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("item(...) takes name, value pairs");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return item;
    }

    /** A copy of {@code item} with some attributes replaced or added. */
    public static Map<String, AttributeValue> with(Map<String, AttributeValue> item, Object... namesAndValues) {
        Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
        copy.putAll(item(namesAndValues));
        return copy;
    }

    /** A copy of {@code item} without some attributes. */
    public static Map<String, AttributeValue> without(Map<String, AttributeValue> item, String... names) {
        Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
        Arrays.asList(names).forEach(copy::remove);
        return copy;
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    public static AttributeValue b(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        return AttributeValue.fromB(SdkBytes.fromByteArray(raw));
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    public static AttributeValue nul() {
        return AttributeValue.fromNul(true);
    }

    public static AttributeValue ss(String... values) {
        return AttributeValue.fromSs(List.of(values));
    }

    public static AttributeValue ns(String... values) {
        return AttributeValue.fromNs(List.of(values));
    }

    public static AttributeValue bs(byte[]... values) {
        List<SdkBytes> bytes = new ArrayList<>();
        for (byte[] value : values) {
            bytes.add(SdkBytes.fromByteArray(value));
        }
        return AttributeValue.fromBs(bytes);
    }

    public static AttributeValue l(AttributeValue... values) {
        return AttributeValue.fromL(List.of(values));
    }

    public static AttributeValue m(Object... namesAndValues) {
        return AttributeValue.fromM(item(namesAndValues));
    }

    /** The key of an item with a string partition key: {@code {name: S value}}. */
    public static Map<String, AttributeValue> key(String name, String value) {
        return item(name, s(value));
    }
}
