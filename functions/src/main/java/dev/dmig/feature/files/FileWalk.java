package dev.dmig.feature.files;

import dev.dmig.migrate.FileObjects;
import dev.dmig.migrate.FileSources;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.ValueWalk;
import dev.dmig.plan.FileReference;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The file values of a source item, each with the object it names in the source's bucket and its new name in the
 * target's, as a run's transformer renames them: what the page's cargo copies and compares ({@link PageObjects}, a
 * {@link PageCargo}), the analysis's scan looks at ({@link ObjectScan}) and, as the steps' {@link FileObjects},
 * validation's check of source values and the bench's script read. Made from the transformer it renames with, so that
 * the transformer carries no walk of files beside its rewrites.
 */
final class FileWalk implements FileObjects {
    private final MigrationPlan plan;
    private final FileKeys keys;
    private final FileSources sources;

    private FileWalk(MigrationPlan plan, FileKeys keys) {
        this.plan = plan;
        this.keys = keys;
        this.sources = FileSources.of(plan);
    }

    /** The walk of the files of {@code transformer}'s plan, renamed with its patterns (its run's IDs and identity map). */
    static FileWalk of(ItemTransformer transformer) {
        MigrationPlan plan = transformer.plan();
        return new FileWalk(plan, new FileKeys(plan.storage(), transformer.patterns()));
    }

    /**
     * Visits every non-empty file value of a source item (one an identity without a match leaves out under {@code remove}
     * is not visited, nor one a feature copies no object for: its object is not copied), the source key the run reads as
     * {@link FileSources} gives it; throws {@link ItemInvalidException} as {@link ItemTransformer#transform}
     * does.
     */
    @Override
    public void forEach(String model, Map<String, AttributeValue> item, Visitor visitor) {
        forEach(model, item, visitor, path -> { });
    }

    /**
     * As {@link #forEach(String, Map, Visitor)}, and {@code leftOut} given the path of each value a feature copies no object
     * for ({@link FileSources#sourceKey} gives none: {@link FileSources#leftOutBy} says why), as the analysis counts them.
     */
    void forEach(String model, Map<String, AttributeValue> item, Visitor visitor, Consumer<String> leftOut) {
        TablePlan table = plan.table(model);
        for (Map.Entry<ReferencePath, FileReference> file : table.files().entrySet()) {
            ReferencePath path = file.getKey();
            ValueWalk.walk(item.get(path.attribute()), path, (value, source) -> {
                FileKeys.Named named = keys.named(table, path, file.getValue(), value, source);
                String sourceKey = named == null ? null : sources.sourceKey(model, path.text(), named.sourceKey());
                if (sourceKey != null) {
                    visitor.visit(path.text(), sourceKey, sources.targetKey(model, path.text(), named.targetKey()));
                } else if (named != null) {
                    leftOut.accept(path.text());
                }
                return value;
            }, table, item);
        }
    }
}
