package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerDirectivesTest {

    @TempDir
    Path temp;

    @Test
    void directivesOrCommandsGivenByJvmOptions_stand() {
        assertThat(CompilerDirectives.chosenAlready(List.of("-Xmx1g", "-XX:CompilerDirectivesFile=mine.json"))).isTrue();
        assertThat(CompilerDirectives.chosenAlready(List.of("-XX:CompileCommand=exclude,*.*"))).isTrue();
        assertThat(CompilerDirectives.chosenAlready(List.of("-Xmx1g", "-Dfile.encoding=UTF-8"))).isFalse();
    }

    @Test
    void onlyTheDefaultTieredCompilers_leaveC1ToCompileWhatC2DoesNot() {
        assertThat(CompilerDirectives.tieredUpToC2("true", "4", "default", "true")).isTrue();
        assertThat(CompilerDirectives.tieredUpToC2("true", "1", "default", "true")).as("C1 only").isFalse();
        assertThat(CompilerDirectives.tieredUpToC2("false", "4", "default", "true")).as("C2 only").isFalse();
        assertThat(CompilerDirectives.tieredUpToC2("true", "4", "high-only", "true")).as("C2 only").isFalse();
        assertThat(CompilerDirectives.tieredUpToC2("true", "4", "default", "false")).as("-Xint").isFalse();
    }

    /** Each in a JVM of its own, so that this test JVM keeps its compilers. */
    @Test
    void aJvmWithItsDefaultCompilers_acceptsTheDirectives_evenFromATempDirectoryWithASpace() throws Exception {
        assertThat(addedIn(List.of())).isEqualTo("added: true");
        Path spaced = Files.createDirectories(temp.resolve("with space"));
        assertThat(addedIn(List.of("-Djava.io.tmpdir=" + spaced))).isEqualTo("added: true");
        try (Stream<Path> left = Files.list(spaced)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void compilersChosenByJvmOptions_areLeftAsTheyAre() throws Exception {
        assertThat(addedIn(List.of("-XX:TieredStopAtLevel=1"))).isEqualTo("added: false");
        assertThat(addedIn(List.of("-XX:CompilationMode=high-only"))).isEqualTo("added: false");
        // The JVM says it read the person's file; the probe says it added nothing.
        assertThat(addedIn(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + directivesFile())))
                .isEqualTo("1 compiler directives added\nadded: false");
    }

    @Test
    void aRuntimeWithoutJavaManagement_keepsItsCompilers_andSaysNothing() throws Exception {
        assertThat(addedIn(List.of("--limit-modules", "java.base"))).isEqualTo("added: false");
    }

    private Path directivesFile() throws IOException {
        Path file = temp.resolve("mine.json");
        Files.writeString(file, "[{match: [\"*.*\"], c1: {Exclude: false}}]");
        return file;
    }

    /** What the probe printed, its whole output: one line, nothing else (no stack trace, no log line). */
    private static String addedIn(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** Adds the directives in a fresh JVM and says whether they were added. */
    static final class Probe {
        public static void main(String[] args) {
            System.out.println("added: " + CompilerDirectives.add());
        }
    }
}
