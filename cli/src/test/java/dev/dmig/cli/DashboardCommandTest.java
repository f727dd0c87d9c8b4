package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code dmig dashboard} refuses before it opens any store: one line each, exit code 2. */
class DashboardCommandTest {
    @Test
    void inMemory_isRefused_becauseTheRunsItStartsAreProcessesOfTheirOwn() {
        CliRun refused = CliRun.execute(List.of("dashboard", "--in-memory"), null);

        assertThat(refused.code()).isEqualTo(ExitCode.INVALID);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("error: --in-memory keeps a store inside one process, and the runs the dashboard "
                + "starts run in processes of their own: leave out --in-memory (or use --data-dir DIR)" + System.lineSeparator());
    }

    @Test
    void aPortOutOfRange_isRefused() {
        CliRun refused = CliRun.execute(List.of("dashboard", "--port", "70000"), null);

        assertThat(refused.code()).isEqualTo(ExitCode.INVALID);
        assertThat(refused.err()).isEqualTo("error: --port 70000 is no port: 1 to 65535, or leave it out for a free one"
                + System.lineSeparator());
    }
}
