package dev.dmig.analysis;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongBiFunction;

/**
 * A feature's section of the analysis as a whole ({@link Analysis#section}), declared by the feature: its {@code name}
 * in {@code analysis.json}, its {@code type}, the {@code lines} the analysis's summary, the dashboard and the run's report
 * say of it after its {@code word} ({@code match: ...}) and under its {@code heading} ({@code Matched}), and what of the
 * analysis it {@code stops}: the things a full run under {@code onConflict: abort} stops at besides the items' conflicts
 * (objects with other content at their new keys), counted from the analysis whenever asked, so that an analysis stored by
 * an earlier version counts them too.
 */
public record RunSection<S>(String name, Class<S> type, String word, String heading, BiFunction<S, Said, List<String>> lines,
                            ToLongBiFunction<S, Analysis> stops) {

    /** A section that says its lines of itself alone, and stops nothing. */
    public RunSection(String name, Class<S> type, String word, String heading, Function<S, List<String>> lines) {
        this(name, type, word, heading, (section, said) -> lines.apply(section), (section, analysis) -> 0);
    }

    /**
     * What a section's lines are said of: the run's analysis, and, once a full run has copied, what its pages carried
     * beside their items, by the cargo's name ({@code dev.dmig.migrate.PageCargo#OBJECTS}: the Storage objects copied);
     * empty before a run copied, and for a dry run or a test.
     */
    public record Said(Analysis analysis, Map<String, Long> carried) {
        public Said {
            carried = carried == null ? Map.of() : Map.copyOf(carried);
        }

        /** Whether a full run has copied: its report says what the copy did rather than what the analysis found. */
        public boolean copied() {
            return !carried.isEmpty();
        }
    }

    /** What every feature's section of {@code analysis} says, a line each after its word ({@code match: ...}). */
    public static List<String> everySaid(Analysis analysis) {
        return everySaid(new Said(analysis, null));
    }

    /** What every feature's section says of {@code said}'s analysis and copy, a line each after its word. */
    public static List<String> everySaid(Said said) {
        return dev.dmig.Features.at(RunSection.class).stream()
                .flatMap(section -> section.said(said).stream().map(line -> section.word() + ": " + line)).toList();
    }

    /** What {@code analysis}'s section says, a line each; none when it has none. */
    public List<String> said(Analysis analysis) {
        return said(new Said(analysis, null));
    }

    /** What the section of {@code said}'s analysis says of it and of the copy, a line each; none when it has none. */
    public List<String> said(Said said) {
        S section = said.analysis().section(name, type);
        return section == null ? List.of() : lines.apply(section, said);
    }

    /** What of {@code analysis} this section stops a full run at under {@code onConflict: abort}; 0 without the section. */
    long stopping(Analysis analysis) {
        S section = analysis.section(name, type);
        return section == null ? 0 : stops.applyAsLong(section, analysis);
    }
}
