package dev.dmig.plan;

import java.net.URI;

/**
 * The two sides' Storage buckets (an Amplify app's S3 bucket per environment), the S3-compatible endpoint each is
 * reached at in local runs (null: the process's own S3, or AWS's), and what happens to a file reference whose object
 * is not in the source bucket. A side's bucket is reached with that side's account ({@code region}, {@code roleArn}).
 */
public record Storage(String sourceBucket, URI sourceEndpoint, String targetBucket, URI targetEndpoint,
                      MissingFilePolicy onMissing) {
    /** A plan that names no bucket. */
    public static final Storage NONE = new Storage(null, null, null, null, MissingFilePolicy.REFUSE);

    /** Whether both buckets are named: file references can be followed. */
    public boolean named() {
        return sourceBucket != null && targetBucket != null;
    }
}
