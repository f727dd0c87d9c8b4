package dev.dmig.infer;

import dev.dmig.plan.FileFormat;
import dev.dmig.plan.FileReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a path's values name objects of the source's Storage bucket: as its keys, its keys after one of its first
 * folders ({@code public/}), {@code s3://} URLs or https URLs of it; read as the plan's file references read them
 * ({@link FileReference}), so what is proposed is what a run copies.
 */
final class FileInference {
    private static final int EXAMPLES = 3;

    private final BucketKeys bucket;
    private final Thresholds thresholds;

    FileInference(BucketKeys bucket, Thresholds thresholds) {
        this.bucket = bucket;
        this.thresholds = thresholds;
    }

    /** The bucket's name. */
    String bucket() {
        return bucket.bucket();
    }

    /** The best way the path's values name objects of the bucket, proposed or turned down; null when none names one. */
    ReferenceEvidence infer(PathValues path) {
        List<String> values = List.copyOf(path.values());
        ProposedFile best = null;
        Set<String> bestMatched = Set.of();
        for (ProposedFile candidate : candidates()) {
            Set<String> matched = matched(values, candidate);
            if (matched.size() > bestMatched.size()) {
                best = candidate;
                bestMatched = matched;
            }
        }
        return best == null ? null : evidence(path, values, best, bestMatched);
    }

    /**
     * What a person must look at about a proposed file: keys holding generated IDs (a record's, a user's identity-pool ID)
     * keep them as proposed, so the object is copied under its old name; a pattern renames it with its record. Null when
     * no matched value holds one.
     */
    static String keyIds(PathValues path) {
        for (String value : path.values()) {
            for (String piece : value.split("[/:.#|]")) {
                if (IdShape.opaque(piece)) {
                    return path.path() + ": its keys hold generated IDs (e.g. '" + piece + "' in '" + value + "'): as proposed,"
                            + " each object keeps its key in the target; if those are record or identity IDs, give the file a"
                            + " pattern (docs/plan.md, Files) so that it is renamed with its record";
                }
            }
        }
        return null;
    }

    private List<ProposedFile> candidates() {
        List<ProposedFile> candidates = new ArrayList<>(List.of(new ProposedFile(FileFormat.KEY.planName(), ""),
                new ProposedFile(FileFormat.S3_URL.planName(), ""), new ProposedFile(FileFormat.URL.planName(), "")));
        bucket.prefixes().forEach(prefix -> candidates.add(new ProposedFile(FileFormat.KEY.planName(), prefix)));
        return candidates;
    }

    private Set<String> matched(List<String> values, ProposedFile candidate) {
        FileReference reference = new FileReference(format(candidate), candidate.prefix(), null);
        Set<String> matched = new LinkedHashSet<>();
        for (String value : values) {
            try {
                if (bucket.contains(reference.objectKey(reference.keyPart(value, bucket.bucket())))) {
                    matched.add(value);
                }
            } catch (IllegalArgumentException notOfTheBucket) {
                // Not a URL of this bucket: the value is not matched, and counts against the rate.
            }
        }
        return matched;
    }

    static FileFormat format(ProposedFile file) {
        for (FileFormat format : FileFormat.values()) {
            if (format.planName().equals(file.format())) {
                return format;
            }
        }
        throw new IllegalStateException("no file format " + file.format());
    }

    private ReferenceEvidence evidence(PathValues path, List<String> values, ProposedFile file, Set<String> matched) {
        double rate = (double) matched.size() / values.size();
        String reason = refusal(matched.size(), values.size(), path.nonStringCount());
        double confidence = ReferenceEvidence.confidence(matched.size(), values.size());
        List<String> unresolved = reason != null ? List.of() : values.stream().filter(v -> !matched.contains(v)).limit(EXAMPLES).toList();
        return new ReferenceEvidence(path.path(), bucket.bucket(), values.size(), matched.size(), TableInference.round(rate, 4),
                path.items(), path.occurrences(), path.emptyCount(), path.nonStringCount(), path.truncated(),
                bucket.capped() ? "capped listing" : "listing", TableInference.round(confidence, 3), ReferenceEvidence.level(confidence),
                matched.stream().limit(EXAMPLES).toList(), unresolved, List.of(), reason, ReferenceEvidence.Kind.FILE,
                file.shown() + " of objects in bucket " + bucket.bucket(), List.of(), file);
    }

    /** Why the values are not a file reference; null when they are one. */
    private String refusal(int matched, int checked, int nonStringValues) {
        double rate = (double) matched / checked;
        if (rate < thresholds.minMatchRate()) {
            return "only " + matched + " of " + checked + " values (" + TableInference.percent(rate) + ") name objects in bucket "
                    + bucket.bucket() + (bucket.capped() ? " (its listing was capped at " + bucket.keys().size() + " keys)" : "")
                    + "; at least " + TableInference.percent(thresholds.minMatchRate()) + " needed";
        }
        if (matched < thresholds.minMatchedOpaque()) {
            return "too few values to tell: " + matched + " name objects in bucket " + bucket.bucket() + ", at least "
                    + thresholds.minMatchedOpaque() + " needed";
        }
        if (nonStringValues > 0) {
            return "the path also holds " + nonStringValues + " values that are not strings: dmig refuses a file path that meets"
                    + " one, so fix those items first";
        }
        return null;
    }
}
