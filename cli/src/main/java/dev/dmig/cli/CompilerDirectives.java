package dev.dmig.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HotSpot's optimizing compiler (C2) to the JDK's SHA-256 for the life of a {@code dmig} command; everything else
 * runs as C1 compiles it. A command runs for seconds to minutes and waits mostly on its stores, and on a machine of
 * few cores C2 compiling the SDK's JSON parsers and dmig's transform took more CPU than it saved: 6 of the 9 CPU-seconds
 * of a 20,000-item {@code dmig migrate}, which ran 1.5 s sooner without it, and a 100,000-item one 3.7 s sooner
 * (docs/BENCHMARKS.md). SHA-256 keeps C2, whose intrinsic hashes ten times faster than C1's code: every item is hashed
 * for its ID. The directives are added from inside the process (the JVM's {@code Compiler.directives_add} diagnostic
 * command), for {@code java -jar dmig.jar}: the {@code ./dmig} launcher goes further and runs C1 alone
 * ({@code -XX:TieredStopAtLevel=1}: the digests of whole items no longer use SHA-256), and these are then not added.
 * Everything of {@code java.management} is in {@link HotSpot}, loaded only when the directives are added: a runtime
 * without that module keeps its compilers and runs the command as before.
 */
final class CompilerDirectives {
    /** Set to 1 to leave the JVM's compilers as they are (for a long local run on many cores, or to compare). */
    static final String KEEP_DEFAULT = "DMIG_DEFAULT_JIT";
    private static final Logger LOG = LoggerFactory.getLogger(CompilerDirectives.class);
    /** The first directive that matches a method applies: SHA-256 first, then everything else without C2. */
    static final String DIRECTIVES = "[{match: [\"sun/security/provider/*.*\"], c2: {Exclude: false}},"
            + " {match: [\"*.*\"], c2: {Exclude: true}}]";
    private static final int COUNT = 2;
    /** JVM options by which a person gave the compilers directives or commands already: theirs stand. */
    private static final List<String> CHOSEN = List.of("-XX:CompilerDirectivesFile", "-XX:CompileCommand");

    private CompilerDirectives() {}

    /**
     * Adds the directives on a daemon thread, so that the command does not wait for the management classes: compilations
     * queued in the first tenth of a second still go to C2, and they are few and small.
     */
    static void addInBackground(Map<String, String> environment) {
        if ("1".equals(environment.get(KEEP_DEFAULT))) {
            return;
        }
        Thread thread = new Thread(CompilerDirectives::add, "dmig-compiler-directives");
        thread.setDaemon(true);
        thread.start();
    }

    /** True when the JVM options gave the compilers directives or commands already. */
    static boolean chosenAlready(List<String> jvmOptions) {
        return jvmOptions.stream().anyMatch(option -> CHOSEN.stream().anyMatch(option::startsWith));
    }

    /**
     * True when the compilers run as the JVM runs them by default (tiered, up to C2), the only setting in which keeping
     * C2 to SHA-256 leaves C1 to compile the rest: with C2 alone ({@code -XX:-TieredCompilation},
     * {@code -XX:CompilationMode=high-only}) everything else would be interpreted.
     */
    static boolean tieredUpToC2(String tieredCompilation, String tieredStopAtLevel, String compilationMode, String useCompiler) {
        return "true".equals(tieredCompilation) && "4".equals(tieredStopAtLevel) && "default".equals(compilationMode)
                && "true".equals(useCompiler);
    }

    /**
     * True when added; false on a JVM without the diagnostic command or without {@code java.management}, or whose
     * compilers were chosen already. Never throws: whatever goes wrong costs only time, and is logged at debug.
     */
    static boolean add() {
        try {
            return HotSpot.add();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("compiler directives not added: {}", e.toString());
            return false;
        }
    }

    /** The JVM's management interface: loaded only here, so that a runtime without it never needs it. */
    private static final class HotSpot {
        private HotSpot() {}

        static boolean add() {
            HotSpotDiagnosticMXBean flags = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (chosenAlready(ManagementFactory.getRuntimeMXBean().getInputArguments())
                    || !tieredUpToC2(flags.getVMOption("TieredCompilation").getValue(),
                    flags.getVMOption("TieredStopAtLevel").getValue(), flags.getVMOption("CompilationMode").getValue(),
                    flags.getVMOption("UseCompiler").getValue())) {
                return false;
            }
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Path file = null;
            try {
                // Made just before it is read, and deleted on exit too: a command may end while this thread still runs.
                file = Files.createTempFile("dmig-compiler-directives", ".json");
                file.toFile().deleteOnExit();
                Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
                // The command's arguments are one line split at spaces: a path with a space in it goes in quotes.
                Object said = server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {"\"" + file + "\""}}, new String[] {String[].class.getName()});
                // It answers in words, and a refusal (a syntax error) is an answer too, not an exception.
                boolean added = String.valueOf(said).strip().equals(COUNT + " compiler directives added");
                if (!added) {
                    LOG.debug("compiler directives not added: {}", said);
                }
                return added;
            } catch (JMException | IOException e) {
                LOG.debug("compiler directives not added: {}", e.toString());
                return false;
            } finally {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        LOG.debug("could not delete {}: {}", file, e.toString());
                    }
                }
            }
        }
    }
}
