package dev.dmig.feature.mask;

import dev.dmig.PersonalValues;
import dev.dmig.plan.TablePlan;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.TableInfo;
import dev.dmig.validate.CopyCheck;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Validation's look for the source values a masked run replaced in what it wrote: every string of every target item
 * (nested in maps, lists and sets, key attributes alike) but those a rule of its table masks (its fakes, which
 * {@link Unmasked} checks against their own source), against the run's prints ({@link PrintSet}). Each string that is or
 * holds one fails its table, counted by attribute and said by what it was ({@code a source email}); the item is named by
 * its key, a key value that holds one said by what it was, never the value.
 */
final class WrittenValues {
    private final PrintSet prints;
    private final SourcePrints printer;

    WrittenValues(PrintSet prints, SourcePrints printer) {
        this.prints = prints;
        this.printer = printer;
    }

    /** How validation's failure line says such a value, after its count. */
    static String what(SourcePrints.Sort sort) {
        return "holding " + sort.said() + " that the run masks; mask or remove this attribute too";
    }

    /** Looks through {@code items}, written to {@code target} for {@code table}, adding what it finds to {@code findings}. */
    void check(TablePlan table, TableInfo target, Iterable<Map<String, AttributeValue>> items, CopyCheck.Findings findings) {
        TableMask mask = table.feature(TableMask.class);
        Set<String> masked = mask == null ? Set.of()
                : mask.masking().stream().map(rule -> rule.path().text()).collect(Collectors.toSet());
        for (Map<String, AttributeValue> item : items) {
            item.forEach((name, value) -> walk(value, name, masked, found ->
                    findings.failed(found.path, what(found.sort), where(target, item))));
        }
    }

    /** A value found: where, and what it was. */
    private record Found(String path, SourcePrints.Sort sort) {}

    private void walk(AttributeValue value, String path, Set<String> masked, java.util.function.Consumer<Found> found) {
        if (masked.contains(path)) {
            return;
        }
        switch (value.type()) {
            case S -> string(value.s(), path, found);
            case SS -> {
                if (!masked.contains(path + "[]")) {
                    value.ss().forEach(element -> string(element, path + "[]", found));
                }
            }
            case L -> value.l().forEach(element -> walk(element, path + "[]", masked, found));
            case M -> value.m().forEach((name, element) -> walk(element, path + "." + name, masked, found));
            default -> {
                // Numbers, binaries, booleans and NULL: a masked date or number is not looked for.
            }
        }
    }

    private void string(String value, String path, java.util.function.Consumer<Found> found) {
        SourcePrints.Sort sort = prints.find(value, printer);
        if (sort != null) {
            found.accept(new Found(path, sort));
        }
    }

    /** The item's key, as failures name it: each key value that holds a source value said by what it was. */
    private String where(TableInfo target, Map<String, AttributeValue> item) {
        StringJoiner key = new StringJoiner(", ");
        target.keyOf(item).forEach((name, value) -> {
            SourcePrints.Sort sort = value.type() == AttributeValue.Type.S ? prints.find(value.s(), printer) : null;
            key.add(name + "=" + (sort == null ? PersonalValues.shown(ItemKeys.scalar(value)) : "(" + sort.said() + ")"));
        });
        return key.toString();
    }
}
