package dev.dmig.files;

import dev.dmig.Tasks;
import dev.dmig.store.S3Endpoints;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bucket through the S3 API (AWS, or an S3-compatible server). Objects up to 5 GB are copied with one CopyObject,
 * larger ones with a multipart copy of parts of 512 MB or more (S3 takes at most 10,000 parts); an object read through
 * another client (another account's role) is streamed into a PutObject, or a multipart upload of 16 MB parts or more,
 * one part in memory at a time. With an {@code owner}, every request says which account must own the bucket
 * ({@code ExpectedBucketOwner}), so that a bucket deleted and re-created under the same name by another account is
 * refused rather than written to.
 */
final class S3ObjectStore implements ObjectStore {
    /** The largest object one CopyObject takes. */
    static final long COPY_LIMIT = 5L * 1024 * 1024 * 1024;
    static final long COPY_PART = 512L * 1024 * 1024;
    static final int STREAM_PART = 16 * 1024 * 1024;
    /** The largest part streamed through memory: objects over 10,000 of them are refused rather than buffered. */
    static final int STREAM_PART_LIMIT = 128 * 1024 * 1024;
    /** S3's most parts in one multipart upload, and its largest part. */
    static final int MAX_PARTS = 10_000;
    static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;
    /** Part copies at once across the process: each is a server-side request, but an object of 5 TB has 10,000. */
    private static final int PART_COPIES = 16;
    /** The KMS action a refusal of the bucket's key names in its message. */
    private static final Pattern KMS_ACTION = Pattern.compile("kms:[A-Za-z]+");
    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * The parts of multipart copies: a pool of its own, bounded, so a copy waiting for its parts (on a pool of the
     * caller's) never starves them of threads, and a large object does not start a thread per part.
     */
    private static final ExecutorService PARTS = Executors.newFixedThreadPool(PART_COPIES, runnable -> {
        Thread thread = new Thread(runnable, "dmig-object-part-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final S3Client s3;
    private final String bucket;
    /** Where the client goes, for messages: null for AWS's S3. */
    private final URI endpoint;
    /** The account that must own the bucket; null: not checked (a local S3 store). */
    private final String owner;
    /**
     * Where the keys requests are signed with come from, in words (read on a refusal only); null when a role signs them
     * (a deployed stack's, or a side's {@code roleArn}).
     */
    private final Supplier<String> keys;

    S3ObjectStore(S3Client s3, String bucket, URI endpoint, String owner) {
        this(s3, bucket, endpoint, owner, null);
    }

    S3ObjectStore(S3Client s3, String bucket, URI endpoint, String owner, Supplier<String> keys) {
        this.s3 = s3;
        this.bucket = bucket;
        this.endpoint = endpoint;
        this.owner = owner;
        this.keys = keys;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    /** Checks that the bucket is there and may be read: one HeadBucket, before anything is done with it. */
    void check(String side) {
        call("s3:ListBucket", "HeadBucket", "", () -> s3.headBucket(b -> b.bucket(bucket).expectedBucketOwner(owner)), side);
    }

    @Override
    public Optional<ObjectHead> head(String key) {
        try {
            HeadObjectResponse head = call("s3:GetObject", "HeadObject", key, () -> s3.headObject(b -> b.bucket(bucket).key(key)
                    .expectedBucketOwner(owner).checksumMode(ChecksumMode.ENABLED)), null);
            return Optional.of(new ObjectHead(key, head.contentLength(), head.eTag(), head.checksumSHA256(), head.contentType(),
                    head.metadata(), head.versionId(), head.serverSideEncryptionAsString(), head.ssekmsKeyId()));
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
        return call("s3:GetObject", "GetObject", key, () -> s3.getObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(owner)), null);
    }

    @Override
    public InputStream open(String key, String versionId) {
        return call("s3:GetObjectVersion", "GetObject", key, () -> s3.getObject(b -> b.bucket(bucket).key(key).versionId(versionId)
                .expectedBucketOwner(owner)), null);
    }

    @Override
    public List<String> list(String prefix, int limit) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            var page = call("s3:ListBucket", "ListObjectsV2", prefix, () -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                    .maxKeys(Math.min(1000, limit - keys.size())).continuationToken(from).expectedBucketOwner(owner)), null);
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null && keys.size() < limit);
        return keys;
    }

    @Override
    public Listing listSizes(String prefix, String after) {
        var page = call("s3:ListBucket", "ListObjectsV2", prefix, () -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                .startAfter(after).expectedBucketOwner(owner)), null);
        return new Listing(page.contents().stream().map(object -> new Listed(object.key(), object.size())).toList(),
                Boolean.TRUE.equals(page.isTruncated()));
    }

    @Override
    public boolean versioned() {
        var versioning = call("s3:GetBucketVersioning", "GetBucketVersioning", "", () -> {
            try {
                return s3.getBucketVersioning(b -> b.bucket(bucket).expectedBucketOwner(owner));
            } catch (S3Exception e) {
                // A store that has no versioning at all (an S3-compatible server's file system) says so with 501.
                if (S3Endpoints.notImplemented(e)) {
                    return null;
                }
                throw e;
            }
        }, null);
        return versioning != null && versioning.status() == BucketVersioningStatus.ENABLED;
    }

    @Override
    public Written copy(ObjectReader source, ObjectHead head, String key, Condition condition) {
        S3ObjectStore same = source instanceof S3ObjectStore store && store.s3 == s3 ? store : null;
        if (same != null && keptByServerSideCopy(condition)) {
            return head.size() <= COPY_LIMIT ? copyObject(same, head, key, condition) : copyInParts(same, head, key, condition);
        }
        // The headed version where the source names one, as a server-side copy takes it.
        try (InputStream body = same != null && head.versionId() != null ? same.open(head.key(), head.versionId())
                : source.open(head.key())) {
            return put(key, head.withBucketEncryption(), body, head.size(), condition);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source.bucket() + "/" + head.key() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a server-side copy keeps {@code condition}: S3's CopyObject does; an S3-compatible server's may ignore a
     * copy's {@code If-None-Match} and {@code If-Match} (S3Proxy does, and writes over the key), so a conditional copy there
     * is read and written with a PutObject, whose conditions it keeps.
     */
    private boolean keptByServerSideCopy(Condition condition) {
        return endpoint == null || (!condition.absent() && condition.etag() == null);
    }

    private Written copyObject(S3ObjectStore from, ObjectHead head, String key, Condition condition) {
        return conditional(() -> {
            var copied = call("s3:PutObject", "CopyObject", key, () -> s3.copyObject(b -> b.sourceBucket(from.bucket).sourceKey(head.key())
                    .sourceVersionId(head.versionId()).expectedSourceBucketOwner(from.owner).destinationBucket(bucket)
                    .destinationKey(key).expectedBucketOwner(owner).ifNoneMatch(condition.absent() ? "*" : null)
                    .ifMatch(condition.etag())), null);
            return new Written(Outcome.DONE, copied.copyObjectResult().eTag(), copied.versionId());
        });
    }

    private Written copyInParts(S3ObjectStore from, ObjectHead head, String key, Condition condition) {
        long partSize = partSize(bucket, head.key(), head.size(), COPY_PART, MAX_PART_BYTES);
        String upload = call("s3:PutObject", "CreateMultipartUpload", key, () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .contentType(head.contentType()).metadata(head.metadata()).expectedBucketOwner(owner)), null).uploadId();
        try {
            List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
            for (long start = 0, part = 1; start < head.size(); start += partSize, part++) {
                int number = (int) part;
                String range = "bytes=" + start + "-" + (Math.min(head.size(), start + partSize) - 1);
                parts.add(CompletableFuture.supplyAsync(() -> CompletedPart.builder().partNumber(number).eTag(call("s3:PutObject", "UploadPartCopy", key,
                        () -> s3.uploadPartCopy(b -> b.sourceBucket(from.bucket).sourceKey(head.key()).sourceVersionId(head.versionId())
                                .expectedSourceBucketOwner(from.owner).destinationBucket(bucket).destinationKey(key)
                                .expectedBucketOwner(owner).uploadId(upload).partNumber(number).copySourceRange(range)), null)
                        .copyPartResult().eTag()).build(), PARTS));
            }
            return complete(key, upload, Tasks.joinAll(parts), condition);
        } catch (RuntimeException | Error e) {
            abort(key, upload, e);
            throw e;
        }
    }

    /**
     * The part size for an object of {@code size} bytes: {@code least}, or as much more as keeps it within S3's 10,000
     * parts; an object that would need parts over {@code most} is refused before anything is written.
     */
    static long partSize(String bucket, String key, long size, long least, long most) {
        long needed = Math.max(least, (size + MAX_PARTS - 1) / MAX_PARTS);
        if (needed > most) {
            throw new ObjectTooLargeException("object " + key + " (" + size + " bytes) would take parts of " + needed
                    + " bytes to copy into bucket " + bucket + " in S3's 10,000 parts, more than dmig copies a part at a time ("
                    + most + " bytes): copy it with the AWS CLI (aws s3 cp) and keep it out of the plan's files");
        }
        return needed;
    }

    @Override
    public Written put(String key, ObjectHead like, InputStream body, long size, Condition condition) {
        if (size <= STREAM_PART) {
            // In memory, as a part is: a stream's bytes cannot be sent again, and the SDK's retry of the put sends them again.
            byte[] bytes = readAll(key, body, (int) size);
            return conditional(() -> {
                var put = call("s3:PutObject", "PutObject", key, () -> s3.putObject(b -> encrypted(b.bucket(bucket).key(key)
                        .contentType(like.contentType()).metadata(like.metadata()).expectedBucketOwner(owner)
                        .ifNoneMatch(condition.absent() ? "*" : null).ifMatch(condition.etag()), like),
                        RequestBody.fromBytes(bytes)), null);
                return new Written(Outcome.DONE, put.eTag(), put.versionId());
            });
        }
        int partSize = (int) partSize(bucket, key, size, STREAM_PART, STREAM_PART_LIMIT);
        String upload = call("s3:PutObject", "CreateMultipartUpload", key, () -> s3.createMultipartUpload(b -> encrypted(b.bucket(bucket).key(key)
                .contentType(like.contentType()).metadata(like.metadata()).expectedBucketOwner(owner), like)), null).uploadId();
        try {
            return complete(key, upload, streamParts(key, upload, body, partSize), condition);
        } catch (IOException e) {
            abort(key, upload, e);
            throw new UncheckedIOException("streaming " + key + " into bucket " + bucket + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            abort(key, upload, e);
            throw e;
        }
    }

    /** The {@code size} bytes of {@code body}; fewer is an object shorter than its head said. */
    private byte[] readAll(String key, InputStream body, int size) {
        try {
            byte[] bytes = body.readNBytes(size);
            if (bytes.length < size) {
                throw new IOException("it ended after " + bytes.length + " of its " + size + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("streaming " + key + " into bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    private List<CompletedPart> streamParts(String key, String upload, InputStream body, int partSize) throws IOException {
        List<CompletedPart> parts = new ArrayList<>();
        byte[] buffer = new byte[partSize];
        for (int number = 1; ; number++) {
            int read = body.readNBytes(buffer, 0, buffer.length);
            if (read == 0) {
                return parts;
            }
            if (number > MAX_PARTS) {
                throw new ObjectTooLargeException("object " + key + " is longer than its size said while it was streamed into bucket "
                        + bucket + ": more than S3's 10,000 parts of " + partSize + " bytes");
            }
            int part = number;
            String etag = call("s3:PutObject", "UploadPart", key, () -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload)
                    .partNumber(part).expectedBucketOwner(owner), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, read))), null)
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
        }
    }

    /** {@code request} with the server-side encryption of {@code like}: none named, the bucket's default. */
    private static PutObjectRequest.Builder encrypted(PutObjectRequest.Builder request, ObjectHead like) {
        return like.encryption() == null ? request : request.serverSideEncryption(like.encryption()).ssekmsKeyId(like.kmsKeyId());
    }

    private static CreateMultipartUploadRequest.Builder encrypted(CreateMultipartUploadRequest.Builder request, ObjectHead like) {
        return like.encryption() == null ? request : request.serverSideEncryption(like.encryption()).ssekmsKeyId(like.kmsKeyId());
    }

    private Written complete(String key, String upload, List<CompletedPart> parts, Condition condition) {
        Written written = conditional(() -> {
            var done = call("s3:PutObject", "CompleteMultipartUpload", key, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload)
                    .multipartUpload(m -> m.parts(parts)).expectedBucketOwner(owner).ifNoneMatch(condition.absent() ? "*" : null)
                    .ifMatch(condition.etag())), null);
            return new Written(Outcome.DONE, done.eTag(), done.versionId());
        });
        if (!written.done()) {
            abort(key, upload, null);
        }
        return written;
    }

    /** Ends an upload that will not complete, so its parts are not kept (and billed); a failure to is kept with {@code failure}. */
    private void abort(String key, String upload, Throwable failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload).expectedBucketOwner(owner));
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
            ListObjectVersionsResponse page = call("s3:ListBucketVersions", "ListObjectVersions", key, () -> s3.listObjectVersions(b -> b.bucket(bucket)
                    .prefix(key).keyMarker(fromKey).versionIdMarker(fromVersion).expectedBucketOwner(owner)), null);
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
    public Outcome delete(String key, String etag) {
        return conditional(() -> {
            call("s3:DeleteObject", "DeleteObject", key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key).ifMatch(etag)
                    .expectedBucketOwner(owner)), null);
            return new Written(Outcome.DONE, null, null);
        }).outcome();
    }

    @Override
    public void deleteVersion(String key, String versionId) {
        try {
            call("s3:DeleteObjectVersion", "DeleteObject", key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(versionId)
                    .expectedBucketOwner(owner)), null);
        } catch (S3Exception e) {
            // The version is gone already, which is what the delete leaves: S3 answers so with success, some S3-compatible
            // servers with 404 NoSuchVersion (to the SDK's retry of a delete whose first answer was lost, say).
            if (e.statusCode() != 404) {
                throw e;
            }
        }
    }

    /**
     * A conditional request's outcome: {@link Outcome#CONDITION_FAILED} when the bucket refused it because its condition
     * did not hold (412; 409: another conditional write to the key was in flight), {@link Outcome#NO_OBJECT} when the
     * condition named an object and the key has none (404).
     */
    private static Written conditional(Supplier<Written> request) {
        try {
            return request.get();
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return Written.CONDITION_FAILED;
            }
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                return Written.NO_OBJECT;
            }
            throw e;
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /**
     * {@code request}, with the failures no retry heals said in one line ({@link StoreRefusedException}): access denied
     * (by S3, by the bucket's KMS key, or because another account owns the bucket), no such bucket, nothing listening at
     * an endpoint; {@code side}: the plan field that names the bucket, when known.
     */
    private <T> T call(String action, String operation, String key, Supplier<T> request, String side) {
        try {
            return request.get();
        } catch (S3Exception e) {
            String code = errorCode(e);
            if (S3Endpoints.notImplemented(e)) {
                throw S3Endpoints.refusal(endpoint, operation, e);
            }
            if ("NoSuchBucket".equals(code) || (side != null && e.statusCode() == 404)) {
                throw new StoreRefusedException("there is no bucket " + bucket + (endpoint == null ? "" : " at " + endpoint)
                        + (side == null ? "" : ": check " + side + ".storageBucket"), e);
            }
            if (e.statusCode() == 403) {
                throw new StoreRefusedException(denied(action, key, code, e.awsErrorDetails() == null ? null
                        : e.awsErrorDetails().errorMessage()), e);
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

    /** What a 403 means, and what to do: KMS's refusal names its action, and S3's is the action or the bucket's owner. */
    private String denied(String action, String key, String code, String message) {
        String where = "bucket " + bucket + (key.isEmpty() ? "" : ", key " + key);
        Matcher kms = KMS_ACTION.matcher(message == null ? "" : message);
        boolean named = kms.find();
        if (named || (code != null && code.startsWith("KMS."))) {
            String kmsAction = named ? kms.group() : "kms:Decrypt and kms:GenerateDataKey";
            return "the KMS key of " + where + " denied " + kmsAction + " (" + (code == null ? "403" : code) + "): grant " + kmsAction
                    + " on that key to the role that reaches the bucket (a deployed stack: its SourceStorageKmsKeyArn or"
                    + " TargetStorageKmsKeyArn parameter, docs/aws.md, Encryption and logs)";
        }
        String resource = "arn:aws:s3:::" + bucket + (action.equals("s3:ListBucket") || action.equals("s3:GetBucketVersioning")
                || action.equals("s3:ListBucketVersions") ? "" : "/*");
        if (keys != null) {
            return "S3 " + (endpoint == null ? "" : "at " + endpoint + " ") + "denied " + action + " on " + where + " ("
                    + (code == null ? "403" : code) + ") to the keys dmig signed with, from " + keys.get()
                    + ": give dmig keys that store accepts, allowed " + action + " on " + resource;
        }
        return "S3 denied " + action + " on " + where + " (" + (code == null ? "403" : code) + "): allow " + action
                + " on " + resource + " to the role that reaches it (docs/aws.md, Permissions)"
                + (owner == null ? "" : "; and check that account " + owner + " owns bucket " + bucket + ", as the stack expects");
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
