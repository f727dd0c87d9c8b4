package dev.dmig.cli.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.Dmig;
import org.junit.jupiter.api.Test;

class LaunchesTest {
    /** A run the dashboard launches is the command line itself, started by its main class's name. */
    @Test
    void theMainClassALaunchStartsWith_isTheCommandLines() {
        assertThat(Launches.MAIN_CLASS).isEqualTo(Dmig.class.getName());
    }
}
