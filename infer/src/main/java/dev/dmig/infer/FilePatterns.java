package dev.dmig.infer;

import dev.dmig.plan.FileReference;
import java.util.List;

/**
 * The pattern that renames a proposed file's objects with their records, when their keys hold IDs: an identity-pool ID
 * ({@code protected/<identityId>/…}), a sub, or a record's ID ({@code public/projects/<projectId>/…}). The keys (the
 * values as the file reads them, without its prefix or URL) are cut as references' values are, and at {@code .} as well,
 * so that an ID before an extension is a piece of its own ({@code covers/<id>.jpg}); a placeholder maps identities, or
 * IDs of a table when they are generated ones (a table whose IDs are names keeps them, so they would rename nothing).
 * The pattern is proposed as references' patterns are ({@link PatternInference}); without one, each object keeps its key,
 * and a warning says so when the keys hold generated IDs.
 */
final class FilePatterns {
    /** Object keys are cut at {@code .} too: an extension follows the ID it names a file of. */
    static final List<String> SEPARATORS = List.of("::", "#", "|", "/", ".");

    private final String bucket;
    private final Thresholds thresholds;
    private final PatternInference patterns;

    /** A proposed file, with the pattern that renames its objects when one was found; and what a person must look at. */
    record Renamed(ReferenceEvidence file, String warning) {}

    /** {@code slots}: what a placeholder's pieces are, as for a reference's pattern. */
    FilePatterns(String bucket, Thresholds thresholds, PatternInference.Slots slots) {
        this.bucket = bucket;
        this.thresholds = thresholds;
        IdentityInference identityIds = new IdentityInference(KnownUsers.NONE, thresholds);
        this.patterns = new PatternInference(thresholds, (pieces, path, ownKeys) -> {
            PatternInference.Slot identities = identityIds.identityIds(pieces);
            return identities != null ? identities : renaming(slots.resolve(pieces, path, ownKeys));
        }, SEPARATORS);
    }

    /** {@code file}, proposed for {@code path}, with the pattern that renames its objects, when its keys hold IDs. */
    Renamed rename(ReferenceEvidence file, PathValues path) {
        ReferenceEvidence pattern = patterns.infer(keys(file.file(), path), false);
        if (pattern == null || !pattern.proposed()) {
            return new Renamed(file, FileInference.keyIds(path));
        }
        double confidence = Math.min(file.confidence(), pattern.confidence());
        String level = rank(pattern.level()) < rank(file.level()) ? pattern.level() : file.level();
        return new Renamed(new ReferenceEvidence(file.path(), file.model(), file.checked(), file.matched(), file.matchRate(),
                file.items(), file.occurrences(), file.emptyValues(), file.nonStringValues(), file.valuesTruncated(),
                file.method() + ", " + pattern.method(), TableInference.round(confidence, 3), level, file.examples(),
                file.unresolved(), List.of(), null,
                ReferenceEvidence.Kind.FILE, file.basis() + ", as " + pattern.basis(), pattern.patterns(), file.file()), null);
    }

    /** The keys the path's values name, as the file reads them: what its pattern is matched against. */
    private PathValues keys(ProposedFile file, PathValues path) {
        FileReference reference = new FileReference(FileInference.format(file), file.prefix(), null);
        PathValues keys = new PathValues(path.path(), thresholds.maxValuesPerPath());
        for (String value : path.values()) {
            try {
                keys.string(reference.keyPart(value, bucket));
            } catch (IllegalArgumentException notOfTheBucket) {
                // A value that names no object of the bucket has no key to rename.
            }
        }
        return keys;
    }

    /** A slot as a key's placeholder: a table's IDs map only when they are generated ones, which get new values. */
    private PatternInference.Slot renaming(PatternInference.Slot slot) {
        if (slot.maps() && !slot.target().startsWith("@") && IdShape.generatedShare(slot.matched()) < thresholds.minMatchRate()) {
            return PatternInference.Slot.KEPT;
        }
        return slot;
    }

    private static int rank(String level) {
        return switch (level) {
            case "high" -> 2;
            case "medium" -> 1;
            default -> 0;
        };
    }
}
