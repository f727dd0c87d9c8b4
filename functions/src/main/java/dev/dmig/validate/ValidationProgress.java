package dev.dmig.validate;

/** What Validate returns to the state machine: loop until done, then branch on passed. */
public record ValidationProgress(boolean done, boolean passed, long tables, long failures) {}
