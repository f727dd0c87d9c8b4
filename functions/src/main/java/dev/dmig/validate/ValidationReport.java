package dev.dmig.validate;

import java.util.List;

/** {@code runs/<runId>/validation.json}: the verdict and the per-table checks behind it. */
public record ValidationReport(String runId, boolean passed, String checkedAt, List<TableValidation> tables,
                               List<String> failures) {}
