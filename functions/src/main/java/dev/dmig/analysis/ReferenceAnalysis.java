package dev.dmig.analysis;

import java.util.List;

/**
 * How one reference path is used in the source: how many items fill it, how many values it
 * holds, and how many of those point at nothing (orphans, with examples).
 */
public record ReferenceAnalysis(String path, String model, long itemsWithValue, double fillRate, long values,
                                long orphans, long unchecked, List<OrphanExample> orphanExamples) {}
