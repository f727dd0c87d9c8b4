package dev.dmig.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * With {@code --jfr DIR}: a Flight Recording of a tool's JVM ({@link #jvmOptions}) and one of this JVM, which hosts the
 * embedded stores, over the same run ({@code NAME-store.jfr}): on 2 cores the store's CPU is part of the run's.
 */
final class StoreRecording implements AutoCloseable {
    private final Recording recording;
    private final Path file;

    private StoreRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** The JVM options that record a tool's JVM named {@code name} into {@code dir} (none when dir is null), after {@code base}. */
    static List<String> jvmOptions(List<String> base, Path dir, String name) {
        List<String> options = new ArrayList<>(base);
        if (dir != null) {
            // Deep enough for dmig's frames under the SDK's and the executor's.
            options.add("-XX:FlightRecorderOptions=stackdepth=256");
            options.add("-XX:StartFlightRecording=filename=" + dir.resolve(name + ".jfr").toAbsolutePath() + ",settings=profile");
        }
        return options;
    }

    /** Starts recording this JVM into {@code dir}/{@code name}-store.jfr (making dir); does nothing when dir is null. */
    static StoreRecording start(Path dir, String name) {
        if (dir == null) {
            return new StoreRecording(null, null);
        }
        try {
            Files.createDirectories(dir);
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
            return new StoreRecording(recording, dir.resolve(name + "-store.jfr").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("the JDK's profile settings of Flight Recorder do not parse: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (recording == null) {
            return;
        }
        try {
            recording.stop();
            recording.dump(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recording.close();
        }
    }
}
