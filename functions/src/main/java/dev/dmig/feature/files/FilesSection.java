package dev.dmig.feature.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.plan.JsonSyntax;
import dev.dmig.plan.MissingFilePolicy;
import dev.dmig.plan.PlanSection;
import dev.dmig.plan.Problem;
import dev.dmig.plan.SidesSection;
import dev.dmig.plan.Storage;
import dev.dmig.plan.TablePlan;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plan's Storage: the sides' buckets and their endpoints, and {@code files}, what becomes of a file reference whose
 * object is missing, read after the tables, whose file references ({@link FileReferences}) need both buckets. Its value
 * is the plan's {@link Storage} ({@code plan.storage()}), which the core's stores of the buckets read too.
 */
final class FilesSection {
    /** The sides' buckets and the plan's {@code files}: every plan's, {@link Storage#NONE}'s fields when it names none. */
    static final PlanSection<Storage> SECTION = new PlanSection<>(Storage.class, Set.of("files"), reading -> {
        FilesSection files = new FilesSection(reading.root(), reading.problems());
        return files.read(files.buckets(reading.sides()), reading.tables());
    });
    /** S3's rules for a bucket name: 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final JsonNode root;
    private final List<Problem> problems;

    private FilesSection(JsonNode root, List<Problem> problems) {
        this.root = root;
        this.problems = problems;
    }

    /** The sides' Storage buckets and their endpoints, each checked as the sides' fields are. */
    private Storage buckets(SidesSection sides) {
        String sourceBucket = sides.text("source", "storageBucket", BUCKET, "an S3 bucket name like my-app-storage-dev");
        String targetBucket = sides.text("target", "storageBucket", BUCKET, "an S3 bucket name like my-app-storage-prod");
        String sourceEndpoint = sides.text("source", "storageEndpoint", SidesSection.ENDPOINT,
                "an http:// or https:// URL of an S3-compatible server");
        String targetEndpoint = sides.text("target", "storageEndpoint", SidesSection.ENDPOINT,
                "an http:// or https:// URL of an S3-compatible server");
        if (sourceBucket != null && sourceBucket.equals(targetBucket) && Objects.equals(sourceEndpoint, targetEndpoint)) {
            problems.add(Problem.plan("source.storageBucket and target.storageBucket are the same ('" + sourceBucket
                    + "'): dmig never writes a source bucket; name each environment's own"));
        }
        return new Storage(sourceBucket, sourceEndpoint == null ? null : URI.create(sourceEndpoint), targetBucket,
                targetEndpoint == null ? null : URI.create(targetEndpoint), MissingFilePolicy.REFUSE);
    }

    /** {@code buckets} with {@code files.onMissing}; every file reference needs both buckets. */
    private Storage read(Storage buckets, Map<String, TablePlan> tables) {
        String sourceBucket = buckets.sourceBucket();
        String targetBucket = buckets.targetBucket();
        MissingFilePolicy onMissing = onMissing(root.get("files"));
        if (sourceBucket == null || targetBucket == null) {
            String missingSides = sourceBucket == null && targetBucket == null ? "source.storageBucket and target.storageBucket"
                    : sourceBucket == null ? "source.storageBucket" : "target.storageBucket";
            tables.values().forEach(table -> table.files().keySet().forEach(path -> problems.add(Problem.attribute(table.model(),
                    path.text(), "a file reference needs both sides' Storage buckets: name " + missingSides))));
        }
        return new Storage(sourceBucket, buckets.sourceEndpoint(), targetBucket, buckets.targetEndpoint(), onMissing);
    }

    private MissingFilePolicy onMissing(JsonNode node) {
        if (node == null) {
            return MissingFilePolicy.REFUSE;
        }
        if (!node.isObject()) {
            problems.add(Problem.plan("files must be an object like {\"onMissing\": \"refuse\"}, not " + node));
            return MissingFilePolicy.REFUSE;
        }
        JsonSyntax.unknownKeys(node, Set.of("onMissing"), null, "\"files\"", problems);
        JsonNode missing = node.get("onMissing");
        if (missing == null) {
            return MissingFilePolicy.REFUSE;
        }
        MissingFilePolicy onMissing = missing.isTextual() ? MissingFilePolicy.fromPlan(missing.asText()) : null;
        if (onMissing == null) {
            problems.add(Problem.plan("files.onMissing must be \"refuse\" or \"keep\", not " + missing));
            return MissingFilePolicy.REFUSE;
        }
        return onMissing;
    }
}
