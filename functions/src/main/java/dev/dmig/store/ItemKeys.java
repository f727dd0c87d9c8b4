package dev.dmig.store;

import java.util.Map;
import java.util.StringJoiner;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Human-readable item keys for one-line messages: {@code id=abc} or {@code pk=1, sk=x}. */
public final class ItemKeys {
    private ItemKeys() {}

    public static String describe(Map<String, AttributeValue> key) {
        if (key == null || key.isEmpty()) {
            return "(no key)";
        }
        StringJoiner joiner = new StringJoiner(", ");
        key.forEach((name, value) -> joiner.add(name + "=" + scalar(value)));
        return joiner.toString();
    }

    public static String scalar(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s();
            case N -> value.n();
            case B -> "0x" + java.util.HexFormat.of().formatHex(value.b().asByteArrayUnsafe());
            default -> value.toString();
        };
    }
}
