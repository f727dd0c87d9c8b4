package dev.dmig.feature.mask;

import dev.dmig.analysis.TableAnalysis;
import java.util.Map;
import java.util.TreeMap;

/**
 * A masked run's table in {@code analysis.json} ({@code masked}): how many of its values the plan's rules mask, per kind,
 * and its attribute paths (top-level or inside maps and lists) that look personal and that the plan neither masks nor
 * keeps, with why ({@code undecided}).
 */
public record MaskedAnalysis(Map<String, Long> values, Map<String, String> undecided) {
    /** Its name among a table's sections. */
    static final String SECTION = "masked";

    public MaskedAnalysis {
        values = values == null ? Map.of() : new TreeMap<>(values);
        undecided = undecided == null ? Map.of() : new TreeMap<>(undecided);
    }

    /** A table's section; null when it masks nothing and has nothing undecided. */
    static MaskedAnalysis of(TableAnalysis table) {
        return table.section(SECTION, MaskedAnalysis.class);
    }
}
