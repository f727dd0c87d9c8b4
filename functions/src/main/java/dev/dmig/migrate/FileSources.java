package dev.dmig.migrate;

import dev.dmig.Features;
import dev.dmig.files.ObjectReader;
import dev.dmig.plan.MigrationPlan;
import java.util.List;
import java.util.Objects;

/**
 * What a run copies for a file value where a feature makes it other than the object the value names: the source key the
 * walk gives a file path's value ({@link FileObjects}: the object's own key, another name that the source bucket as the run
 * reads it serves, or none, and then nothing is copied), that bucket ({@link #reader}), and the key it is copied to where
 * the feature's rewrite changes the value that names it ({@link #targetKey}). Masking's: a placeholder of the object's
 * type in its stead, or no object, and a key whose personal parts it masks as it masks them in the record. Every step that reads the source's objects for files (the analysis's
 * scan, the copy, validation's comparison, the rollback's look at an unrecorded write) reads them through it, so none
 * differs from the others.
 */
public interface FileSources {
    /** The objects as the values name them. */
    FileSources AS_NAMED = new FileSources() {
        @Override
        public String sourceKey(String model, String path, String key) {
            return key;
        }

        @Override
        public ObjectReader reader(ObjectReader bucket) {
            return bucket;
        }
    };

    /** The source key the run reads for a value of {@code model}'s file {@code path} that names {@code key}; null: none. */
    String sourceKey(String model, String path, String key);

    /** The source bucket as the run reads its files' objects: serving every key {@link #sourceKey} gives. */
    ObjectReader reader(ObjectReader bucket);

    /**
     * The target key of a value of {@code model}'s file {@code path} whose renamed object key is {@code key}: the key the
     * value names as the run writes it (after the feature's own rewrite of it). As it is by default.
     */
    default String targetKey(String model, String path, String key) {
        return key;
    }

    /**
     * What the run writes in the stead of each object {@code model}'s file {@code path} names, where a feature's
     * {@link #sourceKey} gives another name, as one is said, several with an {@code s} ({@code placeholder}: {@code 15
     * placeholders in their stead}); null where the run copies the objects themselves, by default.
     */
    default String standIns(String model, String path) {
        return null;
    }

    /**
     * Why the run leaves out the objects of {@code model}'s file {@code path} where a feature's {@link #sourceKey} gives
     * none, as counts of them are said ({@code removed by the mask}: {@code 3 left out (removed by the mask)}); null where
     * it leaves out none, by default.
     */
    default String leftOutBy(String model, String path) {
        return null;
    }

    /**
     * A source key ({@link #sourceKey}'s) as the journal keeps it: sealed where a feature keeps the source's keys out of
     * the run's artifacts (a key may hold a personal value the run masks); as it is by default.
     */
    default String keptKey(String key) {
        return key;
    }

    /** The source key a journal keeps ({@link #keptKey}), as {@link #reader} serves it. */
    default String openedKey(String kept) {
        return kept;
    }

    /** A feature's, for a plan: null where it changes nothing of the plan's files. */
    @FunctionalInterface
    interface Feature {
        FileSources of(MigrationPlan plan);
    }

    /** The plan's, every feature's in turn (the first feature's keys read through the last's reader, each wrapping the next's). */
    static FileSources of(MigrationPlan plan) {
        List<FileSources> features = Features.at(Feature.class).stream().map(feature -> feature.of(plan)).filter(Objects::nonNull).toList();
        FileSources all = AS_NAMED;
        for (FileSources feature : features) {
            FileSources before = all;
            all = new FileSources() {
                @Override
                public String sourceKey(String model, String path, String key) {
                    String named = before.sourceKey(model, path, key);
                    return named == null ? null : feature.sourceKey(model, path, named);
                }

                @Override
                public ObjectReader reader(ObjectReader bucket) {
                    return feature.reader(before.reader(bucket));
                }

                @Override
                public String targetKey(String model, String path, String key) {
                    return feature.targetKey(model, path, before.targetKey(model, path, key));
                }

                @Override
                public String standIns(String model, String path) {
                    String standIns = feature.standIns(model, path);
                    return standIns != null ? standIns : before.standIns(model, path);
                }

                @Override
                public String leftOutBy(String model, String path) {
                    String leftOutBy = feature.leftOutBy(model, path);
                    return leftOutBy != null ? leftOutBy : before.leftOutBy(model, path);
                }

                @Override
                public String keptKey(String key) {
                    return feature.keptKey(before.keptKey(key));
                }

                @Override
                public String openedKey(String kept) {
                    return before.openedKey(feature.openedKey(kept));
                }
            };
        }
        return all;
    }
}
