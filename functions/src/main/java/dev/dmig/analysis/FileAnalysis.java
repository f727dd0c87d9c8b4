package dev.dmig.analysis;

import java.util.List;

/**
 * One file reference of a table, as analysis found its objects: {@code objects} values naming an object that is in the
 * source bucket (counted per value: an object two records name counts twice) and their {@code bytes}; {@code missing}
 * values naming no object there, with examples (item and object key); of the objects, those already {@code present} in the
 * target bucket with the same content (left as they are), and those whose key holds other content there
 * ({@code conflicts}, handled as {@code onConflict} says), with examples.
 */
public record FileAnalysis(String path, long objects, long bytes, long missing, List<OrphanExample> missingExamples, long present,
                           long conflicts, List<OrphanExample> conflictExamples) {}
