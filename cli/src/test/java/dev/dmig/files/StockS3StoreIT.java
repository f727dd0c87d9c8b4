package dev.dmig.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.local.SharedStack;
import dev.dmig.local.StockS3Proxy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.AwsClients;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.StoreRefusedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * dmig's S3 clients on a stock S3Proxy of a person's own (its own process, the filesystem provider, its own keys): what
 * it does not implement (version listing) is named in one line and not retried, a deletion needs no version there,
 * and a plan's Storage endpoint is signed with the default AWS credentials chain, not the embedded store's keys, and a
 * refusal names where the keys came from.
 */
class StockS3StoreIT {
    @TempDir
    static Path dir;
    private static StockS3Proxy server;

    @BeforeAll
    static void start() throws Exception {
        server = StockS3Proxy.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
        SharedStack.credentialsForTheCli();
    }

    /** Records every request the client sends (retries included). */
    private static final class Recorder implements ExecutionInterceptor {
        final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            requests.add(context.httpRequest());
        }
    }

    /** A client that retries as dmig's do (the SDK's standard strategy, 8 attempts), every request recorded. */
    private static S3Client client(Recorder recorder) {
        return S3Client.builder().endpointOverride(server.endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(server.keys)).forcePathStyle(true)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8).build())
                        .addExecutionInterceptor(recorder)).build();
    }

    @Test
    void aStoreWithoutVersionListing_getsAPlainDelete_askedOnce() {
        Recorder recorder = new Recorder();
        String bucket = StockS3Proxy.bucket("artifacts");
        try (S3Client s3 = client(recorder)) {
            s3.createBucket(b -> b.bucket(bucket));
            S3ArtifactStore artifacts = new S3ArtifactStore(s3, bucket);
            artifacts.put("runs/r/identities/source-users.json.gz", "users".getBytes(StandardCharsets.UTF_8), "application/gzip");

            artifacts.deleteEveryVersion("runs/r/identities/source-users.json.gz");

            assertThat(artifacts.get("runs/r/identities/source-users.json.gz")).isEmpty();
            assertThat(recorder.requests).filteredOn(r -> r.rawQueryParameters().containsKey("versions")).hasSize(1);
        }
    }

    @Test
    void aRequestTheServerDoesNotImplement_isOneLineNamingIt_andNotRetried() {
        Recorder recorder = new Recorder();
        String bucket = StockS3Proxy.bucket("listing");
        try (S3Client s3 = client(recorder)) {
            s3.createBucket(b -> b.bucket(bucket));
            S3ObjectStore store = new S3ObjectStore(s3, bucket, server.endpoint, null);

            assertThat(store.versioned()).as("a store without versions says so with 501, which is an answer").isFalse();
            assertThatThrownBy(() -> store.versions("public/a.jpg")).isInstanceOf(StoreRefusedException.class)
                    .hasMessage("the S3 server at " + server.endpoint + " does not implement ListObjectVersions");
            assertThat(recorder.requests).filteredOn(r -> r.rawQueryParameters().containsKey("versions")).hasSize(1);
        }
    }

    @Test
    void aPlansStorageEndpoint_isSignedWithTheDefaultChain_notTheEmbeddedStoresKeys_andARefusalNamesWhereTheKeysCameFrom() {
        String dev = StockS3Proxy.bucket("photos-dev");
        String prod = StockS3Proxy.bucket("photos-prod");
        try (S3Client own = server.client()) {
            own.createBucket(b -> b.bucket(dev));
            own.createBucket(b -> b.bucket(prod));
            own.putObject(b -> b.bucket(dev).key("public/a.jpg").contentType("image/jpeg"),
                    RequestBody.fromString("a photo", StandardCharsets.UTF_8));
        }
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "%s", "storageEndpoint": "%s"},
                 "target": {"tableSuffix": "-prod-NONE", "storageBucket": "%s", "storageEndpoint": "%s"},
                 "tables": {"Photo": {"ids": "preserve", "files": {"image": {}}}}}""".formatted(dev, server.endpoint, prod,
                server.endpoint));
        // This process's own S3 is the embedded store, signed with its keys; the default chain holds the server's own.
        AwsClients.Connection embedded = new AwsClients.Connection(SharedStack.stack().s3Endpoint(), SharedStack.stack().region(),
                SharedStack.stack().credentials(), 4);
        System.setProperty("aws.accessKeyId", server.keys.accessKeyId());
        System.setProperty("aws.secretAccessKey", server.keys.secretAccessKey());
        try (S3Buckets buckets = new S3Buckets(embedded, null, null)) {
            ObjectStore target = buckets.target(plan);
            ObjectReader source = buckets.source(plan);
            ObjectStore.Written copied = target.copy(source, source.head("public/a.jpg").orElseThrow(), "public/a.jpg",
                    ObjectStore.Condition.ABSENT);

            assertThat(copied.done()).isTrue();
            assertThat(target.versioned()).isFalse();
        }
        System.setProperty("aws.secretAccessKey", "not-the-servers-secret");
        try (S3Buckets buckets = new S3Buckets(embedded, null, null)) {
            assertThatThrownBy(() -> buckets.target(plan)).isInstanceOf(StoreRefusedException.class)
                    .hasMessageStartingWith("S3 at " + server.endpoint + " denied s3:ListBucket on bucket " + prod)
                    .hasMessageContaining("to the keys dmig signed with, from the Java system properties aws.accessKeyId and"
                            + " aws.secretAccessKey: give dmig keys that store accepts")
                    .hasMessageNotContaining("role");
        } finally {
            SharedStack.credentialsForTheCli();
        }
    }
}
