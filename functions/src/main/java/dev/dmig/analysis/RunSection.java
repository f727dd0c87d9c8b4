package dev.dmig.analysis;

import java.util.List;
import java.util.function.Function;

/**
 * A feature's section of the analysis as a whole ({@link Analysis#section}), declared by the feature: its {@code name}
 * in {@code analysis.json}, its {@code type}, and the {@code lines} the analysis's summary says of it after its
 * {@code word} ({@code match: ...}) and the run's report under its {@code heading} ({@code Matched}).
 */
public record RunSection<S>(String name, Class<S> type, String word, String heading, Function<S, List<String>> lines) {
    /** What every feature's section of {@code analysis} says, a line each after its word ({@code match: ...}). */
    public static List<String> everySaid(Analysis analysis) {
        return dev.dmig.Features.at(RunSection.class).stream()
                .flatMap(section -> section.said(analysis).stream().map(line -> section.word() + ": " + line)).toList();
    }

    /** What {@code analysis}'s section says, a line each; none when it has none. */
    public List<String> said(Analysis analysis) {
        S section = analysis.section(name, type);
        return section == null ? List.of() : lines.apply(section);
    }
}
