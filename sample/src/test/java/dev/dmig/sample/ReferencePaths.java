package dev.dmig.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the values a plan reference path ({@code a}, {@code a.b}, {@code a[]}, {@code a[].b})
 * names in an item. Absent attributes yield nothing; NULL and {@code ""} values are returned as
 * they are, so callers can tell the edge cases apart.
 */
final class ReferencePaths {

    private ReferencePaths() {
    }

    static List<AttributeValue> values(Map<String, AttributeValue> item, String path) {
        List<AttributeValue> found = new ArrayList<>();
        collect(item, List.of(path.split("\\.")), found);
        return found;
    }

    private static void collect(Map<String, AttributeValue> map, List<String> segments, List<AttributeValue> found) {
        String segment = segments.get(0);
        boolean each = segment.endsWith("[]");
        String name = each ? segment.substring(0, segment.length() - 2) : segment;
        AttributeValue value = map.get(name);
        if (value == null) {
            return;
        }
        List<String> rest = segments.subList(1, segments.size());
        if (!each) {
            step(value, rest, found);
        } else if (value.hasSs()) {
            value.ss().forEach(id -> step(AttributeValue.fromS(id), rest, found));
        } else if (value.hasL()) {
            value.l().forEach(element -> step(element, rest, found));
        } else {
            found.add(value);
        }
    }

    private static void step(AttributeValue value, List<String> rest, List<AttributeValue> found) {
        if (rest.isEmpty()) {
            found.add(value);
        } else if (value.hasM()) {
            collect(value.m(), rest, found);
        } else if (!Boolean.TRUE.equals(value.nul())) {
            found.add(value);
        }
    }
}
