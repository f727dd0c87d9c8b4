package dev.dmig.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {
    @TempDir
    Path dir;

    @Test
    void childSeconds_addUserAndSystemOfTheChildrenLine() {
        assertThat(ProcessCpu.childSeconds("0m0.004s 0m0.001s\n1m2.500s 0m0.250s\n").getAsDouble()).isEqualTo(62.75);
    }

    @Test
    void childSeconds_areEmptyWithoutTheChildrenLine() {
        assertThat(ProcessCpu.childSeconds("0m0.004s 0m0.001s\n")).isEmpty();
        assertThat(ProcessCpu.childSeconds("0m0.004s 0m0.001s\nnot times\n")).isEmpty();
        assertThat(ProcessCpu.childSeconds(dir.resolve("never-written"))).isEmpty();
    }

    /** A real bash around a real busy child: its CPU is read, and its exit code passes through. */
    @Test
    void measured_readsTheCommandsCpuAndKeepsItsExitCode() throws Exception {
        Path log = dir.resolve("busy.log");
        Process process = new ProcessBuilder(ProcessCpu.measured(
                List.of("bash", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo done; exit 7"), log))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(7);
        // The command's output is its own; the times go beside it.
        assertThat(Files.readString(log)).isEqualTo("done\n");
        assertThat(ProcessCpu.childSeconds(log).getAsDouble()).isGreaterThan(0.05);
    }

    @Test
    void ownSeconds_grow() {
        double before = ProcessCpu.ownSeconds().getAsDouble();
        long sum = 0;
        for (int i = 0; i < 50_000_000; i++) {
            sum += Integer.bitCount(i);
        }
        assertThat(sum).isPositive();
        assertThat(ProcessCpu.ownSeconds().getAsDouble()).isGreaterThan(before);
    }
}
