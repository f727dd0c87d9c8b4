package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CompilerDirectivesTest {

    @Test
    void compilersChosenByJvmOptions_areLeftAsTheyAre() {
        assertThat(CompilerDirectives.chosenAlready(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1"))).isTrue();
        assertThat(CompilerDirectives.chosenAlready(List.of("-XX:CompilerDirectivesFile=mine.json"))).isTrue();
        assertThat(CompilerDirectives.chosenAlready(List.of("-XX:-TieredCompilation"))).isTrue();
        assertThat(CompilerDirectives.chosenAlready(List.of("-Xmx1g", "-Dfile.encoding=UTF-8"))).isFalse();
    }

    /** In a JVM of its own, so that this test JVM keeps its compilers. */
    @Test
    void thisJvm_acceptsTheDirectives_unlessItsOptionsChoseTheCompilers() throws Exception {
        assertThat(addedIn(List.of())).isEqualTo("added: true");
        assertThat(addedIn(List.of("-XX:TieredStopAtLevel=1"))).isEqualTo("added: false");
    }

    private static String addedIn(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().reduce((first, last) -> last).orElse("");
    }

    /** Adds the directives in a fresh JVM and says whether they were added. */
    static final class Probe {
        public static void main(String[] args) {
            System.out.println("added: " + CompilerDirectives.add());
        }
    }
}
