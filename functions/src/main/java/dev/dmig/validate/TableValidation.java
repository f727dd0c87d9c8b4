package dev.dmig.validate;

import java.util.List;

/**
 * Validation of one model: counts (items written = read − skipped), content (transformed source
 * against target, by digest, with example differences), references (each resolves in the target;
 * source orphans apart) and the source left unchanged. {@code byDigest}: the content was proven equal
 * by the digests of whole tables, with no lookup per item (then {@code matched} counts them all, and
 * the reference figures are the analysis's, of the same unchanged source). {@code sourceReadByMigration}: the source was
 * not read again; {@code sourceDigestAfter} is the digest of every item the migration read, and {@code expectedDigest}
 * the analysis's digest of what they map to. {@code objectsChecked}: objects of file references compared with the source's
 * in the target's Storage bucket, {@code objectsWrong} of them missing or different there; {@code objectsSkipped}: none to
 * compare (missing in the source, kept by {@code files.onMissing}) or left with other content by {@code onConflict: skip}.
 */
public record TableValidation(String model, boolean passed, long sourceItems, long itemsRead, long itemsWritten,
                              long itemsSkipped, boolean countsConsistent, long matched, long missing, long mismatched,
                              long skipped, String expectedDigest, String targetDigest, boolean contentEqual,
                              long referencesChecked, long brokenReferences, long sourceOrphans, long uncheckedReferences,
                              String sourceDigestBefore, String sourceDigestAfter, boolean sourceUnchanged,
                              List<String> examples, boolean byDigest, boolean sourceReadByMigration, long objectsChecked,
                              long objectsWrong, long objectsSkipped) {}
