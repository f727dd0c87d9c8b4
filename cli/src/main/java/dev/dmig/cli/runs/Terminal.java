package dev.dmig.cli.runs;

import java.io.Console;

/** The person at the keyboard, when there is one: asked to confirm before a run writes to production. */
@SuppressWarnings("SystemConsoleNull") // dmig runs on Java 17, where System.console() is null without a terminal
public interface Terminal {
    /** True when a person can answer a question (standard input and output are a terminal). */
    boolean interactive();

    /** Shows the prompt and reads one line; null at end of input. */
    String readLine(String prompt);

    static Terminal system() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return System.console() != null;
            }

            @Override
            public String readLine(String prompt) {
                Console console = System.console();
                return console == null ? null : console.readLine("%s", prompt);
            }
        };
    }
}
