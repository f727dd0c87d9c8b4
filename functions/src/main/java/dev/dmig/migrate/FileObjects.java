package dev.dmig.migrate;

import dev.dmig.Features;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The objects a source item's file values name, each with its key in the source's bucket and the key it is copied to in
 * the target's, as a run's transformer renames them: a feature's walk of them (Storage files'), which what reads every
 * copied object key without copying it asks (validation's look for the source's values in the keys, the bench's script).
 * None where the build has no such feature.
 */
public interface FileObjects {
    /** No objects: a build without a feature that copies them. */
    FileObjects NONE = (model, item, visitor) -> { };

    /** Receives each non-empty file value of a source item: its path, the object's key in the source bucket and in the target's. */
    @FunctionalInterface
    interface Visitor {
        void visit(String path, String sourceKey, String targetKey);
    }

    /**
     * Visits every non-empty file value of a source item of {@code model} whose object the run copies; throws
     * {@link ItemInvalidException} as {@link ItemTransformer#transform} does.
     */
    void forEach(String model, Map<String, AttributeValue> item, Visitor visitor);

    /** A feature's walk, made from the transformer it renames with; null where it walks none. */
    @FunctionalInterface
    interface Feature {
        FileObjects of(ItemTransformer transformer);
    }

    /** The first feature's walk of {@code transformer}'s files; {@link #NONE} when no feature walks them. */
    static FileObjects of(ItemTransformer transformer) {
        return Features.at(Feature.class).stream().map(feature -> feature.of(transformer)).filter(Objects::nonNull).findFirst()
                .orElse(NONE);
    }
}
