package dev.dmig.feature.mask;

import dev.dmig.plan.ReferencePath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The values a path reaches in an item ({@code a}, {@code a.b}, {@code a[]}, {@code a[].b}), each of any type, replaced
 * by a function (null removes it: the attribute, or the element of its list or set). A masking rule must reach what it
 * names: a value of another shape on the way (a text where the path says a map) is refused with why
 * ({@link IllegalArgumentException}), since leaving it would copy it unmasked. NULL and a missing value stay as they are.
 */
final class MaskWalk {
    private MaskWalk() {}

    /** The path's attribute of {@code item} with every value it reaches replaced by {@code f}. */
    static void rewrite(Map<String, AttributeValue> item, ReferencePath path, UnaryOperator<AttributeValue> f) {
        AttributeValue mapped = walk(item.get(path.attribute()), path, 0, f);
        if (mapped == null) {
            item.remove(path.attribute());
        } else {
            item.put(path.attribute(), mapped);
        }
    }

    /** Every value the path reaches in {@code item}, NULLs left out. */
    static List<AttributeValue> values(Map<String, AttributeValue> item, ReferencePath path) {
        List<AttributeValue> found = new ArrayList<>();
        walk(item.get(path.attribute()), path, 0, value -> {
            found.add(value);
            return value;
        });
        return found;
    }

    private static AttributeValue walk(AttributeValue value, ReferencePath path, int step, UnaryOperator<AttributeValue> f) {
        if (value == null || value.type() == AttributeValue.Type.NUL) {
            return value;
        }
        ReferencePath.Step here = path.steps().get(step);
        boolean last = step == path.steps().size() - 1;
        if (!here.each()) {
            return last ? f.apply(value) : inMap(value, path, step + 1, f);
        }
        return switch (value.type()) {
            case SS -> set(value.ss().stream().map(AttributeValue::fromS).toList(), f, true, path);
            case NS -> set(value.ns().stream().map(AttributeValue::fromN).toList(), f, false, path);
            case L -> {
                List<AttributeValue> elements = new ArrayList<>();
                for (AttributeValue element : value.l()) {
                    AttributeValue mapped = last || element.type() == AttributeValue.Type.NUL ? applied(element, f)
                            : inMap(element, path, step + 1, f);
                    if (mapped != null) {
                        elements.add(mapped);
                    }
                }
                yield AttributeValue.fromL(elements);
            }
            default -> throw new IllegalArgumentException("expected a list or set at '" + here.name() + "', found "
                    + Masker.typeName(value));
        };
    }

    private static AttributeValue applied(AttributeValue element, UnaryOperator<AttributeValue> f) {
        return element.type() == AttributeValue.Type.NUL ? element : f.apply(element);
    }

    /** A set's elements replaced; a set whose every element went goes (DynamoDB refuses an empty set). */
    private static AttributeValue set(List<AttributeValue> elements, UnaryOperator<AttributeValue> f, boolean strings,
                                      ReferencePath path) {
        List<String> mapped = new ArrayList<>();
        for (AttributeValue element : elements) {
            AttributeValue result = f.apply(element);
            if (result == null) {
                continue;
            }
            if ((strings ? result.s() : result.n()) == null) {
                throw new IllegalArgumentException("a set of " + (strings ? "strings" : "numbers") + " at " + path
                        + " cannot hold " + Masker.typeName(result));
            }
            // A set holds each value once: two elements masked alike are one.
            if (!mapped.contains(strings ? result.s() : result.n())) {
                mapped.add(strings ? result.s() : result.n());
            }
        }
        return mapped.isEmpty() ? null : strings ? AttributeValue.fromSs(mapped) : AttributeValue.fromNs(mapped);
    }

    private static AttributeValue inMap(AttributeValue map, ReferencePath path, int step, UnaryOperator<AttributeValue> f) {
        if (map.type() != AttributeValue.Type.M) {
            throw new IllegalArgumentException("expected a map at '" + path.steps().get(step - 1).name() + "', found "
                    + Masker.typeName(map));
        }
        String name = path.steps().get(step).name();
        AttributeValue child = map.m().get(name);
        if (child == null) {
            return map;
        }
        AttributeValue mapped = walk(child, path, step, f);
        Map<String, AttributeValue> copy = new HashMap<>(map.m());
        if (mapped == null) {
            copy.remove(name);
        } else {
            copy.put(name, mapped);
        }
        return AttributeValue.fromM(copy);
    }
}
