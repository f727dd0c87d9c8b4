package dev.dmig.infer;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Collects the values of sampled items by path, in the plan's path syntax: a map's attribute
 * {@code b} under {@code a} is {@code a.b}, the elements of a list or string set {@code a} are
 * {@code a[]}, so a list of maps gives {@code a[].b}. Attribute names the syntax cannot spell
 * (containing {@code .}, {@code [} or {@code ]}) are counted and left out.
 */
final class ValuePaths {
    private final int maxValuesPerPath;
    private final Map<String, PathValues> paths = new LinkedHashMap<>();
    private final Set<String> unspellable = new HashSet<>();
    private Set<String> touched = new HashSet<>();

    ValuePaths(int maxValuesPerPath) {
        this.maxValuesPerPath = maxValuesPerPath;
    }

    void add(Map<String, AttributeValue> item) {
        touched = new HashSet<>();
        item.forEach((name, value) -> {
            if (spellable(name)) {
                walk(name, value);
            } else {
                unspellable.add(name);
            }
        });
        touched.forEach(path -> paths.get(path).countItem());
    }

    /** Every path seen, in the order first seen. */
    Map<String, PathValues> paths() {
        return paths;
    }

    /** How many paths, and shapes of their values, were seen: what a round of reading that finds something new adds to. */
    int shapes() {
        return paths.size() + paths.values().stream().mapToInt(PathValues::shapes).sum();
    }

    /** Attribute names (at any depth) that no plan path can name. */
    Set<String> unspellable() {
        return unspellable;
    }

    private void walk(String path, AttributeValue value) {
        if (value.type() != AttributeValue.Type.NUL) {
            at(path).seen(value.type());
        }
        switch (value.type()) {
            case S -> {
                if (value.s().isEmpty()) {
                    at(path).empty();
                } else {
                    at(path).string(value.s());
                    touched.add(path);
                }
            }
            case NUL -> at(path).empty();
            case N -> {
                at(path).number(dev.dmig.migrate.ItemTransformer.numberText(value.n()));
                touched.add(path);
            }
            case NS -> {
                at(path).nonString();
                value.ns().forEach(element -> walk(path + "[]", AttributeValue.fromN(element)));
            }
            case SS -> {
                at(path).nonString();
                value.ss().forEach(element -> walk(path + "[]", AttributeValue.fromS(element)));
            }
            case L -> {
                at(path).nonString();
                List<AttributeValue> elements = value.l();
                elements.forEach(element -> walk(path + "[]", element));
            }
            case M -> {
                at(path).nonString();
                value.m().forEach((name, element) -> {
                    if (spellable(name)) {
                        walk(path + "." + name, element);
                    } else {
                        unspellable.add(path + "." + name);
                    }
                });
            }
            default -> at(path).nonString();
        }
    }

    private PathValues at(String path) {
        return paths.computeIfAbsent(path, p -> new PathValues(p, maxValuesPerPath));
    }

    private static boolean spellable(String name) {
        return !name.isEmpty() && name.indexOf('.') < 0 && name.indexOf('[') < 0 && name.indexOf(']') < 0;
    }
}
