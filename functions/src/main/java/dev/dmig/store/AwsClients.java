package dev.dmig.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.apache.http.HttpHost;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients. With nothing set, region, credentials and endpoint come from the
 * SDK's standard chain (environment, profile, role; {@code AWS_ENDPOINT_URL_DYNAMODB} and
 * friends), which is what Lambda uses; the CLI passes explicit values for local servers.
 */
public final class AwsClients {
    /** Explicit connection settings; any null field falls back to the SDK's default chain. */
    public record Connection(URI endpoint, Region region, AwsCredentialsProvider credentials, int maxConnections) {
        public static Connection defaults(int maxConnections) {
            return new Connection(null, null, null, maxConnections);
        }
    }

    private static final int SDK_ATTEMPTS = 8;
    /**
     * The longest one DynamoDB call may take, retries included (each attempt at most
     * {@link #DYNAMODB_ATTEMPT_TIMEOUT}): a stuck connection ends well inside a task's safety margin
     * (default 30 s, of which writers keep half), instead of after minutes of socket timeouts.
     */
    public static final Duration DYNAMODB_CALL_TIMEOUT = Duration.ofSeconds(14);
    static final Duration DYNAMODB_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    private AwsClients() {}

    public static DynamoDbClient dynamoDb(Connection connection) {
        return connect(DynamoDbClient.builder(), connection)
                .overrideConfiguration(o -> o.retryStrategy(SdkRetryStrategy.wrap(AwsRetryStrategy.standardRetryStrategy()
                                .toBuilder().maxAttempts(SDK_ATTEMPTS).build(), connection.endpoint()))
                        .addExecutionInterceptor(new SdkRetries())
                        .apiCallTimeout(DYNAMODB_CALL_TIMEOUT).apiCallAttemptTimeout(DYNAMODB_ATTEMPT_TIMEOUT))
                .build();
    }

    /**
     * The S3 client. Its HTTP client sends a small body with its headers instead of waiting for the server's
     * {@code 100 Continue} first: one round trip less per journal entry and checkpoint. The SDK still asks for
     * the wait on an upload over 1 MB (its own threshold), where it guards the body against a refusal.
     */
    public static S3Client s3(Connection connection) {
        // As DynamoDB's: what no retry heals (nothing listening at an endpoint the user named, no credentials) fails at once.
        S3ClientBuilder builder = connect(S3Client.builder(), connection, false)
                .overrideConfiguration(o -> o.retryStrategy(SdkRetryStrategy.wrap(AwsRetryStrategy.standardRetryStrategy()
                        .toBuilder().maxAttempts(SDK_ATTEMPTS).build(), connection.endpoint())));
        // S3-compatible servers on a host name other than an AWS one want path-style addressing.
        return builder.forcePathStyle(connection.endpoint() != null).build();
    }

    /**
     * The S3 client for an application's Storage bucket, which may be in another region than the client's: it follows
     * S3's redirects to the bucket's region (endpoint overrides, local stores, have no regions to follow).
     */
    public static S3Client s3Storage(Connection connection) {
        S3ClientBuilder builder = connect(S3Client.builder(), connection, false)
                .overrideConfiguration(o -> o.retryStrategy(SdkRetryStrategy.wrap(AwsRetryStrategy.standardRetryStrategy()
                        .toBuilder().maxAttempts(SDK_ATTEMPTS).build(), connection.endpoint())));
        return builder.forcePathStyle(connection.endpoint() != null).crossRegionAccessEnabled(connection.endpoint() == null).build();
    }

    /**
     * DynamoDB Streams where {@code dynamoDb} is (its endpoint, region and credentials), for reading the streams of the
     * tables that client reaches.
     */
    public static software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient streams(
            software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, int maxConnections) {
        var config = dynamoDb.serviceClientConfiguration();
        var builder = software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder();
        URI endpoint = config.endpointOverride().orElse(null);
        return connect(builder, new Connection(endpoint, config.region(), null, maxConnections))
                .credentialsProvider(config.credentialsProvider()).build();
    }

    /** STS, for the assume-role credentials of a side in another account. */
    public static StsClient sts(Connection connection) {
        return connect(StsClient.builder(), connection).build();
    }

    public static SfnClient stepFunctions(Connection connection) {
        return connect(SfnClient.builder(), connection).build();
    }

    /**
     * Cognito user pools, for reading their users (ListUsers): throttling is retried with the SDK's backoff, a
     * failure no wait heals (access denied, nothing listening at a named endpoint) is not.
     */
    public static CognitoIdentityProviderClient cognito(Connection connection) {
        return connect(CognitoIdentityProviderClient.builder(), connection)
                .overrideConfiguration(o -> o.retryStrategy(SdkRetryStrategy.wrap(AwsRetryStrategy.standardRetryStrategy()
                        .toBuilder().maxAttempts(SDK_ATTEMPTS).build(), connection.endpoint())))
                .build();
    }

    /** Secrets Manager, for a secret a deployed stack names (GetSecretValue). */
    public static SecretsManagerClient secrets(Connection connection) {
        return connect(SecretsManagerClient.builder(), connection).build();
    }

    /** Lambda's control plane, for the account's concurrency (GetAccountSettings). */
    public static LambdaClient lambda(Connection connection) {
        return connect(LambdaClient.builder(), connection).build();
    }

    /** The HTTP client, and whichever of endpoint, region and credentials the connection sets. */
    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B connect(B builder, Connection connection) {
        return connect(builder, connection, true);
    }

    /** {@code expectContinue}: whether the HTTP client itself asks for {@code 100 Continue} before every body. */
    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B connect(B builder, Connection connection,
                                                                                            boolean expectContinue) {
        builder.httpClient(http(connection, expectContinue));
        if (connection.endpoint() != null) {
            builder.endpointOverride(connection.endpoint());
        }
        if (connection.region() != null) {
            builder.region(connection.region());
        }
        if (connection.credentials() != null) {
            builder.credentialsProvider(connection.credentials());
        }
        return builder;
    }

    private static SdkHttpClient http(Connection connection, boolean expectContinue) {
        ApacheHttpClient.Builder builder = ApacheHttpClient.builder();
        if (connection.endpoint() != null && "http".equalsIgnoreCase(connection.endpoint().getScheme())) {
            // A plain-HTTP endpoint (a local store) never opens a TLS connection: the SDK's default for https would
            // load the JDK's trust store and the public suffix list first, ~0.2 s of every start of the command line.
            builder.socketFactory(new PlainHttpOnly(connection.endpoint()));
        }
        return builder
                .expectContinueEnabled(expectContinue)
                .maxConnections(connection.maxConnections())
                .connectionTimeout(Duration.ofSeconds(5))
                // Many segment tasks may share one pool locally; waiting for a connection is not a failure.
                .connectionAcquisitionTimeout(Duration.ofMinutes(2))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
    }

    /** The socket factory for https of a client whose endpoint is plain HTTP: it refuses, naming the endpoint. */
    private record PlainHttpOnly(URI endpoint) implements ConnectionSocketFactory {
        @Override
        public Socket createSocket(HttpContext context) throws IOException {
            throw new IOException("this client speaks plain HTTP to " + endpoint + ", not TLS");
        }

        @Override
        public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remoteAddress,
                                    InetSocketAddress localAddress, HttpContext context) throws IOException {
            throw new IOException("this client speaks plain HTTP to " + endpoint + ", not TLS: refused " + host);
        }
    }
}
