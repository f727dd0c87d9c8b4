package dev.dmig.feature.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** What dmig wrote for a run (its artifacts and its executions' histories), read as text to look for source values. */
final class RunArtifacts {
    private RunArtifacts() {}

    /** The run's artifacts that hold one of {@code values} (lower case), each with the text around it. */
    static List<String> holding(S3ArtifactStore artifacts, String runId, List<String> values) {
        return holding(artifacts, keys(artifacts, runId), values);
    }

    /** The same of a dry run, which writes no journal and validates nothing: what it wrote under {@code runs/<id>/}. */
    static List<String> dryRunHolding(S3ArtifactStore artifacts, String runId, List<String> values) {
        List<String> keys = artifacts.list(RunLayout.prefix(runId));
        assertThat(keys).as("the dry run's artifacts").anyMatch(key -> key.endsWith("analysis.json"));
        return holding(artifacts, keys, values);
    }

    private static List<String> holding(S3ArtifactStore artifacts, List<String> keys, List<String> values) {
        List<String> holding = new ArrayList<>();
        for (String key : keys) {
            String text = text(artifacts.get(key).orElseThrow()).toLowerCase(Locale.ROOT);
            for (String value : values) {
                int at = text.indexOf(value);
                if (at >= 0) {
                    holding.add(key + ": " + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 60)));
                }
            }
        }
        return holding;
    }

    /** What dmig wrote for the run: its artifacts and its executions' histories. */
    private static List<String> keys(S3ArtifactStore artifacts, String runId) {
        List<String> keys = new ArrayList<>(artifacts.list(RunLayout.prefix(runId)));
        keys.addAll(artifacts.list("history/" + runId));
        assertThat(keys).as("the run's artifacts").anyMatch(key -> key.endsWith("analysis.json"))
                .anyMatch(key -> key.contains("/journal/")).anyMatch(key -> key.endsWith("validation.json"))
                .anyMatch(key -> key.endsWith("report.html")).anyMatch(key -> key.startsWith("history/"));
        return keys;
    }

    private static String text(byte[] bytes) {
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
