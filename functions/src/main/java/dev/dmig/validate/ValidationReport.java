package dev.dmig.validate;

import java.util.List;

/**
 * {@code runs/<runId>/validation.json}: the verdict and the per-table checks behind it; {@code sourceValuesChecked}: what
 * was looked for of the source's in what the run wrote (null in a report of a version that did not look).
 */
public record ValidationReport(String runId, boolean passed, String checkedAt, List<TableValidation> tables,
                               List<String> failures, SourceValuesChecked sourceValuesChecked) {}
