package dev.dmig.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * DynamoDB Local and an S3-compatible server (S3Proxy) started in this JVM, both listening on 127.0.0.1 only, so
 * dmig runs without AWS. Data lives in memory, or under a data directory where the next start finds it again.
 *
 * <p>{@link #close()} stops both servers, but DynamoDB Local leaves non-daemon threads behind (its SQLite queue and
 * an executor), so the JVM does not exit by itself afterwards: the command-line main ends with {@link System#exit}.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.start(Path.of(".dmig"), "dmig-local")) {
 *     DynamoDbClient dynamoDb = DynamoDbClient.builder()
 *             .endpointOverride(stack.dynamoDbEndpoint())
 *             .region(stack.region())
 *             .credentialsProvider(stack.credentials())
 *             .httpClient(ApacheHttpClient.create())
 *             .build();
 *     // S3 likewise with stack.s3Endpoint(); objects go to stack.bucket()
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Region REGION = Region.US_EAST_1;
    /** S3's rule, checked here because the bucket is created in the blob store, behind S3Proxy's own check. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final Path dataDir;
    private final String bucket;
    private final AwsBasicCredentials keys;
    private final DynamoDbLocalServer dynamoDb;
    private final S3ProxyServer s3;
    private boolean closed;

    private EmbeddedStack(Path dataDir, String bucket, AwsBasicCredentials keys, DynamoDbLocalServer dynamoDb, S3ProxyServer s3) {
        this.dataDir = dataDir;
        this.bucket = bucket;
        this.keys = keys;
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
    }

    /**
     * Starts both servers and creates {@code bucket} if it is missing; an invalid bucket name is an
     * {@link IllegalArgumentException} before anything starts. With a {@code dataDir}, tables live in
     * {@code dataDir/dynamodb} and objects in {@code dataDir/s3}, and the servers accept the key pair kept in
     * {@code dataDir/stack-keys} (made on the first start, readable by its owner alone); with {@code null}, everything is
     * in memory and gone after {@link #close()}, and the key pair is made for this start. Two stacks must not share a
     * data directory at the same time.
     */
    public static EmbeddedStack start(Path dataDir, String bucket) {
        Objects.requireNonNull(bucket, "bucket");
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket " + bucket
                    + " is not a valid S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens");
        }
        Path dir = dataDir == null ? null : dataDir.toAbsolutePath();
        DynamoDbLocalServer dynamoDb = DynamoDbLocalServer.start(dir == null ? null : dir.resolve("dynamodb"));
        AwsBasicCredentials keys;
        S3ProxyServer s3;
        try {
            keys = dir == null ? StackKeys.fresh() : StackKeys.of(dir);
            s3 = S3ProxyServer.start(dir == null ? null : dir.resolve(OBJECTS), keys.accessKeyId(), keys.secretAccessKey());
        } catch (RuntimeException e) {
            closeAfterFailure(dynamoDb, e);
            throw e;
        }
        EmbeddedStack stack = new EmbeddedStack(dir, bucket, keys, dynamoDb, s3);
        try {
            s3.createBucketIfMissing(bucket);
        } catch (RuntimeException e) {
            closeAfterFailure(stack, e);
            throw new EmbeddedStackException("cannot create bucket " + bucket + " in the embedded S3: " + e.getMessage(), e);
        }
        return stack;
    }

    /** The folder of a data directory where the S3 store keeps its objects, a file each. */
    private static final String OBJECTS = "s3";

    /** The file in which a stack on {@code dataDir} keeps the object {@code key} of {@code bucket}: a person can read it there. */
    public static Path objectFile(Path dataDir, String bucket, String key) {
        return dataDir.resolve(OBJECTS).resolve(bucket).resolve(key);
    }

    /** Starts both servers with everything in memory. */
    public static EmbeddedStack startInMemory(String bucket) {
        return start(null, bucket);
    }

    public URI dynamoDbEndpoint() {
        return URI.create("http://127.0.0.1:" + dynamoDb.port());
    }

    /** Path-style addressing: with a 127.0.0.1 endpoint the SDK uses it by itself. */
    public URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + s3.port());
    }

    public Region region() {
        return REGION;
    }

    /**
     * The key pair both servers accept: letters and digits only (DynamoDB Local refuses anything else; S3Proxy checks
     * SigV4 signatures against it), the data directory's own, or this start's when in memory.
     */
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(keys);
    }

    public String bucket() {
        return bucket;
    }

    /** The absolute data directory, or empty when everything is in memory. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Stops both servers; calling it again does nothing. See the class comment on exiting the JVM afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            s3.close();
        } catch (RuntimeException e) {
            closeAfterFailure(dynamoDb, e);
            throw e;
        }
        dynamoDb.close();
    }

    /** Closes what is running after a failure, keeping that first failure as the one reported. */
    private static void closeAfterFailure(AutoCloseable started, RuntimeException failure) {
        try {
            started.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
