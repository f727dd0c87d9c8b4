package dev.dmig.files;

import dev.dmig.plan.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Storage buckets a deployed stack's functions may reach, from its parameters ({@code SourceStorageBucket},
 * {@code TargetStorageBucket}): its IAM policies allow no other, and no endpoint is ever reached (it would send the
 * objects to a host of the plan's choosing). A null bucket is one the stack was deployed without. {@code sourceOwner},
 * {@code targetOwner}: the accounts that must own them (every S3 request says so); null where the stack names none.
 */
public record StorageReach(String sourceBucket, String targetBucket, String sourceOwner, String targetOwner) {
    public static final String SOURCE_BUCKET = "DMIG_SOURCE_STORAGE_BUCKET";
    public static final String TARGET_BUCKET = "DMIG_TARGET_STORAGE_BUCKET";
    public static final String SOURCE_OWNER = "DMIG_SOURCE_STORAGE_BUCKET_OWNER";
    public static final String TARGET_OWNER = "DMIG_TARGET_STORAGE_BUCKET_OWNER";

    public StorageReach(String sourceBucket, String targetBucket) {
        this(sourceBucket, targetBucket, null, null);
    }

    public static StorageReach fromEnvironment(Map<String, String> env) {
        return new StorageReach(value(env, SOURCE_BUCKET), value(env, TARGET_BUCKET), value(env, SOURCE_OWNER),
                value(env, TARGET_OWNER));
    }

    /** One line per way {@code storage} reaches past the stack, naming the plan's field and the fix; empty when it does not. */
    public List<String> problems(Storage storage) {
        List<String> problems = new ArrayList<>();
        side(problems, "source", storage.sourceBucket(), storage.sourceEndpoint() != null, sourceBucket, "SourceStorageBucket");
        side(problems, "target", storage.targetBucket(), storage.targetEndpoint() != null, targetBucket, "TargetStorageBucket");
        return problems;
    }

    private static void side(List<String> problems, String side, String planned, boolean endpoint, String deployed, String parameter) {
        if (endpoint) {
            problems.add(side + ".storageEndpoint is for local runs (an S3-compatible store standing in for an account): remove it");
        }
        if (planned != null && !planned.equals(deployed)) {
            problems.add(side + ".storageBucket is '" + planned + "' but this stack may reach "
                    + (deployed == null ? "no " + side + " Storage bucket" : "only '" + deployed + "'")
                    + " (redeploy with stack parameter " + parameter + "=" + planned + ")");
        }
    }

    private static String value(Map<String, String> env, String name) {
        String text = env.get(name);
        return text == null || text.isBlank() ? null : text.trim();
    }
}
