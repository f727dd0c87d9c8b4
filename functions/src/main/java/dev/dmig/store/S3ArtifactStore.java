package dev.dmig.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link ArtifactStore} in one S3 bucket (real S3 or any S3-compatible server). With an {@code owner}, every request says
 * which account must own the bucket ({@code ExpectedBucketOwner}): a bucket deleted and re-created under the same name by
 * another account is refused rather than written to (or read from). A deployed stack names its own account; a local run
 * names none, since an S3-compatible server may not implement the header.
 */
public final class S3ArtifactStore implements ArtifactStore {
    /** Parts of a streamed object: S3 takes 5 MB or more for every part but the last. */
    static final int PART_BYTES = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    /** The account that must own the bucket; null: not said. */
    private final String owner;
    /** Where the client goes, for messages: null for AWS's S3. */
    private final URI endpoint;

    public S3ArtifactStore(S3Client s3, String bucket) {
        this(s3, bucket, null);
    }

    public S3ArtifactStore(S3Client s3, String bucket, String owner) {
        this.s3 = s3;
        this.bucket = bucket;
        this.owner = owner == null || owner.isBlank() ? null : owner.trim();
        this.endpoint = s3.serviceClientConfiguration().endpointOverride().orElse(null);
    }

    @Override
    public void put(String key, byte[] body, String contentType) {
        call("PutObject", key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).expectedBucketOwner(owner),
                RequestBody.fromBytes(body)));
    }

    /** Up to one part in memory: an object smaller than a part is one PutObject, a larger one a multipart upload. */
    @Override
    public void putStreaming(String key, String contentType, BodyWriter body) {
        putStreaming(key, contentType, null, body);
    }

    @Override
    public void putStreaming(String key, String contentType, String kmsKeyId, BodyWriter body) {
        try (PartUpload upload = new PartUpload(key, contentType, kmsKeyId)) {
            body.writeTo(upload);
            upload.complete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(call("GetObject", key, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).expectedBucketOwner(owner)).asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<java.io.InputStream> open(String key) {
        try {
            return Optional.of(call("GetObject", key, () -> s3.getObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(owner))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            ListObjectsV2Response page = call("ListObjectsV2", prefix, () -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                    .continuationToken(from).expectedBucketOwner(owner)));
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        keys.sort(null);
        return keys;
    }

    /** One listing by the delimiter: the sub-folders' keys are not read. */
    @Override
    public List<String> files(String prefix) {
        List<String> keys = new ArrayList<>();
        delimited(prefix, page -> page.contents().stream().map(S3Object::key).forEach(keys::add));
        keys.sort(null);
        return keys;
    }

    @Override
    public List<String> children(String prefix) {
        List<String> names = new ArrayList<>();
        delimited(prefix, page -> page.commonPrefixes().forEach(p -> {
            String child = p.prefix().substring(prefix.length());
            names.add(child.endsWith("/") ? child.substring(0, child.length() - 1) : child);
        }));
        names.sort(null);
        return names;
    }

    /** Each page of the listing of {@code prefix} by the delimiter {@code /}. */
    private void delimited(String prefix, java.util.function.Consumer<ListObjectsV2Response> pages) {
        String token = null;
        do {
            String from = token;
            ListObjectsV2Response page = call("ListObjectsV2", prefix, () -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                    .delimiter("/").continuationToken(from).expectedBucketOwner(owner)));
            pages.accept(page);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] body, String contentType) {
        try {
            call("PutObject", key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).ifNoneMatch("*")
                            .expectedBucketOwner(owner),
                    RequestBody.fromBytes(body)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        call("DeleteObject", key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(owner)));
    }

    /**
     * The older versions and delete markers first, the current version last: while any is left, the object is still listed.
     * A store that does not implement version listing (a stock S3-compatible server, 501) keeps one object per key: it is
     * deleted as it is.
     */
    @Override
    public void deleteEveryVersion(String key) {
        List<String> versions = versions(key);
        if (versions == null) {
            delete(key);
            return;
        }
        for (String version : versions) {
            if (version == null) {
                delete(key);
            } else {
                call("DeleteObject", key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(version)
                        .expectedBucketOwner(owner)));
            }
        }
    }

    /**
     * The key's versions and delete markers, the current version last; null when the store does not implement version
     * listing (501: it keeps one object per key).
     */
    private List<String> versions(String key) {
        List<String> older = new ArrayList<>();
        List<String> current = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String fromKey = keyMarker;
            String fromVersion = versionMarker;
            ListObjectVersionsResponse page;
            try {
                page = s3.listObjectVersions(b -> b.bucket(bucket).prefix(key).keyMarker(fromKey).versionIdMarker(fromVersion)
                        .expectedBucketOwner(owner));
            } catch (S3Exception e) {
                if (S3Endpoints.notImplemented(e)) {
                    return null;
                }
                throw failure("ListObjectVersions", key, e);
            }
            page.versions().stream().filter(v -> v.key().equals(key))
                    .forEach(v -> (Boolean.TRUE.equals(v.isLatest()) ? current : older).add(v.versionId()));
            page.deleteMarkers().stream().filter(m -> m.key().equals(key)).forEach(m -> older.add(m.versionId()));
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        older.addAll(current);
        return older;
    }

    @Override
    public String location() {
        return "s3://" + bucket;
    }

    /** Buffers one part; an upload that is closed without {@link #complete()} is aborted, leaving no object. */
    private final class PartUpload extends OutputStream {
        private final String key;
        private final String contentType;
        /** The KMS key the object is encrypted under; null: the bucket's default encryption. */
        private final String kmsKeyId;
        private final byte[] part = new byte[PART_BYTES];
        private final List<CompletedPart> parts = new ArrayList<>();
        private int filled;
        private String uploadId;
        private boolean completed;

        PartUpload(String key, String contentType, String kmsKeyId) {
            this.key = key;
            this.contentType = contentType;
            this.kmsKeyId = kmsKeyId;
        }

        @Override
        public void write(int b) {
            if (filled == part.length) {
                sendPart();
            }
            part[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                if (filled == part.length) {
                    sendPart();
                }
                int n = Math.min(length, part.length - filled);
                System.arraycopy(bytes, offset, part, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        private void sendPart() {
            if (uploadId == null) {
                uploadId = call("CreateMultipartUpload", key, () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)
                        .expectedBucketOwner(owner)
                        .serverSideEncryption(kmsKeyId == null ? null : ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId))).uploadId();
            }
            int number = parts.size() + 1;
            byte[] body = filled == part.length ? part : Arrays.copyOf(part, filled);
            String etag = call("UploadPart", key, () -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                            .expectedBucketOwner(owner),
                    RequestBody.fromBytes(body))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        }

        void complete() {
            if (uploadId == null) {
                byte[] body = Arrays.copyOf(part, filled);
                call("PutObject", key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).expectedBucketOwner(owner)
                        .serverSideEncryption(kmsKeyId == null ? null : ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId),
                        RequestBody.fromBytes(body)));
            } else {
                if (filled > 0) {
                    sendPart();
                }
                call("CompleteMultipartUpload", key, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)).expectedBucketOwner(owner)));
            }
            completed = true;
        }

        @Override
        public void close() {
            if (!completed && uploadId != null) {
                call("AbortMultipartUpload", key, () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .expectedBucketOwner(owner)));
            }
        }
    }

    private <T> T call(String operation, String key, Supplier<T> request) {
        try {
            return request.get();
        } catch (NoSuchKeyException e) {
            throw e;
        } catch (SdkException e) {
            throw failure(operation, key, e);
        }
    }

    /**
     * What {@code e} is thrown as, with what no retry heals said in one line: a request the server does not implement
     * (501, an S3-compatible server), and S3 unavailable after the SDK's retries.
     */
    private RuntimeException failure(String operation, String key, SdkException e) {
        if (e instanceof S3Exception s3e && S3Endpoints.notImplemented(s3e)) {
            return S3Endpoints.refusal(endpoint, operation, s3e);
        }
        if (e instanceof S3Exception s3e && s3e.statusCode() < 500 && !s3e.isThrottlingException()) {
            return e;
        }
        if (DynamoDbItemStore.isTransient(e)) {
            return new StoreUnavailableException("s3://" + bucket + "/" + key + ": S3 unavailable after retries", e);
        }
        return e;
    }
}
