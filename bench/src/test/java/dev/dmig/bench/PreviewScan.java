package dev.dmig.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The source values a masked run must leave nowhere, and the search for them in what the run wrote: emails and phone
 * numbers whole or inside any string (case-insensitive), full names, addresses and texts as whole values, given and
 * family names as whole values unless the value is one the run itself wrote as a fake (see {@link #fakes}).
 */
final class PreviewScan {
    /** Source values found inside strings: emails and phone numbers, lower case. */
    final Set<String> inside = new TreeSet<>();
    /** Source values found as whole values: full names and addresses. */
    final Set<String> whole = new TreeSet<>();
    /** Source free texts (the mask kind {@code text}), found as whole values. */
    final Set<String> texts = new TreeSet<>();
    /**
     * The source's values of each attribute the plan does not mask ({@code Model path}): a masked text found whole in the
     * target where the source itself holds it in an attribute the plan copies as it is was copied from there, not from
     * the masked attribute (the sample draws its free texts from one set of stock sentences); such a finding is listed in
     * {@link #copiedTexts}, unless {@link #strictTexts}.
     */
    final Map<String, Set<String>> unmasked = new java.util.HashMap<>();
    /** Masked source texts found whole in an attribute the plan leaves unmasked, which holds the same text in the source. */
    final List<String> copiedTexts = new ArrayList<>();
    /** Whether every masked text found whole counts as found, wherever it is. */
    boolean strictTexts;
    /** Source given and family names, found as whole values that are not {@link #fakes}. */
    final Set<String> names = new TreeSet<>();
    /**
     * The given, family and full names the run wrote as fakes (in masked attributes and masked users): the fake-name
     * library draws from ordinary names, so a source person's given name can be another one's fake by chance; such a
     * value in the target says nothing of the source, and is not counted as found.
     */
    final Set<String> fakes = new TreeSet<>();
    /** Source given and family names found whole in the target that are also fakes the run wrote: where, the value. */
    final List<String> namesAsFakes = new ArrayList<>();
    /** Each finding: where, which kind, the value. */
    final List<String> found = new ArrayList<>();

    /** Adds a source value the run masks, of the mask {@code kind} (email, phone, fullName, givenName, familyName, address, text). */
    void source(String kind, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        switch (kind) {
            case "email", "phone" -> inside.add(value.toLowerCase(Locale.ROOT));
            case "givenName", "familyName" -> names.add(value);
            case "text" -> texts.add(value);
            default -> whole.add(value);
        }
    }

    /** Looks for every source value in one string of the target at {@code where}, not an item's attribute. */
    void string(String where, String value) {
        string(where, null, value);
    }

    /** The same for an item's attribute at {@code location} ({@code Model path}, null for none). */
    void string(String where, String location, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String needle : inside) {
            if (lower.contains(needle)) {
                found.add(where + ": holds source email/phone " + needle);
            }
        }
        if (whole.contains(value)) {
            found.add(where + ": is a source full name/address: " + value);
        }
        if (texts.contains(value)) {
            if (!strictTexts && location != null && unmasked.getOrDefault(location, Set.of()).contains(value)) {
                copiedTexts.add(where + ": " + value);
            } else {
                found.add(where + ": is a masked source text: " + value);
            }
        }
        if (names.contains(value) && !fakes.contains(value)) {
            found.add(where + ": is a source given/family name the run wrote as no fake: " + value);
        } else if (names.contains(value)) {
            namesAsFakes.add(where + ": " + value);
        }
    }

    /** Looks for every source value in an artifact's text: inside it for emails and phones, as a JSON string for the rest. */
    void text(String where, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String needle : inside) {
            if (lower.contains(needle)) {
                found.add(where + ": holds source email/phone " + needle);
            }
        }
        for (Set<String> values : List.of(whole, texts)) {
            for (String value : values) {
                if (text.contains("\"" + value + "\"")) {
                    found.add(where + ": holds source full name/address/text \"" + value + "\"");
                }
            }
        }
        for (String value : names) {
            if (!fakes.contains(value) && text.contains("\"" + value + "\"")) {
                found.add(where + ": holds source given/family name \"" + value + "\"");
            }
        }
    }

    /**
     * Every string of {@code item} with its attribute path ({@code a.b}, {@code a[].b}, as the plan writes them), at any depth
     * (maps, lists, sets, numbers as text), attribute names included (at {@code path#name}).
     */
    static void strings(Map<String, AttributeValue> item, String path, BiConsumer<String, String> each) {
        item.forEach((name, value) -> {
            String at = path.isEmpty() ? name : path + "." + name;
            each.accept(at + "#name", name);
            strings(value, at, each);
        });
    }

    private static void strings(AttributeValue value, String path, BiConsumer<String, String> each) {
        if (value.s() != null) {
            each.accept(path, value.s());
        } else if (value.n() != null) {
            each.accept(path, value.n());
        } else if (value.hasSs()) {
            value.ss().forEach(s -> each.accept(path, s));
        } else if (value.hasNs()) {
            value.ns().forEach(n -> each.accept(path, n));
        } else if (value.hasL()) {
            value.l().forEach(v -> strings(v, path + "[]", each));
        } else if (value.hasM()) {
            strings(value.m(), path, each);
        }
    }

    /** The strings at {@code path} of {@code item} ({@code a.b}, {@code a[].b}, {@code ids[]}): the plan's attribute paths. */
    static List<String> at(Map<String, AttributeValue> item, String path) {
        List<AttributeValue> values = new ArrayList<>(List.of(AttributeValue.fromM(item)));
        for (String part : path.split("\\.")) {
            boolean list = part.endsWith("[]");
            String name = list ? part.substring(0, part.length() - 2) : part;
            List<AttributeValue> next = new ArrayList<>();
            for (AttributeValue value : values) {
                AttributeValue child = value.hasM() ? value.m().get(name) : null;
                if (child != null && list && child.hasL()) {
                    next.addAll(child.l());
                } else if (child != null && list && child.hasSs()) {
                    child.ss().forEach(s -> next.add(AttributeValue.fromS(s)));
                } else if (child != null && !list) {
                    next.add(child);
                }
            }
            values = next;
        }
        return values.stream().filter(v -> v.s() != null).map(AttributeValue::s).toList();
    }

    /** An artifact's text, gunzipped when it is gzipped. */
    static String text(byte[] bytes) {
        if (bytes.length > 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
