package dev.dmig.report;

/** What Finalize returns: the verdict and where the report is. */
public record FinalizeResult(String runId, String verdict, String reportKey) {}
