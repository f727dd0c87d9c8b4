package dev.dmig.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import dev.dmig.store.StoreRefusedException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One Storage bucket through S3ObjectStore on S3Proxy, every request seen on its way by a client-side recorder (S3Proxy
 * neither checks a bucket's owner nor has KMS keys: the recorder is the test's window on what dmig asks, and its front
 * answers as S3 does when a bucket's KMS key refuses).
 */
class S3ObjectStoreIT {
    private static final String OWNER = "111122223333";

    /** Records every request; answers those {@code deny} matches with S3's 403 of a KMS key that refuses its action. */
    private static final class Front implements ExecutionInterceptor {
        final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();
        volatile Predicate<SdkHttpRequest> deny = request -> false;

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            requests.add(context.httpRequest());
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            return deny.test(context.httpRequest()) ? context.httpResponse().toBuilder().statusCode(403).build() : context.httpResponse();
        }

        @Override
        public Optional<java.io.InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                                        ExecutionAttributes attributes) {
            if (!deny.test(context.httpRequest())) {
                return context.responseBody();
            }
            String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>User: "
                    + "arn:aws:sts::111122223333:assumed-role/dmig-migrate/fn is not authorized to perform: kms:GenerateDataKey on"
                    + " resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd because no identity-based policy allows the"
                    + " kms:GenerateDataKey action</Message><RequestId>1</RequestId></Error>";
            return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static S3Client client(Front front) {
        return S3Client.builder().endpointOverride(SharedStack.stack().s3Endpoint()).region(SharedStack.stack().region())
                .credentialsProvider(SharedStack.stack().credentials()).forcePathStyle(true)
                .overrideConfiguration(c -> c.addExecutionInterceptor(front)).build();
    }

    @Test
    void everyRequest_namesTheAccountThatMustOwnTheBucket() throws Exception {
        Front front = new Front();
        try (StorageBuckets buckets = new StorageBuckets("owner", true); S3Client s3 = client(front)) {
            buckets.put(buckets.dev, "public/a.jpg", "a photo".getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of());
            S3ObjectStore source = new S3ObjectStore(s3, buckets.dev, null, OWNER);
            S3ObjectStore target = new S3ObjectStore(s3, buckets.prod, null, OWNER);

            target.check("target");
            ObjectHead head = source.head("public/a.jpg").orElseThrow();
            ObjectStore.Written written = target.copy(source, head, "public/b.jpg", ObjectStore.Condition.ABSENT);
            target.versioned();
            target.versions("public/b.jpg");
            target.head("public/b.jpg");
            try (var in = target.open("public/b.jpg")) {
                assertThat(in.readAllBytes()).isEqualTo("a photo".getBytes(StandardCharsets.UTF_8));
            }
            target.put("public/c.jpg", head, new ByteArrayInputStream("a photo".getBytes(StandardCharsets.UTF_8)), 7,
                    ObjectStore.Condition.NONE);
            target.deleteVersion("public/b.jpg", written.versionId());
            target.list("public/", 10);

            assertThat(written.done()).isTrue();
            assertThat(written.versionId()).as("the copy's version, which a rollback deletes").isNotNull();
            assertThat(front.requests).hasSizeGreaterThanOrEqualTo(10).allSatisfy(request ->
                    assertThat(request.firstMatchingHeader("x-amz-expected-bucket-owner")).as(request.method() + " " + request.encodedPath())
                            .contains(OWNER));
            assertThat(front.requests).filteredOn(r -> r.firstMatchingHeader("x-amz-copy-source").isPresent()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.firstMatchingHeader("x-amz-source-expected-bucket-owner")).contains(OWNER));
        }
    }

    /**
     * On an S3-compatible server (an endpoint of its own), whose CopyObject may not keep a copy's conditions (S3Proxy's
     * writes over the key), a copy only where the key is free, or only over the object of an ETag, keeps its condition:
     * the object someone else put there is left, as S3 leaves it.
     */
    @Test
    void aConditionalCopyOnAnS3CompatibleServer_leavesTheObjectItWouldWriteOver() throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("keeps", true); S3Client s3 = client(new Front())) {
            buckets.put(buckets.dev, "public/a.jpg", "a photo".getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of("by", "dev"));
            buckets.put(buckets.prod, "public/taken.jpg", "theirs".getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of());
            URI server = SharedStack.stack().s3Endpoint();
            S3ObjectStore source = new S3ObjectStore(s3, buckets.dev, server, null);
            S3ObjectStore target = new S3ObjectStore(s3, buckets.prod, server, null);
            ObjectHead head = source.head("public/a.jpg").orElseThrow();
            String theirs = target.head("public/taken.jpg").orElseThrow().etag();

            ObjectStore.Written taken = target.copy(source, head, "public/taken.jpg", ObjectStore.Condition.ABSENT);
            ObjectStore.Written stale = target.copy(source, head, "public/taken.jpg",
                    ObjectStore.Condition.matching("\"0123456789abcdef0123456789abcdef\""));
            ObjectStore.Written free = target.copy(source, head, "public/free.jpg", ObjectStore.Condition.ABSENT);
            ObjectStore.Written again = target.copy(source, head, "public/free.jpg", ObjectStore.Condition.ABSENT);
            ObjectStore.Written over = target.copy(source, head, "public/taken.jpg", ObjectStore.Condition.matching(theirs));

            assertThat(taken.outcome()).isEqualTo(ObjectStore.Outcome.CONDITION_FAILED);
            assertThat(stale.outcome()).isEqualTo(ObjectStore.Outcome.CONDITION_FAILED);
            assertThat(free.done()).isTrue();
            assertThat(again.outcome()).as("a copy sent twice writes once").isEqualTo(ObjectStore.Outcome.CONDITION_FAILED);
            assertThat(over.done()).isTrue();
            assertThat(target.versions("public/free.jpg")).as("one version: the first copy's").hasSize(1)
                    .allMatch(v -> v.versionId().equals(free.versionId()));
            assertThat(target.versions("public/taken.jpg")).as("theirs, then the copy written over it on its ETag").hasSize(2);
            assertThat(buckets.get(buckets.prod, "public/free.jpg")).isEqualTo(buckets.get(buckets.dev, "public/a.jpg"));
        }
    }

    /** A rollback's delete of a version retried after its answer was lost, or of one another undo of the key deleted. */
    @Test
    void deletingAVersionAlreadyGone_isDone_andKeepsTheOthers() throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("gone", true); S3Client s3 = client(new Front())) {
            buckets.put(buckets.prod, "public/a.jpg", "first".getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of());
            buckets.put(buckets.prod, "public/a.jpg", "second".getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of());
            S3ObjectStore target = new S3ObjectStore(s3, buckets.prod, null, null);
            List<ObjectStore.ObjectVersion> versions = target.versions("public/a.jpg");
            String newest = versions.stream().filter(ObjectStore.ObjectVersion::latest).findFirst().orElseThrow().versionId();

            target.deleteVersion("public/a.jpg", newest);
            target.deleteVersion("public/a.jpg", newest);

            assertThat(target.versions("public/a.jpg")).hasSize(versions.size() - 1)
                    .noneMatch(v -> v.versionId().equals(newest));
            try (var in = target.open("public/a.jpg")) {
                assertThat(in.readAllBytes()).as("the version before is current again").isEqualTo("first".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aConditionalDelete_leavesAnObjectThatIsNotTheOneNamed() {
        Front front = new Front();
        try (StorageBuckets buckets = new StorageBuckets("conditional", false); S3Client s3 = client(front)) {
            buckets.put(buckets.prod, "public/a.jpg", "theirs".getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of());
            S3ObjectStore target = new S3ObjectStore(s3, buckets.prod, null, null);
            String theirs = target.head("public/a.jpg").orElseThrow().etag();

            ObjectStore.Outcome other = target.delete("public/a.jpg", "\"0123456789abcdef0123456789abcdef\"");
            ObjectStore.Outcome same = target.delete("public/a.jpg", theirs);

            assertThat(other).isEqualTo(ObjectStore.Outcome.CONDITION_FAILED);
            assertThat(same).isEqualTo(ObjectStore.Outcome.DONE);
            assertThat(target.head("public/a.jpg")).isEmpty();
        }
    }

    @Test
    void aCopyRefusedByTheBucketsKmsKey_saysSoAndWhatToGrant() {
        Front front = new Front();
        try (StorageBuckets buckets = new StorageBuckets("kms", false); S3Client s3 = client(front)) {
            buckets.put(buckets.dev, "public/a.jpg", "a photo".getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of());
            S3ObjectStore source = new S3ObjectStore(s3, buckets.dev, null, null);
            S3ObjectStore target = new S3ObjectStore(s3, buckets.prod, null, null);
            ObjectHead head = source.head("public/a.jpg").orElseThrow();
            front.deny = request -> request.method().name().equals("PUT") && request.encodedPath().contains(buckets.prod);

            assertThatThrownBy(() -> target.copy(source, head, "public/b.jpg", ObjectStore.Condition.ABSENT))
                    .isInstanceOf(StoreRefusedException.class)
                    .hasMessage("the KMS key of bucket " + buckets.prod + ", key public/b.jpg denied kms:GenerateDataKey (AccessDenied):"
                            + " grant kms:GenerateDataKey on that key to the role that reaches the bucket (a deployed stack: its"
                            + " SourceStorageKmsKeyArn or TargetStorageKmsKeyArn parameter, docs/aws.md, Encryption and logs)");
        }
    }
}
