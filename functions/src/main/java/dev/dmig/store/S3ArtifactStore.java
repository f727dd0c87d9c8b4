package dev.dmig.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link ArtifactStore} in one S3 bucket (real S3 or any S3-compatible server). */
public final class S3ArtifactStore implements ArtifactStore {
    private final S3Client s3;
    private final String bucket;

    public S3ArtifactStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, byte[] body, String contentType) {
        call(key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body)));
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(call(key, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()));
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
            ListObjectsV2Response page = call(prefix, () -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(from)));
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        keys.sort(null);
        return keys;
    }

    @Override
    public List<String> children(String prefix) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            ListObjectsV2Response page = call(prefix, () -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).delimiter("/")
                    .continuationToken(from)));
            page.commonPrefixes().forEach(p -> {
                String child = p.prefix().substring(prefix.length());
                names.add(child.endsWith("/") ? child.substring(0, child.length() - 1) : child);
            });
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        names.sort(null);
        return names;
    }

    @Override
    public boolean putIfAbsent(String key, byte[] body, String contentType) {
        try {
            call(key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).ifNoneMatch("*"),
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
        call(key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public String location() {
        return "s3://" + bucket;
    }

    private <T> T call(String key, Supplier<T> request) {
        try {
            return request.get();
        } catch (NoSuchKeyException e) {
            throw e;
        } catch (SdkException e) {
            if (e instanceof S3Exception s3e && s3e.statusCode() < 500 && !s3e.isThrottlingException()) {
                throw e;
            }
            if (DynamoDbItemStore.isTransient(e)) {
                throw new StoreUnavailableException("s3://" + bucket + "/" + key + ": S3 unavailable after retries", e);
            }
            throw e;
        }
    }
}
