package dev.dmig.feature.mask;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dmig.csv.CsvCell;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.validate.VerdictCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Validation's look at what a masked run has written of itself under {@code runs/<id>/}: every string of each artifact
 * (a JSON document's names and values, a CSV file's cells, any other text's lines; gunzipped where gzipped) against the
 * prints of the source values the run masks and of its source users' ({@link RunPrints}), found as validation finds them
 * in items ({@link PrintSet#find}). One line per artifact holding any, naming it and what it holds, never the value.
 * Left out: the files of prints and of ID filters (hashes, never a value); the target's objects the run saved before
 * overwriting them (the target's own bytes); and the journal's entries, which may number millions and keep nothing of
 * the source's by construction: each record's target key, as the run wrote it, the target's item it overwrote, a hash of
 * what it wrote, and a source ID only of a table whose IDs hold no value the run masks ({@code WithheldIds}). The team's
 * own input is left out too: an identity map given as a file ({@code identities.csv}), and the roots of a slice in the
 * manifest ({@code --root MODEL:ID}, as given; its {@code slice.json} names them as the run's examples do). The identity
 * map built from the pools is looked through: it keeps every username sealed.
 */
final class MaskedArtifactsCheck implements VerdictCheck {
    /** The manifest's field of a slice's roots, as the team gave them. */
    private static final String ROOTS = "roots";
    private final VerdictCheck.Parts parts;
    private final MaskSettings settings;

    private MaskedArtifactsCheck(VerdictCheck.Parts parts, MaskSettings settings) {
        this.parts = parts;
        this.settings = settings;
    }

    /** A masked run's. */
    static void addTo(List<VerdictCheck> checks, VerdictCheck.Parts parts) {
        MaskSettings settings = parts.plan().section(MaskSettings.class);
        if (settings != null) {
            checks.add(new MaskedArtifactsCheck(parts, settings));
        }
    }

    @Override
    public void failures(List<String> failures) {
        PrintSet prints = new RunPrints.Loaded(parts.artifacts(), parts.runId()).prints();
        if (prints.isEmpty()) {
            return;
        }
        SourcePrints printer = new SourcePrints(settings.key());
        ArtifactStore artifacts = parts.artifacts();
        for (String key : keys(artifacts, parts.runId())) {
            if (!lookedThrough(parts.runId(), key)) {
                continue;
            }
            // The roots of a slice (--root MODEL:ID) are the team's own input, kept in the manifest as given.
            String given = key.equals(RunLayout.manifest(parts.runId())) ? ROOTS : null;
            SourcePrints.Sort sort = artifacts.get(key).map(bytes -> found(key, bytes, given, prints, printer)).orElse(null);
            if (sort != null) {
                failures.add("artifact " + key + ": holds " + sort.said() + " that the run masks; roll the run back, delete"
                        + " the run's artifacts, and report it: the run keeps no source value it masks");
            }
        }
    }

    /**
     * The run's artifacts but the journal's and the saved objects' folders, which are not listed: a large run's journal
     * holds millions of entries.
     */
    static List<String> keys(ArtifactStore artifacts, String runId) {
        String prefix = RunLayout.prefix(runId);
        List<String> keys = new ArrayList<>(artifacts.files(prefix));
        for (String folder : artifacts.children(prefix)) {
            String under = prefix + folder + "/";
            if (!under.equals(RunLayout.journal(runId)) && !under.equals(RunLayout.savedObjects(runId))) {
                keys.addAll(artifacts.list(under));
            }
        }
        return keys;
    }

    /**
     * Whether the check reads the artifact at {@code key}: all but the journal's entries, saved objects, hashes and the
     * identity map the team gave as a file (its usernames are theirs to give; one built from the pools keeps each sealed).
     */
    static boolean lookedThrough(String runId, String key) {
        return !key.endsWith(".bin") && !key.startsWith(RunLayout.savedObjects(runId))
                && !(key.startsWith(RunLayout.journal(runId)) && RunLayout.journalSeq(key) >= 0)
                && !key.equals(RunLayout.identities(runId));
    }

    /**
     * The sort of the first source value a string of the artifact holds; null for none. {@code given}: the name of a field
     * of a JSON document's top level that holds the team's own input, not looked through (null for none).
     */
    static SourcePrints.Sort found(String key, byte[] bytes, String given, PrintSet prints, SourcePrints printer) {
        byte[] plain = gunzipped(bytes);
        int first = 0;
        while (first < plain.length && Character.isWhitespace(plain[first])) {
            first++;
        }
        if (first < plain.length && (plain[first] == '{' || plain[first] == '[')) {
            try {
                return inJson(plain, given, prints, printer);
            } catch (IOException e) {
                // Not JSON after all: its lines are looked through as text.
            }
        }
        String text = new String(plain, StandardCharsets.UTF_8);
        boolean csv = key.endsWith(".csv") || key.endsWith(".csv.gz");
        for (String line : text.split("\r?\n")) {
            for (String string : csv ? cells(line) : List.of(line)) {
                SourcePrints.Sort sort = prints.find(string, printer);
                if (sort != null) {
                    return sort;
                }
            }
        }
        return null;
    }

    /** The sort of the first source value a field name or string value of a JSON document holds; null for none. */
    private static SourcePrints.Sort inJson(byte[] json, String given, PrintSet prints, SourcePrints printer) throws IOException {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.getParsingContext().getParent().inRoot()
                        && parser.getCurrentName().equals(given)) {
                    parser.nextToken();
                    parser.skipChildren();
                    continue;
                }
                if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
                    SourcePrints.Sort sort = prints.find(parser.getText(), printer);
                    if (sort != null) {
                        return sort;
                    }
                }
            }
            return null;
        }
    }

    /** A CSV line's cells as RFC 4180 has them ({@code dev.dmig.csv.CsvCell}): quoted or not. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(CsvCell.read(cell.toString()));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(CsvCell.read(cell.toString()));
        return cells;
    }

    private static byte[] gunzipped(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != (byte) 0x1f || bytes[1] != (byte) 0x8b) {
            return bytes;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
