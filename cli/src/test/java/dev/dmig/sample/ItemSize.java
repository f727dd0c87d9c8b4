// SPDX-License-Identifier: Apache-2.0
package dev.dmig.sample;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB's documented item size rules, close enough to tell 0.5 KB from 2 KB. */
final class ItemSize {

    private ItemSize() {
    }

    static int of(Map<String, AttributeValue> item) {
        return item.entrySet().stream().mapToInt(e -> utf8(e.getKey()) + of(e.getValue())).sum();
    }

    static int of(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> number(value.n());
            case B -> value.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToInt(ItemSize::utf8).sum();
            case NS -> value.ns().stream().mapToInt(ItemSize::number).sum();
            case BS -> value.bs().stream().mapToInt(b -> b.asByteArrayUnsafe().length).sum();
            case L -> 3 + value.l().stream().mapToInt(element -> 1 + of(element)).sum();
            case M -> 3 + value.m().entrySet().stream().mapToInt(e -> 1 + utf8(e.getKey()) + of(e.getValue())).sum();
            default -> throw new IllegalArgumentException("unknown attribute type " + value);
        };
    }

    private static int number(String number) {
        return new BigDecimal(number).precision() / 2 + 1;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
