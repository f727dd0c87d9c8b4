package dev.dmig.feature.mask;

import dev.dmig.analysis.RunSection;
import dev.dmig.analysis.TableAnalysis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A masked run in {@code analysis.json} ({@code masking}): the variable its key came from and the key's fingerprint (a
 * keyed hash of a fixed text, which tells two keys apart and says neither), and per table how many values it masks, by
 * kind. Counts only: never a value.
 */
public record MaskSummary(String keyFrom, String keyFingerprint, List<Table> tables) {
    /** Its section of the analysis: a line for the key and one per table, after {@code masking:} and under {@code Masked}. */
    static final RunSection<MaskSummary> SECTION = new RunSection<>("masking", MaskSummary.class, "masking", "Masked",
            MaskSummary::lines);

    public MaskSummary {
        tables = List.copyOf(tables);
    }

    /** One table's masked values, by kind. */
    public record Table(String model, Map<String, Long> values) {
        public Table {
            values = new TreeMap<>(values);
        }

        /** {@code table User: 1,204 email, 1,204 givenName}. */
        String describe() {
            return "table " + model + ": " + values.entrySet().stream().map(kind -> String.format(Locale.ROOT, "%,d %s",
                    kind.getValue(), kind.getKey())).collect(Collectors.joining(", "));
        }
    }

    static MaskSummary of(MaskKey key, Collection<TableAnalysis> analysed) {
        List<Table> tables = new ArrayList<>();
        for (TableAnalysis table : analysed) {
            MaskedAnalysis masked = MaskedAnalysis.of(table);
            if (masked != null && !masked.values().isEmpty()) {
                tables.add(new Table(table.model(), masked.values()));
            }
        }
        return new MaskSummary(key.variable(), key.fingerprint(), tables);
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("key from " + keyFrom + " (fingerprint " + keyFingerprint + "), " + (tables.isEmpty() ? "no value masked"
                : tables.size() + (tables.size() == 1 ? " table" : " tables") + " masked"));
        tables.forEach(table -> lines.add(table.describe()));
        return lines;
    }
}
