package dev.dmig.storage;

import dev.dmig.Tasks;
import dev.dmig.store.StoreRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bucket through the S3 API (AWS, or an S3-compatible server). Objects up to 5 GB are copied with one CopyObject,
 * larger ones with a multipart copy of 512 MB parts; an object read through another client (another account's role)
 * is streamed into a PutObject, or a multipart upload of 16 MB parts, one part in memory at a time.
 */
final class S3ObjectStore implements ObjectStore {
    /** The largest object one CopyObject takes. */
    static final long COPY_LIMIT = 5L * 1024 * 1024 * 1024;
    static final long COPY_PART = 512L * 1024 * 1024;
    static final int STREAM_PART = 16 * 1024 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The parts of multipart copies: a cached pool, so a copy waiting for its parts never starves them of threads. */
    private static final ExecutorService PARTS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dmig-object-part-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final S3Client s3;
    private final String bucket;
    /** Where the client goes, for messages: null for AWS's S3. */
    private final URI endpoint;

    public S3ObjectStore(S3Client s3, String bucket, URI endpoint) {
        this.s3 = s3;
        this.bucket = bucket;
        this.endpoint = endpoint;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    /** Checks that the bucket is there and may be read: one HeadBucket, before anything is done with it. */
    void check(String side) {
        call("s3:ListBucket", "", () -> s3.headBucket(b -> b.bucket(bucket)), side);
    }

    @Override
    public Optional<ObjectHead> head(String key) {
        try {
            HeadObjectResponse head = call("s3:GetObject", key,
                    () -> s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)), null);
            return Optional.of(new ObjectHead(key, head.contentLength(), head.eTag(), head.checksumSHA256(), head.contentType(),
                    head.metadata(), head.versionId(), head.serverSideEncryptionAsString()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String key) {
        return call("s3:GetObject", key, () -> s3.getObject(b -> b.bucket(bucket).key(key)), null);
    }

    @Override
    public InputStream open(String key, String versionId) {
        return call("s3:GetObjectVersion", key, () -> s3.getObject(b -> b.bucket(bucket).key(key).versionId(versionId)), null);
    }

    @Override
    public List<String> list(String prefix, int limit) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            var page = call("s3:ListBucket", prefix, () -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                    .maxKeys(Math.min(1000, limit - keys.size())).continuationToken(from)), null);
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null && keys.size() < limit);
        return keys;
    }

    @Override
    public boolean versioned() {
        try {
            return call("s3:GetBucketVersioning", "", () -> s3.getBucketVersioning(b -> b.bucket(bucket)), null).status()
                    == BucketVersioningStatus.ENABLED;
        } catch (S3Exception e) {
            // A store that has no versioning at all (an S3-compatible server's file system) says so with 501.
            if (e.statusCode() == 501) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Written copy(ObjectReader source, ObjectHead head, String key, boolean ifAbsent) {
        if (source instanceof S3ObjectStore same && same.s3 == s3) {
            return head.size() <= COPY_LIMIT ? copyObject(same.bucket, head, key, ifAbsent) : copyInParts(same.bucket, head, key, ifAbsent);
        }
        try (InputStream body = source.open(head.key())) {
            return put(key, head, body, head.size(), ifAbsent);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source.bucket() + "/" + head.key() + ": " + e.getMessage(), e);
        }
    }

    private Written copyObject(String sourceBucket, ObjectHead head, String key, boolean ifAbsent) {
        return conditional(() -> call("s3:PutObject", key, () -> s3.copyObject(b -> b.sourceBucket(sourceBucket).sourceKey(head.key())
                .sourceVersionId(head.versionId()).destinationBucket(bucket).destinationKey(key).ifNoneMatch(ifAbsent ? "*" : null)), null));
    }

    private Written copyInParts(String sourceBucket, ObjectHead head, String key, boolean ifAbsent) {
        String upload = call("s3:PutObject", key, () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .contentType(head.contentType()).metadata(head.metadata())), null).uploadId();
        try {
            List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
            for (long from = 0, part = 1; from < head.size(); from += COPY_PART, part++) {
                long first = from;
                int number = (int) part;
                String range = "bytes=" + first + "-" + (Math.min(head.size(), first + COPY_PART) - 1);
                parts.add(CompletableFuture.supplyAsync(() -> CompletedPart.builder().partNumber(number).eTag(call("s3:PutObject", key,
                        () -> s3.uploadPartCopy(b -> b.sourceBucket(sourceBucket).sourceKey(head.key()).sourceVersionId(head.versionId())
                                .destinationBucket(bucket).destinationKey(key).uploadId(upload).partNumber(number)
                                .copySourceRange(range)), null).copyPartResult().eTag()).build(), PARTS));
            }
            return complete(key, upload, Tasks.joinAll(parts), ifAbsent);
        } catch (RuntimeException | Error e) {
            abort(key, upload, e);
            throw e;
        }
    }

    @Override
    public Written put(String key, ObjectHead like, InputStream body, long size, boolean ifAbsent) {
        if (size <= STREAM_PART) {
            return conditional(() -> call("s3:PutObject", key, () -> s3.putObject(b -> b.bucket(bucket).key(key)
                    .contentType(like.contentType()).metadata(like.metadata()).ifNoneMatch(ifAbsent ? "*" : null),
                    RequestBody.fromInputStream(body, size)), null));
        }
        String upload = call("s3:PutObject", key, () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .contentType(like.contentType()).metadata(like.metadata())), null).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[STREAM_PART];
            for (int number = 1; ; number++) {
                int read = body.readNBytes(buffer, 0, buffer.length);
                if (read == 0) {
                    break;
                }
                int part = number;
                String etag = call("s3:PutObject", key, () -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload)
                        .partNumber(part), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, read))), null).eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            return complete(key, upload, parts, ifAbsent);
        } catch (IOException e) {
            abort(key, upload, e);
            throw new UncheckedIOException("streaming " + key + " into bucket " + bucket + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            abort(key, upload, e);
            throw e;
        }
    }

    private Written complete(String key, String upload, List<CompletedPart> parts, boolean ifAbsent) {
        Written written = conditional(() -> call("s3:PutObject", key, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(upload).multipartUpload(m -> m.parts(parts)).ifNoneMatch(ifAbsent ? "*" : null)), null));
        if (written == Written.TAKEN) {
            abort(key, upload, null);
        }
        return written;
    }

    /** Ends an upload that will not complete, so its parts are not kept (and billed); a failure to is kept with {@code failure}. */
    private void abort(String key, String upload, Throwable failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public List<ObjectVersion> versions(String key) {
        List<ObjectVersion> versions = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String fromKey = keyMarker;
            String fromVersion = versionMarker;
            ListObjectVersionsResponse page = call("s3:ListBucketVersions", key, () -> s3.listObjectVersions(b -> b.bucket(bucket)
                    .prefix(key).keyMarker(fromKey).versionIdMarker(fromVersion)), null);
            page.versions().stream().filter(v -> v.key().equals(key))
                    .forEach(v -> versions.add(new ObjectVersion(v.versionId(), v.eTag(), false, Boolean.TRUE.equals(v.isLatest()))));
            page.deleteMarkers().stream().filter(v -> v.key().equals(key))
                    .forEach(v -> versions.add(new ObjectVersion(v.versionId(), null, true, Boolean.TRUE.equals(v.isLatest()))));
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        return versions;
    }

    @Override
    public void delete(String key) {
        call("s3:DeleteObject", key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)), null);
    }

    @Override
    public void deleteVersion(String key, String versionId) {
        call("s3:DeleteObjectVersion", key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(versionId)), null);
    }

    /** A conditional write's outcome: {@link Written#TAKEN} when the bucket refused it because the key was taken. */
    private static Written conditional(Supplier<?> write) {
        try {
            // The response says nothing the caller needs: that the write was taken is the answer.
            var unused = write.get();
            return Written.WRITTEN;
        } catch (S3Exception e) {
            // 412: something is at the key; 409: another conditional write to it was in flight.
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return Written.TAKEN;
            }
            throw e;
        }
    }

    /**
     * {@code request}, with the failures no retry heals said in one line ({@link StoreRefusedException}): access denied,
     * no such bucket, nothing listening at an endpoint; {@code side}: the plan field that names the bucket, when known.
     */
    private <T> T call(String action, String key, Supplier<T> request, String side) {
        try {
            return request.get();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code) || (side != null && e.statusCode() == 404)) {
                throw new StoreRefusedException("there is no bucket " + bucket + (endpoint == null ? "" : " at " + endpoint)
                        + (side == null ? "" : ": check " + side + ".storageBucket"), e);
            }
            if (e.statusCode() == 403) {
                throw new StoreRefusedException("S3 denied " + action + " on bucket " + bucket + (key.isEmpty() ? "" : ", key " + key)
                        + " (" + (code == null ? "403" : code) + "): allow " + action + " on arn:aws:s3:::" + bucket
                        + (action.equals("s3:ListBucket") || action.equals("s3:GetBucketVersioning")
                                || action.equals("s3:ListBucketVersions") ? "" : "/*")
                        + " to the role that reaches it (docs/aws.md, Permissions)", e);
            }
            throw e;
        } catch (SdkClientException e) {
            if (endpoint != null && cause(e, ConnectException.class)) {
                throw new StoreRefusedException("nothing listens at " + endpoint + " (connection refused), where bucket " + bucket
                        + " should be: start the S3 store there or fix the plan's storageEndpoint", e);
            }
            throw e;
        }
    }

    private static boolean cause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
