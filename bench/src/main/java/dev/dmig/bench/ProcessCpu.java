package dev.dmig.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU-seconds, which a busy machine disturbs less than seconds from start to exit: those a measured process used
 * (user and system, it and its children), and those this JVM used meanwhile, which hosts the embedded stores. On 2
 * cores the tools and the stores compete for the same CPU, so a tool's own CPU is what decides its time.
 */
final class ProcessCpu {
    /** One line of bash's {@code times}: user and system time, as {@code 1m2.345s 0m0.678s}. */
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s");

    private ProcessCpu() {
    }

    /**
     * {@code command} run by bash, which writes the CPU its children used ({@code times}) beside {@code log} once the
     * command has ended, and exits with the command's code: nothing else changes for the command.
     */
    static List<String> measured(List<String> command, Path log) {
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c", "\"$@\"; code=$?; times > \"$0\"; exit $code",
                timesOf(log).toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The user and system seconds of the children of the command {@link #measured} ran beside {@code log}; empty when unreadable. */
    static OptionalDouble childSeconds(Path log) {
        Path times = timesOf(log);
        try {
            return Files.isRegularFile(times) ? childSeconds(Files.readString(times, StandardCharsets.UTF_8)) : OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }

    private static Path timesOf(Path log) {
        return log.resolveSibling(log.getFileName() + ".times");
    }

    /** The second line of {@code times}: the shell's children (the first is the shell's own). */
    static OptionalDouble childSeconds(String times) {
        String[] lines = times.strip().split("\\R");
        if (lines.length < 2) {
            return OptionalDouble.empty();
        }
        Matcher m = TIMES.matcher(lines[1].strip());
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Long.parseLong(m.group(3)) * 60 + Double.parseDouble(m.group(4)));
    }

    /**
     * The seconds this JVM's compilers have spent so far (summed over compiler threads, as the JVM counts them), or
     * empty on a JVM that does not say: a store in this JVM still compiling its code takes CPU from the tool measured.
     */
    static OptionalDouble ownCompileSeconds() {
        CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
        if (compilation == null || !compilation.isCompilationTimeMonitoringSupported()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(compilation.getTotalCompilationTime() / 1e3);
    }

    /** The CPU-seconds this JVM has used so far, or empty on a JVM that does not say. */
    static OptionalDouble ownSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? OptionalDouble.empty() : OptionalDouble.of(nanos / 1e9);
        }
        return OptionalDouble.empty();
    }
}
