package dev.dmig.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Two Storage buckets of a test's own making, standing for an app's development and production buckets, on the shared
 * S3Proxy (its in-memory store keeps versions, so the production bucket may be versioned); and what a bucket holds,
 * to the byte, for comparing it before and after.
 */
public final class StorageBuckets implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    public final S3Client s3 = SharedStack.s3();
    public final String dev;
    public final String prod;

    /** {@code versionedProd}: production's bucket keeps versions. */
    public StorageBuckets(String name, boolean versionedProd) {
        String tag = name.toLowerCase(java.util.Locale.ROOT) + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
        dev = tag + "-storage-dev";
        prod = tag + "-storage-prod";
        s3.createBucket(b -> b.bucket(dev));
        s3.createBucket(b -> b.bucket(prod));
        if (versionedProd) {
            s3.putBucketVersioning(b -> b.bucket(prod).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
    }

    /** Puts an object with a content type and one user attribute. */
    public void put(String bucket, String key, byte[] body, String contentType, Map<String, String> metadata) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata), RequestBody.fromBytes(body));
    }

    /** One object as read back: its bytes, content type and user metadata. */
    public record Stored(List<Byte> bytes, String contentType, Map<String, String> metadata) {}

    public Stored get(String bucket, String key) {
        var object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        HeadObjectResponse head = object.response() == null ? null : s3.headObject(b -> b.bucket(bucket).key(key));
        List<Byte> bytes = new ArrayList<>();
        for (byte b : object.asByteArray()) {
            bytes.add(b);
        }
        return new Stored(bytes, head.contentType(), new TreeMap<>(head.metadata()));
    }

    /** Every current object of the bucket, key by key. */
    public Map<String, Stored> objects(String bucket) {
        Map<String, Stored> objects = new TreeMap<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o -> objects.put(o.key(), get(bucket, o.key())));
        return objects;
    }

    /** Every version and delete marker of the bucket, as {@code key version etag}, in listing order. */
    public List<String> versions(String bucket) {
        List<String> versions = new ArrayList<>();
        s3.listObjectVersionsPaginator(b -> b.bucket(bucket)).forEach(page -> {
            for (ObjectVersion v : page.versions()) {
                versions.add(v.key() + " " + v.versionId() + " " + v.eTag());
            }
            page.deleteMarkers().forEach(m -> versions.add(m.key() + " " + m.versionId() + " delete marker"));
        });
        return versions;
    }

    @Override
    public void close() {
        s3.close();
    }
}
