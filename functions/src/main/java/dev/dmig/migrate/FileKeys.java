package dev.dmig.migrate;

import dev.dmig.plan.FileReference;
import dev.dmig.plan.ObjectKeys;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.Storage;
import dev.dmig.plan.TablePlan;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a file value names: the object in the source's bucket, its new name in the target's (the key's patterns mapped
 * by {@link PatternValues}), and the value that names it there. The core's, as the identities' walk reads an identity
 * in a file's key; the files feature renames the values with it.
 */
public final class FileKeys {
    /** S3's longest object key, in bytes of UTF-8. */
    static final int MAX_KEY_BYTES = 1024;

    /** One file value's object in the source bucket, its name in the target's, and the value that names it there. */
    public record Named(String sourceKey, String targetKey, String value) {}

    private final Storage storage;
    private final PatternValues patterns;

    FileKeys(Storage storage, PatternValues patterns) {
        this.storage = storage;
        this.patterns = patterns;
    }

    /** The keys of the table's files in {@code parts}' plan, renamed with its patterns. */
    public static FileKeys of(RewriteParts parts) {
        return new FileKeys(parts.plan().storage(), parts.patterns());
    }

    /** The object a file value names and its new name; null when an identity in it has no match and the plan removes such values. */
    public Named named(TablePlan table, ReferencePath path, FileReference file, String value, Map<String, AttributeValue> item) {
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
    String keyPart(TablePlan table, ReferencePath path, FileReference file, String value, Map<String, AttributeValue> item) {
        try {
            return file.keyPart(value, storage.sourceBucket());
        } catch (IllegalArgumentException e) {
            throw ValueWalk.invalid(table, path.text(), item, e.getMessage());
        }
    }
}
