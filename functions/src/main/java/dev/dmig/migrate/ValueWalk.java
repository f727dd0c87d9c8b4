package dev.dmig.migrate;

import dev.dmig.plan.FileReference;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.store.ItemKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The string values a reference path reaches in an item ({@code a}, {@code a.b}, {@code a[]}, {@code a[].b}), each mapped
 * by a function, the value rebuilt only where something changed; and an item's problem, naming its table, attribute and key.
 */
public final class ValueWalk {
    /** Maps one string value of the item {@code source} (named in problems); null removes it (the attribute, or the element of its list or set). */
    @FunctionalInterface
    public interface ValueFunction {
        String apply(String value, Map<String, AttributeValue> source);
    }

    private ValueWalk() {}

    /**
     * {@code value} with every string the path reaches mapped by {@code f}: the very same value when nothing changed,
     * null when it is removed; throws {@link ItemInvalidException} on a value of the wrong type, naming {@code source}'s key.
     */
    public static AttributeValue walk(AttributeValue value, ReferencePath path, ValueFunction f, TablePlan table,
                               Map<String, AttributeValue> source) {
        return walk(value, path, 0, f, table, source);
    }

    /** The path's attribute of {@code item} walked by {@code f}: replaced when it changed, removed when it went. */
    @SuppressWarnings("ReferenceEquality") // a mapping returns the very value it was given when it changed nothing
    public static void rewrite(Map<String, AttributeValue> item, ReferencePath path, ValueFunction f, TablePlan table,
                        Map<String, AttributeValue> source) {
        AttributeValue value = item.get(path.attribute());
        AttributeValue mapped = walk(value, path, 0, f, table, source);
        if (mapped == null) {
            item.remove(path.attribute());
        } else if (mapped != value) {
            item.put(path.attribute(), mapped);
        }
    }

    @SuppressWarnings("ReferenceEquality") // a mapping returns the very value it was given when it changed nothing
    private static AttributeValue walk(AttributeValue value, ReferencePath path, int step, ValueFunction f,
                                       TablePlan table, Map<String, AttributeValue> item) {
        if (value == null || value.type() == AttributeValue.Type.NUL) {
            return value;
        }
        ReferencePath.Step here = path.steps().get(step);
        boolean last = step == path.steps().size() - 1;
        if (!here.each()) {
            if (last) {
                if (value.type() != AttributeValue.Type.S) {
                    throw invalid(table, path.text(), item, "expected a string ID, found " + describe(value));
                }
                return value.s().isEmpty() ? value : string(f.apply(value.s(), item));
            }
            if (value.type() != AttributeValue.Type.M) {
                throw invalid(table, path.text(), item, "expected a map at '" + here.name() + "', found " + describe(value));
            }
            return inMap(value, path, step + 1, f, table, item);
        }
        if (last && value.type() == AttributeValue.Type.SS) {
            List<String> mapped = new ArrayList<>(value.ss().size());
            value.ss().forEach(id -> {
                String result = f.apply(id, item);
                if (result != null) {
                    mapped.add(result);
                }
            });
            // DynamoDB refuses an empty set: a set whose every element was removed goes.
            return mapped.isEmpty() ? null : AttributeValue.fromSs(mapped);
        }
        if (value.type() != AttributeValue.Type.L) {
            throw invalid(table, path.text(), item, "expected a list" + (last ? " or string set of IDs" : " of maps")
                    + " at '" + here.name() + "', found " + describe(value));
        }
        return inList(value, path, step, f, table, item);
    }

    @SuppressWarnings("ReferenceEquality") // a mapping returns the very value it was given when it changed nothing
    private static AttributeValue inList(AttributeValue value, ReferencePath path, int step, ValueFunction f,
                                         TablePlan table, Map<String, AttributeValue> item) {
        boolean last = step == path.steps().size() - 1;
        List<AttributeValue> elements = value.l();
        List<AttributeValue> mapped = null;
        for (int i = 0; i < elements.size(); i++) {
            AttributeValue element = elements.get(i);
            AttributeValue result;
            if (element.type() == AttributeValue.Type.NUL) {
                result = element;
            } else if (last) {
                if (element.type() != AttributeValue.Type.S) {
                    throw invalid(table, path.text(), item, "element " + i + " should be a string ID, found " + describe(element));
                }
                result = element.s().isEmpty() ? element : string(f.apply(element.s(), item));
            } else {
                if (element.type() != AttributeValue.Type.M) {
                    throw invalid(table, path.text(), item, "element " + i + " should be a map, found " + describe(element));
                }
                result = inMap(element, path, step + 1, f, table, item);
            }
            if (result != element && mapped == null) {
                mapped = new ArrayList<>(elements.subList(0, i));
            }
            if (mapped != null && result != null) {
                mapped.add(result);
            }
        }
        return mapped == null ? value : AttributeValue.fromL(mapped);
    }

    /** A mapped string, or null (removed) for none. */
    private static AttributeValue string(String value) {
        return value == null ? null : AttributeValue.fromS(value);
    }

    @SuppressWarnings("ReferenceEquality") // a mapping returns the very value it was given when it changed nothing
    private static AttributeValue inMap(AttributeValue map, ReferencePath path, int step, ValueFunction f,
                                        TablePlan table, Map<String, AttributeValue> item) {
        String name = path.steps().get(step).name();
        AttributeValue child = map.m().get(name);
        AttributeValue mapped = walk(child, path, step, f, table, item);
        if (mapped == child) {
            return map;
        }
        Map<String, AttributeValue> copy = new HashMap<>(map.m());
        if (mapped == null) {
            copy.remove(name);
        } else {
            copy.put(name, mapped);
        }
        return AttributeValue.fromM(copy);
    }

    /** The problem of {@code item} of {@code table}, at {@code attribute}, naming the item by its ID. */
    public static ItemInvalidException invalid(TablePlan table, String attribute, Map<String, AttributeValue> item, String message) {
        AttributeValue id = item.get(table.idAttribute());
        String key = id == null ? "(no " + table.idAttribute() + ")" : table.idAttribute() + "=" + ItemKeys.scalar(id);
        return new ItemInvalidException(new Problem(table.model(), attribute, key, message));
    }

    /**
     * The part of a file value that its patterns apply to: the key after the reference's prefix, out of a URL of
     * {@code bucket}, the source's ({@link FileReference#keyPart}); refused naming the item where the value is none such.
     */
    public static String fileKeyPart(TablePlan table, ReferencePath path, FileReference file, String value, String bucket,
                                     Map<String, AttributeValue> item) {
        try {
            return file.keyPart(value, bucket);
        } catch (IllegalArgumentException e) {
            throw invalid(table, path.text(), item, e.getMessage());
        }
    }

    /** A value as a problem shows it: its first 77 characters and {@code ...} when longer than 80. */
    public static String shortened(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    static String describe(AttributeValue value) {
        return switch (value.type()) {
            case S -> "a string";
            case N -> "a number (N)";
            case B -> "binary (B)";
            case BOOL -> "a boolean (BOOL)";
            case NUL -> "NULL";
            case SS -> "a string set (SS)";
            case NS -> "a number set (NS)";
            case BS -> "a binary set (BS)";
            case L -> "a list (L)";
            case M -> "a map (M)";
            default -> "an unknown type";
        };
    }
}
