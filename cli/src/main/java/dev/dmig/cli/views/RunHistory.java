package dev.dmig.cli.views;

import dev.dmig.cli.runs.ArtifactPlace;
import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.RunOrigin;
import dev.dmig.report.Numbers;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The migration history as {@code dmig status} lists it: every run of the artifacts the options name, and every run the
 * data directory records ({@code <data dir>/runs/<run>.json}) wherever its artifacts are — the embedded store, an S3
 * server of one's own, the deployed stack's bucket — each place read where it is and named. A place that cannot be read
 * now is named with why, and its runs are listed from their records; so are runs kept in a process's memory, and runs
 * recorded but not in their place's artifacts (refused before the run was opened, or deleted).
 */
public final class RunHistory {
    static final String UNKNOWN = "unknown";
    /** The width of the "took" column. */
    private static final int TOOK = 9;
    /**
     * The width of the "target tables" column: {@code *} and the target's table suffix, which tells apart runs into
     * different environments whose tables share one endpoint (an Amplify suffix, {@code -<26-letter API ID>-<env>}, fits).
     */
    private static final int TARGET = 40;

    /** One place and its runs as listed; {@code outOfReach}: why it cannot be read now (null when it was read). */
    record Section(ArtifactPlace place, String outOfReach, List<Line> lines) {
        long refused() {
            return lines.stream().filter(Line::refused).count();
        }
    }

    /**
     * One run's line; {@code seconds} is its time ({@link dev.dmig.run.RunTime}), null when its artifacts were not read;
     * {@code refused}: an attempt that wrote nothing, listed with {@code --all} only.
     */
    record Line(String runId, String mode, String place, String target, String started, Double seconds, String status, String why,
                boolean refused) {}

    private final List<Section> sections;
    private final ArtifactPlace named;

    private RunHistory(ArtifactPlace named, List<Section> sections) {
        this.named = named;
        this.sections = sections;
    }

    /**
     * The runs of {@code named}, read in {@code artifacts} (the options' place, open already), and of every place
     * {@code records} name, opened here one after another and let go once read; the named place first, then the others
     * in the order of their first run.
     */
    public static RunHistory of(ArtifactPlace named, ArtifactStore artifacts, List<RunOrigin> records, Instant now) {
        List<Section> sections = new ArrayList<>();
        // A run kept in memory went with its process: never the options' place, though that may be in memory too.
        sections.add(read(named, artifacts, now, records.stream().filter(r -> ArtifactPlace.of(r).kind() != ArtifactPlace.Kind.IN_MEMORY
                && ArtifactPlace.of(r).same(named)).toList()));
        List<ArtifactPlace> others = new ArrayList<>();
        for (RunOrigin record : records) {
            ArtifactPlace place = ArtifactPlace.of(record);
            if ((place.kind() == ArtifactPlace.Kind.IN_MEMORY || !place.same(named)) && others.stream().noneMatch(place::same)) {
                others.add(place);
            }
        }
        for (ArtifactPlace place : others) {
            sections.add(opened(place, records.stream().filter(r -> ArtifactPlace.of(r).same(place)).toList(), now));
        }
        return new RunHistory(named, sections);
    }

    private static Section opened(ArtifactPlace place, List<RunOrigin> records, Instant now) {
        if (place.kind() == ArtifactPlace.Kind.IN_MEMORY) {
            return new Section(place, null, records.stream().map(r -> recorded(r, "gone", "")).toList());
        }
        try (ArtifactPlace.Reached reached = place.open()) {
            return ArtifactPlace.reading(reached, artifacts -> read(place, artifacts, now, records));
        } catch (ArtifactPlace.OutOfReachException e) {
            return new Section(place, e.getMessage(), records.stream().map(r -> recorded(r, UNKNOWN, "")).toList());
        }
    }

    /** Every run in {@code artifacts}, and the runs recorded there that it does not hold. */
    private static Section read(ArtifactPlace place, ArtifactStore artifacts, Instant now, List<RunOrigin> records) {
        List<Line> lines = new ArrayList<>();
        for (RunRow row : RunRow.all(artifacts, now, records)) {
            RunManifest run = row.manifest();
            lines.add(new Line(run.runId(), run.mode().text(), row.place(), run.targetSuffix(), run.createdAt(), row.seconds(),
                    row.status(), row.why(), row.refused()));
        }
        Set<String> held = lines.stream().map(Line::runId).collect(Collectors.toSet());
        records.stream().filter(r -> !held.contains(r.runId())).forEach(r -> lines.add(recorded(r, "not there",
                "recorded, not in these artifacts: refused before the run was opened, or deleted")));
        lines.sort(Comparator.comparing(Line::started));
        return new Section(place, null, lines);
    }

    /** A run as its record says it, its artifacts unread. */
    private static Line recorded(RunOrigin record, String status, String why) {
        return new Line(record.runId(), record.mode(), record.place(), null, String.valueOf(record.startedAt()), null, status, why,
                status.equals("not there"));
    }

    /**
     * Prints the history: one place read, as a table of its runs and the place they are in; several, each under its
     * name (with why, for one that cannot be read now). Refused attempts wrote nothing and hold nothing: they are counted
     * rather than listed unless {@code all}; each keeps its manifest, for {@code dmig report --run} to say why it was
     * refused.
     */
    public void print(PrintWriter out, boolean all) {
        List<Section> shown = sections.stream().filter(s -> !s.lines().isEmpty()).toList();
        long refused = shown.stream().mapToLong(Section::refused).sum();
        if (shown.isEmpty()) {
            out.println("no runs yet in " + named.describe() + " (try: dmig demo, or dmig analyze --plan plan.json)");
            return;
        }
        boolean one = shown.size() == 1 && shown.get(0).outOfReach() == null && shown.get(0).place().same(named);
        long listed = 0;
        for (Section section : shown) {
            List<Line> lines = section.lines().stream().filter(line -> all || !line.refused()).toList();
            listed += lines.size();
            if (!one) {
                if (section != shown.get(0)) {
                    out.println();
                }
                out.println(heading(section, lines.size()));
            }
            if (!lines.isEmpty()) {
                out.println(Format.pad("run", 30) + Format.pad("mode", 10) + Format.pad("tables at", 24)
                        + Format.pad("target tables", TARGET) + Format.pad("started", 22) + Format.padLeft("took", TOOK) + "  "
                        + Format.pad("status", 20) + "why");
                lines.forEach(line -> out.println(row(line)));
            }
        }
        out.println();
        out.println(runs(listed) + " in " + (one ? named.describe() : shown.size() + " places")
                + (all || refused == 0 ? "" : "; " + refused + (refused == 1 ? " refused attempt" : " refused attempts")
                + " (nothing written) not listed: dmig status --all lists them"));
    }

    private static String heading(Section section, long listed) {
        String place = section.place().describe();
        String recorded = ", as the data directory records " + (listed == 1 ? "it" : "them");
        if (section.place().kind() == ArtifactPlace.Kind.IN_MEMORY) {
            return "kept in " + place + ", gone with their process: " + runs(listed) + recorded;
        }
        return section.outOfReach() == null ? place + ": " + runs(listed)
                : place + " cannot be read now (" + section.outOfReach() + "): " + runs(listed) + recorded;
    }

    private static String runs(long count) {
        return count + (count == 1 ? " run" : " runs");
    }

    private static String row(Line line) {
        String started = line.started().substring(0, Math.min(19, line.started().length())).replace('T', ' ');
        return Format.pad(line.runId(), 30) + Format.pad(line.mode(), 10) + Format.pad(clip(line.place(), 22), 24)
                + Format.pad(line.target() == null ? "-" : clip("*" + line.target(), TARGET - 2), TARGET) + Format.pad(started, 22) + Format.padLeft(line.seconds() == null ? "-" : Numbers.seconds(line.seconds()), TOOK)
                + "  " + Format.pad(line.status(), 20) + (line.status().equals(RunRow.NEEDS_ROLLBACK) ? line.why() : clip(line.why(), 160));
    }

    /** A text short enough for its column. */
    private static String clip(String text, int width) {
        return text.length() > width ? text.substring(0, width - 3) + "..." : text;
    }
}
