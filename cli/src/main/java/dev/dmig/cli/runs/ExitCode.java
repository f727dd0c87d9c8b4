package dev.dmig.cli.runs;

/** The exit codes of every dmig command; docs/commands.md lists them too. */
public final class ExitCode {
    /** The run's verdict is success. */
    public static final int OK = 0;
    /** The run failed and was rolled back, or validation found differences. */
    public static final int FAILED = 1;
    /** The plan or the input is invalid; nothing was written. */
    public static final int INVALID = 2;
    /** Refused before writing: confirmation required, or conflicts found under abort. */
    public static final int REFUSED = 3;
    /** A rollback could not restore every key; rollback.json lists them. Needs a person. */
    static final int ROLLBACK_INCOMPLETE = 4;
    /** dmig itself failed (a bug, or the local servers could not start). */
    public static final int INTERNAL = 5;

    private ExitCode() {}
}
