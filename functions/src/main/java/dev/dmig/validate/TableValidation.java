package dev.dmig.validate;

import java.util.List;

/**
 * Validation of one model: counts (items written = read − skipped), content (transformed source
 * against target, by digest, with example differences), references (each resolves in the target;
 * source orphans apart) and the source left unchanged.
 */
public record TableValidation(String model, boolean passed, long sourceItems, long itemsRead, long itemsWritten,
                              long itemsSkipped, boolean countsConsistent, long matched, long missing, long mismatched,
                              long skipped, String expectedDigest, String targetDigest, boolean contentEqual,
                              long referencesChecked, long brokenReferences, long sourceOrphans, long uncheckedReferences,
                              String sourceDigestBefore, String sourceDigestAfter, boolean sourceUnchanged,
                              List<String> examples) {}
