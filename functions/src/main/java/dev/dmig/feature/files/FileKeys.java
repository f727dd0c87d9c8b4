package dev.dmig.feature.files;

import dev.dmig.migrate.PatternValues;
import dev.dmig.migrate.RewriteParts;
import dev.dmig.migrate.ValueWalk;
import dev.dmig.plan.FileReference;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.Storage;
import dev.dmig.plan.TablePlan;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a file value names: the object in the source's bucket, its new name in the target's (the key's patterns mapped
 * by {@link PatternValues}), and the value that names it there; the rewrite renames the values with it, the walk of a
 * source item's objects reads them ({@link FileWalk}). (The core's walk of placeholders reads an identity in a file's
 * key by the same key part, {@link ValueWalk#fileKeyPart}.)
 */
final class FileKeys {
    /** S3's longest object key, in bytes of UTF-8. */
    static final int MAX_KEY_BYTES = 1024;

    /** One file value's object in the source bucket, its name in the target's, and the value that names it there. */
    record Named(String sourceKey, String targetKey, String value) {}

    private final Storage storage;
    private final PatternValues patterns;

    FileKeys(Storage storage, PatternValues patterns) {
        this.storage = storage;
        this.patterns = patterns;
    }

    /** The keys of the table's files in {@code parts}' plan, renamed with its patterns. */
    static FileKeys of(RewriteParts parts) {
        return new FileKeys(parts.plan().storage(), parts.patterns());
    }

    /** The object a file value names and its new name; null when an identity in it has no match and the plan removes such values. */
    Named named(TablePlan table, ReferencePath path, FileReference file, String value, Map<String, AttributeValue> item) {
        String sourceBucket = storage.sourceBucket();
        String part = keyPart(table, path, file, value, item);
        String mapped = file.mapping() == null ? part : patterns.mapped(table, path, file.mapping(), part, item);
        if (mapped == null) {
            return null;
        }
        String targetKey = file.objectKey(mapped);
        int bytes = targetKey.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw ValueWalk.invalid(table, path.text(), item, "the object key '" + ValueWalk.shortened(targetKey) + "' would be "
                    + bytes + " bytes, over S3's " + MAX_KEY_BYTES);
        }
        String sourceKey = file.objectKey(part);
        ObjectKeys.refusal(sourceKey, targetKey).ifPresent(why -> {
            throw ValueWalk.invalid(table, path.text(), item, why);
        });
        return new Named(sourceKey, targetKey, file.value(value, mapped, sourceBucket, storage.targetBucket()));
    }

    /** The part of a file value that its patterns apply to: the key after the prefix, out of a URL. */
    private String keyPart(TablePlan table, ReferencePath path, FileReference file, String value, Map<String, AttributeValue> item) {
        return ValueWalk.fileKeyPart(table, path, file, value, storage.sourceBucket(), item);
    }
}
