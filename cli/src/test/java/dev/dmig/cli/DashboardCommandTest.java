package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What {@code dmig dashboard} refuses before it opens any store: one line each, exit code 2. */
class DashboardCommandTest {
    private record Printed(int code, String out, String err) {}

    private static Printed dmig(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Dmig.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Printed(code, out.toString(), err.toString());
    }

    @Test
    void inMemory_isRefused_becauseTheRunsItStartsAreProcessesOfTheirOwn() {
        Printed refused = dmig("dashboard", "--in-memory");

        assertThat(refused.code()).isEqualTo(ExitCode.INVALID);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("error: --in-memory keeps a store inside one process, and the runs the dashboard "
                + "starts run in processes of their own: leave out --in-memory (or use --data-dir DIR)" + System.lineSeparator());
    }

    @Test
    void aPortOutOfRange_isRefused() {
        Printed refused = dmig("dashboard", "--port", "70000");

        assertThat(refused.code()).isEqualTo(ExitCode.INVALID);
        assertThat(refused.err()).isEqualTo("error: --port 70000 is no port: 1 to 65535, or leave it out for a free one"
                + System.lineSeparator());
    }
}
