package dev.dmig.sample;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Builds one DynamoDB item in attribute order, so that generated items print and compare stably. */
final class ItemBuilder {

    private final Map<String, AttributeValue> attributes = new LinkedHashMap<>();

    ItemBuilder put(String name, AttributeValue value) {
        attributes.put(name, value);
        return this;
    }

    ItemBuilder s(String name, String value) {
        return put(name, s(value));
    }

    ItemBuilder n(String name, long value) {
        return put(name, n(value));
    }

    ItemBuilder n(String name, BigDecimal value) {
        return put(name, n(value));
    }

    ItemBuilder bool(String name, boolean value) {
        return put(name, bool(value));
    }

    ItemBuilder nul(String name) {
        return put(name, nul());
    }

    ItemBuilder putAll(Map<String, AttributeValue> values) {
        attributes.putAll(values);
        return this;
    }

    /** Leaves the attribute out when the value is null, as Amplify does for unset optional fields. */
    ItemBuilder optional(String name, AttributeValue valueOrNull) {
        return valueOrNull == null ? this : put(name, valueOrNull);
    }

    Map<String, AttributeValue> build() {
        return Collections.unmodifiableMap(attributes);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** DynamoDB stores numbers normalised; generating them that way keeps round trips byte-identical. */
    static AttributeValue n(BigDecimal value) {
        return AttributeValue.fromN(canonical(value));
    }

    static String canonical(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    static AttributeValue nul() {
        return AttributeValue.fromNul(true);
    }

    static AttributeValue b(byte[] value) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(value));
    }

    static AttributeValue ss(List<String> values) {
        return AttributeValue.fromSs(List.copyOf(values));
    }

    static AttributeValue ns(List<BigDecimal> values) {
        return AttributeValue.fromNs(values.stream().map(ItemBuilder::canonical).toList());
    }

    static AttributeValue bs(List<byte[]> values) {
        return AttributeValue.fromBs(values.stream().map(SdkBytes::fromByteArray).toList());
    }

    static AttributeValue l(AttributeValue... values) {
        return AttributeValue.fromL(Arrays.asList(values));
    }

    static AttributeValue l(List<AttributeValue> values) {
        return AttributeValue.fromL(new ArrayList<>(values));
    }

    static AttributeValue m(Map<String, AttributeValue> values) {
        return AttributeValue.fromM(values);
    }

    static AttributeValue m(ItemBuilder values) {
        return AttributeValue.fromM(values.build());
    }
}
