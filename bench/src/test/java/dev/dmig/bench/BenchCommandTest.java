package dev.dmig.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.Dmig;
import dev.dmig.cli.runs.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bench's option checks, which refuse a command line before any store starts. */
class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int bench(String... args) {
        return Dmig.configure(new CommandLine(new BenchCommand()), new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void latency_withoutAPhaseItApplies_isRefusedInOneLine() {
        assertThat(bench("--latency", "5,20", "--phases", "raw,dmig")).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).isEqualTo("error: --latency applies to the peer and onepass phases: add --phases peer or "
                + "--phases onepass\n");
        assertThat(out.toString()).isEmpty();
    }

    /** With onepass the latency is taken: the next check (the repetitions) is the one that refuses this command line. */
    @Test
    void latency_withTheOnePassPhase_isTaken() {
        assertThat(bench("--latency", "5,20", "--phases", "onepass", "--repeat", "0")).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).isEqualTo("error: --repeat must be at least 1\n");
    }

    @Test
    void latency_ofThreeValues_isRefused() {
        assertThat(bench("--latency", "5,20,1", "--phases", "onepass")).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).isEqualTo("error: --latency takes DYNAMODB_MS or DYNAMODB_MS,S3_MS, each 0 or more, not [5, 20, 1]\n");
    }

    @Test
    void wcu_withoutTheWholeApp_isRefusedInOneLine() {
        assertThat(bench("--wcu", "300", "--dataset", "sample")).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).isEqualTo("error: --wcu applies to the whole app: add --dataset app\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void masked_withoutTheWholeApp_isRefusedInOneLine() {
        assertThat(bench("--masked", "--dataset", "sample")).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).isEqualTo("error: --masked applies to the whole app: add --dataset app\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void wcuBurst_ofNegativeSeconds_isRefused() {
        assertThat(bench("--wcu", "300", "--wcu-burst", "-1", "--dataset", "app")).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).isEqualTo("error: --wcu-burst takes 0 or more seconds, not -1.0\n");
    }

    @Test
    void wcu_ofNoUnits_isRefused() {
        assertThat(bench("--wcu", "0", "--dataset", "app")).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).isEqualTo("error: --wcu takes 1 or more write units/s per table, not 0\n");
    }

    /** The whole app is a data set the command takes: the next check (the repetitions) is the one that refuses this line. */
    @Test
    void theWholeApp_isADatasetTheCommandTakes() {
        assertThat(bench("--dataset", "app", "--wcu", "300", "--repeat", "0")).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).isEqualTo("error: --repeat must be at least 1\n");
        err.getBuffer().setLength(0);
        assertThat(bench("--dataset", "apps")).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).isEqualTo("error: --dataset takes wide, sample and app, not apps\n");
    }
}
